"""`make run`'s demo data: one account per role, two exam sessions, and librarian-exam
candidates and complaints at every stage, however often it runs."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from casework.models import Institution
from certificates.constants import CertificateStatus
from certificates.models import Certificate
from complaints.constants import ComplaintStatus
from complaints.models import Complaint
from composition.demo.complaints import DEMO_COMPLAINTS
from composition.demo.later_stages import WAITING_NIP
from composition.demo.librarian_exam import REJECT_NOTE, RETURN_NOTE, STAGES
from composition.management.commands.seed_demo import DEMO_TOTP_SECRET
from objections.models import Objection
from portal.constants import Role
from portal.events import event_list
from portal.models import OutboundEmail, StaffRole
from registration.constants import ApplicationStatus, Verdict
from registration.models import Application, Document
from registration.nip import parse_nip
from scheduling.constants import Outcome, SessionStatus
from scheduling.models import ExamSession, Result, Seat, SeatOffer, WaitlistEntry
from tests.certificates.test_signing import demo_p12, signing_key  # noqa: F401 - the fixtures

pytestmark = pytest.mark.django_db


def test_demo_data_is_refused_outside_development(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=None)


def test_running_it_twice_gives_the_same_accounts_and_sessions(settings, tmp_path, capsys):
    settings.DEBUG = True
    call_command("seed_demo", without_stages=True)
    call_command("seed_demo", without_stages=True)

    sessions = ExamSession.objects.order_by("starts_at")
    assert [s.status for s in sessions] == [SessionStatus.OPEN, SessionStatus.DRAFT]
    open_session = sessions[0]
    assert open_session.head_assessor.username == "asesor"
    assert list(open_session.assessors.values_list("username", flat=True)) == ["asesor"]
    assert open_session.booking_closes_at < open_session.starts_at
    User = get_user_model()
    assert User.objects.get(username="penjadwal").check_password("demo-penjadwal-2026")
    assert "demo-asesor-2026" in capsys.readouterr().out


def test_accounts_that_need_a_second_factor_get_the_printed_demo_key(settings, client, capsys):
    settings.DEBUG = True
    call_command("seed_demo", without_stages=True)
    call_command("seed_demo", without_stages=True)  # the key is set again, not added twice
    out = capsys.readouterr().out

    assert DEMO_TOTP_SECRET in out
    assert f"otpauth://totp/Portal%20Kompetensi%20ASN:demo?secret={DEMO_TOTP_SECRET}" in out
    with_key = {
        authenticator.user.username
        for authenticator in Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    }
    assert with_key == {
        "admin",
        "admin-perpusnas",
        "bkpsdm",
        "petugas-sertifikat",
        "penandatangan",
        "pengaduan",
        "pejabat.bkpsdm",
        "petugas.bkpsdm",
        "pejabat.lan",
        # Seed 003: the Kabid signs the laporan; the Sekretaris Badan handles complaints.
        "kabid.bkpsdm",
        "sekretaris.bkpsdm",
    }

    call_command("demo_totp_code")
    code = capsys.readouterr().out.split()[0]
    client.post(reverse("account_login"), {"login": "admin", "password": "demo-admin-2026"})
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get("/admin/").status_code == 200


def test_a_lan_verifier_and_perpusnass_own_administrator_are_printed_with_their_provider(
    settings, capsys
):
    settings.DEBUG = True
    call_command("seed_demo", without_stages=True)
    call_command("seed_demo", without_stages=True)  # the roles are set again, not added twice
    out = capsys.readouterr().out

    def held(username):
        rows = StaffRole.objects.filter(user__username=username)
        return set(rows.values_list("provider__slug", "role"))

    assert held("verifikator-lan") == {("balai-pemetaan-kompetensi-lan", Role.VERIFIER)}
    assert held("verifikator") == {("pusat-pembinaan-pustakawan", Role.VERIFIER)}
    assert held("admin-perpusnas") == {("pusat-pembinaan-pustakawan", Role.ADMINISTRATOR)}
    provider_admin = get_user_model().objects.get(username="admin-perpusnas")
    assert provider_admin.is_staff and not provider_admin.is_superuser
    assert get_user_model().objects.get(username="admin").is_superuser
    lines = {
        username: next(line for line in out.splitlines() if f"demo-{username}-2026" in line)
        for username in ("verifikator-lan", "admin-perpusnas")
    }
    assert "Balai Layanan Pemetaan Kompetensi" in lines["verifikator-lan"]
    assert "Pusat Pembinaan Pustakawan" in lines["admin-perpusnas"]
    assert "Superuser" not in lines["admin-perpusnas"]


def test_seed_002s_people_are_made_once_with_their_roles_at_the_bkpsdm(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", without_stages=True)
    call_command("seed_demo", without_stages=True)  # nothing added twice
    out = capsys.readouterr().out
    User = get_user_model()

    def held(username):
        rows = StaffRole.objects.filter(user__username=username)
        return set(rows.values_list("provider__slug", "role", "service__slug"))

    assert held("verifikator.bkpsdm") == {("bkpsdm", Role.VERIFIER, None)}
    assert held("pejabat.bkpsdm") == {("bkpsdm", Role.SIGNING_OFFICIAL, None)}
    assert held("petugas.bkpsdm") == {
        ("bkpsdm", Role.CERTIFICATE_OFFICER, None),
        ("bkpsdm", Role.SCHEDULER, None),
    }
    # The LSP's assessor acts for the certification service only.
    assert held("asesor.lsp") == {("bkpsdm", Role.ASSESSOR, "sertifikasi-profesi-pns")}
    assessor = User.objects.get(username="asesor.lsp")
    assert not assessor.groups.exists() and not assessor.is_staff
    institution = Institution.objects.get(provider__slug="bkpsdm", name="Dinas Kesehatan Kota")
    assert list(institution.operators.values_list("username", flat=True)) == ["operator.dinkes"]
    employees = User.objects.filter(username__in=["198803142012012003", "199107222015031001"])
    assert sorted(employees.values_list("nip", flat=True)) == [
        "198803142012012003",
        "199107222015031001",
    ]
    for nip in employees.values_list("nip", flat=True):
        parse_nip(nip)  # a valid PNS NIP
    for username in (
        "operator.dinkes",
        "verifikator.bkpsdm",
        "pejabat.bkpsdm",
        "petugas.bkpsdm",
        "asesor.lsp",
        "198803142012012003",
    ):
        assert User.objects.get(username=username).check_password(f"demo-{username}-2026")
        assert f"demo-{username}-2026" in out


def test_seed_004s_people_institution_and_request_are_made_once_at_lan(settings, capsys):
    from assessments.constants import EngagementState
    from assessments.models import Engagement
    from portal.events import event_list

    settings.DEBUG = True
    call_command("seed_demo", without_stages=True)
    call_command("seed_demo", without_stages=True)  # nothing added twice
    out = capsys.readouterr().out
    User = get_user_model()
    lan = "balai-pemetaan-kompetensi-lan"

    def held(username):
        rows = StaffRole.objects.filter(user__username=username)
        return set(rows.values_list("provider__slug", "role", "service__slug"))

    assert held("pejabat.lan") == {(lan, Role.SIGNING_OFFICIAL, None)}
    assert held("panitia.lan") == {(lan, Role.SCHEDULER, None)}
    assert held("asesor.lan") == {(lan, Role.ASSESSOR, None)}
    assert held("bendahara.lan") == {(lan, Role.TREASURER, None)}
    assert held("verifikator-lan") == {(lan, Role.VERIFIER, None)}
    assert held("operator.singkawang") == set()
    institution = Institution.objects.get(provider__slug=lan, name="Pemerintah Kota Singkawang")
    assert institution.kind == "regional_government"
    assert institution.verified_at is not None
    assert list(institution.operators.values_list("username", flat=True)) == ["operator.singkawang"]
    engagement = Engagement.objects.get(institution=institution)
    assert engagement.state == EngagementState.REQUESTED
    assert engagement.requested_by.username == "operator.singkawang"
    with engagement.cover_letter.open("rb") as letter:
        assert letter.read(5) == b"%PDF-"
    assert [event.kind for event in event_list(subject=engagement)] == ["created"]
    for username in ("operator.singkawang", "pejabat.lan", "panitia.lan", "asesor.lan"):
        assert User.objects.get(username=username).check_password(f"demo-{username}-2026")
        assert f"demo-{username}-2026" in out
    assert "demo-bendahara.lan-2026" in out


# Each stage's application status, and what its candidate sees after signing in: the page and
# a phrase of it.
STAGE_VIEWS = {
    "draft": (ApplicationStatus.DRAFT, "dashboard", "Lanjutkan pengajuan"),
    "submitted": (ApplicationStatus.SUBMITTED, "dashboard", "Diajukan, menunggu verifikasi"),
    "returned": (ApplicationStatus.RETURNED, "dashboard", "Dikembalikan untuk perbaikan"),
    "verified": (ApplicationStatus.VERIFIED, "dashboard", "Pilih jadwal ujian"),
    "seated": (ApplicationStatus.SCHEDULED, "dashboard", "Terjadwal ujian"),
    "data_check": (ApplicationStatus.PASSED, "certificate_mine", "Data sudah benar"),
    "signed": (ApplicationStatus.PASSED, "certificate_mine", "Alih media dan legalisir"),
    "shipped": (ApplicationStatus.PASSED, "certificate_mine", "P2612050001DEMO"),
    "failed": (ApplicationStatus.FAILED, "dashboard", "Tidak lulus uji kompetensi"),
    # The dashboard shows a rejected application no more; the application page says why.
    "rejected": (ApplicationStatus.REJECTED, "application", "sebelumnya ditolak"),
}


@pytest.mark.usefixtures("signing_key")
def test_every_librarian_exam_stage_and_complaint_state_is_made_once_through_the_services(
    settings, client, capsys
):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # nothing added twice
    out = capsys.readouterr().out

    applications = {}
    for key, nip, label in STAGES:
        status, _page, _phrase = STAGE_VIEWS[key]
        rows = Application.objects.filter(candidate__username=nip)
        assert [row.status for row in rows] == [status], key
        applications[key] = rows.get()
        line = next(line for line in out.splitlines() if f"demo-{nip}-2026" in line)
        assert label in line
        parse_nip(nip)  # a valid NIP, and the registry's
    # What the services wrote along the way: documents, reviews, due dates, events, mails.
    assert Document.objects.filter(application=applications["draft"]).count() == 3
    assert applications["submitted"].due_date is not None
    returned = Document.objects.get(
        application=applications["returned"], is_current=True, verdict=Verdict.NEEDS_REVISION
    )
    assert returned.reviews.get().note == RETURN_NOTE
    assert applications["rejected"].decision_note == REJECT_NOTE
    kinds = set(event_list(subject=applications["shipped"]).values_list("kind", flat=True))
    assert {"created", "document_uploaded", "seat_taken", "result_published"} <= kinds
    assert {"certificate_signed", "certificate_legalised", "certificate_sent"} <= kinds
    mailed = {
        address for to in OutboundEmail.objects.values_list("to", flat=True) for address in to
    }
    assert {f"{nip}@demo.portal.test" for _key, nip, _label in STAGES if nip} - mailed == {
        f"{STAGES[0][1]}@demo.portal.test"  # the draft was not submitted: nothing to tell
    }
    # Seated in the session open for booking; the others sat last week's, now held.
    seat = Seat.objects.get(application=applications["seated"], is_active=True)
    assert seat.session.status == SessionStatus.OPEN
    held = ExamSession.objects.get(status=SessionStatus.HELD)
    assert held.results_published_at is not None
    assert sorted(Result.objects.filter(seat__session=held).values_list("outcome", flat=True)) == [
        Outcome.FAILED,
        Outcome.PASSED,
        Outcome.PASSED,
        Outcome.PASSED,
    ]
    assert ExamSession.objects.count() == 3
    certificates = {
        key: Certificate.objects.get(application=applications[key])
        for key in ("data_check", "signed", "shipped")
    }
    assert certificates["data_check"].status == CertificateStatus.DATA_CHECK
    assert certificates["signed"].status == CertificateStatus.LEGALISATION
    assert certificates["shipped"].status == CertificateStatus.SENT
    assert certificates["shipped"].tracking_number == "P2612050001DEMO"
    assert Certificate.objects.count() == 3

    complaints = Complaint.objects.filter(subject__in=[row[0] for row in DEMO_COMPLAINTS])
    assert sorted(complaints.values_list("status", flat=True)) == sorted(
        [
            ComplaintStatus.RECEIVED,
            ComplaintStatus.VERIFIED,
            ComplaintStatus.IN_PROGRESS,
            ComplaintStatus.IN_PROGRESS,
            ComplaintStatus.ANSWERED,
            ComplaintStatus.CLOSED,
        ]
    )
    anonymous = complaints.get(anonymous=True)
    assert anonymous.reporter_email == "" and anonymous.reporter_name == ""

    # The objections (one open to the rejection, one answered to the failed result) and a
    # candidate waiting with a seat offered, once each.
    objections = {o.application_id: o for o in Objection.objects.all()}
    assert set(objections) == {applications["rejected"].pk, applications["failed"].pk}
    assert objections[applications["rejected"].pk].answered_at is None
    assert objections[applications["failed"].pk].answered_at is not None
    (entry,) = WaitlistEntry.objects.select_related("application__candidate")
    assert entry.application.candidate.username == WAITING_NIP
    assert SeatOffer.objects.filter(entry=entry).count() == 1

    # Each stage's candidate signs in with the printed password and sees the stage.
    for key, nip, _label in STAGES:
        _status, page, phrase = STAGE_VIEWS[key]
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": nip, "password": f"demo-{nip}-2026"}
        )
        assert response.status_code == 302, key
        assert phrase in client.get(reverse(page)).content.decode(), key
