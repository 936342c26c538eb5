"""The registry's level and rank rules are enforced, not just stored: a profile's rank must
belong to its level, and alih kategori leads only to the Ahli level of the candidate's rank
(their profile's, else the registry's). Refused by the services themselves and through the
candidate's own forms, each refusal saying which rule failed with which values."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.models import Service
from registration import services
from registration.constants import ApplicationStatus, ExamPurpose, Sex
from registration.exceptions import ApplicationError, ApplicationIncomplete
from registration.models import Application, Level, Profile, Rank
from tests.factories import SERVICE_SLUG, ApplicationFactory, LibrarianFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def level(code: str | None) -> Level | None:
    return Level.objects.get(code=code) if code else None


def rank(code: str) -> Rank:
    return Rank.objects.get(code=code)


def profile_data(**changes) -> dict:
    """What the profile form hands profile_save for the `candidate` fixture (a woman born on
    26 September 1986, by her NIP)."""
    return {
        "title_prefix": "",
        "name": "Rina Wulandari",
        "title_suffix": "S.I.Pust.",
        "birth_place": "Yogyakarta",
        "birth_date": date(1986, 9, 26),
        "sex": Sex.FEMALE,
        "rank": rank("III/b"),
        "position": "Pustakawan Ahli Pertama",
        "level": level("ahli-pertama"),
        "work_unit": "Pusat Pembinaan Pustakawan",
        "institution": "Perpustakaan Nasional RI",
        "whatsapp": "0812-3456-7890",
        "mailing_address": "Jl. Salemba Raya No. 28A, Jakarta Pusat",
        "postal_code": "10430",
        **changes,
    }


def as_post(data: dict) -> dict:
    """The same values as a browser posts them: objects by their key, dates in ISO form."""
    posted = {}
    for name, value in data.items():
        if isinstance(value, Level | Rank):
            value = value.pk
        elif isinstance(value, date):
            value = value.isoformat()
        posted[name] = value
    return posted


def service() -> Service:
    return Service.objects.get(slug=SERVICE_SLUG)


# --- a profile's rank belongs to its level -----------------------------------------------------


@pytest.mark.parametrize(
    ("rank_code", "level_code", "span"),
    [
        ("III/a", "ahli-muda", "III/c\N{EN DASH}III/d"),
        ("IV/e", "ahli-madya", "IV/a\N{EN DASH}IV/c"),
    ],
    ids=["below-ahli-muda", "above-ahli-madya"],
)
def test_profile_save_refuses_a_rank_outside_the_level(candidate, rank_code, level_code, span):
    with pytest.raises(ValidationError) as refusal:
        services.profile_save(
            user=candidate, data=profile_data(rank=rank(rank_code), level=level(level_code))
        )

    (message,) = refusal.value.message_dict["rank"]
    assert f"Golongan {rank_code} tidak termasuk jenjang {level(level_code).name} ({span})" in (
        message
    )
    assert not Profile.objects.filter(user=candidate).exists()


def test_profile_save_refuses_a_change_of_rank_that_leaves_the_level(candidate):
    ProfileFactory(user=candidate, level=level("ahli-pertama"), rank=rank("III/b"))

    with pytest.raises(ValidationError):
        services.profile_save(user=candidate, data=profile_data(rank=rank("IV/e")))

    assert Profile.objects.get(user=candidate).rank.code == "III/b"


def test_the_profile_form_shows_the_rank_rule_and_keeps_what_was_typed(client, candidate):
    client.force_login(candidate)
    data = as_post(profile_data(rank=rank("III/a"), level=level("ahli-muda")))

    response = client.post(reverse("profile_edit"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["rank"]
    assert "Golongan III/a tidak termasuk jenjang Pustakawan Ahli Muda" in errors["rank"][0]
    assert 'value="Pusat Pembinaan Pustakawan"' in response.content.decode()
    assert not Profile.objects.filter(user=candidate).exists()


def test_a_rank_within_the_level_is_saved(candidate):
    profile = services.profile_save(
        user=candidate, data=profile_data(rank=rank("IV/c"), level=level("ahli-madya"))
    )

    assert (profile.level.code, profile.rank.code) == ("ahli-madya", "IV/c")


# --- alih kategori goes to the Ahli level of the candidate's rank -----------------------------


@pytest.mark.parametrize(
    ("current", "rank_code", "target"),
    [
        ("terampil", "II/c", "ahli-utama"),
        ("terampil", "II/d", "ahli-pertama"),
        ("penyelia", "III/c", "ahli-utama"),
        ("penyelia", "III/d", "ahli-pertama"),
        ("mahir", "III/b", "ahli-muda"),
    ],
)
def test_application_create_refuses_alih_kategori_beyond_the_rank(
    candidate, current, rank_code, target
):
    ProfileFactory(user=candidate, level=level(current), rank=rank(rank_code))

    with pytest.raises(ApplicationError, match=f"[Gg]olongan {rank_code}"):
        services.application_create(
            candidate=candidate,
            service=service(),
            purpose=ExamPurpose.CATEGORY_CHANGE,
            current_level=level(current),
            target_level=level(target),
        )

    assert not Application.objects.exists()


def test_alih_kategori_cannot_claim_a_skilled_level_the_rank_is_not_in(candidate):
    """Terampil -> Ahli Utama with a rank of IV/d: the rank is not Terampil's."""
    ProfileFactory(user=candidate, level=level("ahli-utama"), rank=rank("IV/d"))

    with pytest.raises(ApplicationError, match="Pustakawan Terampil"):
        services.application_create(
            candidate=candidate,
            service=service(),
            purpose=ExamPurpose.CATEGORY_CHANGE,
            current_level=level("terampil"),
            target_level=level("ahli-utama"),
        )


def test_without_a_profile_the_registry_rank_decides(candidate):
    LibrarianFactory(nip=candidate.nip, level=level("terampil"), rank=rank("II/d"))

    with pytest.raises(ApplicationError, match="Golongan II/d"):
        services.application_create(
            candidate=candidate,
            service=service(),
            purpose=ExamPurpose.CATEGORY_CHANGE,
            current_level=level("terampil"),
            target_level=level("ahli-utama"),
        )


def test_without_any_rank_alih_kategori_asks_for_the_profile(make_user):
    stranger = make_user("199203142019031001", nip="199203142019031001")  # not in the registry

    with pytest.raises(ApplicationError, match="pangkat/golongan pada profil"):
        services.application_create(
            candidate=stranger,
            service=service(),
            purpose=ExamPurpose.CATEGORY_CHANGE,
            current_level=level("mahir"),
            target_level=level("ahli-pertama"),
        )


def test_application_update_refuses_alih_kategori_beyond_the_rank(candidate):
    ProfileFactory(user=candidate, level=level("penyelia"), rank=rank("III/c"))
    application = ApplicationFactory(
        candidate=candidate, current_level=level("penyelia"), target_level=level("ahli-pertama")
    )

    with pytest.raises(ApplicationError, match="Pustakawan Ahli Muda"):
        services.application_update(
            application=application,
            actor=candidate,
            purpose=ExamPurpose.CATEGORY_CHANGE,
            current_level=level("penyelia"),
            target_level=level("ahli-utama"),
        )

    application.refresh_from_db()
    assert application.purpose == ExamPurpose.PROMOTION


def test_the_candidates_form_refuses_terampil_to_ahli_utama(client, candidate):
    ProfileFactory(user=candidate, level=level("terampil"), rank=rank("II/c"))
    client.force_login(candidate)

    response = client.post(
        reverse("application"),
        {
            "purpose": ExamPurpose.CATEGORY_CHANGE,
            "current_level": level("terampil").pk,
            "target_level": level("ahli-utama").pk,
        },
    )

    assert response.status_code == 200
    assert "Golongan II/c tidak termasuk jenjang keahlian mana pun" in response.content.decode()
    assert not Application.objects.exists()


def test_the_candidates_form_accepts_the_ahli_level_of_the_rank(client, candidate):
    ProfileFactory(user=candidate, level=level("penyelia"), rank=rank("III/d"))
    client.force_login(candidate)

    response = client.post(
        reverse("application"),
        {
            "purpose": ExamPurpose.CATEGORY_CHANGE,
            "current_level": level("penyelia").pk,
            "target_level": level("ahli-muda").pk,
        },
    )

    assert response.status_code == 302
    assert Application.objects.get().target_level.code == "ahli-muda"


def test_a_rank_changed_after_the_application_stops_its_submission(client, candidate):
    ProfileFactory(user=candidate, level=level("mahir"), rank=rank("III/b"))
    application = ApplicationFactory(
        candidate=candidate,
        purpose=ExamPurpose.CATEGORY_CHANGE,
        current_level=level("mahir"),
        target_level=level("ahli-pertama"),
        documents=True,
    )
    services.profile_save(
        user=candidate, data=profile_data(level=level("penyelia"), rank=rank("III/c"))
    )

    with pytest.raises(ApplicationIncomplete) as refusal:
        services.application_submit(application=application, actor=candidate, declared=True)

    assert any("Golongan Anda, III/c" in reason for reason in refusal.value.missing)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    client.force_login(candidate)
    assert "Golongan Anda, III/c" in client.get(reverse("application")).content.decode()
