"""Files the portal hands out (a candidate's documents, complaint attachments, signed
certificates and result letters, report PDFs, table downloads) keep the portal's whole
Content-Security-Policy plus ``sandbox``: a PDF, an image or anything else opened straight from
its link runs nothing in our origin. Only the private document view may be framed, and only by
our own pages (the verifier's page shows the PDF in an <iframe>); tests/browser/
test_private_document_viewer.py checks in Chromium that the PDF still shows there."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certificates.constants import CertificateStatus, FileState
from certificates.models import ResultLetter
from complaints.constants import ComplaintKind
from complaints.services import complaint_submit
from portal.constants import Role
from portal.models import Service
from registration.constants import ApplicationStatus
from scheduling.constants import Outcome, ResultStatus, SessionMode, SessionStatus
from scheduling.models import ExamSession, Result, Seat
from tests.factories import SERVICE_SLUG, ApplicationFactory, CertificateFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_full_policy_and_sandbox(response, *, frame_ancestors: str = "'none'") -> None:
    if getattr(response, "streaming", False):
        response.close()
    assert response.status_code == 200, response.status_code
    policy = directives(response)
    expected = {
        name: list(values) if name != "frame-ancestors" else [frame_ancestors]
        for name, values in settings.SECURE_CSP.items()
    }
    assert {name: policy[name] for name in expected} == expected
    assert policy["sandbox"] == []  # no token: no scripts, forms, popups, same origin
    assert policy["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("code", ["pas-foto", "sk-jabatan"])  # an image and a PDF
def test_the_private_document_view_keeps_the_whole_policy_framed_by_our_pages_only(client, code):
    application = ApplicationFactory(documents=True)
    document = application.documents.get(requirement__code=code)
    client.force_login(application.candidate)

    response = client.get(reverse("document_file", args=[document.public_id]))

    assert_full_policy_and_sandbox(response, frame_ancestors="'self'")
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_complaint_attachment_is_sandboxed_and_never_framed(client, make_user):
    complaint = complaint_submit(
        kind=ComplaintKind.COMPLAINT,
        subject="Lampiran",
        description="Lihat lampiran.",
        attachments=[SimpleUploadedFile("bukti.pdf", pdf_bytes())],
    )
    attachment = complaint.attachments.get()
    client.force_login(make_user("pengelola", Role.COMPLAINT_HANDLER))

    response = client.get(
        reverse("complaints_attachment", args=[complaint.public_id, attachment.public_id])
    )

    assert_full_policy_and_sandbox(response)
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def certificate():
    certificate = CertificateFactory(status=CertificateStatus.SHIPPING, number="001/UKP/2026")
    certificate.pdf.save("sertifikat.pdf", ContentFile(pdf_bytes()), save=False)
    certificate.pdf_state = FileState.READY
    certificate.save()
    return certificate


@pytest.mark.parametrize("view", ["certificates_download", "certificate_download"])
def test_certificate_pdfs_are_sandboxed_for_staff_and_candidate(
    client, make_user, certificate, view
):
    if view == "certificates_download":
        client.force_login(make_user("petugas", Role.CERTIFICATE_OFFICER))
    else:
        client.force_login(certificate.application.candidate)

    response = client.get(reverse(view, args=[certificate.public_id, "asli"]))

    assert_full_policy_and_sandbox(response)


def test_the_result_letter_is_sandboxed(client, make_user):
    application = ApplicationFactory(status=ApplicationStatus.FAILED)
    recorder = make_user("asesor", Role.ASSESSOR)
    starts_at = timezone.now() - timedelta(days=7)
    session = ExamSession.objects.create(
        service=Service.objects.get(slug=SERVICE_SLUG),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        mode=SessionMode.ONLINE,
        capacity=10,
        booking_opens_at=starts_at - timedelta(days=14),
        booking_closes_at=starts_at - timedelta(days=2),
        status=SessionStatus.HELD,
    )
    seat = Seat.objects.create(
        session=session, application=application, created_by=recorder, attendance="present"
    )
    result = Result.objects.create(
        seat=seat,
        outcome=Outcome.FAILED,
        status=ResultStatus.PUBLISHED,
        published_at=timezone.now(),
        recorded_by=recorder,
    )
    letter = ResultLetter.objects.create(result=result, pdf_state=FileState.READY)
    letter.pdf.save("surat.pdf", ContentFile(pdf_bytes()))
    client.force_login(application.candidate)

    assert_full_policy_and_sandbox(
        client.get(reverse("certificate_result_letter", args=[letter.public_id]))
    )


def test_report_pdfs_and_table_downloads_are_sandboxed(client, make_user):
    client.force_login(make_user("pengelola", Role.COMPLAINT_HANDLER))
    period = {"dari": "2026-01-01", "sampai": "2026-01-31"}

    for fmt in ("pdf", "csv", "xlsx"):
        assert_full_policy_and_sandbox(
            client.get(reverse("complaint_report_staff_download", args=[fmt]), period)
        )
    assert_full_policy_and_sandbox(client.get(reverse("survey_results_export", args=["csv"])))
    client.logout()
    assert_full_policy_and_sandbox(client.get(reverse("complaint_report_public_pdf")))


def test_our_own_pages_are_not_sandboxed(client):
    """The sandbox is for files: a page's own forms and links must keep working."""
    assert "sandbox" not in directives(client.get("/"))
