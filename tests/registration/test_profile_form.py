"""The candidate fills in the profile printed on the certificate; birth date and sex are the
NIP's (shown, not asked), and the WhatsApp number is stored in +62 form."""

from datetime import date

import pytest
from django.urls import reverse

from registration.constants import Sex
from registration.models import Level, Profile, Rank
from tests.factories import LibrarianFactory, ProfileFactory

pytestmark = pytest.mark.django_db

URL = reverse("profile_edit")


@pytest.fixture
def profile_data():
    """A valid profile for the `candidate` fixture (NIP 19860926 201505 2 001: a woman born
    on 26 September 1986)."""
    return {
        "title_prefix": "Dr.",
        "name": "Rina Wulandari",
        "title_suffix": "S.I.Pust., M.Hum.",
        "birth_place": "Yogyakarta",
        "rank": Rank.objects.get(code="III/b").pk,
        "position": "Pustakawan Ahli Pertama",
        "level": Level.objects.get(code="ahli-pertama").pk,
        "work_unit": "Pusat Pembinaan Pustakawan",
        "institution": "Perpustakaan Nasional RI",
        "whatsapp": "0812-3456-7890",
        "mailing_address": "Jl. Salemba Raya No. 28A\nJakarta Pusat",
        "postal_code": "10430",
    }


def test_valid_profile_is_saved_with_the_whatsapp_number_in_international_form(
    client, candidate, profile_data
):
    client.force_login(candidate)

    response = client.post(URL, profile_data)

    assert response.status_code == 302
    assert response.url == reverse("application")
    profile = Profile.objects.get(user=candidate)
    assert profile.whatsapp == "+6281234567890"
    assert profile.birth_date == date(1986, 9, 26)
    assert profile.full_name == "Dr. Rina Wulandari, S.I.Pust., M.Hum."


def test_birth_date_and_sex_are_the_nips_whatever_is_posted(client, candidate, profile_data):
    """They are no longer fields (issue 18): a posted value, hand-made, changes nothing."""
    client.force_login(candidate)

    response = client.post(URL, {**profile_data, "birth_date": "1990-01-01", "sex": Sex.MALE})

    assert response.status_code == 302
    profile = Profile.objects.get(user=candidate)
    assert (profile.birth_date, profile.sex) == (date(1986, 9, 26), Sex.FEMALE)


@pytest.mark.parametrize("number", ["12345", "0212345678", "0812-ABCD-7890"])
def test_number_that_is_not_an_indonesian_mobile_is_refused(
    client, candidate, profile_data, number
):
    client.force_login(candidate)

    response = client.post(URL, {**profile_data, "whatsapp": number})

    assert list(response.context["form"].errors) == ["whatsapp"]
    assert "Nomor WhatsApp tidak valid" in response.content.decode()
    assert not Profile.objects.filter(user=candidate).exists()


def test_every_refusal_is_shown_at_once(client, candidate, profile_data):
    """Empty fields (the form's) and a bad number and a rank outside the level (the service's)
    in one round: the service is asked about the fields the form accepted."""
    client.force_login(candidate)

    response = client.post(
        URL,
        {
            **profile_data,
            "name": "",
            "postal_code": "123",
            "whatsapp": "x",
            "rank": Rank.objects.get(code="IV/e").pk,
        },
    )

    errors = response.context["form"].errors
    assert set(errors) == {"name", "postal_code", "whatsapp", "rank"}
    assert errors["name"] == ["Isi nama lengkap."]
    assert "<title>Kesalahan:" in response.content.decode()
    assert not Profile.objects.filter(user=candidate).exists()


def test_new_profile_form_is_prefilled_from_the_nip_and_the_registry(client, candidate):
    LibrarianFactory(nip=candidate.nip)
    client.force_login(candidate)

    response = client.get(URL)

    form = response.context["form"]
    assert "birth_date" not in form.fields
    assert "sex" not in form.fields
    assert form["institution"].value() == "Perpustakaan Nasional RI"
    assert form["work_unit"].value() == "Pusat Pembinaan Pustakawan"
    assert form["level"].value() == Level.objects.get(code="ahli-pertama").pk
    assert form["rank"].value() == Rank.objects.get(code="III/b").pk
    page = response.content.decode()
    assert "26 September 1986" in page  # read from the NIP, shown read-only
    assert "Perempuan" in page
    assert "mis. 0812 3456 7890" in page
    assert "S.I.Pust., M.Hum." in page  # the hint for the titles after the name


def test_existing_profile_is_shown_for_editing_and_saved_again(client, candidate, profile_data):
    ProfileFactory(user=candidate, name="Rina W", whatsapp="+6281111111111")
    client.force_login(candidate)

    form = client.get(URL).context["form"]
    assert form["name"].value() == "Rina W"
    assert form["whatsapp"].value() == "+6281111111111"

    client.post(URL, {**profile_data, "whatsapp": "+62 812 3456 7890"})

    assert Profile.objects.get(user=candidate).whatsapp == "+6281234567890"
    assert Profile.objects.filter(user=candidate).count() == 1


def test_profile_page_and_dashboard_link_to_the_profile_form(client, candidate):
    client.force_login(candidate)

    assert URL in client.get(reverse("profile")).content.decode()
    assert URL in client.get(reverse("dashboard")).content.decode()


def test_profile_page_shows_the_saved_profile(client, candidate):
    ProfileFactory(user=candidate, title_prefix="Dr.", name="Rina Wulandari")
    client.force_login(candidate)

    page = client.get(reverse("profile")).content.decode()

    assert "Dr. Rina Wulandari, S.I.Pust." in page
    assert "+6281234567890" in page


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_member_without_nip_is_sent_to_the_staff_home(client, verifier, profile_data):
    client.force_login(verifier)

    assert client.get(URL).url == reverse("staff_home")
    assert client.post(URL, profile_data).url == reverse("staff_home")
    assert not Profile.objects.exists()
