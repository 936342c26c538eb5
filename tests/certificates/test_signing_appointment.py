"""A certificate prints, under the signature, the provider's signing office and the name of the
person appointed to it: only that person signs. Holding the signing role alone shows the queue
but signs nothing, in the service as on the page; the admin refuses to appoint an account that
does not hold the role."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates import services
from certificates.constants import CertificateStatus
from certificates.documents import certificate_html
from portal.constants import OfficialDuty, Role
from portal.models import Provider, ProviderOfficial, StaffRole
from portal.providers import signing_office_appoint
from portal.roles import not_appointed_message
from tests.factories import PERPUSNAS

pytestmark = pytest.mark.django_db

OFFICE = "Kepala Pusat Pembinaan Pustakawan"


@pytest.fixture
def perpusnas_office():
    provider = Provider.objects.get(slug=PERPUSNAS)
    ProviderOfficial.objects.filter(provider=provider, duty=OfficialDuty.SIGNING).delete()
    return ProviderOfficial.objects.create(
        provider=provider, duty=OfficialDuty.SIGNING, title=OFFICE
    )


def _sign(certificate, actor):
    result = services.certificate_sign(certificates=[certificate], actor=actor)
    certificate.refresh_from_db()
    return result


def test_a_holder_of_the_role_not_appointed_cannot_sign(
    make_user, make_certificate, perpusnas_office, client
):
    stranger = make_user("pemegang-peran", Role.SIGNING_OFFICIAL, appoint=False)
    certificate = make_certificate(status=CertificateStatus.SIGNING)

    result = _sign(certificate, stranger)

    assert certificate.status == CertificateStatus.SIGNING
    assert certificate.signed_by is None
    assert not result.done
    client.force_login(stranger)
    page = client.get(reverse("certificates_detail", args=[certificate.public_id]))
    assert not_appointed_message() in page.content.decode()
    assert reverse("certificates_act", args=[certificate.public_id, "tandatangani"]) not in (
        page.content.decode()
    )


def test_the_appointed_official_signs_and_the_certificate_prints_their_office_and_name(
    make_user, make_certificate, perpusnas_office, client
):
    official = make_user(
        "kepala-pusat", Role.SIGNING_OFFICIAL, first_name="Agus", last_name="Salim"
    )
    perpusnas_office.refresh_from_db()
    assert perpusnas_office.user == official  # the vacant office is theirs
    certificate = make_certificate(status=CertificateStatus.SIGNING)

    client.force_login(official)
    page = client.get(reverse("certificates_detail", args=[certificate.public_id]))
    assert f"<strong>{OFFICE}</strong>, <strong>Agus Salim</strong>" in page.content.decode()

    _sign(certificate, official)

    assert certificate.status == CertificateStatus.LEGALISATION
    html = certificate_html(certificate)
    assert OFFICE in html
    assert "Agus Salim" in html


def test_two_appointed_officials_each_print_their_own_name_and_office(
    make_user, make_certificate, perpusnas_office
):
    head = make_user("kepala", Role.SIGNING_OFFICIAL, first_name="Agus", last_name="Salim")
    deputy = make_user(
        "plh", Role.SIGNING_OFFICIAL, appoint=False, first_name="Sri", last_name="Ayu"
    )
    ProviderOfficial.objects.create(
        provider=perpusnas_office.provider,
        duty=OfficialDuty.SIGNING,
        title=f"Plh. {OFFICE}",
        user=deputy,
    )
    first = make_certificate(status=CertificateStatus.SIGNING)
    second = make_certificate(status=CertificateStatus.SIGNING)

    _sign(first, head)
    _sign(second, deputy)

    first_html, second_html = certificate_html(first), certificate_html(second)
    assert "Agus Salim" in first_html and "Sri Ayu" not in first_html
    assert f"Plh. {OFFICE}" in second_html and "Sri Ayu" in second_html
    assert "Agus Salim" not in second_html


def test_appointment_at_another_provider_signs_nothing_here(
    make_user, make_certificate, perpusnas_office, lan
):
    elsewhere = make_user("pejabat-lan", Role.SIGNING_OFFICIAL, provider=lan, appoint=True)
    StaffRole.objects.create(
        user=elsewhere, provider=perpusnas_office.provider, role=Role.SIGNING_OFFICIAL
    )
    elsewhere.__dict__.pop("_portal_roles", None)
    certificate = make_certificate(status=CertificateStatus.SIGNING)

    _sign(certificate, elsewhere)

    assert certificate.status == CertificateStatus.SIGNING


def test_the_admin_refuses_an_appointment_without_the_role(make_user, perpusnas_office):
    clerk = make_user("staf-biasa", Role.CERTIFICATE_OFFICER)
    perpusnas_office.user = clerk

    with pytest.raises(ValidationError) as refused:
        perpusnas_office.full_clean()

    assert "user" in refused.value.message_dict


def test_appointing_again_changes_nothing(make_user, perpusnas_office):
    official = make_user("kepala-pusat", Role.SIGNING_OFFICIAL)

    again = signing_office_appoint(user=official, provider=perpusnas_office.provider)

    assert again.pk == perpusnas_office.pk
    assert ProviderOfficial.objects.filter(duty=OfficialDuty.SIGNING, user=official).count() == 1


def test_the_migration_appoints_the_only_holder_and_leaves_a_choice_to_the_administrator(
    make_user, perpusnas_office, lan
):
    migration = importlib.import_module("portal.migrations.0034_signing_office_appointed")
    only = make_user("satu-satunya", Role.SIGNING_OFFICIAL, appoint=False)
    ProviderOfficial.objects.create(provider=lan, duty=OfficialDuty.SIGNING, title="Kepala LAN")
    make_user("lan-a", Role.SIGNING_OFFICIAL, provider=lan, appoint=False)
    make_user("lan-b", Role.SIGNING_OFFICIAL, provider=lan, appoint=False)

    migration.appoint_sole_holders(apps, None)

    perpusnas_office.refresh_from_db()
    assert perpusnas_office.user == only
    assert not ProviderOfficial.objects.filter(provider=lan, user__isnull=False).exists()
