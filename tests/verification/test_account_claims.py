"""The verification panel's account-claim screens: the list, one claim, its documents, the
decision."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registration.constants import ApplicationStatus, ClaimStatus
from registration.models import AccountClaim
from tests.factories import AccountClaimFactory, ApplicationFactory, LibrarianFactory

pytestmark = pytest.mark.django_db

LIST = reverse("verification_account_claims")


@pytest.fixture
def panel(client, verifier):
    client.force_login(verifier)
    return client


def claim_for(number: int, **fields) -> AccountClaim:
    nip = f"19860926201505{2 if number % 2 else 1}{number % 999 + 1:03d}"
    return AccountClaimFactory(librarian=LibrarianFactory(nip=nip, name=f"Pustakawan {number}"))


def detail(claim) -> str:
    return reverse("verification_account_claim", args=[claim.public_id])


def test_list_shows_waiting_claims_oldest_first_and_decided_ones_under_their_tab(panel):
    first, second = claim_for(1), claim_for(2)
    decided = claim_for(3)
    AccountClaim.objects.filter(pk=decided.pk).update(status=ClaimStatus.REJECTED)

    page = panel.get(LIST).content.decode()

    assert page.index("Pustakawan 1") < page.index("Pustakawan 2")
    assert "Pustakawan 3" not in page
    assert "p***@contoh.id" in page  # the account's address, masked
    assert first.account.email not in page
    assert "Pustakawan 3" in panel.get(LIST, {"status": "rejected"}).content.decode()
    assert second.public_id


def _list_queries(panel, **query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = panel.get(LIST, query)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_stays_constant_as_claims_grow_and_pages_deepen(panel):
    claim_for(0)
    few = _list_queries(panel)
    for number in range(1, 60):
        claim_for(number)

    # session, user, roles; whether the reader is on the claims panel (the exam's provider); the
    # count, the page's ids, its rows with registry entry and account.
    assert _list_queries(panel) == few
    assert _list_queries(panel, halaman=3) == few
    assert few <= 7


def test_the_list_pages_through_claims_by_id_oldest_waiting_first(panel):
    claims = [claim_for(number) for number in range(30)]
    AccountClaim.objects.update(created_at=claims[0].created_at)  # ties: the id decides

    first = panel.get(LIST)
    second = panel.get(LIST, {"halaman": 2})

    assert [claim.pk for claim in first.context["page"]] == [claim.pk for claim in claims[:25]]
    assert [claim.pk for claim in second.context["page"]] == [claim.pk for claim in claims[25:]]
    assert 'id="tabel-klaim"' in first.content.decode()


def test_claim_page_shows_registry_account_and_documents(panel):
    claim = AccountClaimFactory()
    ApplicationFactory(candidate=claim.account, status=ApplicationStatus.SUBMITTED)

    page = panel.get(detail(claim)).content.decode()

    assert claim.librarian.name in page
    assert claim.librarian.institution in page
    assert "p***@contoh.id" in page
    assert claim.account.email not in page
    assert claim.email in page  # the claimant's confirmed address: where the account would go
    assert "Diajukan, menunggu verifikasi" in page
    assert page.count("/berkas/") >= 2
    assert "NIP saya dipakai orang lain." in page
    assert "Simpan keputusan" in page


def test_claim_page_query_count_does_not_grow_with_applications(
    panel, django_assert_max_num_queries
):
    claim = AccountClaimFactory()
    for status in (ApplicationStatus.REJECTED, ApplicationStatus.FAILED, ApplicationStatus.DRAFT):
        ApplicationFactory(candidate=claim.account, status=status)

    # session, user, roles, the claim with registry entry and account, documents, applications,
    # events (and their content type).
    with django_assert_max_num_queries(8):
        response = panel.get(detail(claim))

    assert response.status_code == 200


def test_claim_page_warns_when_the_claimants_name_differs_from_the_registry(panel):
    same = AccountClaimFactory(full_name="RINA  wulandari")
    other = claim_for(7)
    AccountClaim.objects.filter(pk=other.pk).update(full_name="Orang Lain")

    assert (
        "berbeda dengan nama di database Pustakawan" not in panel.get(detail(same)).content.decode()
    )
    assert "berbeda dengan nama di database Pustakawan" in panel.get(detail(other)).content.decode()


def test_claim_page_warns_when_the_account_once_passed_verification(panel):
    claim = AccountClaimFactory()
    ApplicationFactory(candidate=claim.account, status=ApplicationStatus.VERIFIED)

    assert "pernah lolos verifikasi berkas" in panel.get(detail(claim)).content.decode()


def test_documents_are_streamed_privately_and_only_with_their_claim(panel):
    claim, other = AccountClaimFactory(), claim_for(9)
    document = claim.documents.get(kind="ktp")
    url = reverse("verification_account_claim_file", args=[claim.public_id, document.public_id])

    response = panel.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    elsewhere = reverse(
        "verification_account_claim_file", args=[other.public_id, document.public_id]
    )
    assert panel.get(elsewhere).status_code == 404


def test_rejection_without_a_reason_is_refused_and_the_choice_kept(panel):
    claim = AccountClaimFactory()
    url = reverse("verification_account_claim_decide", args=[claim.public_id])

    response = panel.post(url, {"decision": ClaimStatus.REJECTED, "note": "  "})

    assert response.status_code == 400
    assert "Tuliskan alasan penolakan" in response.content.decode()
    assert re.search(r'value="rejected"[^>]*checked', response.content.decode())
    assert AccountClaim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED


def test_a_decided_claim_cannot_be_decided_again(panel):
    claim = AccountClaimFactory()
    url = reverse("verification_account_claim_decide", args=[claim.public_id])
    first = panel.post(url, {"decision": ClaimStatus.REJECTED, "note": "KTP tidak terbaca."})
    assert first.url == LIST

    second = panel.post(url, {"decision": ClaimStatus.APPROVED, "note": ""})

    assert second.status_code == 400
    assert "tidak dapat diubah lagi" in second.content.decode()
    assert AccountClaim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED
    assert "Simpan keputusan" not in panel.get(detail(claim)).content.decode()


def test_staff_home_counts_claims_waiting(panel):
    AccountClaimFactory()

    response = panel.get(reverse("staff_home"))

    assert response.context["verification"]["account_claims"] == 1
    assert LIST in response.content.decode()
