"""Seed 004 step 13: the reports and their limits (both purposes), the summary before the full
and individual reports, signing that delivers, completion once the reports are in and the payment
is confirmed (either order), and who reaches an individual report."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.constants import EngagementState, IntakeMode, ProofVerdict, Purpose, ReportKind
from assessments.models import Agreement, IntakeSession, Invoice, Participant, PaymentProof, Report
from assessments.services import reports
from assessments.services.reports import dues_for
from casework.exceptions import CaseError, CaseForbidden
from portal.calendar import add_working_days
from portal.constants import Role
from portal.models import Event
from tests.assessments.test_settlement_payments import close_file, get_status
from tests.certificates.test_signing import assert_signed_pades, demo_p12, signing_key
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

__all__ = ["demo_p12", "signing_key"]  # fixtures

INTAKE = datetime.date(2027, 2, 8)


@pytest.fixture
def assessor(lan_staff):
    return lan_staff[Role.ASSESSOR]


@pytest.fixture
def official(lan_staff):
    return lan_staff[Role.SIGNING_OFFICIAL]


def make_reporting(make_engagement, make_user, assessor, *, purpose=Purpose.SELECTION, **kwargs):
    """An engagement whose intake was held on INTAKE, two asesi with accounts (the second absent),
    `assessor` sitting on its session."""
    engagement = make_engagement(
        EngagementState.REPORTING,
        agreement=True,
        signed_on=datetime.date(2027, 1, 25),
        purpose=purpose,
        **kwargs,
    )
    engagement.intake_held_on = INTAKE
    engagement.save(update_fields=["intake_held_on"])
    start = timezone.make_aware(datetime.datetime(2027, 2, 8, 8))
    session = IntakeSession.objects.create(
        engagement=engagement,
        mode=IntakeMode.ONLINE,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        platform="Zoom",
        created_by=assessor,
        held_at=start,
    )
    session.assessors.add(assessor)
    prefix = engagement.institution.pk
    for i, attended in enumerate((True, False)):
        Participant.objects.create(
            engagement=engagement,
            nip=f"1980010120050100{i:02d}",
            name=f"Asesi {i}",
            position="Analis",
            work_unit="BKPSDM",
            email=f"asesi-{prefix}-{i}@example.test",
            account=make_user(f"asesi-{prefix}-{i}"),
            session=session,
            attended=attended,
        )
    return engagement


@pytest.fixture
def reporting(make_engagement, make_user, assessor):
    return make_reporting(make_engagement, make_user, assessor)


def write(engagement, actor, kind, participant=None, body="Hasil penilaian.\n\nSaran."):
    return reports.report_save(
        engagement=engagement, actor=actor, kind=kind, participant=participant, body=body
    )


def pay(engagement, treasurer, operator):
    from assessments.services import payments

    invoice = payments.invoice_issue(engagement=engagement, actor=treasurer)
    proof = PaymentProof.objects.create(
        invoice=invoice,
        file="assessments/payments/x.pdf",
        original_name="x.pdf",
        paid_on=datetime.date(2027, 2, 1),
        amount=invoice.amount,
        uploaded_by=operator,
    )
    payments.proof_confirm(proof=proof, actor=treasurer)
    return invoice


# --- Deadlines --------------------------------------------------------------------------------


def test_selection_deadlines_shown(reporting, assessor, official, client):
    dues = {due.kind: due for due in dues_for(reporting)}
    assert list(dues) == [ReportKind.SUMMARY, ReportKind.FULL, ReportKind.INDIVIDUAL]
    assert dues[ReportKind.SUMMARY].due_on == add_working_days(INTAKE, 10)
    assert dues[ReportKind.FULL].due_on is None  # counts from the summary's delivery
    client.force_login(official)
    page = client.get(reverse("assessments_engagement", args=[reporting.public_id])).content
    page = page.decode()
    assert "10 (sepuluh) hari kerja" in page
    assert "15 (lima belas) hari kerja" in page
    assert add_working_days(INTAKE, 10).strftime("%-d") in page
    # After the summary's delivery the full report's clock runs.
    summary = write(reporting, assessor, ReportKind.SUMMARY)
    Report.objects.filter(pk=summary.pk).update(
        signed_at=timezone.now(), delivered_at=timezone.make_aware(datetime.datetime(2027, 2, 15))
    )
    dues = {due.kind: due for due in dues_for(reporting)}
    assert dues[ReportKind.FULL].due_on == add_working_days(datetime.date(2027, 2, 15), 15)


def test_mapping_deadline_and_agreed_date(make_engagement, make_user, assessor, client):
    engagement = make_reporting(make_engagement, make_user, assessor, purpose=Purpose.MAPPING)
    (due,) = dues_for(engagement)
    assert (due.kind, due.due_on) == (ReportKind.MAPPING, add_working_days(INTAKE, 25))
    client.force_login(assessor)
    page = client.get(reverse("assessments_engagement", args=[engagement.public_id])).content
    assert "25 (dua puluh lima) hari kerja" in page.decode()
    Agreement.objects.filter(engagement=engagement).update(
        agreed_report_due_on=datetime.date(2027, 4, 30)
    )
    (due,) = dues_for(engagement)
    assert due.due_on == datetime.date(2027, 4, 30)
    page = client.get(reverse("assessments_engagement", args=[engagement.public_id])).content
    assert "sesuai kesepakatan dalam SPK" in page.decode()


def test_overdue_report_badge(reporting, assessor, client):
    Report.objects.all().delete()
    type(reporting).objects.filter(pk=reporting.pk).update(intake_held_on=datetime.date(2026, 1, 5))
    client.force_login(assessor)
    page = client.get(reverse("assessments_engagement", args=[reporting.public_id])).content
    assert "terlambat" in page.decode()


# --- Writing ----------------------------------------------------------------------------------


def test_full_and_individual_wait_for_the_summary(reporting, assessor, official, signing_key):
    attendee = reporting.participants.get(attended=True)
    with pytest.raises(CaseError, match="setelah Laporan Ringkas diserahkan"):
        write(reporting, assessor, ReportKind.FULL)
    with pytest.raises(CaseError, match="setelah Laporan Ringkas diserahkan"):
        write(reporting, assessor, ReportKind.INDIVIDUAL, attendee)
    summary = write(reporting, assessor, ReportKind.SUMMARY)
    with pytest.raises(CaseError, match="setelah Laporan Ringkas diserahkan"):
        write(reporting, assessor, ReportKind.FULL)  # written, not yet delivered
    reports.report_sign(report=summary, actor=official)
    assert write(reporting, assessor, ReportKind.FULL).kind == ReportKind.FULL
    assert write(reporting, assessor, ReportKind.INDIVIDUAL, attendee).participant == attendee
    absent = reporting.participants.get(attended=False)
    with pytest.raises(CaseError, match="tidak hadir"):
        write(reporting, assessor, ReportKind.INDIVIDUAL, absent)
    with pytest.raises(CaseError, match="tidak termasuk"):
        write(reporting, assessor, ReportKind.MAPPING)


def test_who_writes(reporting, lan_staff, institution_operator, other_unit_staff, make_user):
    outsider_assessor = make_user("asesor-lain", Role.ASSESSOR, provider=reporting.service.provider)
    for user in (
        institution_operator,
        other_unit_staff,
        outsider_assessor,
        lan_staff[Role.TREASURER],
    ):
        with pytest.raises(CaseForbidden):
            write(reporting, user, ReportKind.SUMMARY)
    assert write(reporting, lan_staff[Role.SCHEDULER], ReportKind.SUMMARY).body


def test_replacing_an_unsigned_report_then_never_a_signed_one(
    reporting, assessor, official, signing_key
):
    first = write(reporting, assessor, ReportKind.SUMMARY, body="Versi 1")
    second = write(reporting, assessor, ReportKind.SUMMARY, body="Versi 2")
    assert first.pk == second.pk and Report.objects.get().body == "Versi 2"
    reports.report_sign(report=second, actor=official)
    with pytest.raises(CaseError, match="tidak dapat diganti"):
        write(reporting, assessor, ReportKind.SUMMARY, body="Versi 3")


def test_not_before_the_intake(make_engagement, assessor):
    engagement = make_engagement(EngagementState.PREPARATION, agreement=True)
    with pytest.raises(CaseForbidden):  # nobody sits on a session yet
        write(engagement, assessor, ReportKind.SUMMARY)


def test_report_pages(reporting, assessor, client):
    client.force_login(assessor)
    url = reverse("assessments_report_new", args=[reporting.public_id, ReportKind.SUMMARY])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"body": ""})
    assert empty.status_code == 400
    assert "Tulis isi laporan atau unggah berkas PDF laporan" in empty.content.decode()
    response = client.post(url, {"body": "Ringkasan hasil."}, follow=True)
    assert "menunggu tanda tangan" in response.content.decode()
    assert Report.objects.get().body == "Ringkasan hasil."


# --- Signing, delivery and completion ---------------------------------------------------------


def test_signing_delivers_a_signed_pdf(
    reporting,
    assessor,
    official,
    institution_operator,
    signing_key,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    summary = write(reporting, assessor, ReportKind.SUMMARY)
    with pytest.raises(CaseForbidden):
        reports.report_sign(report=summary, actor=assessor)
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_sign(report=summary, actor=official)
    summary.refresh_from_db()
    assert summary.signed_by == official and summary.delivered_at is not None
    with summary.pdf.open("rb") as handle:
        assert_signed_pades(handle.read())
    assert Event.objects.filter(object_id=reporting.pk, kind="report_delivered").count() == 1
    assert [m.to for m in mailoutbox] == [[institution_operator.email]]
    with pytest.raises(CaseError, match="sudah ditandatangani"):
        reports.report_sign(report=summary, actor=official)


def test_uploaded_pdf_signed_as_it_is(reporting, assessor, official, signing_key):
    report = reports.report_save(
        engagement=reporting,
        actor=assessor,
        kind=ReportKind.SUMMARY,
        file=SimpleUploadedFile("laporan.pdf", pdf_bytes(), "application/pdf"),
    )
    assert report.source_file and not report.body
    reports.report_sign(report=report, actor=official)
    report.refresh_from_db()
    with report.source_file.open("rb") as handle:
        source = handle.read()
    with report.pdf.open("rb") as handle:
        signed = handle.read()
    assert signed.startswith(source)  # an incremental update
    assert_signed_pades(signed)


def test_wrong_report_file_kind_refused(reporting, assessor):
    with pytest.raises(CaseError) as refused:
        reports.report_save(
            engagement=reporting,
            actor=assessor,
            kind=ReportKind.SUMMARY,
            file=SimpleUploadedFile("laporan.pdf", b"\x89PNG\r\n\x1a\nxx", "application/pdf"),
        )
    assert "PDF" in str(refused.value)
    assert not Report.objects.exists()


def _deliver_all(engagement, assessor, official, mailoutbox=None):
    summary = write(engagement, assessor, ReportKind.SUMMARY)
    reports.report_sign(report=summary, actor=official)
    write(engagement, assessor, ReportKind.FULL)
    write(engagement, assessor, ReportKind.INDIVIDUAL, engagement.participants.get(attended=True))
    return reports.reports_sign_all(engagement=engagement, actor=official)


def test_completes_when_reports_then_payment(
    reporting, assessor, official, lan_staff, institution_operator, signing_key
):
    assert _deliver_all(reporting, assessor, official) == 2
    reporting.refresh_from_db()
    assert reporting.state == EngagementState.REPORTING  # not paid yet
    pay(reporting, lan_staff[Role.TREASURER], institution_operator)
    reporting.refresh_from_db()
    assert reporting.state == EngagementState.COMPLETED


def test_completes_when_payment_then_reports(
    reporting, assessor, official, lan_staff, institution_operator, signing_key
):
    pay(reporting, lan_staff[Role.TREASURER], institution_operator)
    summary = write(reporting, assessor, ReportKind.SUMMARY)
    reports.report_sign(report=summary, actor=official)
    reporting.refresh_from_db()
    assert reporting.state == EngagementState.REPORTING  # full and individual still due
    write(reporting, assessor, ReportKind.FULL)
    write(reporting, assessor, ReportKind.INDIVIDUAL, reporting.participants.get(attended=True))
    reports.reports_sign_all(engagement=reporting, actor=official)
    reporting.refresh_from_db()
    assert reporting.state == EngagementState.COMPLETED
    assert Invoice.objects.get().proofs.get().verdict == ProofVerdict.CONFIRMED


# --- Who reaches an individual report ---------------------------------------------------------


def test_individual_report_reaches_its_asesi_alone(
    reporting,
    assessor,
    official,
    signing_key,
    client,
    make_engagement,
    make_institution,
    make_user,
    other_unit_staff,
    institution_operator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    attendee = reporting.participants.get(attended=True)
    with django_capture_on_commit_callbacks(execute=True):
        _deliver_all(reporting, assessor, official)
    assert any(
        m.subject == "Laporan individual Anda tersedia" and m.to == [attendee.account.email]
        for m in mailoutbox
    )
    report = Report.objects.get(participant=attendee)
    url = reverse("assessments_report_file", args=[report.public_id])
    assert get_status(client, url) == 302  # anonymous → login
    other = make_institution(name="Kabupaten Sambas", operator="operator-sambas")
    elsewhere = make_reporting(make_engagement, make_user, assessor, institution=other)
    colleague = reporting.participants.get(attended=False).account
    for user in (
        colleague,
        elsewhere.participants.first().account,
        other.operators.get(),
        other_unit_staff,
    ):
        client.force_login(user)
        assert get_status(client, url) == 404, user
    for user in (attendee.account, institution_operator, official):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        close_file(response)


def test_undelivered_report_hidden_from_the_institution(
    reporting, assessor, institution_operator, client
):
    summary = write(reporting, assessor, ReportKind.SUMMARY)
    client.force_login(institution_operator)
    url = reverse("assessments_report_file", args=[summary.public_id])
    assert get_status(client, url) == 404
    client.force_login(assessor)
    preview = client.get(url)  # written in the portal: an unsigned preview for the staff
    assert preview.status_code == 200
    assert preview.content.startswith(b"%PDF")


def test_written_report_rendered_with_its_facts(reporting, assessor, official, signing_key):
    from assessments.documents import report_html

    summary = write(reporting, assessor, ReportKind.SUMMARY)
    reports.report_sign(report=summary, actor=official)
    attendee = reporting.participants.get(attended=True)
    report = write(reporting, assessor, ReportKind.INDIVIDUAL, attendee, body="Satu.\n\nDua.")
    html = report_html(report, signer_name="Dr. Penanda", signer_title="Kepala Puslatbang")
    for fact in (
        "Laporan Individual: Asesi 0",
        reporting.institution.name,
        "Seleksi jabatan",
        "8 Februari 2027",
        attendee.nip,
        "<p>Satu.</p>",
        "<p>Dua.</p>",
        "Dr. Penanda",
    ):
        assert fact in html, fact


def test_page_shows_the_acts_to_who_may_take_them(
    reporting, assessor, official, institution_operator, client, signing_key
):
    summary = write(reporting, assessor, ReportKind.SUMMARY)
    url = reverse("assessments_engagement", args=[reporting.public_id])
    sign = reverse("assessments_report_sign", args=[summary.public_id])
    draft = reverse("assessments_report_file", args=[summary.public_id])
    client.force_login(official)
    page = client.get(url).content.decode()
    assert sign in page and "Tandatangani dan serahkan" in page
    client.force_login(institution_operator)
    page = client.get(url).content.decode()
    assert sign not in page and draft not in page  # an undelivered draft is LAN's alone
    client.post(sign)  # not the operator's act
    summary.refresh_from_db()
    assert summary.signed_at is None
    client.force_login(official)
    response = client.post(
        reverse("assessments_reports_sign_all", args=[reporting.public_id]), follow=True
    )
    assert "1 laporan ditandatangani dan diserahkan" in response.content.decode()
    client.force_login(institution_operator)
    assert draft in client.get(url).content.decode()  # delivered: the institution downloads it
