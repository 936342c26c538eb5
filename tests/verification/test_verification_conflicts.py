"""A verifier never verifies an application they conflict with (registration.conflicts): not
in their queue or counts, refused with the reason by URL, by POST and in the service."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.constants import Role
from portal.models import StaffRole
from registration import services as registration
from registration.constants import ApplicationStatus, Relationship
from registration.models import Application
from tests.factories import ApplicationFactory
from verification import selectors, services
from verification.exceptions import VerificationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def relative_application(verifier):
    application = ApplicationFactory(submitted=True)
    registration.staff_declaration_save(
        user=verifier,
        actor=verifier,
        nip="",
        work_unit="",
        institution="",
        relatives=[
            registration.RelativeInput(
                nip=application.candidate.nip, relationship=Relationship.PARENT
            )
        ],
    )
    return application


@pytest.fixture
def stranger_application():
    return ApplicationFactory(submitted=True)


def test_queue_leaves_out_a_relatives_application(
    client, verifier, relative_application, stranger_application
):
    client.force_login(verifier)
    page = client.get(reverse("verification_queue")).content.decode()
    assert relative_application.reference not in page
    assert stranger_application.reference in page


def test_counts_leave_it_out(verifier, relative_application, stranger_application):
    counts = selectors.verifier_queue_counts(verifier=verifier, today=timezone.localdate())
    assert counts["waiting"] == 1


def test_detail_by_url_refuses_with_the_reason(client, verifier, relative_application):
    client.force_login(verifier)
    response = client.get(reverse("verification_detail", args=[relative_application.public_id]))
    assert response.status_code == 403
    assert "kerabat yang dinyatakan (orang tua)" in response.content.decode()


@pytest.mark.parametrize(
    "action", ["verification_claim", "verification_release", "verification_decide"]
)
def test_post_actions_refuse_with_the_reason(client, verifier, relative_application, action):
    client.force_login(verifier)
    response = client.post(reverse(action, args=[relative_application.public_id]))
    assert response.status_code == 403
    assert "kerabat yang dinyatakan" in response.content.decode()
    relative_application.refresh_from_db()
    assert relative_application.status == ApplicationStatus.SUBMITTED
    assert relative_application.verifier_id is None


def test_service_refuses_to_claim_it(verifier, relative_application):
    with pytest.raises(VerificationError, match="Konflik kepentingan: kerabat yang dinyatakan"):
        services.application_claim(application=relative_application, verifier=verifier)


def test_service_refuses_a_held_one_after_the_declaration(verifier):
    """Declared after taking it: the verifier can no longer judge or decide it."""
    application = ApplicationFactory(submitted=True)
    services.application_claim(application=application, verifier=verifier)
    registration.staff_declaration_save(
        user=verifier,
        actor=verifier,
        nip="",
        work_unit=application.candidate.profile.work_unit,
        institution="",
        relatives=[],
    )
    verifier = type(verifier).objects.get(pk=verifier.pk)
    with pytest.raises(VerificationError, match="satu unit kerja"):
        services.application_release(application=application, verifier=verifier)


def test_own_application_is_refused(make_user):
    application = ApplicationFactory(submitted=True)
    candidate = application.candidate
    StaffRole.objects.create(
        user=candidate, role=Role.VERIFIER, provider_id=application.service.provider_id
    )
    with pytest.raises(VerificationError, match="pengajuan sendiri"):
        services.application_claim(application=application, verifier=candidate)


def test_without_conflict_claim_works_as_before(client, verifier, stranger_application):
    client.force_login(verifier)
    client.post(reverse("verification_claim", args=[stranger_application.public_id]))
    assert Application.objects.get(pk=stranger_application.pk).verifier_id == verifier.pk
