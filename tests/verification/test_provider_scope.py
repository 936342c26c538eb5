"""A verifier works the applications of the providers where they hold the role: another
provider's application is in no list or count, and its pages answer 404 (not 403: it is not
shown to exist). Account claims are the librarian exam's provider's. A person verifying at two
providers sees both."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.constants import Role
from portal.models import Provider
from registration.constants import ApplicationStatus, ClaimStatus
from registration.exceptions import ApplicationError
from tests.factories import (
    PERPUSNAS,
    AccountClaimFactory,
    ApplicationFactory,
    DocumentFactory,
    ProviderFactory,
    ServiceFactory,
)
from tests.verification.test_queue import QUEUE_QUERY_BUDGET
from verification import services

pytestmark = pytest.mark.django_db

QUEUE = reverse("verification_queue")
CLAIMS = reverse("verification_account_claims")


@pytest.fixture
def lan():
    """A second provider, with a service and an application waiting there."""
    return ProviderFactory(slug="penyelenggara-kedua", name="Penyelenggara Kedua")


@pytest.fixture
def theirs(lan):
    return ApplicationFactory(
        service=ServiceFactory(provider=lan, name="Layanan Kedua", slug="layanan-kedua"),
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
        due_date=timezone.localdate(),
    )


@pytest.fixture
def ours():
    return ApplicationFactory(submitted=True)


@pytest.fixture
def verifier_there(make_user, lan):
    return make_user("verifikator-kedua", Role.VERIFIER, provider=lan)


@pytest.fixture
def verifier_of_both(make_user, lan):
    perpusnas = Provider.objects.get(slug=PERPUSNAS)
    return make_user("verifikator-dua", Role.VERIFIER, provider=[perpusnas, lan])


def listed(client) -> set:
    response = client.get(QUEUE, {"status": "semua"})
    assert response.status_code == 200
    return set(response.context["page"].object_list)


def test_the_queue_lists_only_the_readers_providers_applications(
    client, verifier, verifier_there, verifier_of_both, ours, theirs
):
    client.force_login(verifier)
    assert listed(client) == {ours}
    client.force_login(verifier_there)
    assert listed(client) == {theirs}
    client.force_login(verifier_of_both)
    assert listed(client) == {ours, theirs}


def test_the_service_filter_offers_only_the_readers_providers_services(
    client, verifier, verifier_of_both, theirs
):
    client.force_login(verifier)
    choices = client.get(QUEUE).context["filter"].form.fields["layanan"].queryset
    assert theirs.service not in choices
    # Asking for it anyway is an invalid choice, never a way in.
    response = client.get(QUEUE, {"layanan": theirs.service.slug, "status": "semua"})
    assert theirs not in response.context["page"].object_list

    client.force_login(verifier_of_both)
    assert theirs.service in client.get(QUEUE).context["filter"].form.fields["layanan"].queryset


def test_the_staff_home_counts_only_the_readers_providers_applications(
    client, verifier, verifier_of_both, ours, theirs
):
    client.force_login(verifier)
    assert client.get("/staf/").context["verification"]["waiting"] == 1
    client.force_login(verifier_of_both)
    assert client.get("/staf/").context["verification"]["waiting"] == 2


def _pages(application) -> list[tuple[str, str]]:
    args = [application.public_id]
    return [
        ("get", reverse("verification_detail", args=args)),
        ("post", reverse("verification_claim", args=args)),
        ("post", reverse("verification_release", args=args)),
        ("post", reverse("verification_decide", args=args)),
    ]


def test_another_providers_application_is_not_found_on_any_page(client, verifier, theirs):
    client.force_login(verifier)

    for method, url in _pages(theirs):
        assert getattr(client, method)(url).status_code == 404, url
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.SUBMITTED and theirs.verifier is None


def test_its_own_verifiers_and_those_of_both_open_it(
    client, verifier_there, verifier_of_both, theirs
):
    for person in (verifier_there, verifier_of_both):
        client.force_login(person)
        assert (
            client.get(reverse("verification_detail", args=[theirs.public_id])).status_code == 200
        )


def test_the_service_refuses_another_providers_verifier(verifier, verifier_there, theirs):
    with pytest.raises(ApplicationError):
        services.application_claim(application=theirs, verifier=verifier)

    services.application_claim(application=theirs, verifier=verifier_there)
    theirs.refresh_from_db()
    assert (theirs.status, theirs.verifier) == (ApplicationStatus.IN_REVIEW, verifier_there)


def test_the_queue_query_count_is_the_same_for_a_verifier_of_two_providers(
    client, verifier_of_both, django_assert_max_num_queries, theirs
):
    for _ in range(5):
        ApplicationFactory(
            service=theirs.service,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())
    client.force_login(verifier_of_both)

    with django_assert_max_num_queries(QUEUE_QUERY_BUDGET):
        assert len(client.get(QUEUE).context["page"].object_list) == 11


def test_a_document_of_another_providers_application_is_not_found(client, verifier, theirs, lan):
    document = DocumentFactory(
        application=theirs, requirement=ApplicationFactory().service.requirements.first()
    )
    url = reverse("document_file", args=[document.public_id])

    client.force_login(verifier)
    assert client.get(url).status_code == 404


# --- Account claims: the librarian registry is the exam's provider's --------------------------


def _claim_pages(claim) -> list[tuple[str, str]]:
    return [
        ("get", CLAIMS),
        ("get", reverse("verification_account_claim", args=[claim.public_id])),
        ("post", reverse("verification_account_claim_decide", args=[claim.public_id])),
        (
            "get",
            reverse(
                "verification_account_claim_file",
                args=[claim.public_id, claim.documents.first().public_id],
            ),
        ),
    ]


def test_account_claims_are_not_found_by_verifiers_of_another_provider(client, verifier_there):
    claim = AccountClaimFactory()
    client.force_login(verifier_there)

    for method, url in _claim_pages(claim):
        assert getattr(client, method)(url, {"decision": ClaimStatus.REJECTED}).status_code == (
            404
        ), url
    home = client.get("/staf/")
    assert home.context["verification"]["account_claims"] is None
    assert CLAIMS not in home.content.decode()
    assert CLAIMS not in client.get(QUEUE).content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_the_claim_service_refuses_a_verifier_of_another_provider(verifier_there):
    claim = AccountClaimFactory()

    with pytest.raises(Exception, match="tim verifikasi"):
        services.account_claim_decide(
            claim=claim, verifier=verifier_there, decision=ClaimStatus.REJECTED, note="Tidak."
        )


def test_verifiers_at_the_exams_provider_see_the_claims(client, verifier, verifier_of_both):
    claim = AccountClaimFactory()
    for person in (verifier, verifier_of_both):
        client.force_login(person)
        assert client.get("/staf/").context["verification"]["account_claims"] == 1
        assert CLAIMS in client.get(QUEUE).content.decode()
        for _method, url in _claim_pages(claim)[:2]:
            assert client.get(url).status_code == 200
