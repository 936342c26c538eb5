"""The concurrency proof: 60 candidates press "take a seat" at the same moment for a session
with 10 seats. Exactly 10 get one; the other 50 are told the session is full."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from registration.constants import ApplicationStatus
from scheduling.exceptions import SessionFull
from scheduling.models import Seat
from scheduling.services import seat_take
from tests.factories import ApplicationFactory

CAPACITY = 10
TAKERS = 60


@pytest.mark.django_db(transaction=True)
def test_sixty_simultaneous_takers_fill_ten_seats_and_no_more(reference_data, make_session):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL (as in CI): SQLite serialises every write, so there is no race "
            "to prove. Run with DATABASE_URL=postgres://..."
        )
    session = make_session(capacity=CAPACITY)
    applications = [ApplicationFactory(status=ApplicationStatus.VERIFIED) for _ in range(TAKERS)]
    assert len({a.candidate_id for a in applications}) == TAKERS
    barrier = threading.Barrier(TAKERS, timeout=30)

    def take(application):
        try:
            barrier.wait()
            seat_take(session=session, application=application, actor=application.candidate)
        except Exception as exc:  # any outcome is counted below
            return exc
        finally:
            connection.close()
        return "seat"

    with ThreadPoolExecutor(max_workers=TAKERS) as pool:
        outcomes = list(pool.map(take, applications))

    successes = [o for o in outcomes if o == "seat"]
    full = [o for o in outcomes if isinstance(o, SessionFull)]
    other = [o for o in outcomes if o != "seat" and not isinstance(o, SessionFull)]
    assert other == []
    assert len(successes) == CAPACITY
    assert len(full) == TAKERS - CAPACITY
    assert Seat.objects.filter(session=session).count() == CAPACITY
