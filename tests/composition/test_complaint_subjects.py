"""Complaints cannot import the exam sessions and certificates a complaint may be about; the
composition layer registers their resolvers (composition.apps). Each finds the session or the
certificate at the complaint's provider only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.constants import AboutKind
from complaints.exceptions import ComplaintError
from complaints.subjects import subject_kinds, subject_resolve
from portal.models import Service
from scheduling.constants import SessionMode
from scheduling.models import ExamSession
from tests.factories import SERVICE_SLUG

pytestmark = pytest.mark.django_db


def session_of(service) -> ExamSession:
    now = timezone.now()
    return ExamSession.objects.create(
        service=service,
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=3),
        mode=SessionMode.ONLINE,
        capacity=10,
        booking_opens_at=now,
        booking_closes_at=now + timedelta(days=5),
    )


def test_every_subject_kind_has_a_resolver_once_the_apps_are_ready():
    assert subject_kinds() == list(AboutKind.values)


def test_a_session_is_found_at_its_provider_and_refused_at_another(other_provider_service):
    service = Service.objects.get(slug=SERVICE_SLUG)
    session = session_of(service)
    found = subject_resolve(
        kind=AboutKind.SESSION, key=str(session.pk), provider_id=service.provider_id
    )
    assert found.key == str(session.pk) and service.name in found.label
    with pytest.raises(ComplaintError) as refused:
        subject_resolve(
            kind=AboutKind.SESSION,
            key=str(session.pk),
            provider_id=other_provider_service.provider_id,
        )
    assert "Sesi uji ini tidak ditemukan" in str(refused.value)
    with pytest.raises(ComplaintError):
        subject_resolve(kind=AboutKind.SESSION, key="bukan-angka", provider_id=service.provider_id)
