"""`make run`'s demo data with the librarian exam's stages: candidates and complaints at every
stage, made once through the services however often it runs. (A module of its own: the other
seed_demo tests share one seeding for their module, tests/composition/test_seed_demo.py.)"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from certificates.constants import CertificateStatus
from certificates.models import Certificate
from complaints.constants import ComplaintStatus
from complaints.models import Complaint
from composition.demo.complaints import DEMO_COMPLAINTS
from composition.demo.later_stages import WAITING_NIP
from composition.demo.librarian_exam import REJECT_NOTE, RETURN_NOTE, STAGES
from objections.models import Objection
from portal.events import event_list
from portal.models import OutboundEmail
from registration.constants import ApplicationStatus, Verdict
from registration.models import Application, Document
from registration.nip import parse_nip
from scheduling.constants import Outcome, SessionStatus
from scheduling.models import ExamSession, Result, Seat, SeatOffer, WaitlistEntry
from tests.certificates.test_signing import demo_p12, signing_key  # noqa: F401 - the fixtures

pytestmark = pytest.mark.django_db


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
