"""Certificates and letters are issued in the name of the service's provider: its agency as
issuer, its place of issue, its signing official's title; the public check names the same
issuer."""

import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from certificates import documents
from certificates.constants import CertificateStatus
from certificates.verification import verification_answer
from portal.constants import OfficialDuty
from portal.models import Provider, ProviderOfficial, Service
from registration.constants import ApplicationStatus
from registration.models import Application
from tests.certificates.test_documents import published_result
from tests.factories import ApplicationFactory, CertificateFactory

pytestmark = pytest.mark.django_db

SIGNED_AT = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


def signed(application, **fields):
    official = get_user_model().objects.create_user(
        username=f"pejabat-{application.pk}", first_name="Dr. Adin Bondar,", last_name="M.Si."
    )
    return CertificateFactory(
        application=application,
        status=CertificateStatus.LEGALISATION,
        number=f"X/2026/{application.pk:06d}",
        signed_by=official,
        signed_at=SIGNED_AT,
        institution="Badan Kepegawaian Daerah Kabupaten Sleman",
        **fields,
    )


def of_service(slug: str) -> Application:
    """A passed application, moved to another provider's service."""
    application = ApplicationFactory(status=ApplicationStatus.PASSED)
    Application.objects.filter(pk=application.pk).update(service=Service.objects.get(slug=slug))
    application.refresh_from_db()
    return application


def text_of(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


def test_the_librarian_certificate_is_issued_by_perpusnas_under_its_signing_title():
    certificate = signed(ApplicationFactory(status=ApplicationStatus.PASSED))

    text = text_of(documents.certificate_pdf(certificate))

    assert "PERPUSTAKAAN NASIONAL REPUBLIK INDONESIA" in text
    assert "Jakarta, 7 Desember 2026" in text
    assert "Kepala Pusat Pembinaan Pustakawan," in text


def test_another_providers_certificate_names_that_provider_and_none_of_perpusnas():
    lan = Provider.objects.get(slug="balai-pemetaan-kompetensi-lan")
    ProviderOfficial.objects.create(
        provider=lan, duty=OfficialDuty.SIGNING, title="Kepala Balai Layanan Pemetaan Kompetensi"
    )

    html = documents.certificate_html(signed(of_service("penilaian-kompetensi-lan")))

    assert "LEMBAGA ADMINISTRASI NEGARA" in html
    assert "Kepala Balai Layanan Pemetaan Kompetensi," in html
    assert "perpustakaan nasional" not in html.lower()
    assert "pusat pembinaan pustakawan" not in html.lower()
    assert "Jakarta," not in html  # LAN gave no place of issue: the date alone


def test_a_signer_holding_a_named_office_signs_under_its_title():
    certificate = signed(ApplicationFactory(status=ApplicationStatus.PASSED))
    ProviderOfficial.objects.create(
        provider=Provider.objects.get(slug="pusat-pembinaan-pustakawan"),
        duty=OfficialDuty.SIGNING,
        title="Plt. Kepala Pusat Pembinaan Pustakawan",
        user=certificate.signed_by,
    )

    html = documents.certificate_html(certificate)

    assert "Plt. Kepala Pusat Pembinaan Pustakawan," in html


def test_without_a_signing_office_the_seeds_own_words_are_printed():
    html = documents.certificate_html(signed(of_service("indeks-profesionalitas-asn")))

    assert "Pejabat yang berwenang," in html
    assert "BKPSDM KOTA SINGKAWANG" in html  # no parent agency given: the provider itself


def test_the_result_letter_carries_the_providers_unit_and_address():
    html = documents.result_letter_html(published_result("passed"))

    assert "Pusat Pembinaan Pustakawan" in html
    assert "Jl. Salemba Raya No. 28A Jakarta Pusat 10430 DKI - Indonesia" in html
    assert "Medan Merdeka" not in html  # an address no seed gives


def test_the_public_check_names_the_issuer_of_the_certificates_provider():
    certificate = signed(of_service("penilaian-kompetensi-lan"))

    answer = verification_answer(number=certificate.number, certificate=certificate)

    assert answer["issuer"] == "Lembaga Administrasi Negara"


def test_the_public_check_page_shows_the_provider_of_a_signed_certificate_only(client):
    lan = signed(of_service("penilaian-kompetensi-lan"))
    unsigned = CertificateFactory(
        application=of_service("penilaian-kompetensi-lan"),
        status=CertificateStatus.SIGNING,
        number="X/2026/UNSIGNED",
    )

    signed_page = client.get(reverse("certificate_verify", args=[lan.number])).content.decode()
    unsigned_page = client.get(
        reverse("certificate_verify", args=[unsigned.number])
    ).content.decode()

    assert "diterbitkan oleh Lembaga Administrasi Negara" in signed_page
    assert "Jalan Kiarapayung" in signed_page.split('<footer class="site-footer">')[1]
    # Not yet valid: the number tells its status only, not whose certificate it will be.
    assert "Kiarapayung" not in unsigned_page
    assert "diterbitkan oleh" not in unsigned_page
