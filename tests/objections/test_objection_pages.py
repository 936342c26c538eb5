"""The objection pages: the dashboard's link only while the window is open, the candidate's
form (errors next to the field, a double click keeps one objection), the staff queue (by role
and provider, constant queries) and the answer form; the objection and its answer in the
candidate's and the panel's timelines."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from objections import services
from objections.models import Objection
from portal.constants import Role
from tests.factories import ApplicationFactory
from tests.objections.conftest import decision_move

pytestmark = pytest.mark.django_db

REASON = "Ijazah terakhir saya sudah diunggah pada halaman kedua berkas."


def test_the_dashboard_offers_the_objection_with_its_last_day(client, rejected):
    client.force_login(rejected.candidate)

    page = client.get(reverse("dashboard")).content.decode()

    assert reverse("objection_new", args=[rejected.public_id]) in page
    assert "Ajukan keberatan" in page


def test_the_dashboard_no_longer_offers_it_once_the_window_closed(client, rejected):
    decision_move(rejected, datetime.date(2026, 1, 5))
    client.force_login(rejected.candidate)

    page = client.get(reverse("dashboard")).content.decode()

    assert reverse("objection_new", args=[rejected.public_id]) not in page
    form = client.get(reverse("objection_new", args=[rejected.public_id])).content.decode()
    assert "sudah lewat" in form
    assert 'name="reason"' not in form


def test_a_short_reason_is_shown_next_to_its_field_and_kept(client, rejected):
    client.force_login(rejected.candidate)

    response = client.post(
        reverse("objection_new", args=[rejected.public_id]), {"reason": "Tidak setuju."}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_reason"' in page  # the error summary links to the field
    assert "20 karakter" in page
    assert "Tidak setuju." in page
    assert not Objection.objects.exists()


def test_a_double_click_keeps_one_objection(client, rejected):
    client.force_login(rejected.candidate)
    url = reverse("objection_new", args=[rejected.public_id])

    first = client.post(url, {"reason": REASON})
    second = client.post(url, {"reason": REASON})

    objection = Objection.objects.get()
    detail = reverse("objection_detail", args=[objection.public_id])
    assert first["Location"] == detail
    assert second["Location"] == detail


def test_an_attachment_that_is_no_pdf_is_refused_next_to_its_field(client, rejected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(rejected.candidate)
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    response = client.post(
        reverse("objection_new", args=[rejected.public_id]),
        {"reason": REASON, "attachment": fake},
    )

    assert response.status_code == 400
    assert 'href="#id_attachment"' in response.content.decode()
    assert not Objection.objects.exists()


def test_the_attachment_opens_for_its_candidate_and_its_panel_only(
    client, rejected, verifier, outsider, make_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import pdf_bytes

    objection = services.objection_submit(
        application=rejected,
        actor=rejected.candidate,
        reason=REASON,
        attachment=SimpleUploadedFile("bukti.pdf", pdf_bytes(), "application/pdf"),
    )
    own = reverse("objection_file", args=[objection.public_id])
    staff = reverse("objections_staff_file", args=[objection.public_id])

    client.force_login(rejected.candidate)
    assert _read(client.get(own)).startswith(b"%PDF-")
    client.force_login(outsider)
    assert client.get(own).status_code == 404
    client.force_login(verifier)
    assert _read(client.get(staff)).startswith(b"%PDF-")
    client.force_login(make_user("asesor", Role.ASSESSOR))  # not the panel of a rejection
    assert client.get(staff).status_code == 404


def _read(response) -> bytes:
    """The file's bytes, read to the end (which closes it)."""
    assert response.status_code == 200
    assert response["Content-Security-Policy"].find("sandbox") >= 0
    return b"".join(response.streaming_content)


def test_another_candidate_finds_neither_the_form_nor_the_objection(client, rejected, outsider):
    objection = services.objection_submit(
        application=rejected, actor=rejected.candidate, reason=REASON
    )
    client.force_login(outsider)

    assert client.get(reverse("objection_new", args=[rejected.public_id])).status_code == 404
    assert client.get(reverse("objection_detail", args=[objection.public_id])).status_code == 404


def test_another_providers_verifier_finds_no_objection(client, rejected, make_user, lan):
    objection = services.objection_submit(
        application=rejected, actor=rejected.candidate, reason=REASON
    )
    client.force_login(make_user("verifikator-lan", Role.VERIFIER, provider=lan))

    queue = client.get(reverse("objections_staff_queue")).content.decode()
    detail = client.get(reverse("objections_staff_detail", args=[objection.public_id]))

    assert str(objection.public_id) not in queue
    assert detail.status_code == 404


def test_the_anonymous_visitor_is_sent_to_the_login(client, rejected):
    response = client.get(reverse("objection_new", args=[rejected.public_id]))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def _objections(count: int) -> None:
    for _ in range(count):
        application = ApplicationFactory(status="rejected")
        Objection.objects.create(
            application=application,
            kind="verification",
            decided_at=application.created_at,
            reason=REASON,
            due_date=datetime.date(2026, 1, 5),
        )


def test_the_queue_costs_the_same_queries_for_two_or_ten_objections(client, verifier):
    client.force_login(verifier)
    _objections(2)
    client.get(reverse("objections_staff_queue"))  # warm the caches (roles, content types)
    with CaptureQueriesContext(connection) as few:
        small = client.get(reverse("objections_staff_queue"))
    _objections(8)
    with CaptureQueriesContext(connection) as many:
        large = client.get(reverse("objections_staff_queue"))

    assert small.content.decode().count("queue-table__overdue") == 2  # long past their due date
    assert large.content.decode().count("queue-table__overdue") == 10
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_answer_form_requires_an_answer_for_a_refusal(client, rejected, verifier):
    objection = services.objection_submit(
        application=rejected, actor=rejected.candidate, reason=REASON
    )
    client.force_login(verifier)

    response = client.post(
        reverse("objections_staff_detail", args=[objection.public_id]),
        {"outcome": "rejected", "answer": ""},
    )

    assert response.status_code == 400
    assert 'href="#id_answer"' in response.content.decode()
    objection.refresh_from_db()
    assert objection.state == "open"


def test_the_objection_and_its_answer_are_in_both_timelines(client, rejected, verifier):
    objection = services.objection_submit(
        application=rejected, actor=rejected.candidate, reason=REASON
    )
    client.force_login(verifier)
    answered = client.post(
        reverse("objections_staff_detail", args=[objection.public_id]),
        {"outcome": "accepted", "answer": "Ijazah S1 ada di halaman kedua."},
    )
    assert answered.status_code == 302

    staff = client.get(reverse("verification_detail", args=[rejected.public_id])).content
    client.force_login(rejected.candidate)
    candidate = client.get(reverse("application")).content
    own = client.get(reverse("objection_detail", args=[objection.public_id])).content

    for page in (staff.decode(), candidate.decode(), own.decode()):
        assert "Keberatan atas penolakan verifikasi diajukan" in page
        assert "Keberatan diterima" in page
        assert "Ijazah S1 ada di halaman kedua." in page
    assert "Diverifikasi ulang setelah keberatan diterima" in candidate.decode()
