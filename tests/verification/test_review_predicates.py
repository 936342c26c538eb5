""" "May this verifier do this now?": the predicates in verification.workflow, their truth tables,
and the review page offering its buttons and forms exactly when the service accepts them."""

from itertools import product

import pytest
from django.db import transaction
from django.urls import reverse

from portal.constants import Role
from portal.models import Service
from registration.constants import ApplicationStatus, Verdict
from registration.exceptions import ApplicationError
from registration.models import Application
from tests.factories import SERVICE_SLUG, ApplicationFactory, ProviderFactory, ServiceFactory
from verification import services, workflow

pytestmark = pytest.mark.django_db

NOBODY, ME, ANOTHER = "nobody", "me", "another verifier"


@pytest.fixture
def verifiers(verifier, make_user):
    return {ME: verifier, ANOTHER: make_user("verifikator-lain", Role.VERIFIER)}


def held_by(holder, verifiers):
    return None if holder == NOBODY else verifiers[holder]


@pytest.fixture
def exam():
    """The librarian exam, whose provider the default verifier works for."""
    return Service.objects.get(slug=SERVICE_SLUG)


@pytest.mark.parametrize(
    ("status", "holder"), list(product(ApplicationStatus.values, [NOBODY, ME, ANOTHER]))
)
def test_a_verifier_takes_a_submitted_application_nobody_else_holds(
    verifiers, make_user, exam, status, holder
):
    application = Application(service=exam, status=status, verifier=held_by(holder, verifiers))

    refusal = workflow.claim_refusal(application, verifiers[ME])
    scheduler = workflow.claim_refusal(application, make_user("penjadwal", Role.SCHEDULER))

    expected = status == ApplicationStatus.SUBMITTED and holder in (NOBODY, ME)
    assert (refusal is None) is expected
    assert scheduler is not None


@pytest.mark.parametrize(
    ("status", "holder"), list(product(ApplicationStatus.values, [NOBODY, ME, ANOTHER]))
)
def test_only_the_verifier_holding_an_application_in_review_works_on_it(
    verifiers, exam, status, holder
):
    application = Application(service=exam, status=status, verifier=held_by(holder, verifiers))

    refusal = workflow.review_refusal(application, verifiers[ME])

    assert (refusal is None) is (status == ApplicationStatus.IN_REVIEW and holder == ME)


def test_only_a_verifier_at_the_applications_provider_takes_it_and_works_on_it(verifier, make_user):
    elsewhere = ServiceFactory(provider=ProviderFactory())
    there = make_user("verifikator-sana", Role.VERIFIER, provider=elsewhere.provider)
    both = make_user(
        "verifikator-dua", Role.VERIFIER, provider=[verifier_provider(), elsewhere.provider]
    )
    waiting = Application(service=elsewhere, status=ApplicationStatus.SUBMITTED)

    assert workflow.claim_refusal(waiting, verifier) is not None  # a verifier at Perpusnas only
    assert workflow.claim_refusal(waiting, there) is None
    assert workflow.claim_refusal(waiting, both) is None
    # Holding it (say, the role was since taken away there) is not enough to work on it.
    for person in (verifier, there, both):
        taken = Application(service=elsewhere, status=ApplicationStatus.IN_REVIEW, verifier=person)
        assert (workflow.review_refusal(taken, person) is None) is (person is not verifier)


def verifier_provider():
    return Service.objects.get(slug=SERVICE_SLUG).provider


class _Tried(Exception):
    pass


def accepted(call) -> bool:
    try:
        with transaction.atomic():
            call()
            raise _Tried
    except _Tried:
        return True
    except ApplicationError:
        return False


@pytest.mark.parametrize(
    ("status", "holder"),
    [
        (ApplicationStatus.SUBMITTED, NOBODY),
        (ApplicationStatus.SUBMITTED, ME),  # resubmitted to the verifier who returned it
        (ApplicationStatus.SUBMITTED, ANOTHER),
        (ApplicationStatus.IN_REVIEW, ME),
        (ApplicationStatus.IN_REVIEW, ANOTHER),
        (ApplicationStatus.RETURNED, ME),
        (ApplicationStatus.VERIFIED, ME),
        (ApplicationStatus.REJECTED, ME),
    ],
)
def test_the_review_page_offers_each_action_exactly_when_the_service_accepts_it(
    client, verifiers, status, holder
):
    application = ApplicationFactory(
        submitted=True, status=status, verifier=held_by(holder, verifiers)
    )
    application.documents.update(verdict=Verdict.VALID)
    document = application.documents.filter(is_current=True).first()
    me = verifiers[ME]
    client.force_login(me)

    context = client.get(reverse("verification_detail", args=[application.public_id])).context

    def fresh():
        return Application.objects.get(pk=application.pk)

    # Taking one already in my review is a second click the service lets pass, not an offer.
    second_click = (status, holder) == (ApplicationStatus.IN_REVIEW, ME)
    assert context["can_claim"] is (
        accepted(lambda: services.application_claim(application=fresh(), verifier=me))
        and not second_click
    )
    assert context["can_release"] is accepted(
        lambda: services.application_release(application=fresh(), verifier=me)
    )
    assert (context["decision_form"] is not None) is accepted(
        lambda: services.application_decide(
            application=fresh(), verifier=me, decision=ApplicationStatus.VERIFIED
        )
    )
    review_forms = [form for _slot, form in context["documents"] if form is not None]
    assert bool(review_forms) is accepted(
        lambda: services.document_review(document=document, verifier=me, verdict=Verdict.VALID)
    )
