"""The public complaint pages: the form (no account, honeypot, rate limit, files), the thank-you
page, the tracking page (what the reporter sees and may do) and the dashboard's card."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.constants import ComplaintKind, ComplaintStatus, MessageKind
from complaints.models import Complaint
from complaints.services import complaint_message_add, complaint_transition
from complaints.tracking import code_normalize
from portal.models import Service
from tests.factories import SERVICE_SLUG, ApplicationFactory, ProfileFactory, pdf_bytes

pytestmark = pytest.mark.django_db

CODE = re.compile(r"ADU-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}")


def form_data(**fields) -> dict:
    return {
        "kind": ComplaintKind.COMPLAINT,
        "service": "",
        "subject": "Jadwal ujian tidak muncul",
        "description": "Sudah terverifikasi sejak Senin, tetapi jadwal belum bisa dipilih.",
        "incident_date": "2026-01-12",
        "reporter_name": "Dewi Anggraini",
        "reporter_email": "dewi@example.test",
        "reporter_phone": "0812 3456 7890",
        "website": "",
        **fields,
    }


def track_url(complaint) -> str:
    return reverse("complaint_track", args=[complaint.tracking_code])


# --- the form --------------------------------------------------------------------------------


def test_the_form_needs_no_account_and_explains_the_two_privacy_choices(client):
    page = client.get(reverse("complaint_new")).content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert "Rahasiakan identitas saya (anonim)" in page
    # Sealed even from the complaint team (issue 20): the form must not promise less or more.
    assert "termasuk tim pengelola pengaduan" in page
    assert "hanya dapat dilihat oleh tim pengelola pengaduan" not in page
    assert "tidak pernah ditampilkan kepada publik" in page
    # The honeypot is there, hidden from people and screen readers.
    honeypot = page[page.index('aria-hidden="true">\n        <label for="id_website"') :][:300]
    assert 'name="website"' in honeypot
    assert 'tabindex="-1"' in honeypot


def test_a_complaint_is_sent_and_the_tracking_code_shown(
    client, django_capture_on_commit_callbacks
):
    service = Service.objects.get(slug=SERVICE_SLUG)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("complaint_new"),
            form_data(
                service=service.pk,
                confidential="on",
                attachments=[SimpleUploadedFile("bukti.pdf", pdf_bytes())],
            ),
        )

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    complaint = Complaint.objects.get()
    assert complaint.tracking_code in page
    assert "Salin" in page
    assert track_url(complaint) in page
    assert (complaint.subject, complaint.service, complaint.confidential) == (
        "Jadwal ujian tidak muncul",
        service,
        True,
    )
    assert complaint.incident_date == date(2026, 1, 12)
    assert complaint.reporter is None
    assert complaint.attachments.get().original_name == "bukti.pdf"
    assert complaint.tracking_code in mail.outbox[0].body
    # Reloading shows the code again; nothing is sent twice.
    assert complaint.tracking_code in client.get(response.url).content.decode()
    assert Complaint.objects.count() == 1


def test_the_thank_you_page_without_a_submission_goes_back_to_the_form(client):
    response = client.get(reverse("complaint_submitted"))

    assert response.status_code == 302
    assert response.url == reverse("complaint_new")


def test_a_filled_honeypot_looks_like_success_but_saves_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("complaint_new"), form_data(website="http://murah.example"))

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "laporan Anda sudah kami terima" in page
    assert CODE.search(page)
    assert Complaint.objects.count() == 0
    assert mail.outbox == []


def test_a_complaint_over_the_hourly_budget_from_one_address_is_refused(client, settings):
    hourly = int(settings.PORTAL_RATE_LIMITS["complaint_submit"].split("/")[0])  # as shipped
    for n in range(hourly):
        response = client.post(reverse("complaint_new"), form_data(subject=f"Laporan {n}"))
        assert response.status_code == 302

    response = client.post(reverse("complaint_new"), form_data(subject="Laporan lagi"))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Complaint.objects.count() == hourly
    assert client.get(reverse("complaint_new")).status_code == 200  # reading is not limited


def test_a_bad_file_is_named_and_everything_typed_is_kept(client):
    response = client.post(
        reverse("complaint_new"),
        form_data(
            anonymous="on",
            attachments=[
                SimpleUploadedFile("surat.pdf", pdf_bytes()),
                SimpleUploadedFile("tangkapan-layar.png", b"bukan gambar"),
            ],
        ),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "tangkapan-layar.png" in page
    assert "tidak dapat diterima" in page
    assert 'value="Jadwal ujian tidak muncul"' in page
    assert "Sudah terverifikasi sejak Senin" in page
    assert 'value="dewi@example.test"' in page
    assert re.search(r'name="anonymous"[^>]*checked', page)
    assert "pilih lagi berkas lampiran" in page
    assert Complaint.objects.count() == 0


def test_a_logged_in_candidate_finds_their_details_filled_in_and_the_complaint_linked(client):
    profile = ProfileFactory()
    client.force_login(profile.user)

    page = client.get(reverse("complaint_new")).content.decode()
    assert f'value="{profile.full_name}"' in page
    assert f'value="{profile.user.email}"' in page
    assert f'value="{profile.whatsapp}"' in page

    client.post(
        reverse("complaint_new"),
        form_data(reporter_name=profile.full_name, reporter_email=profile.user.email),
    )
    assert Complaint.objects.get().reporter == profile.user


def test_an_incident_in_the_future_is_refused(client):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(reverse("complaint_new"), form_data(incident_date=tomorrow.isoformat()))

    assert response.status_code == 400
    assert "tidak boleh di masa depan" in response.content.decode()


# --- the tracking page -----------------------------------------------------------------------


def test_the_lookup_form_accepts_a_code_typed_loosely(client, make_complaint):
    complaint = make_complaint()
    typed = complaint.tracking_code.lower().replace("-", " ")

    response = client.get(reverse("complaint_track_lookup"), {"code": typed})

    assert response.status_code == 302
    assert response.url == track_url(complaint)


def test_a_lowercase_address_goes_to_the_canonical_one(client, make_complaint):
    complaint = make_complaint()

    response = client.get(reverse("complaint_track", args=[complaint.tracking_code.lower()]))

    assert response.status_code == 302
    assert response.url == track_url(complaint)


def test_an_unknown_code_gets_a_friendly_not_found_page(client):
    for code in ("ADU-2222-2222", "sembarang"):
        response = client.get(reverse("complaint_track", args=[code]))

        assert response.status_code == 404
        page = response.content.decode()
        assert "Pengaduan tidak ditemukan" in page
        assert "Coba kode lain" in page


def test_the_lookups_are_rate_limited(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "complaint_track": "3/m/ip"}
    for _ in range(3):
        assert client.get(reverse("complaint_track", args=["ADU-2222-2222"])).status_code == 404

    response = client.get(reverse("complaint_track", args=["ADU-3333-3333"]))

    assert response.status_code == 429


def test_the_reporter_sees_status_history_and_public_messages_but_no_notes_or_names(
    client, make_complaint, handler
):
    complaint = make_complaint()
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_message_add(
        complaint=complaint,
        kind=MessageKind.NOTE,
        body="Catatan internal: cek log server.",
        actor=handler,
    )
    complaint_message_add(
        complaint=complaint,
        kind=MessageKind.QUESTION,
        body="Pada jam berapa Anda mencoba?",
        actor=handler,
    )

    response = client.get(track_url(complaint))

    page = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "Diterima" in page
    assert "Terverifikasi" in page
    assert "Pada jam berapa Anda mencoba?" in page
    assert "Catatan internal" not in page
    assert "Sari Handayani" not in page  # the handler's name
    assert handler.username not in page
    assert "Tim pengelola pengaduan" in page
    assert "menunggu jawaban Anda" in page
    assert "Budi Santoso" not in page  # the reporter's identity is not on the page


def test_the_reporter_answers_a_question_with_a_file(client, make_complaint, handler):
    complaint = make_complaint()
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_message_add(
        complaint=complaint, kind=MessageKind.REPLY, body="Sudah kami perbaiki.", actor=handler
    )

    response = client.post(
        track_url(complaint),
        {
            "body": "Masih gagal pukul 09.00.",
            "attachments": [SimpleUploadedFile("layar.pdf", pdf_bytes())],
        },
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_PROGRESS  # answered → back to the team
    page = client.get(track_url(complaint)).content.decode()
    assert "Masih gagal pukul 09.00." in page
    assert "layar.pdf" in page
    assert "Keterangan Anda sudah kami terima" in page


def test_an_empty_addition_is_refused_on_the_page(client, make_complaint):
    complaint = make_complaint()

    response = client.post(track_url(complaint), {"body": ""})

    assert response.status_code == 400
    assert complaint.messages.count() == 0


def closed(complaint, handler):
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    complaint_message_add(
        complaint=complaint, kind=MessageKind.REPLY, body="Jawaban kami.", actor=handler
    )
    complaint_transition(complaint=complaint, to=ComplaintStatus.CLOSED, actor=handler)
    return complaint


def test_a_closed_complaint_offers_reopening_and_the_survey(client, make_complaint, handler):
    complaint = closed(make_complaint(), handler)

    page = client.get(track_url(complaint)).content.decode()

    assert "Buka kembali pengaduan" in page
    assert f'href="/survei/pengaduan/{complaint.tracking_code}/"' in page
    assert 'name="body"' not in page  # no additions to a finished complaint

    response = client.post(track_url(complaint), {"reopen": "1", "note": "Masih terjadi."})

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_PROGRESS
    assert "Masih terjadi." in client.get(track_url(complaint)).content.decode()


def test_after_the_reopening_period_the_page_no_longer_offers_it(client, make_complaint, handler):
    complaint = closed(make_complaint(), handler)
    Complaint.objects.filter(pk=complaint.pk).update(closed_at=timezone.now() - timedelta(days=30))

    page = client.get(track_url(complaint)).content.decode()
    assert "Buka kembali pengaduan" not in page
    response = client.post(track_url(complaint), {"reopen": "1", "note": "Masih terjadi."})

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert "sudah lewat" in client.get(track_url(complaint)).content.decode()


def test_an_open_complaint_offers_no_survey(client, make_complaint):
    page = client.get(track_url(make_complaint())).content.decode()

    assert "/survei/pengaduan/" not in page
    assert 'name="body"' in page


# --- the dashboard ---------------------------------------------------------------------------


def test_the_dashboard_lists_the_candidates_complaints_in_constant_queries(client, make_complaint):
    def dashboard(complaints: int) -> tuple[int, str, list[Complaint]]:
        application = ApplicationFactory()
        own = [
            make_complaint(reporter=application.candidate, subject=f"Pengaduan ke-{n}")
            for n in range(complaints)
        ]
        client.force_login(application.candidate)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("dashboard"))
        return len(queries), response.content.decode(), own

    few, first_page, first_own = dashboard(1)
    many, page, own = dashboard(4)

    assert few == many
    assert "Pengaduan Anda" in page
    for complaint in own:
        assert track_url(complaint) in page
    assert first_own[0].tracking_code not in page  # the other candidate's
    assert track_url(first_own[0]) in first_page
    assert "Diterima" in page


def test_a_code_in_an_address_is_never_cached_by_the_lookup(client, make_complaint):
    complaint = make_complaint()

    response = client.get(track_url(complaint))

    assert code_normalize(complaint.tracking_code) == complaint.tracking_code
    assert response.status_code == 200
    assert "noindex" in response.content.decode()
