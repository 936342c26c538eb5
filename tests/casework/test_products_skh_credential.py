"""The Surat Keterangan Hasil as a Verifiable Credential: the portal's own signed product of an
engine's case is also a vc+jwt signed with the provider's key, verified here with an independent
JOSE library against the keys the provider publishes, its index taken from the same counter as
the provider's certificates, and given only to who may see the case."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from casework.models import IssuedDocument
from casework.services.products import skh_issue
from portal.constants import Role
from portal.credentials.status import status_index_take
from tests.casework import test_products_skh as skh
from tests.certificates.test_credentials import bit, header_of, published_keys, verify

at_exam = skh.at_exam
lsp_assessor = skh.lsp_assessor
make_session = skh.make_session
scheduler = skh.scheduler
officer = skh.officer
passed = skh.passed
official = skh.official
recorded = skh.recorded

pytestmark = pytest.mark.django_db

NIP = "198609262015052001"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def credential_of(client, user, document: IssuedDocument) -> str:
    client.force_login(user)
    response = client.get(reverse("casework_issued_document_credential", args=[document.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Content-Disposition"].endswith('.jwt"')
    assert response["Cache-Control"] == "private, no-store"
    client.logout()
    return response.content.decode()


def test_the_letter_is_a_credential_that_verifies_with_the_providers_published_keys(
    client, recorded, official, operator
):
    case = recorded(nip=NIP)
    document = skh_issue(case=case, actor=official)

    token = credential_of(client, operator, document)
    assert header_of(token)["typ"] == "vc+jwt"

    claims = verify(token, published_keys(client, issuer_of(token))).claims
    assert claims["id"] == f"urn:uuid:{document.public_id}"
    assert "OpenBadgeCredential" in claims["type"]
    assert claims["issuer"]["name"] == case.service.provider.name
    assert document.number in claims["description"]
    subject = claims["credentialSubject"]
    assert subject["achievement"]["achievementType"] == "Assessment"
    assert subject["identifier"][0]["identityHash"] == case.name
    assert NIP not in token and NIP not in str(claims)  # the NIP only hashed
    entry = claims["credentialStatus"]
    assert entry["statusListIndex"] == str(document.status_list_index)
    # The list the credential names says "not revoked" (an issued letter cannot be revoked).
    listed = client.get(entry["statusListCredential"])
    assert listed.status_code == 200
    status = verify(listed.content.decode(), published_keys(client, claims["issuer"]["id"]))
    assert bit(status.claims["credentialSubject"]["encodedList"], document.status_list_index) == 0


def issuer_of(token: str) -> str:
    import base64
    import json

    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))["iss"]


def test_a_tampered_letter_credential_does_not_verify(client, recorded, official, operator):
    from joserfc.errors import BadSignatureError

    document = skh_issue(case=recorded(), actor=official)
    token = credential_of(client, operator, document)
    keys = published_keys(client, issuer_of(token))
    header, payload, signature = token.split(".")
    forged = payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB")
    with pytest.raises((BadSignatureError, ValueError)):
        verify(f"{header}.{forged}.{signature}", keys)


def test_letters_and_other_products_of_the_provider_take_indexes_from_one_list(recorded, official):
    first = skh_issue(case=recorded(), actor=official)
    provider_id = first.case.service.provider_id
    # Whatever else of the provider takes an index next (a certificate does through the same
    # call) comes after it, and the next letter after that.
    other_list, other_index = status_index_take(provider_id=provider_id)
    second = skh_issue(case=recorded(nip="199001012020011001"), actor=official)
    assert first.status_list_id == other_list.pk == second.status_list_id
    assert (first.status_list_index, other_index, second.status_list_index) == (0, 1, 2)


def test_who_downloads_the_letters_credential(
    client, recorded, official, operator, make_user, outsider, lsp_assessor
):
    case = recorded()
    employee = make_user("198609262015052001x", nip="198609262015052099")
    type(case).objects.filter(pk=case.pk).update(applicant=employee)
    document = skh_issue(case=case, actor=official)
    for user in (employee, operator, official):
        credential_of(client, user, document)
    url = reverse("casework_issued_document_credential", args=[document.public_id])
    other_provider = make_user("pejabat-perpusnas", Role.SIGNING_OFFICIAL)
    for user in (outsider, other_provider):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.logout()
    assert client.get(url).status_code == 404


def test_the_case_page_offers_the_credential(client, recorded, official, operator):
    document = skh_issue(case=recorded(), actor=official)
    client.force_login(operator)
    page = client.get(reverse("casework_case_products", args=[document.case.public_id]))
    assert page.status_code == 200
    url = reverse("casework_issued_document_credential", args=[document.public_id])
    assert url in page.content.decode()


def test_letters_issued_before_take_indexes_after_the_lists_existing_ones(recorded, official):
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    first = skh_issue(case=recorded(), actor=official)
    earlier = skh_issue(case=recorded(nip="199001012020011001"), actor=official)
    IssuedDocument.objects.filter(pk=earlier.pk).update(status_list=None, status_list_index=None)
    migration = import_module("casework.migrations.0004_issued_document_status_indexes")
    state = MigrationLoader(connection).project_state(
        ("casework", "0004_issued_document_status_indexes")
    )

    migration.allocate(state.apps, None)

    earlier.refresh_from_db()
    assert earlier.status_list_id == first.status_list_id
    assert earlier.status_list_index == 2  # never an index given before (0 and 1 were)
