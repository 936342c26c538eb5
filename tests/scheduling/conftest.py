"""Fixtures for the scheduling tests: a scheduler and a way to make sessions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.constants import Role
from portal.models import Service
from scheduling.constants import SessionMode, SessionStatus
from scheduling.models import ExamSession
from tests.factories import SERVICE_SLUG


@pytest.fixture
def scheduler(make_user):
    return make_user("penjadwal", Role.SCHEDULER)


def session_values(**fields) -> dict:
    """The fields of an open online session of the librarian exam in two weeks, booking open for
    a week; `fields` change or add to them."""
    now = timezone.now()
    starts_at = fields.pop("starts_at", now + timedelta(days=14))
    return {
        "service": Service.objects.get(slug=SERVICE_SLUG),
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=3),
        "mode": SessionMode.ONLINE,
        "meeting_link": "https://zoom.example.test/j/123",
        "platform": "Zoom",
        "capacity": 10,
        "booking_opens_at": now - timedelta(days=1),
        "booking_closes_at": now + timedelta(days=7),
        "status": SessionStatus.OPEN,
        **fields,
    }


def session_make(**fields) -> ExamSession:
    """An open online session of the librarian exam in two weeks, booking open for a week."""
    return ExamSession.objects.create(**session_values(**fields))


@pytest.fixture
def make_session():
    return session_make


@pytest.fixture
def assessor(make_user):
    return make_user("asesor", Role.ASSESSOR, first_name="Dewi Lestari")


@pytest.fixture
def head_assessor(make_user):
    """The head of the panel (ketua panel): an assessor who also publishes the results."""
    return make_user("ketua-panel", Role.ASSESSOR, first_name="Bambang Sutrisno")
