"""The certificate staff screens: a queue per stage for each role, batch actions that report
what was refused, overdue highlighting, one certificate's page with the actions of its stage,
and the download of its signed PDFs."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.constants import CertificateStatus as C
from certificates.constants import FileState
from certificates.models import Certificate
from portal.calendar import working_days_overdue
from portal.events import event_record
from registration.constants import ApplicationStatus
from registration.models import Level
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

QUEUE = "/sertifikat/staf/"
BATCH = "/sertifikat/staf/proses/"
PDF = b"%PDF-1.7 signed certificate"


def detail_url(certificate) -> str:
    return reverse("certificates_detail", args=[certificate.public_id])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def madya_to_utama():
    return ApplicationFactory(
        status=ApplicationStatus.PASSED,
        current_level=Level.objects.get(code="ahli-madya"),
        target_level=Level.objects.get(code="ahli-utama"),
    )


def with_pdf(certificate, *, legalised: bool = False):
    certificate.pdf.save("sertifikat.pdf", ContentFile(PDF), save=False)
    certificate.pdf_state = FileState.READY
    if legalised:
        certificate.legalised_pdf.save(
            "legalisir.pdf", ContentFile(b"%PDF-1.7 legalised copy"), save=False
        )
        certificate.legalised_pdf_state = FileState.READY
    certificate.save()
    return certificate


@pytest.fixture
def officer_client(client, certificate_officer):
    client.force_login(certificate_officer)
    return client


# --- Queues ------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", [C.DATA_CHECK, C.ISSUANCE, C.LEGALISATION, C.SHIPPING, C.SENT])
def test_the_officer_has_a_queue_for_each_of_their_stages(officer_client, make_certificate, stage):
    here = make_certificate(status=stage, name="Dewi Anggraini, S.Hum.")
    make_certificate(status=C.SIGNING, name="Bukan Antrean Ini")

    response = officer_client.get(QUEUE, {"tahap": stage})

    assert response.status_code == 200
    assert [c.pk for c in response.context["page"]] == [here.pk]
    html = response.content.decode()
    assert "Dewi Anggraini, S.Hum." in html
    assert "Bukan Antrean Ini" not in html
    assert [tab[0] for tab in response.context["tabs"]] == [
        C.DATA_CHECK,
        C.ISSUANCE,
        C.LEGALISATION,
        C.SHIPPING,
        C.SENT,
    ]


def test_the_queue_row_shows_number_name_nip_level_purpose_and_the_candidates_answer(
    officer_client, make_certificate
):
    make_certificate(
        status=C.DATA_CHECK, name="Dr. Rina Wulandari, M.Hum.", correction_request="Gelar salah"
    )
    make_certificate(status=C.DATA_CHECK, candidate_confirmed_at=timezone.now())

    html = officer_client.get(QUEUE).content.decode()

    assert "Dr. Rina Wulandari, M.Hum." in html
    assert "Minta perbaikan" in html
    assert "Sudah benar" in html
    assert "Kenaikan jenjang" in html
    nip = Certificate.objects.first().nip
    assert f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" in html  # the |nip filter
    issued = make_certificate(status=C.SHIPPING)
    assert issued.number in officer_client.get(QUEUE, {"tahap": C.SHIPPING}).content.decode()


def test_the_bkpsdm_officer_works_only_on_the_disposition_queue(
    client, bkpsdm_officer, make_certificate
):
    certificate = make_certificate(status=C.DISPOSITION, application=madya_to_utama())
    client.force_login(bkpsdm_officer)

    response = client.get(QUEUE)

    assert response.context["stage"] == C.DISPOSITION
    assert [c.pk for c in response.context["page"]] == [certificate.pk]
    assert [tab[0] for tab in response.context["tabs"]] == [C.DISPOSITION]
    assert client.get(QUEUE, {"tahap": C.DATA_CHECK}).status_code == 403
    assert client.get(QUEUE, {"tahap": C.SIGNING}).status_code == 403


def test_the_signing_official_works_only_on_the_signing_queue(
    client, signing_official, make_certificate
):
    certificate = make_certificate(status=C.SIGNING)
    client.force_login(signing_official)

    response = client.get(QUEUE)

    assert response.context["stage"] == C.SIGNING
    assert [c.pk for c in response.context["page"]] == [certificate.pk]
    assert response.context["batch"] == "tandatangani"
    assert client.get(QUEUE, {"tahap": C.LEGALISATION}).status_code == 403


# User, roles, the second factor, the providers' services (a list of ids: issue 19, a plan that
# does not walk every application), count, the page's ids, its rows, closures for the overdue
# days, the tabs' counts, and on a page with rows whether a certificate PDF and a result letter
# are ready for the bulk ZIP (two EXISTS), and the reader's conflict-of-interest declaration
# (registration.conflicts: whose certificates the queue leaves out): 12. The same budget holds
# for 2 rows and a full page of 40.
QUEUE_QUERY_BUDGET = 12


@pytest.mark.parametrize("rows", [2, 42])
def test_the_queue_query_count_does_not_grow_with_rows(
    officer_client, make_certificate, django_assert_max_num_queries, rows
):
    today = timezone.localdate()
    for number in range(rows):
        make_certificate(status=C.DATA_CHECK, due_date=today + timedelta(days=number - rows // 2))

    with django_assert_max_num_queries(QUEUE_QUERY_BUDGET):
        response = officer_client.get(QUEUE)

    assert len(response.context["page"].object_list) == min(rows, 40)


def test_the_officer_may_not_open_other_roles_queues(officer_client):
    assert officer_client.get(QUEUE, {"tahap": C.DISPOSITION}).status_code == 403
    assert officer_client.get(QUEUE, {"tahap": C.SIGNING}).status_code == 403
    assert officer_client.get(QUEUE, {"tahap": "bukan-tahap"}).status_code == 404


@pytest.mark.parametrize("who", ["verifier", "administrator", "outsider"])
def test_other_users_are_refused_the_queue(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(QUEUE).status_code == 403
    assert client.post(BATCH, {"action": "validasi"}).status_code == 403


def test_an_overdue_certificate_is_highlighted_with_its_working_days(
    officer_client, make_certificate
):
    today = timezone.localdate()
    due = today - timedelta(days=10)
    late = make_certificate(status=C.DATA_CHECK, due_date=due, name="Terlambat Sekali")
    make_certificate(status=C.DATA_CHECK, due_date=today + timedelta(days=3), name="Masih Aman")

    response = officer_client.get(QUEUE)

    days = working_days_overdue(due, today)
    rows = {c.pk: c.overdue_days for c in response.context["page"]}
    assert rows[late.pk] == days
    assert list(rows.values()).count(None) == 1
    html = response.content.decode()
    overdue_row = html.split('class="queue-table__overdue"')[1].split("</tr>")[0]
    assert "Terlambat Sekali" in overdue_row
    assert f"terlambat {days} hari kerja" in overdue_row
    assert html.count("queue-table__overdue") == 1


def test_the_queue_takes_the_same_number_of_queries_however_many_rows(
    officer_client, make_certificate
):
    past = timezone.localdate() - timedelta(days=5)
    for _ in range(2):
        make_certificate(status=C.DATA_CHECK, due_date=past)
    with CaptureQueriesContext(connection) as few:
        assert officer_client.get(QUEUE).status_code == 200
    for _ in range(8):
        make_certificate(status=C.DATA_CHECK, due_date=past, correction_request="Nama salah")
    with CaptureQueriesContext(connection) as many:
        response = officer_client.get(QUEUE)

    assert len(response.context["page"]) == 10
    assert len(many) == len(few)


def test_the_queue_is_paginated_one_batch_a_page(officer_client, make_certificate):
    for _ in range(41):
        make_certificate(status=C.DATA_CHECK)

    first = officer_client.get(QUEUE)
    second = officer_client.get(QUEUE, {"halaman": 2})

    assert len(first.context["page"]) == 40
    assert len(second.context["page"]) == 1
    assert "Halaman 1 dari 2" in first.content.decode()


# --- Batch actions -----------------------------------------------------------------------------


def test_a_batch_validation_reports_what_was_done_and_what_was_refused(
    officer_client, make_certificate
):
    ready = [make_certificate(status=C.DATA_CHECK) for _ in range(2)]
    asked = make_certificate(
        status=C.DATA_CHECK, name="Minta Diperbaiki", correction_request="Gelar salah"
    )

    response = officer_client.post(
        BATCH,
        {"action": "validasi", "pilih": [c.public_id for c in [*ready, asked]]},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"{QUEUE}?tahap=data_check"
    statuses = dict(Certificate.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in ready] == [C.ISSUANCE, C.ISSUANCE]
    assert statuses[asked.pk] == C.DATA_CHECK
    notes = messages_of(response)
    assert "2 sertifikat divalidasi dan diteruskan ke penerbitan." in notes
    assert any(note.startswith("Minta Diperbaiki (") and "perbaikan" in note for note in notes)
    assert [c.pk for c in response.context["page"]] == [asked.pk]


def test_a_second_click_on_a_batch_refuses_without_harm(officer_client, make_certificate):
    certificate = make_certificate(status=C.DATA_CHECK)
    data = {"action": "validasi", "pilih": [certificate.public_id]}

    officer_client.post(BATCH, data, follow=True)
    response = officer_client.post(BATCH, data, follow=True)

    certificate.refresh_from_db()
    assert certificate.status == C.ISSUANCE
    (note,) = messages_of(response)
    assert "Penerbitan" in note


def test_a_batch_issue_numbers_and_sends_madya_to_utama_to_disposition(
    officer_client, make_certificate
):
    regular = make_certificate(status=C.ISSUANCE)
    promotion = make_certificate(status=C.ISSUANCE, application=madya_to_utama())

    response = officer_client.post(
        BATCH,
        {"action": "terbitkan", "pilih": [regular.public_id, promotion.public_id]},
        follow=True,
    )

    regular.refresh_from_db()
    promotion.refresh_from_db()
    assert (regular.status, promotion.status) == (C.SIGNING, C.DISPOSITION)
    year = timezone.localdate().year
    assert {regular.number, promotion.number} == {f"UKP/{year}/000001", f"UKP/{year}/000002"}
    assert "2 sertifikat diberi nomor." in messages_of(response)


def test_the_signing_official_signs_a_batch(client, signing_official, make_certificate):
    certificates = [make_certificate(status=C.SIGNING) for _ in range(3)]
    client.force_login(signing_official)

    response = client.post(
        BATCH, {"action": "tandatangani", "pilih": [c.public_id for c in certificates]}
    )

    assert response.status_code == 302
    for certificate in certificates:
        certificate.refresh_from_db()
        assert certificate.status == C.LEGALISATION
        assert certificate.signed_by == signing_official
        assert certificate.pdf_state == FileState.PENDING


def test_a_batch_action_of_another_role_is_refused(officer_client, make_certificate):
    certificate = make_certificate(status=C.SIGNING)

    response = officer_client.post(
        BATCH, {"action": "tandatangani", "pilih": [certificate.public_id]}
    )

    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == C.SIGNING


def test_a_batch_without_a_choice_says_so(officer_client):
    response = officer_client.post(BATCH, {"action": "validasi"}, follow=True)

    assert messages_of(response) == ["Pilih sedikitnya satu sertifikat."]


def test_a_batch_legalisation_refuses_one_whose_pdf_is_not_ready(officer_client, make_certificate):
    ready = with_pdf(make_certificate(status=C.LEGALISATION))
    rendering = make_certificate(status=C.LEGALISATION, pdf_state=FileState.PENDING)

    response = officer_client.post(
        BATCH, {"action": "legalisir", "pilih": [ready.public_id, rendering.public_id]}, follow=True
    )

    ready.refresh_from_db()
    rendering.refresh_from_db()
    assert (ready.status, ready.legalised_pdf_state) == (C.SHIPPING, FileState.PENDING)
    assert rendering.status == C.LEGALISATION
    assert any("belum selesai dibuat" in note for note in messages_of(response))


# --- One certificate ---------------------------------------------------------------------------


def test_the_detail_shows_the_data_the_correction_request_and_the_timeline(
    officer_client, certificate_officer, make_certificate
):
    certificate = make_certificate(
        status=C.DATA_CHECK, correction_request="Tempat lahir seharusnya Sleman."
    )
    event_record(
        subject=certificate.application,
        kind="certificate_correction_requested",
        actor=certificate.application.candidate,
        note="Tempat lahir seharusnya Sleman.",
    )
    event_record(subject=certificate.application, kind="status", to_state="passed")

    response = officer_client.get(detail_url(certificate))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Peserta meminta perbaikan data:" in html
    assert "Tempat lahir seharusnya Sleman." in html
    assert "Yogyakarta" in html  # in the edit form
    assert [entry.title for entry in response.context["timeline"]] == [
        "Peserta meminta perbaikan data"
    ]
    assert response.context["timeline"][0].problem
    # Validation waits for the correction (the service would refuse it), and the page says so.
    assert response.context["single_actions"] == []
    assert response.context["waiting"] == [
        "Peserta meminta perbaikan data; perbaiki datanya dahulu sebelum divalidasi."
    ]


def test_the_officer_corrects_the_data_while_it_is_checked(officer_client, make_certificate):
    certificate = make_certificate(status=C.DATA_CHECK, correction_request="Gelar kurang M.Hum.")
    data = {
        "name": "Rina Wulandari, S.I.Pust., M.Hum.",
        "nip": certificate.nip,
        "birth_place": "Yogyakarta",
        "birth_date": "1986-09-26",
        "rank": certificate.rank,
        "position": certificate.position,
        "purpose": certificate.purpose,
        "level": certificate.level,
        "institution": certificate.institution,
    }

    response = officer_client.post(
        reverse("certificates_data_update", args=[certificate.public_id]), data
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.name == "Rina Wulandari, S.I.Pust., M.Hum."
    assert certificate.correction_request == ""


def test_an_incomplete_data_form_is_shown_again_with_the_error(officer_client, make_certificate):
    certificate = make_certificate(status=C.DATA_CHECK)

    response = officer_client.post(
        reverse("certificates_data_update", args=[certificate.public_id]), {"name": ""}
    )

    assert response.status_code == 400
    assert response.context["data_form"].errors["name"]
    certificate.refresh_from_db()
    assert certificate.name == "Rina Wulandari, S.I.Pust."


def test_validated_data_can_no_longer_be_edited(officer_client, make_certificate):
    certificate = make_certificate(status=C.ISSUANCE)

    page = officer_client.get(detail_url(certificate))
    response = officer_client.post(
        reverse("certificates_data_update", args=[certificate.public_id]),
        {
            "name": "Nama Lain",
            "nip": certificate.nip,
            "birth_place": "Sleman",
            "birth_date": "1986-09-26",
            "rank": "x",
            "position": "x",
            "purpose": "x",
            "level": "x",
            "institution": "x",
        },
    )

    assert page.context["data_form"] is None
    assert response.status_code == 400
    assert any("tahap" in note for note in messages_of(response))
    certificate.refresh_from_db()
    assert certificate.name == "Rina Wulandari, S.I.Pust."


def test_the_officer_validates_one_certificate_from_its_page(officer_client, make_certificate):
    certificate = make_certificate(status=C.DATA_CHECK)

    response = officer_client.post(
        reverse("certificates_act", args=[certificate.public_id, "validasi"])
    )

    assert response.url == detail_url(certificate)
    certificate.refresh_from_db()
    assert certificate.status == C.ISSUANCE


def test_the_bkpsdm_officer_approves_a_disposition(client, bkpsdm_officer, make_certificate):
    certificate = make_certificate(
        status=C.DISPOSITION, application=madya_to_utama(), needs_disposition=True
    )
    client.force_login(bkpsdm_officer)
    assert "dispose" in client.get(detail_url(certificate)).context["allowed"]

    response = client.post(
        reverse("certificates_dispose", args=[certificate.public_id]), {"decision": "setujui"}
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == C.SIGNING
    assert certificate.disposed_at is not None


def test_a_disposition_is_returned_only_with_a_note(client, bkpsdm_officer, make_certificate):
    certificate = make_certificate(
        status=C.DISPOSITION, application=madya_to_utama(), needs_disposition=True
    )
    client.force_login(bkpsdm_officer)
    url = reverse("certificates_dispose", args=[certificate.public_id])

    refused = client.post(url, {"decision": "kembalikan", "note": ""})
    certificate.refresh_from_db()
    assert refused.status_code == 400
    assert certificate.status == C.DISPOSITION
    assert "Tuliskan alasan sertifikat ini dikembalikan." in messages_of(refused)

    client.post(url, {"decision": "kembalikan", "note": "Pangkat belum sesuai SK terakhir."})
    certificate.refresh_from_db()
    assert certificate.status == C.DATA_CHECK
    assert certificate.disposition_note == "Pangkat belum sesuai SK terakhir."


def test_the_bkpsdm_officer_does_not_see_certificates_without_disposition(
    client, bkpsdm_officer, make_certificate
):
    certificate = make_certificate(status=C.SIGNING)
    client.force_login(bkpsdm_officer)

    assert client.get(detail_url(certificate)).status_code == 404


def test_the_signing_official_signs_from_the_page(client, signing_official, make_certificate):
    certificate = make_certificate(status=C.SIGNING)
    client.force_login(signing_official)
    page = client.get(detail_url(certificate))

    client.post(reverse("certificates_act", args=[certificate.public_id, "tandatangani"]))

    assert [slug for slug, _label in page.context["single_actions"]] == ["tandatangani"]
    assert page.context["data_form"] is None
    certificate.refresh_from_db()
    assert certificate.status == C.LEGALISATION


def test_the_officer_records_the_shipping_and_the_candidate_is_mailed(
    officer_client, make_certificate, django_capture_on_commit_callbacks
):
    certificate = make_certificate(status=C.SHIPPING)
    url = reverse("certificates_ship", args=[certificate.public_id])

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            url,
            {"courier": "Pos Indonesia", "tracking_number": "P2606123456", "sent_on": "2026-01-05"},
        )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == C.SENT
    assert (certificate.courier, certificate.tracking_number) == ("Pos Indonesia", "P2606123456")
    assert certificate.sent_on == date(2026, 1, 5)
    (message,) = mail.outbox
    assert message.to == [certificate.application.candidate.email]
    assert "P2606123456" in message.body


def test_a_shipping_date_in_the_future_is_refused(officer_client, make_certificate):
    certificate = make_certificate(status=C.SHIPPING)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = officer_client.post(
        reverse("certificates_ship", args=[certificate.public_id]),
        {"courier": "JNE", "tracking_number": "123", "sent_on": tomorrow.isoformat()},
    )

    assert response.status_code == 400
    assert "Tanggal dikirim tidak boleh di masa depan." in messages_of(response)
    certificate.refresh_from_db()
    assert certificate.status == C.SHIPPING


def test_the_officer_marks_a_sent_certificate_delivered(officer_client, make_certificate):
    certificate = make_certificate(status=C.SENT)

    first = officer_client.post(
        reverse("certificates_deliver", args=[certificate.public_id]), follow=True
    )
    again = officer_client.post(
        reverse("certificates_deliver", args=[certificate.public_id]), follow=True
    )

    certificate.refresh_from_db()
    assert certificate.status == C.DELIVERED
    assert certificate.delivered_at is not None
    assert messages_of(first) == ["Sertifikat dicatat sudah diterima peserta."]
    (refusal,) = messages_of(again)  # the second click is told, not a 500
    assert "Diterima" in refusal


def test_an_unknown_certificate_answers_404(officer_client):
    url = reverse("certificates_detail", args=["0b3e2a4c-0000-4000-8000-000000000000"])

    assert officer_client.get(url).status_code == 404


# --- Downloads ---------------------------------------------------------------------------------


def test_staff_download_the_signed_pdf_and_the_legalised_copy(officer_client, make_certificate):
    certificate = with_pdf(make_certificate(status=C.SHIPPING), legalised=True)

    original = officer_client.get(
        reverse("certificates_download", args=[certificate.public_id, "asli"])
    )
    copy = officer_client.get(
        reverse("certificates_download", args=[certificate.public_id, "legalisir"])
    )

    assert original.status_code == 200
    assert original["Content-Type"] == "application/pdf"
    assert original["Content-Disposition"].startswith("attachment;")
    assert b"".join(original.streaming_content) == PDF
    assert b"".join(copy.streaming_content) == b"%PDF-1.7 legalised copy"
    page = officer_client.get(detail_url(certificate)).content.decode()
    assert reverse("certificates_download", args=[certificate.public_id, "legalisir"]) in page


def test_a_pdf_not_ready_is_not_found(officer_client, make_certificate):
    certificate = make_certificate(status=C.LEGALISATION, pdf_state=FileState.PENDING)

    for kind in ("asli", "legalisir", "lainnya"):
        url = reverse("certificates_download", args=[certificate.public_id, kind])
        assert officer_client.get(url).status_code == 404
