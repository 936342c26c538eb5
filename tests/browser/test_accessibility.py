"""axe-core on the main pages of every role, with realistic data on them: no page may have a
serious or critical violation of WCAG 2 A/AA or of axe's best practices. Each test lists every
such violation of every page it visited (rule, help text, the elements' selectors)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Error, Page

from certificates.models import Certificate
from certificates.services import (
    certificate_confirm,
    certificate_issue,
    certificate_sign,
    certificate_validate,
)
from complaints.constants import ComplaintKind
from complaints.services import complaint_submit
from portal.constants import Role
from portal.models import Service
from registration.constants import ApplicationStatus, RegistrationMailKind
from registration.models import RegistrationMail
from registration.selectors import link_token_hash
from scheduling.constants import SessionMode, SessionStatus
from scheduling.models import ExamSession
from tests.browser.axe import AxeAudit, axe_run, axe_source
from tests.browser.test_application_flow import log_in
from tests.browser.test_certificate_journey import passed, signing_key  # noqa: F401 - a fixture
from tests.browser.test_verification_loop import log_out, staff_log_in
from tests.factories import (
    SERVICE_SLUG,
    AccountClaimFactory,
    ApplicationFactory,
    LibrarianFactory,
)
from verification.services import application_claim

pytestmark = pytest.mark.django_db(transaction=True)

REGISTERED_NIP = "198609262015052001"


def mailed_link(kind: str, token: str) -> None:
    """A registration or claim link as if mailed to its owner, with a token the test knows."""
    RegistrationMail.objects.create(
        kind=kind, nip=REGISTERED_NIP, email="rina@contoh.id", token_hash=link_token_hash(token)
    )


def open_session(assessor) -> ExamSession:
    """A session open for booking in two weeks, at a venue."""
    now = timezone.now()
    session = ExamSession.objects.create(
        service=Service.objects.get(slug=SERVICE_SLUG),
        starts_at=now + timedelta(days=14),
        ends_at=now + timedelta(days=14, hours=3),
        mode=SessionMode.OFFLINE,
        venue="Gedung Perpustakaan Nasional RI, Jl. Medan Merdeka Selatan No. 11, Jakarta",
        capacity=20,
        booking_opens_at=now - timedelta(days=1),
        booking_closes_at=now + timedelta(days=10),
        status=SessionStatus.OPEN,
        head_assessor=assessor,
    )
    session.assessors.add(assessor)
    return session


def certified(password: str, make_user, officer, official) -> Certificate:
    """A published pass whose certificate the candidate confirmed, and which was then
    validated, numbered and signed (the signed PDF rendered)."""
    candidate = passed(password, make_user)
    certificate = Certificate.objects.get(application__candidate=candidate)
    certificate_confirm(certificate=certificate, actor=candidate)
    certificate_validate(certificates=[certificate], actor=officer)
    certificate_issue(certificates=[certificate], actor=officer)
    certificate_sign(certificates=[certificate], actor=official)
    certificate.refresh_from_db()
    return certificate


def a_complaint():
    return complaint_submit(
        kind=ComplaintKind.COMPLAINT,
        subject="Tautan ujian tidak bisa dibuka",
        description="Tautan Zoom di dasbor menolak masuk pada sesi 09.00 WIB.",
        service=Service.objects.get(slug=SERVICE_SLUG),
        reporter_name="Sri Rahayu",
        reporter_email="sri.rahayu@example.test",
    )


@pytest.fixture
def audit(page: Page) -> AxeAudit:
    axe_source()  # skipped (failed on CI) before any data is made, if npm has not installed axe
    return AxeAudit(page)


@pytest.fixture
def staff(make_user):
    return {
        "officer": make_user("petugas-sertifikat", Role.CERTIFICATE_OFFICER, first_name="Maya"),
        "official": make_user("penandatangan", Role.SIGNING_OFFICIAL, first_name="Dr. Agus"),
    }


@pytest.mark.usefixtures("signing_key")
def test_public_pages(audit: AxeAudit, make_user, password, staff, settings):
    LibrarianFactory(nip=REGISTERED_NIP)
    certificate = certified(password, make_user, staff["officer"], staff["official"])
    complaint = a_complaint()
    mailed_link(RegistrationMailKind.REGISTER_LINK, "tautan-daftar")
    mailed_link(RegistrationMailKind.CLAIM_LINK, "tautan-klaim")

    for path, shows in [
        ("/", "Layanan dan penyelenggaranya"),
        ("/cek-nip/", ""),
        (f"/cek-nip/?nip={REGISTERED_NIP}", "Perpustakaan Nasional RI"),
        ("/register/", ""),
        ("/register/konfirmasi/tautan-daftar/", "Buat akun saya"),
        ("/klaim-nip/", "NIP Anda sudah dipakai orang lain?"),
        ("/klaim-nip/lanjut/tautan-klaim/", "Kartu Pegawai"),
        ("/accounts/login/", ""),
        ("/pengaduan/", ""),
        ("/pengaduan/lacak/", ""),
        (f"/pengaduan/lacak/{complaint.tracking_code}/", complaint.subject),
        ("/layanan/", "Uji Kompetensi Pustakawan"),
        (f"/layanan/{SERVICE_SLUG}/", "Persyaratan"),
        ("/pengaduan/laporan/", ""),
        ("/certificates/verify/", ""),
        (f"/certificates/verify/{certificate.number}/", "Kode verifikasi tidak lengkap"),
        (
            f"/certificates/verify/{certificate.number}/?t={certificate.verification_token}",
            certificate.name,
        ),
    ]:
        audit.visit(path, shows)
    audit.visit("/halaman-yang-tidak-ada/", "404", status=404)
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "nip_check": "0/m/ip"}
    audit.visit(f"/cek-nip/?nip={REGISTERED_NIP}", "429", status=429)

    audit.assert_clean()


def draft_with_missing_documents(password: str):
    """A draft application with all but two documents uploaded: the page shows upload fields
    for the two and a 'replace' form for the rest."""
    application = ApplicationFactory(documents=True)
    application.documents.filter(requirement__code__in=["pak", "sk-jabatan"]).delete()
    application.candidate.set_password(password)
    application.candidate.save()
    return application


@pytest.mark.usefixtures("signing_key")
def test_candidate_pages(audit: AxeAudit, make_user, password, staff):
    certificate = certified(password, make_user, staff["officer"], staff["official"])
    draft = draft_with_missing_documents(password)
    verified = ApplicationFactory(documents=True, status=ApplicationStatus.VERIFIED)
    verified.candidate.set_password(password)
    verified.candidate.save()
    session = open_session(make_user("asesor-2", Role.ASSESSOR, first_name="Bambang Sutrisno"))

    log_in(audit.page, certificate.application.candidate.username, password)
    for path, shows in [
        ("/dashboard/", "Hasil uji kompetensi"),
        ("/profil/", certificate.application.candidate.first_name),
        ("/pengajuan/", "Lulus"),
        ("/sertifikat/", certificate.number),
        ("/survei/pengajuan/", "Uji Kompetensi Pustakawan"),
    ]:
        audit.visit(path, shows)
    log_out(audit.page)

    log_in(audit.page, draft.candidate.username, password)
    for path, shows in [
        ("/dashboard/", ""),
        ("/profil/ubah/", ""),
        ("/pengajuan/", "Isian pengajuan"),
        ("/pengajuan/periksa/", "Periksa kembali"),
        ("/pengajuan/berkas/pak/", "Salinan PAK"),
    ]:
        audit.visit(path, shows)
    assert audit.page.locator("input[type=file]").count() == 1
    log_out(audit.page)

    log_in(audit.page, verified.candidate.username, password)
    audit.visit("/dashboard/", "Pilih jadwal ujian")
    audit.visit("/jadwal-ujian/", session.venue)

    audit.assert_clean()


@pytest.mark.usefixtures("signing_key")
def test_staff_pages(audit: AxeAudit, make_user, password, staff, verifier):
    certificate = certified(password, make_user, staff["officer"], staff["official"])
    past_session = certificate.application.seats.get().session
    session = open_session(past_session.head_assessor)
    scheduler = make_user("penjadwal", Role.SCHEDULER, first_name="Andi Pratama")
    handler = make_user("pengaduan", Role.COMPLAINT_HANDLER, first_name="Rudi Hartono")
    claimed, waiting = (ApplicationFactory(submitted=True) for _ in range(2))
    application_claim(application=claimed, verifier=verifier)
    complaint = a_complaint()
    candidate_name = certificate.application.candidate.profile.name
    account_claim = AccountClaimFactory(librarian=LibrarianFactory(nip="199001152014031002"))

    pages = {
        verifier: [
            ("/staf/", ""),
            ("/verifikasi/", waiting.candidate.profile.name),
            (f"/verifikasi/{claimed.public_id}/", "Simpan hasil"),
            ("/verifikasi/klaim/", account_claim.full_name),
            (f"/verifikasi/klaim/{account_claim.public_id}/", "Simpan keputusan"),
        ],
        scheduler: [
            ("/staf/", ""),
            ("/penjadwalan/", "Dibuka untuk pemesanan"),
            ("/penjadwalan/sesi/baru/", ""),
            (f"/penjadwalan/sesi/{session.pk}/", session.venue),
            (f"/penjadwalan/sesi/{past_session.pk}/", candidate_name),
        ],
        past_session.head_assessor: [
            ("/staf/", ""),
            ("/penilaian/", ""),
            (f"/penilaian/sesi/{past_session.pk}/", candidate_name),
        ],
        staff["officer"]: [
            ("/staf/", ""),
            ("/sertifikat/staf/", ""),
            (f"/sertifikat/staf/{certificate.public_id}/", certificate.number),
        ],
        handler: [
            ("/staf/", ""),
            ("/pengaduan/staf/", complaint.subject),
            (f"/pengaduan/staf/{complaint.public_id}/", complaint.description),
            ("/pengaduan/laporan/staf/", ""),
        ],
    }
    for user, visits in pages.items():
        staff_log_in(audit.page, user.username, password)
        for path, shows in visits:
            audit.visit(path, shows)
        log_out(audit.page)

    audit.assert_clean()


@pytest.mark.usefixtures("signing_key")
def test_narrow_screen_public_pages(audit: AxeAudit, make_user, password, staff):
    """A phone 375 px wide: no violation, and no page wider than the screen (WCAG 1.4.10)."""
    LibrarianFactory(nip=REGISTERED_NIP)
    certificate = certified(password, make_user, staff["officer"], staff["official"])
    complaint = a_complaint()
    audit.page.set_viewport_size({"width": 375, "height": 812})

    too_wide = {}
    for path in [
        "/",
        f"/cek-nip/?nip={REGISTERED_NIP}",
        "/register/",
        "/klaim-nip/",
        "/accounts/login/",
        "/pengaduan/",
        f"/pengaduan/lacak/{complaint.tracking_code}/",
        f"/layanan/{SERVICE_SLUG}/",
        "/pengaduan/laporan/",
        f"/certificates/verify/{certificate.number}/",
    ]:
        audit.visit(path)
        width = audit.page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[path] = width

    audit.assert_clean()
    assert not too_wide, f"pages wider than a 375 px screen: {too_wide}"


def test_axe_runs_under_the_pages_policy_and_reports_what_it_finds(page: Page):
    """The check itself: our policy refuses an injected <script>, yet axe (evaluated through
    the DevTools protocol) runs, and it reports an image without a text alternative."""
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    with pytest.raises(Error, match="Content Security Policy"):
        page.add_script_tag(content=axe_source())
    assert page.evaluate("typeof window.axe") == "undefined"

    assert axe_run(page) == []
    page.locator("main").evaluate(
        "main => main.insertAdjacentHTML('beforeend', '<img src=\"/static/img/logo.svg\">')"
    )
    found = {violation["id"]: violation["impact"] for violation in axe_run(page)}

    assert found == {"image-alt": "critical"}
