"""The level and rank rules of registration.levels, read from the reference data: a rank belongs
to a level by the level's rank range, alih kategori leads to the Ahli level of the candidate's
rank, and the other purposes keep their rules. Each refusal names the rule and the values."""

import pytest

from registration.constants import ExamPurpose, LevelCategory
from registration.levels import (
    level_combination_error,
    level_for_rank,
    level_rank_error,
    level_rank_span,
)
from registration.models import Level, Rank

pytestmark = pytest.mark.django_db


def level(code: str | None) -> Level | None:
    return Level.objects.get(code=code) if code else None


def rank(code: str | None) -> Rank | None:
    return Rank.objects.get(code=code) if code else None


# The ranks of each level, as DESIGN.md and the regulation give them.
SPANS = {
    "terampil": ("II/b", "II/d"),
    "mahir": ("III/a", "III/b"),
    "penyelia": ("III/c", "III/d"),
    "ahli-pertama": ("III/a", "III/b"),
    "ahli-muda": ("III/c", "III/d"),
    "ahli-madya": ("IV/a", "IV/c"),
    "ahli-utama": ("IV/d", "IV/e"),
}


@pytest.mark.parametrize("code", SPANS)
def test_every_rank_of_a_level_belongs_to_it_and_no_other(code):
    subject = level(code)
    lowest, highest = (rank(bound) for bound in SPANS[code])

    for candidate in Rank.objects.all():
        inside = lowest.order <= candidate.order <= highest.order
        assert (level_rank_error(level=subject, rank=candidate) is None) == inside


def test_a_rank_outside_the_level_is_refused_naming_rank_level_and_range():
    error = level_rank_error(level=level("ahli-muda"), rank=rank("III/a"))

    assert (
        "Golongan III/a tidak termasuk jenjang Pustakawan Ahli Muda (III/c\N{EN DASH}III/d)"
        in error
    )


def test_the_span_is_written_with_an_en_dash():
    assert level_rank_span(level("ahli-madya")) == "IV/a\N{EN DASH}IV/c"


@pytest.mark.parametrize(
    ("rank_code", "expected"),
    [
        ("II/d", None),
        ("III/a", "ahli-pertama"),
        ("III/b", "ahli-pertama"),
        ("III/c", "ahli-muda"),
        ("IV/c", "ahli-madya"),
        ("IV/e", "ahli-utama"),
    ],
)
def test_the_ahli_level_of_a_rank_comes_from_the_data(rank_code, expected):
    found = level_for_rank(category=LevelCategory.AHLI, rank=rank(rank_code))

    assert (found.code if found else None) == expected


def test_the_rules_follow_the_data_not_the_code():
    ahli_muda = level("ahli-muda")
    ahli_muda.highest_rank = rank("IV/a")
    ahli_muda.save()
    ahli_madya = level("ahli-madya")
    ahli_madya.lowest_rank = rank("IV/b")
    ahli_madya.save()

    assert level_rank_error(level=level("ahli-muda"), rank=rank("IV/a")) is None
    assert level_for_rank(category=LevelCategory.AHLI, rank=rank("IV/a")) == ahli_muda


def combination(purpose, current, target, rank_code):
    return level_combination_error(
        purpose=purpose, current=level(current), target=level(target), rank=rank(rank_code)
    )


@pytest.mark.parametrize(
    ("current", "target", "rank_code"),
    [
        ("mahir", "ahli-pertama", "III/a"),
        ("mahir", "ahli-pertama", "III/b"),
        ("penyelia", "ahli-muda", "III/c"),
        ("penyelia", "ahli-muda", "III/d"),
    ],
)
def test_alih_kategori_to_the_ahli_level_of_the_rank_is_accepted(current, target, rank_code):
    assert combination(ExamPurpose.CATEGORY_CHANGE, current, target, rank_code) is None


@pytest.mark.parametrize(
    ("current", "target", "rank_code", "message"),
    [
        (
            "terampil",
            "ahli-utama",
            "II/d",
            "Golongan II/d tidak termasuk jenjang keahlian mana pun",
        ),
        (
            "terampil",
            "ahli-pertama",
            "II/c",
            "Golongan II/c tidak termasuk jenjang keahlian mana pun",
        ),
        (
            "penyelia",
            "ahli-utama",
            "III/d",
            "golongan III/d menuju jenjang Pustakawan Ahli Muda (III/c\N{EN DASH}III/d), bukan "
            "Pustakawan Ahli Utama (IV/d\N{EN DASH}IV/e)",
        ),
        (
            "mahir",
            "ahli-muda",
            "III/b",
            "golongan III/b menuju jenjang Pustakawan Ahli Pertama (III/a\N{EN DASH}III/b)",
        ),
        (
            "terampil",
            "ahli-utama",
            "IV/d",
            "Golongan Anda, IV/d, tidak termasuk jenjang saat ini yang dipilih, "
            "Pustakawan Terampil (II/b\N{EN DASH}II/d)",
        ),
        ("mahir", "ahli-pertama", None, "Isi pangkat/golongan pada profil peserta"),
    ],
    ids=[
        "terampil-to-utama",
        "terampil-to-pertama",
        "penyelia-to-utama",
        "mahir-to-muda",
        "rank-not-of-current-level",
        "no-rank",
    ],
)
def test_alih_kategori_elsewhere_is_refused_saying_which_level_the_rank_leads_to(
    current, target, rank_code, message
):
    error = combination(ExamPurpose.CATEGORY_CHANGE, current, target, rank_code)

    assert error is not None
    assert message in error


@pytest.mark.parametrize(
    ("purpose", "current", "target", "refused"),
    [
        (ExamPurpose.PROMOTION, "ahli-pertama", "ahli-muda", False),
        (ExamPurpose.PROMOTION, "mahir", "penyelia", False),
        (ExamPurpose.PROMOTION, "penyelia", "ahli-pertama", True),  # another category
        (ExamPurpose.PROMOTION, "ahli-pertama", "ahli-madya", True),  # two levels up
        (ExamPurpose.PROMOTION, None, "ahli-muda", True),
        (ExamPurpose.TRANSFER, None, "ahli-madya", False),
        (ExamPurpose.TRANSFER, "ahli-pertama", "ahli-muda", True),
        (ExamPurpose.FIRST_APPOINTMENT, None, "ahli-pertama", False),
        (ExamPurpose.FIRST_APPOINTMENT, None, "terampil", False),
        (ExamPurpose.FIRST_APPOINTMENT, None, "ahli-muda", True),
    ],
)
def test_the_other_purposes_keep_their_rules_whatever_the_rank(purpose, current, target, refused):
    # The issue changes only alih kategori; the rank plays no part in these (yet).
    for rank_code in ("II/b", "III/b", "IV/e", None):
        error = combination(purpose, current, target, rank_code)
        assert (error is not None) == refused, (rank_code, error)
