"""The application's reference number (UKP-2026-000123): given at the first submission from the
service's prefix and a per-year sequence, once even when two clicks race, kept through a
resubmission, and given to the applications submitted before it existed in their order."""

import importlib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from portal.models import Event, Service
from registration import services
from registration.constants import ApplicationStatus
from registration.exceptions import ApplicationError, ApplicationIncomplete
from registration.models import Application, ReferenceSequence
from tests.factories import SERVICE_SLUG, ApplicationFactory, ProfileFactory

YEAR = timezone.localdate().year

backfill_migration = importlib.import_module(
    "registration.migrations.0017_application_reference_backfill"
)


def ready_draft():
    """A complete draft (profile and every document), not yet submitted."""
    return ApplicationFactory(candidate=ProfileFactory().user, documents=True)


@pytest.mark.django_db
def test_the_librarian_exam_numbers_submissions_in_order_with_its_prefix():
    first, second = ready_draft(), ready_draft()

    services.application_submit(application=first, actor=first.candidate, declared=True)
    services.application_submit(application=second, actor=second.candidate, declared=True)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.reference == f"UKP-{YEAR}-000001"
    assert second.reference == f"UKP-{YEAR}-000002"
    assert ReferenceSequence.objects.get(prefix="UKP", year=YEAR).last == 2


@pytest.mark.django_db
def test_a_draft_has_no_reference_until_it_is_submitted():
    draft = ready_draft()

    assert draft.reference is None


@pytest.mark.django_db
def test_the_prefix_is_the_services_and_each_prefix_counts_on_its_own():
    Service.objects.filter(slug=SERVICE_SLUG).update(reference_prefix="ABC")
    application = ready_draft()

    services.application_submit(application=application, actor=application.candidate, declared=True)

    application.refresh_from_db()
    assert application.reference == f"ABC-{YEAR}-000001"
    assert not ReferenceSequence.objects.filter(prefix="UKP").exists()


@pytest.mark.django_db
def test_an_incomplete_submission_takes_no_number():
    draft = ApplicationFactory(candidate=ProfileFactory().user)  # no documents

    with pytest.raises(ApplicationIncomplete):
        services.application_submit(application=draft, actor=draft.candidate, declared=True)

    draft.refresh_from_db()
    assert draft.reference is None
    assert not ReferenceSequence.objects.filter(last__gt=0).exists()


@pytest.mark.django_db
@pytest.mark.django_db
def test_nothing_is_submitted_without_the_declaration_whatever_the_door():
    """The declaration is the service's rule, not only the check-answers form's."""
    draft = ready_draft()

    with pytest.raises(ApplicationError):
        services.application_submit(application=draft, actor=draft.candidate, declared=False)

    draft.refresh_from_db()
    assert (draft.status, draft.reference) == (ApplicationStatus.DRAFT, None)


def test_a_resubmission_after_a_return_keeps_the_number(verifier):
    application = ready_draft()
    services.application_submit(application=application, actor=application.candidate, declared=True)
    application.refresh_from_db()
    reference = application.reference
    services.application_transition(
        application=application, to=ApplicationStatus.IN_REVIEW, actor=verifier
    )
    services.application_transition(
        application=application, to=ApplicationStatus.RETURNED, actor=verifier, note="Perbaiki."
    )

    services.application_submit(
        application=Application.objects.get(pk=application.pk),
        actor=application.candidate,
        declared=True,
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.reference == reference
    assert ReferenceSequence.objects.get(prefix="UKP", year=YEAR).last == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_click_racing_itself_submits_once_with_one_number(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (as in CI): SQLite serialises every write.")
    application = ready_draft()
    clicks = 2
    barrier = threading.Barrier(clicks, timeout=30)

    def click(_):
        try:
            barrier.wait()
            return services.application_submit(
                application=Application.objects.get(pk=application.pk),
                actor=application.candidate,
                declared=True,
            ).reference
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=clicks) as pool:
        references = list(pool.map(click, range(clicks)))

    assert references == [f"UKP-{YEAR}-000001"] * clicks
    assert ReferenceSequence.objects.get(prefix="UKP", year=YEAR).last == 1
    submissions = Event.objects.filter(
        object_id=application.pk, kind="status", to_state=ApplicationStatus.SUBMITTED
    )
    assert submissions.count() == 1


@pytest.mark.django_db
def test_the_backfill_numbers_earlier_submissions_in_their_order_and_new_ones_follow():
    now = timezone.now()
    # Created out of order: the number follows the submission, not the row.
    late = ApplicationFactory(submitted=True, submitted_at=now - timedelta(days=1))
    early = ApplicationFactory(submitted=True, submitted_at=now - timedelta(days=3))
    last_year = ApplicationFactory(
        submitted=True,
        submitted_at=timezone.make_aware(datetime(YEAR - 1, 12, 30, 10)),
        status=ApplicationStatus.VERIFIED,
    )
    draft = ApplicationFactory()
    Application.objects.update(reference=None)
    ReferenceSequence.objects.all().delete()

    backfill_migration.backfill(apps, None)

    assert Application.objects.get(pk=early.pk).reference == f"UKP-{YEAR}-000001"
    assert Application.objects.get(pk=late.pk).reference == f"UKP-{YEAR}-000002"
    assert Application.objects.get(pk=last_year.pk).reference == f"UKP-{YEAR - 1}-000001"
    assert Application.objects.get(pk=draft.pk).reference is None
    fresh = ready_draft()
    services.application_submit(application=fresh, actor=fresh.candidate, declared=True)
    fresh.refresh_from_db()
    assert fresh.reference == f"UKP-{YEAR}-000003"
