"""The candidate's certificate page: the tracker, the data check (confirm or ask for a
correction), receipt of the parcel, and downloads of their own files only."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from certificates.constants import CertificateStatus as C
from certificates.constants import FileState
from certificates.models import ResultLetter
from portal.constants import OfficialDuty
from portal.models import ProviderOfficial, Service
from registration.constants import ApplicationStatus
from registration.models import Level
from scheduling.constants import Outcome, ResultStatus, SessionMode, SessionStatus
from scheduling.models import ExamSession, Result, Seat
from tests.factories import SERVICE_SLUG, ApplicationFactory

pytestmark = pytest.mark.django_db

MINE = "/sertifikat/"
PDF = b"%PDF-1.7 signed certificate"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def logged_in(client, certificate):
    client.force_login(certificate.application.candidate)
    return client


def download_url(certificate, kind: str = "asli") -> str:
    return reverse("certificate_download", args=[certificate.public_id, kind])


def with_pdf(certificate):
    certificate.pdf.save("sertifikat.pdf", ContentFile(PDF), save=False)
    certificate.pdf_state = FileState.READY
    certificate.legalised_pdf.save("legalisir.pdf", ContentFile(b"%PDF-1.7 legal"), save=False)
    certificate.legalised_pdf_state = FileState.READY
    certificate.save()
    return certificate


def published_letter(application, recorder, *, outcome=Outcome.FAILED, ready=True) -> ResultLetter:
    """A sitting last week, its published result, and the result letter (rendered or not)."""
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
        outcome=outcome,
        status=ResultStatus.PUBLISHED,
        published_at=timezone.now(),
        recorded_by=recorder,
    )
    letter = ResultLetter.objects.create(result=result)
    if ready:
        letter.pdf.save("surat.pdf", ContentFile(b"%PDF-1.7 surat hasil"), save=False)
        letter.pdf_state = FileState.READY
        letter.save()
    return letter


# --- The page ----------------------------------------------------------------------------------


def test_the_candidate_sees_the_data_to_check_and_where_the_certificate_is(
    client, make_certificate
):
    due = timezone.localdate() + timedelta(days=2)
    certificate = make_certificate(status=C.DATA_CHECK, due_date=due)

    response = logged_in(client, certificate).get(MINE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Rina Wulandari, S.I.Pust." in html
    assert "Yogyakarta, 26 September 1986" in html
    assert "Data sudah benar" in html
    assert "Ajukan perbaikan" in html
    (entry,) = response.context["entries"]
    steps = [(step.label, step.state) for step in entry["steps"]]
    assert steps[0] == ("Data sertifikat divalidasi", "current")
    assert all(state == "upcoming" for _label, state in steps[1:])
    assert "Disetujui Pejabat Disposisi" not in [label for label, _state in steps]
    assert entry["steps"][0].when == due


def test_the_tracker_dates_each_stage_done_and_shows_disposition_when_it_applies(
    client, make_certificate
):
    application = ApplicationFactory(
        status=ApplicationStatus.PASSED,
        current_level=Level.objects.get(code="ahli-madya"),
        target_level=Level.objects.get(code="ahli-utama"),
    )
    now = timezone.now()
    certificate = make_certificate(
        application=application,
        status=C.SIGNING,
        needs_disposition=True,
        validated_at=now - timedelta(days=3),
        issued_at=now - timedelta(days=2),
        disposed_at=now - timedelta(days=1),
    )

    response = logged_in(client, certificate).get(MINE)

    (entry,) = response.context["entries"]
    steps = [(step.label, step.state) for step in entry["steps"]]
    assert steps == [
        ("Data sertifikat divalidasi", "done"),
        ("Nomor sertifikat diterbitkan", "done"),
        ("Disetujui Pejabat Disposisi", "done"),
        ("Ditandatangani pejabat", "current"),
        ("Alih media dan legalisir", "upcoming"),
        ("Dikirim", "upcoming"),
        ("Diterima", "upcoming"),
    ]
    assert entry["steps"][1].detail == certificate.number
    html = response.content.decode()
    assert certificate.number in html
    assert "Data sudah benar" not in html  # the data is frozen


def test_the_disposition_step_names_the_providers_disposition_office(client, make_certificate):
    application = ApplicationFactory(
        status=ApplicationStatus.PASSED,
        current_level=Level.objects.get(code="ahli-madya"),
        target_level=Level.objects.get(code="ahli-utama"),
    )
    ProviderOfficial.objects.create(
        provider=application.service.provider,
        duty=OfficialDuty.DISPOSITION,
        title="Kepala Pusat Pembinaan Pustakawan",
    )
    certificate = make_certificate(
        application=application, status=C.DISPOSITION, needs_disposition=True
    )

    response = logged_in(client, certificate).get(MINE)

    (entry,) = response.context["entries"]
    labels = [step.label for step in entry["steps"]]
    assert "Disetujui Pejabat Disposisi (Kepala Pusat Pembinaan Pustakawan)" in labels


def test_the_candidate_confirms_the_data(client, make_certificate):
    certificate = make_certificate(status=C.DATA_CHECK)
    url = reverse("certificate_confirm", args=[certificate.public_id])
    client = logged_in(client, certificate)

    first = client.post(url, follow=True)
    again = client.post(url, follow=True)

    certificate.refresh_from_db()
    assert certificate.candidate_confirmed_at is not None
    assert first.redirect_chain[-1][0] == f"{MINE}#sertifikat-{certificate.public_id}"
    assert "Data sertifikat Anda dinyatakan benar" in messages_of(first)[0]
    assert messages_of(again) == ["Anda sudah mengonfirmasi data sertifikat ini."]
    assert "Data sudah Anda nyatakan benar" in again.content.decode()


def test_the_candidate_asks_for_a_correction_with_a_note(client, make_certificate):
    certificate = make_certificate(status=C.DATA_CHECK)
    url = reverse("certificate_correction", args=[certificate.public_id])

    response = logged_in(client, certificate).post(
        url, {"note": "Gelar belakang seharusnya S.I.Pust., M.Hum."}, follow=True
    )

    certificate.refresh_from_db()
    assert certificate.correction_request == "Gelar belakang seharusnya S.I.Pust., M.Hum."
    assert "Permintaan perbaikan terkirim" in messages_of(response)[0]
    assert "Permintaan perbaikan Anda:" in response.content.decode()


def test_a_correction_without_a_note_is_shown_again_with_the_error(client, make_certificate):
    certificate = make_certificate(status=C.DATA_CHECK)

    response = logged_in(client, certificate).post(
        reverse("certificate_correction", args=[certificate.public_id]), {"note": "  "}
    )

    assert response.status_code == 400
    (entry,) = response.context["entries"]
    assert entry["correction_form"].errors["note"]
    certificate.refresh_from_db()
    assert certificate.correction_request == ""


def test_the_candidate_sees_the_shipping_and_confirms_receipt(client, make_certificate):
    certificate = make_certificate(
        status=C.SENT,
        courier="Pos Indonesia",
        tracking_number="P2606123456",
        sent_on=date(2026, 1, 5),
    )
    client = logged_in(client, certificate)

    page = client.get(MINE).content.decode()
    response = client.post(
        reverse("certificate_received", args=[certificate.public_id]), follow=True
    )

    assert "Pos Indonesia" in page
    assert "P2606123456" in page
    assert "Senin, 5 Januari 2026" in page
    assert "Sertifikat sudah saya terima" in page
    certificate.refresh_from_db()
    assert certificate.status == C.DELIVERED
    assert "Sertifikat dicatat sudah Anda terima." in messages_of(response)[0]
    assert "Sertifikat sudah saya terima" not in response.content.decode()


def test_a_candidate_cannot_act_on_another_candidates_certificate(
    client, outsider, make_certificate
):
    certificate = make_certificate(status=C.DATA_CHECK)
    client.force_login(outsider)

    for name in ("certificate_confirm", "certificate_correction", "certificate_received"):
        url = reverse(name, args=[certificate.public_id])
        assert client.post(url, {"note": "x"}).status_code == 404
    certificate.refresh_from_db()
    assert (certificate.candidate_confirmed_at, certificate.correction_request) == (None, "")
    page = client.get(MINE)
    assert page.context["entries"] == []
    assert "Belum ada sertifikat." in page.content.decode()


def test_staff_are_sent_to_their_home_and_visitors_to_login(client, certificate_officer):
    anonymous = client.get(MINE)
    client.force_login(certificate_officer)
    staff = client.get(MINE)

    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))
    assert staff.url == reverse("staff_home")


# --- Downloads ---------------------------------------------------------------------------------


def test_the_owner_downloads_the_signed_certificate_and_the_legalised_copy(
    client, make_certificate
):
    certificate = with_pdf(make_certificate(status=C.SENT))
    client = logged_in(client, certificate)

    page = client.get(MINE).content.decode()
    original = client.get(download_url(certificate))
    copy = client.get(download_url(certificate, "legalisir"))

    assert download_url(certificate) in page
    assert original.status_code == 200
    assert original["Content-Type"] == "application/pdf"
    assert original["Content-Disposition"].startswith("attachment;")
    assert b"".join(original.streaming_content) == PDF
    assert b"".join(copy.streaming_content) == b"%PDF-1.7 legal"


def test_another_candidate_gets_404_for_the_certificate(client, outsider, make_certificate):
    certificate = with_pdf(make_certificate(status=C.SENT))
    client.force_login(outsider)

    assert client.get(download_url(certificate)).status_code == 404
    assert client.get(download_url(certificate, "legalisir")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_login_for_a_download(client, make_certificate):
    certificate = with_pdf(make_certificate(status=C.SENT))

    response = client.get(download_url(certificate))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_certificate_not_ready_is_not_found(client, make_certificate):
    certificate = make_certificate(status=C.LEGALISATION, pdf_state=FileState.PENDING)
    client = logged_in(client, certificate)

    assert client.get(download_url(certificate)).status_code == 404
    assert client.get(download_url(certificate, "legalisir")).status_code == 404
    assert client.get(download_url(certificate, "lainnya")).status_code == 404


def test_a_revoked_certificate_is_no_longer_handed_out(client, make_certificate):
    certificate = with_pdf(
        make_certificate(status=C.SENT, revoked_at=timezone.now(), revocation_reason="Data palsu")
    )
    client = logged_in(client, certificate)

    page = client.get(MINE).content.decode()

    assert client.get(download_url(certificate)).status_code == 404
    assert "Sertifikat ini dicabut:" in page
    assert "Data palsu" in page
    assert download_url(certificate) not in page


def test_the_owner_downloads_the_result_letter_and_nobody_else(
    client, outsider, certificate_officer
):
    application = ApplicationFactory(status=ApplicationStatus.FAILED)
    letter = published_letter(application, certificate_officer)
    url = reverse("certificate_result_letter", args=[letter.public_id])

    client.force_login(application.candidate)
    page = client.get(MINE).content.decode()
    response = client.get(url)
    client.force_login(outsider)
    stranger = client.get(url)

    assert url in page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 surat hasil"
    assert stranger.status_code == 404


def test_a_result_letter_not_ready_is_not_found(client, certificate_officer):
    application = ApplicationFactory(status=ApplicationStatus.FAILED)
    letter = published_letter(application, certificate_officer, ready=False)
    client.force_login(application.candidate)

    response = client.get(reverse("certificate_result_letter", args=[letter.public_id]))

    assert response.status_code == 404
    assert "Sedang dibuat" in client.get(MINE).content.decode()
