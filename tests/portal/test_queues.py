"""The staff queues page through ids (portal.queues.queue_page): a page is its ids first, then
its rows, so every page of every queue costs the same queries, however deep."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates import staff_views as certificate_views
from certificates.constants import CertificateStatus
from complaints import staff_views as complaint_views
from complaints.constants import ComplaintKind
from complaints.services import complaint_submit
from portal.constants import Role
from portal.models import Service
from portal.queues import queue_page
from registration.constants import ApplicationStatus
from registration.models import Application
from scheduling import staff_views as scheduling_views
from scheduling.constants import SessionMode, SessionStatus
from scheduling.models import ExamSession
from tests.factories import SERVICE_SLUG, ApplicationFactory, CertificateFactory
from verification import views as verification_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications():
    """Seven submitted applications, due one day apart (the queue's order)."""
    today = timezone.localdate()
    return [
        ApplicationFactory(
            status=ApplicationStatus.SUBMITTED,
            submitted_at=timezone.now(),
            due_date=today + timedelta(days=number),
        )
        for number in range(7)
    ]


def ordered():
    return Application.objects.order_by("due_date", "pk")


# --- The helper ---------------------------------------------------------------------------------


def test_a_page_holds_its_rows_in_the_querysets_order_with_the_whole_count(applications):
    page = queue_page(ordered(), number="2", per_page=3)

    assert page.paginator.count == 7
    assert page.number == 2
    assert list(page.object_list) == applications[3:6]


def test_a_wrong_or_too_large_page_number_gives_the_first_or_the_last_page(applications):
    assert list(queue_page(ordered(), number="x", per_page=3).object_list) == applications[:3]
    assert list(queue_page(ordered(), number="99", per_page=3).object_list) == applications[6:]


def test_the_rows_are_read_with_what_the_row_queryset_adds(applications):
    rows = Application.objects.select_related("candidate").annotate(marked=Value(1))

    page = queue_page(ordered(), number=1, per_page=3, rows=rows)

    assert [application.marked for application in page] == [1, 1, 1]
    assert list(page.object_list) == applications[:3]


@pytest.mark.parametrize("number", [1, 2, 3])
def test_every_page_is_the_count_the_ids_and_the_rows(
    applications, django_assert_num_queries, number
):
    with django_assert_num_queries(3):
        page = queue_page(ordered(), number=number, per_page=3)
        list(page)


def test_an_empty_queue_is_its_count_alone(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = queue_page(Application.objects.filter(pk__lt=0).order_by("pk"), number=1, per_page=3)

    assert list(page) == []
    assert page.paginator.count == 0


# --- Every queue: page 1 and a deep page cost the same --------------------------------------------

PER_PAGE = 3
ROWS = 10  # four pages of three


def _applications():
    for _ in range(ROWS):
        ApplicationFactory(submitted=True)


def _certificates():
    for _ in range(ROWS):
        CertificateFactory(status=CertificateStatus.DATA_CHECK)


def _complaints():
    for number in range(ROWS):
        complaint_submit(
            kind=ComplaintKind.COMPLAINT,
            subject=f"Pengaduan {number}",
            description="Unggahan SK jabatan selalu gagal sejak kemarin.",
            reporter_name="Budi Santoso",
            reporter_email="budi@example.test",
        )


def _sessions():
    now = timezone.now()
    service = Service.objects.get(slug=SERVICE_SLUG)
    for number in range(ROWS):
        starts_at = now + timedelta(days=number + 1)
        ExamSession.objects.create(
            service=service,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            mode=SessionMode.ONLINE,
            meeting_link="https://zoom.example.test/j/123",
            platform="Zoom",
            capacity=10,
            booking_opens_at=now - timedelta(days=1),
            booking_closes_at=starts_at - timedelta(hours=12),
            status=SessionStatus.OPEN,
        )


QUEUES = {
    "verification": (verification_views, "verification_queue", Role.VERIFIER, _applications),
    "certificates": (
        certificate_views,
        "certificates_queue",
        Role.CERTIFICATE_OFFICER,
        _certificates,
    ),
    "complaints": (complaint_views, "complaints_queue", Role.COMPLAINT_HANDLER, _complaints),
    "sessions": (scheduling_views, "scheduling_sessions", Role.SCHEDULER, _sessions),
}


def _queries(client, url: str, number: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"halaman": number})
    assert response.status_code == 200
    assert response.context["page"].number == number
    # The rows skipped to reach the page are ids alone; the page's rows are read by id.
    skipping = [query["sql"] for query in queries if " OFFSET " in query["sql"]]
    if number > 1:
        (ids,) = skipping
        assert re.match(r'SELECT "\w+"\."id" AS "pk" FROM "\w+" (WHERE|ORDER BY)', ids), ids
    return len(queries), len(response.context["page"].object_list)


@pytest.mark.parametrize("queue", QUEUES)
def test_page_one_and_a_deep_page_of_each_queue_make_the_same_queries(
    client, make_user, monkeypatch, queue
):
    module, url_name, role, fill = QUEUES[queue]
    monkeypatch.setattr(module, "PAGE_SIZE", PER_PAGE)
    fill()
    client.force_login(make_user("staf", role))
    url = reverse(url_name)
    client.get(url)  # caches that fill once per process (content types, the calendar)

    first = _queries(client, url, 1)
    deep = _queries(client, url, 3)

    assert first == deep
    assert first[1] == PER_PAGE
