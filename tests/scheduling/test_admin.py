"""The exam session admin shows seat counts without a query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registration.constants import ApplicationStatus
from scheduling.services import seat_take
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def changelist_queries(client, count, make_session):
    for _ in range(count):
        session = make_session(capacity=4)
        application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
        seat_take(session=session, application=application, actor=application.candidate)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/scheduling/examsession/")
    assert response.status_code == 200
    return response, len(queries)


def test_the_session_list_shows_seats_and_its_queries_do_not_grow(
    client, administrator, make_session
):
    client.force_login(administrator)
    _, few = changelist_queries(client, 2, make_session)
    response, many = changelist_queries(client, 8, make_session)

    assert many == few
    assert "kursi terisi" in response.text.lower()


def test_a_session_page_lists_its_seats_read_only(client, administrator, make_session):
    client.force_login(administrator)
    session = make_session()
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    seat_take(session=session, application=application, actor=application.candidate)

    response = client.get(f"/admin/scheduling/examsession/{session.pk}/change/")

    assert response.status_code == 200
    assert str(application) in response.text
