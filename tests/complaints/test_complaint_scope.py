"""Each provider has its own complaint team: a handler sees and acts on the complaints of the
providers where they hold the role. Another provider's complaint is in no list, count, report
or digest of theirs, its pages answer 404 (not 403: it is not shown to exist), and the services
refuse them. A person on two providers' teams sees both."""

import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from complaints.constants import Channel, ComplaintKind, ComplaintStatus, MessageKind, Priority
from complaints.digest import digest_send
from complaints.exceptions import ComplaintError
from complaints.models import Complaint
from complaints.services import (
    complaint_assign,
    complaint_message_add,
    complaint_priority_set,
    complaint_transition,
)
from complaints.staff_forms import AssignForm
from portal.constants import Role
from portal.models import Provider, Service
from tests.factories import PERPUSNAS, SERVICE_SLUG, ProviderFactory, ServiceFactory, pdf_bytes

pytestmark = pytest.mark.django_db

QUEUE = reverse("complaints_queue")
RECORD = reverse("complaints_record")
REPORT = reverse("complaint_report_staff")
MONDAY = date(2027, 9, 13)  # a working day (tests/complaints/test_complaint_digest.py)


@pytest.fixture
def other():
    return ProviderFactory(slug="penyelenggara-kedua", name="Penyelenggara Kedua")


@pytest.fixture
def other_service(other):
    return ServiceFactory(provider=other, name="Layanan Kedua", slug="layanan-kedua")


@pytest.fixture
def ours(make_complaint):
    return make_complaint(service=Service.objects.get(slug=SERVICE_SLUG), subject="Milik kami")


@pytest.fixture
def theirs(make_complaint, other_service):
    return make_complaint(
        service=other_service,
        subject="Milik penyelenggara kedua",
        attachments=[SimpleUploadedFile("bukti.pdf", pdf_bytes(), content_type="application/pdf")],
    )


@pytest.fixture
def handler_there(make_user, other):
    return make_user("pengaduan-kedua", Role.COMPLAINT_HANDLER, provider=other)


@pytest.fixture
def handler_of_both(make_user, other):
    perpusnas = Provider.objects.get(slug=PERPUSNAS)
    return make_user("pengaduan-dua", Role.COMPLAINT_HANDLER, provider=[perpusnas, other])


def listed(client) -> set:
    response = client.get(QUEUE, {"status": "semua"})
    assert response.status_code == 200
    return set(response.context["page"].object_list)


def test_the_queue_lists_only_the_readers_providers_complaints(
    client, handler, handler_there, handler_of_both, ours, theirs
):
    client.force_login(handler)
    assert listed(client) == {ours}
    client.force_login(handler_there)
    assert listed(client) == {theirs}
    client.force_login(handler_of_both)
    assert listed(client) == {ours, theirs}


def test_the_service_filter_offers_only_the_readers_providers_services(
    client, handler, handler_of_both, other_service
):
    client.force_login(handler)
    assert other_service not in client.get(QUEUE).context["filter"].form.fields["layanan"].queryset
    client.force_login(handler_of_both)
    assert other_service in client.get(QUEUE).context["filter"].form.fields["layanan"].queryset


def test_the_staff_home_counts_only_the_readers_providers_complaints(
    client, handler, handler_of_both, ours, theirs
):
    client.force_login(handler)
    assert client.get("/staf/").context["complaints"]["to_verify"] == 1
    client.force_login(handler_of_both)
    assert client.get("/staf/").context["complaints"]["to_verify"] == 2


def _pages(complaint) -> list[tuple[str, str, dict]]:
    args = [complaint.public_id]
    return [
        ("get", reverse("complaints_detail", args=args), {}),
        ("post", reverse("complaints_assign", args=args), {}),
        ("post", reverse("complaints_priority", args=args), {"priority": Priority.URGENT}),
        ("post", reverse("complaints_transition", args=args), {"to": ComplaintStatus.VERIFIED}),
        ("post", reverse("complaints_message", args=args), {"kind": "reply", "body": "Halo"}),
        ("post", reverse("complaints_note", args=args), {"body": "Catatan"}),
        (
            "get",
            reverse("complaints_attachment", args=[*args, complaint.attachments.get().public_id]),
            {},
        ),
        ("get", reverse("complaints_attachment", args=[*args, uuid.uuid4()]), {}),
    ]


def test_another_providers_complaint_is_not_found_on_any_page(client, handler, theirs):
    client.force_login(handler)

    for method, url, data in _pages(theirs):
        assert getattr(client, method)(url, data).status_code == 404, url
    theirs.refresh_from_db()
    assert (theirs.status, theirs.priority, theirs.messages.count()) == (
        ComplaintStatus.RECEIVED,
        Priority.NORMAL,
        0,
    )


def test_its_own_team_and_a_member_of_both_open_it(client, handler_there, handler_of_both, theirs):
    detail, attachment = _pages(theirs)[0][1], _pages(theirs)[6][1]
    for person in (handler_there, handler_of_both):
        client.force_login(person)
        assert client.get(detail).status_code == 200
        response = client.get(attachment)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_services_refuse_a_handler_of_another_provider(handler, handler_there, theirs):
    refused = [
        lambda: complaint_transition(complaint=theirs, to=ComplaintStatus.VERIFIED, actor=handler),
        lambda: complaint_assign(complaint=theirs, handler=handler, actor=handler),
        lambda: complaint_priority_set(complaint=theirs, priority=Priority.HIGH, actor=handler),
        lambda: complaint_message_add(
            complaint=theirs, kind=MessageKind.NOTE, body="Catatan", actor=handler
        ),
    ]
    for call in refused:
        with pytest.raises(ComplaintError):
            call()

    complaint_transition(complaint=theirs, to=ComplaintStatus.VERIFIED, actor=handler_there)
    assert Complaint.objects.get(pk=theirs.pk).status == ComplaintStatus.VERIFIED


def test_a_complaint_is_assigned_only_within_its_providers_team(
    handler, handler_there, handler_of_both, theirs
):
    choices = AssignForm(provider_id=theirs.provider_id).fields["handler"].queryset
    assert set(choices) == {handler_there, handler_of_both}

    with pytest.raises(ComplaintError, match="anggota tim"):
        complaint_assign(complaint=theirs, handler=handler, actor=handler_there)
    complaint_assign(complaint=theirs, handler=handler_of_both, actor=handler_there)
    assert Complaint.objects.get(pk=theirs.pk).assigned_to == handler_of_both


def test_another_providers_complaint_is_no_original_of_a_duplicate(
    client, handler_of_both, ours, theirs
):
    client.force_login(handler_of_both)  # sees both, yet they are not the same provider's

    response = client.post(
        reverse("complaints_transition", args=[ours.public_id]),
        {"to": ComplaintStatus.DUPLICATE, "duplicate_code": theirs.tracking_code},
    )

    assert response.status_code == 400
    assert "Tidak ada pengaduan dengan kode ini." in response.content.decode()
    with pytest.raises(ComplaintError):
        complaint_transition(
            complaint=ours, to=ComplaintStatus.DUPLICATE, actor=handler_of_both, duplicate_of=theirs
        )
    assert Complaint.objects.get(pk=ours.pk).status == ComplaintStatus.RECEIVED


def _record_data(**fields) -> dict:
    return {
        "channel": Channel.TELEPHONE,
        "received_date": "2026-03-02",
        "received_time": "14:30",
        "kind": ComplaintKind.COMPLAINT,
        "subject": "Lewat telepon",
        "description": "Dicatat dari telepon.",
        **fields,
    }


def test_a_handler_records_complaints_for_their_own_providers_only(
    client, handler, handler_there, other_service, other
):
    client.force_login(handler)
    form = client.get(RECORD).context["form"]
    assert other_service not in form.fields["service"].queryset
    assert other not in form.fields["provider"].queryset

    response = client.post(RECORD, _record_data(service=other_service.pk))
    assert response.status_code == 400
    assert not Complaint.objects.exists()

    client.force_login(handler_there)
    assert client.post(RECORD, _record_data(service=other_service.pk)).status_code == 302
    # Without a service or provider the complaint is the portal's default provider's, whose
    # team this handler is not on.
    response = client.post(RECORD, _record_data())
    assert response.status_code == 400, response.context["form"].errors
    assert "tempat Anda menjadi tim pengelola pengaduan" in response.content.decode()
    assert Complaint.objects.get().provider == other


def test_the_digest_goes_to_each_providers_team_with_its_complaints_only(
    handler, handler_there, handler_of_both, ours, theirs, django_capture_on_commit_callbacks
):
    Complaint.objects.update(due_date=MONDAY)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send(today=MONDAY) == 4  # ours to 2 people, theirs to 2

    received: dict[str, list[str]] = {}
    for message in mail.outbox:
        received.setdefault(message.to[0], []).append(message.body)
    assert len(received[handler.email]) == 1
    assert ours.tracking_code in received[handler.email][0]
    assert theirs.tracking_code not in received[handler.email][0]
    assert len(received[handler_there.email]) == 1
    assert theirs.tracking_code in received[handler_there.email][0]
    assert ours.tracking_code not in received[handler_there.email][0]
    bodies = received[handler_of_both.email]
    assert len(bodies) == 2
    assert {ours.tracking_code in body for body in bodies} == {True, False}
    sender = next(m for m in mail.outbox if m.to == [handler_there.email]).from_email
    assert "Penyelenggara Kedua" in sender


def _report_total(client, **params) -> int:
    today = timezone.localdate()
    query = {"dari": (today - timedelta(days=1)).isoformat(), "sampai": today.isoformat()}
    response = client.get(REPORT, {**query, **params})
    assert response.status_code == 200
    return response.context["report"].total


def test_the_staff_report_counts_only_the_readers_providers_complaints(
    client, handler, handler_of_both, make_user, ours, theirs, other, other_service
):
    client.force_login(handler)
    assert _report_total(client) == 1
    form = client.get(REPORT).context["form"]
    assert other_service not in form.fields["layanan"].queryset
    assert other not in form.fields["penyelenggara"].queryset
    assert client.get(REPORT, {"penyelenggara": other.slug}).status_code == 400

    client.force_login(make_user("admin-perpus", Role.ADMINISTRATOR))
    assert _report_total(client) == 1

    client.force_login(handler_of_both)
    assert _report_total(client) == 2
    assert _report_total(client, penyelenggara=other.slug) == 1
    csv = client.get(
        reverse("complaint_report_staff_download", args=["csv"]),
        {"dari": "2000-01-01", "sampai": timezone.localdate().isoformat()},
    ).content.decode("utf-8-sig")
    assert "Pengaduan diterima,2" in csv
