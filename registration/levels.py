"""The rules of librarian levels (jenjang) and ranks (golongan), read from the registry's data:
which ranks belong to a level (Level.lowest_rank..highest_rank by Rank.order), and which
current/target level combinations make sense for each exam purpose. Each refusal says which
rule failed and with which values, in Indonesian. No level or rank is named in code."""

from django.utils.translation import gettext as _

from registration.constants import ExamPurpose, LevelCategory
from registration.models import Level, Rank


def level_rank_span(level: Level) -> str:
    """The ranks of a level as written in the regulations: "III/c", an en dash, "III/d"."""
    return f"{level.lowest_rank.code}\N{EN DASH}{level.highest_rank.code}"


def level_holds_rank(level: Level, rank: Rank) -> bool:
    return level.lowest_rank.order <= rank.order <= level.highest_rank.order


def level_rank_error(*, level: Level, rank: Rank) -> str | None:
    """None when the rank belongs to the level, else the reason (a profile's rule)."""
    if level_holds_rank(level, rank):
        return None
    return _(
        "Golongan %(rank)s tidak termasuk jenjang %(level)s (%(span)s). Periksa kembali "
        "golongan dan jenjang jabatan sesuai SK terakhir Anda."
    ) % {"rank": rank.code, "level": level.name, "span": level_rank_span(level)}


def level_for_rank(*, category: str, rank: Rank) -> Level | None:
    """The level of the category whose ranks include this rank, if one does."""
    return (
        Level.objects.filter(
            category=category,
            lowest_rank__order__lte=rank.order,
            highest_rank__order__gte=rank.order,
        )
        .select_related("lowest_rank", "highest_rank")
        .order_by("order")
        .first()
    )


def _category_change_error(*, current: Level, target: Level, rank: Rank | None) -> str | None:
    """Alih kategori goes to the expert (Ahli) level that the candidate's rank belongs to,
    from the skilled level that rank belongs to now."""
    if rank is None:
        return _(
            "Jenjang tujuan alih kategori ditentukan oleh pangkat/golongan Anda, yang belum "
            "tercatat. Isi pangkat/golongan pada profil peserta terlebih dahulu."
        )
    if not level_holds_rank(current, rank):
        return _(
            "Golongan Anda, %(rank)s, tidak termasuk jenjang saat ini yang dipilih, "
            "%(current)s (%(span)s). Pilih jenjang saat ini sesuai SK terakhir Anda."
        ) % {"rank": rank.code, "current": current.name, "span": level_rank_span(current)}
    matching = level_for_rank(category=LevelCategory.AHLI, rank=rank)
    if matching is None:
        return _(
            "Golongan %(rank)s tidak termasuk jenjang keahlian mana pun, sehingga alih kategori "
            "ke %(target)s (%(span)s) tidak dapat diajukan."
        ) % {"rank": rank.code, "target": target.name, "span": level_rank_span(target)}
    if matching.pk != target.pk:
        return _(
            "Alih kategori dengan golongan %(rank)s menuju jenjang %(matching)s "
            "(%(matching_span)s), bukan %(target)s (%(target_span)s)."
        ) % {
            "rank": rank.code,
            "matching": matching.name,
            "matching_span": level_rank_span(matching),
            "target": target.name,
            "target_span": level_rank_span(target),
        }
    return None


def level_combination_error(
    *, purpose: str, current: Level | None, target: Level | None, rank: Rank | None
) -> str | None:
    """None when the combination is valid for the purpose, else the reason in Indonesian.
    `rank` is the candidate's (registration.selectors.candidate_rank): alih kategori leads to
    the expert level of that rank."""
    if target is None:
        return _("Pilih jenjang yang dituju.")
    if purpose == ExamPurpose.PROMOTION:
        if current is None:
            return _("Kenaikan jenjang memerlukan jenjang saat ini.")
        if current.category != target.category or target.order != current.order + 1:
            return _(
                "Kenaikan jenjang hanya ke satu jenjang di atas jenjang saat ini, "
                "pada kategori yang sama."
            )
    elif purpose == ExamPurpose.CATEGORY_CHANGE:
        if current is None or current.category != LevelCategory.TERAMPIL:
            return _("Alih kategori berlaku dari jenjang keterampilan.")
        if target.category != LevelCategory.AHLI:
            return _("Alih kategori menuju jenjang keahlian.")
        return _category_change_error(current=current, target=target, rank=rank)
    elif purpose in (ExamPurpose.TRANSFER, ExamPurpose.FIRST_APPOINTMENT):
        if current is not None:
            return _("Untuk tujuan ini, kosongkan jenjang saat ini (belum menjabat pustakawan).")
        if purpose == ExamPurpose.FIRST_APPOINTMENT:
            lowest = Level.objects.filter(category=target.category).order_by("order").first()
            if lowest != target:
                return _("Pengangkatan pertama hanya pada jenjang terendah kategori tersebut.")
    return None
