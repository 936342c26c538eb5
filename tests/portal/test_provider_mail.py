"""Who a mail is from: about a service, its provider (by name, from the portal's address);
about no service, the portal itself."""

import pytest
from django.core import mail

from certificates.services import certificate_open
from complaints.services import complaint_submit
from portal.constants import Role
from portal.mail import from_email
from portal.models import Provider, Service
from registration.constants import ApplicationStatus
from registration.services import account_register_request, application_notify
from tests.factories import ApplicationFactory, LibrarianFactory

pytestmark = pytest.mark.django_db

PORTAL = "Portal Kompetensi ASN <noreply@portal.example.id>"


@pytest.fixture(autouse=True)
def _portal_sender(settings):
    settings.DEFAULT_FROM_EMAIL = PORTAL


def test_a_mail_about_no_service_is_the_portals():
    assert from_email() == PORTAL


def test_a_mail_about_a_service_carries_its_providers_name_and_the_portals_address():
    provider = Provider.objects.get(slug="bkpsdm-kota-singkawang")

    assert from_email(provider=provider) == "BKPSDM Kota Singkawang <noreply@portal.example.id>"


def test_a_provider_may_name_its_sender_otherwise():
    provider = Provider.objects.get(slug="pusat-pembinaan-pustakawan")
    provider.mail_sender_name = "Panitia Uji Kompetensi Pustakawan, Perpusnas"

    assert from_email(provider=provider) == (
        '"Panitia Uji Kompetensi Pustakawan, Perpusnas" <noreply@portal.example.id>'
    )


def test_the_candidate_hears_from_the_librarian_exams_provider(
    make_user, django_capture_on_commit_callbacks
):
    officer = make_user("petugas-sertifikat", Role.CERTIFICATE_OFFICER)
    passed = ApplicationFactory(documents=True, status=ApplicationStatus.PASSED)
    submitted = ApplicationFactory(submitted=True)

    with django_capture_on_commit_callbacks(execute=True):
        certificate_open(application=passed, actor=officer)
        application_notify(application=submitted, template="submitted")

    senders = {message.from_email for message in mail.outbox}
    assert senders == {"Pusat Pembinaan Pustakawan <noreply@portal.example.id>"}


def test_a_reporter_hears_from_the_provider_their_complaint_went_to(
    django_capture_on_commit_callbacks,
):
    lan = Service.objects.get(slug="penilaian-kompetensi-lan")
    with django_capture_on_commit_callbacks(execute=True):
        complaint_submit(
            kind="pengaduan",
            subject="Laporan belum diterima",
            description="Sudah lewat 15 hari kerja.",
            service=lan,
            reporter_email="instansi@example.test",
        )
        complaint_submit(
            kind="informasi",
            subject="Cara masuk",
            description="Saya lupa kata sandi.",
            reporter_email="pelapor@example.test",
        )

    senders = {message.to[0]: message.from_email for message in mail.outbox}
    assert senders == {
        "instansi@example.test": "Balai Layanan Pemetaan Kompetensi <noreply@portal.example.id>",
        # About no service: the default provider's team answers (settings.PORTAL_DEFAULT_PROVIDER).
        "pelapor@example.test": "Pusat Pembinaan Pustakawan <noreply@portal.example.id>",
    }


def test_account_mails_stay_the_portals(django_capture_on_commit_callbacks):
    """Registering is not about one service: the link comes from the portal."""
    LibrarianFactory(nip="198609262015052001")
    with django_capture_on_commit_callbacks(execute=True):
        account_register_request(nip="198609262015052001", email="rina@example.test")

    assert [message.from_email for message in mail.outbox] == [PORTAL]


# --- The sign-off ------------------------------------------------------------------------------


def _sign_off(body: str) -> str:
    return body.rstrip().rsplit("\n\n", 1)[-1]


def test_a_mail_about_an_application_signs_off_with_the_services_provider(
    django_capture_on_commit_callbacks,
):
    librarian_exam = ApplicationFactory(submitted=True)
    lan = ApplicationFactory(
        submitted=True, service=Service.objects.get(slug="penilaian-kompetensi-lan")
    )

    with django_capture_on_commit_callbacks(execute=True):
        application_notify(application=librarian_exam, template="submitted")
        application_notify(application=lan, template="submitted")

    perpusnas, balai = (_sign_off(message.body) for message in mail.outbox)
    assert perpusnas == (
        "Pusat Pembinaan Pustakawan, Perpustakaan Nasional Republik Indonesia\n"
        "melalui Portal Layanan Kompetensi ASN"
    )
    assert balai.startswith("Balai Layanan Pemetaan Kompetensi, Pusat Pelatihan")
    assert balai.endswith("Lembaga Administrasi Negara\nmelalui Portal Layanan Kompetensi ASN")
    assert "Perpustakaan Nasional" not in mail.outbox[1].body


def test_account_mails_sign_off_with_the_portal_alone(django_capture_on_commit_callbacks):
    LibrarianFactory(nip="198609262015052001")
    with django_capture_on_commit_callbacks(execute=True):
        account_register_request(nip="198609262015052001", email="rina@example.test")

    (message,) = mail.outbox
    assert _sign_off(message.body) == "Portal Layanan Kompetensi ASN"
    assert "Perpustakaan Nasional" not in message.body
    assert "Layanan ini tidak dipungut biaya" not in message.body  # an account is no service
