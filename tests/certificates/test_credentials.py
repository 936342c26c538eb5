"""Certificates as Verifiable Credentials: the holder's vc+jwt verifies with an independent JOSE
library (joserfc; the portal signs with `cryptography` alone) against the provider's published
keys, a tampered one does not, each provider signs with its own key, and after a revocation the
provider's Bitstring Status List (decoded here by hand, per the spec) and the public check
agree that it is revoked."""

import base64
import gzip
import io
import json
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet

from certificates import tasks
from certificates.checks import credential_key_secret
from certificates.constants import CertificateStatus as C
from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_revoke, certificate_sign
from portal.constants import Role
from portal.credentials.status import LIST_LENGTH
from portal.models import CredentialKey, StatusList
from registration.constants import ApplicationStatus
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_pdf(monkeypatch):
    """Signing enqueues the PDF's rendering; these tests need only the signature's row."""
    monkeypatch.setattr(tasks.render_certificate, "delay", lambda pk: None)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def sign(certificate_officer, signing_official, django_capture_on_commit_callbacks):
    """A certificate issued and signed through the services (provider A unless given)."""

    def make(application=None, *, staff=None) -> Certificate:
        application = application or ApplicationFactory(status=ApplicationStatus.PASSED)
        certificate = Certificate.objects.create(
            application=application,
            status=C.ISSUANCE,
            name="Dr. Rina Wulandari, S.I.Pust., M.Hum.",
            nip="198609262015052001",
            birth_place="Wonosari",
            birth_date="1986-09-26",
            rank="Penata (III/c)",
            position="Pustakawan Ahli Pertama",
            purpose="Kenaikan jenjang",
            level="Pustakawan Ahli Muda",
            institution="Dinas Perpustakaan Kabupaten Gunungkidul",
        )
        with django_capture_on_commit_callbacks(execute=True):
            issuer, signer = (staff, staff) if staff else (certificate_officer, signing_official)
            assert certificate_issue(certificates=[certificate], actor=issuer).done
            assert certificate_sign(certificates=[certificate], actor=signer).done
        certificate.refresh_from_db()
        return certificate

    return make


def credential_of(client, certificate: Certificate) -> str:
    client.force_login(certificate.application.candidate)
    response = client.get(reverse("certificate_credential", args=[certificate.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Content-Disposition"].endswith('.jwt"')
    client.logout()
    return response.content.decode()


def did_web_address(did: str) -> str:
    """did:web's Read (Resolve) rule, written from the method's specification: drop "did:web:",
    the colons become slashes, a percent-encoded port is decoded, "https://" in front and
    "/did.json" behind (/.well-known/did.json for a bare domain)."""
    assert did.startswith("did:web:")
    host, *path = did.removeprefix("did:web:").split(":")
    tail = "/".join(unquote(part) for part in path) or ".well-known"
    return f"https://{unquote(host)}/{tail}/did.json"


def resolve_did(client, did: str) -> dict:
    """The DID document, fetched where the rule says (the test client is the portal at
    PORTAL_BASE_URL's host, so only the path is asked)."""
    address = urlsplit(did_web_address(did))
    assert address.netloc == urlsplit(settings.PORTAL_BASE_URL).netloc
    response = client.get(address.path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    document = response.json()
    assert document["id"] == did
    return document


def published_keys(client, issuer: str) -> KeySet:
    """The issuer's keys as a verifier finds them. From a DID (the credential's issuer id):
    the assertion methods of its DID document, each named by its id (the JWT's kid). From the
    issuer profile's address: the JWKS its profile names."""
    if issuer.startswith("did:"):
        document = resolve_did(client, issuer)
        methods = [
            method
            for method in document["verificationMethod"]
            if method["id"] in document["assertionMethod"] and method["type"] == "JsonWebKey"
        ]
        assert all("d" not in method["publicKeyJwk"] for method in methods)
        return KeySet.import_key_set(
            {"keys": [{**method["publicKeyJwk"], "kid": method["id"]} for method in methods]}
        )
    profile = client.get(issuer).json()
    jwks = client.get(profile["jwks_uri"])
    assert jwks.status_code == 200
    assert all("d" not in key for key in jwks.json()["keys"])  # never a private part
    return KeySet.import_key_set(jwks.json())


def verify(token: str, keys: KeySet):
    return jwt.decode(token, keys, algorithms=["ES256"])


def certificate_kid(provider) -> str:
    return CredentialKey.objects.get(provider=provider, retired_at__isnull=True).kid


def certificate_issuer(token: str) -> str:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["iss"]


def header_of(token: str) -> dict:
    part = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def bit(encoded_list: str, index: int) -> int:
    """The spec's decoding, by hand: Multibase "u" (base64url, no padding), GZIP, then the bit at
    `index` counted from the first byte's most significant bit."""
    assert encoded_list.startswith("u")
    data = encoded_list[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    assert len(bits) * 8 >= 131_072
    return (bits[index // 8] >> (7 - index % 8)) & 1


def status_bit(client, entry: dict, keys: KeySet) -> int:
    response = client.get(entry["statusListCredential"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    status_list = verify(response.content.decode(), keys).claims
    assert "BitstringStatusListCredential" in status_list["type"]
    subject = status_list["credentialSubject"]
    assert (subject["type"], subject["statusPurpose"]) == ("BitstringStatusList", "revocation")
    return bit(subject["encodedList"], int(entry["statusListIndex"]))


def test_the_holders_credential_verifies_with_the_providers_published_key(client, sign):
    certificate = sign()
    token = credential_of(client, certificate)

    header = header_of(token)
    assert (header["alg"], header["typ"], header["cty"]) == ("ES256", "vc+jwt", "vc")
    issuer_url = json.loads(
        base64.urlsafe_b64decode(token.split(".")[1] + "=" * (-len(token.split(".")[1]) % 4))
    )["issuer"]["id"]
    claims = verify(token, published_keys(client, issuer_url)).claims

    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    provider = certificate.application.service.provider
    assert claims["issuer"]["name"] == provider.name
    host = urlsplit(settings.PORTAL_BASE_URL).netloc.replace(":", "%3A")
    assert claims["issuer"]["id"] == f"did:web:{host}:api:kredensial:{provider.slug}"
    assert header["kid"] == f"{claims['issuer']['id']}#{certificate_kid(provider)}"
    # The JWKS of the issuer's profile verifies it too.
    profile = reverse("credential_issuer", args=[provider.slug])
    assert client.get(profile).json()["id"] == claims["issuer"]["id"]
    assert verify(token, published_keys(client, profile))
    achievement = claims["credentialSubject"]["achievement"]
    assert achievement["name"] == "Pustakawan Ahli Muda"
    assert certificate.number in claims["description"]
    identities = claims["credentialSubject"]["identifier"]
    assert identities[0]["identityHash"] == certificate.name
    assert certificate.nip not in json.dumps(claims)  # the NIP only salted and hashed
    entry = claims["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusListIndex"] == str(certificate.status_list_index)


def index_of(entry: dict) -> str:
    return entry["statusListIndex"]


def credential_status_linked(page) -> tuple[str, str] | None:
    """The status list and index the public check's page links, if any."""
    import re

    found = re.search(
        r'merujuk ke <a href="([^"]+)">[^<]*</a>, indeks (\d+)', page.content.decode()
    )
    return found.groups() if found else None


def test_the_public_check_links_the_credentials_status_once_signed(client, sign, make_certificate):
    certificate = sign()
    entry = verify(
        credential_of(client, certificate),
        published_keys(client, reverse("credential_issuer", args=[provider_slug(certificate)])),
    ).claims["credentialStatus"]

    page = client.get(reverse("certificate_verify", args=[certificate.number]))

    assert credential_status_linked(page) == (entry["statusListCredential"], index_of(entry))
    unsigned = make_certificate(status=C.DATA_CHECK, number="BELUM/1")
    page = client.get(reverse("certificate_verify", args=[unsigned.number]))
    assert page.status_code == 200 and credential_status_linked(page) is None


def provider_slug(certificate) -> str:
    return certificate.application.service.provider.slug


def test_a_tampered_credential_fails(client, sign):
    certificate = sign()
    token = credential_of(client, certificate)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["achievement"]["name"] = "Pustakawan Ahli Utama"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    keys = published_keys(client, claims["issuer"]["id"])

    with pytest.raises(BadSignatureError):
        verify(f"{header}.{forged}.{signature}", keys)


def test_after_revocation_the_status_list_and_the_public_api_both_say_revoked(
    client, sign, administrator, django_capture_on_commit_callbacks
):
    certificate = sign()
    other = sign()
    token = credential_of(client, certificate)
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    keys = published_keys(client, claims["issuer"]["id"])
    entry = claims["credentialStatus"]
    api = reverse("api_certificate", args=[certificate.number])
    assert status_bit(client, entry, keys) == 0  # and the list is now cached
    assert client.get(api).json()["status"] == "valid"

    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, actor=administrator, reason="Data palsu.")

    assert status_bit(client, entry, keys) == 1
    assert client.get(api).json()["status"] == "revoked"
    page = client.get(reverse("certificate_verify", args=[certificate.number]))
    assert page.status_code == 200
    assert "Sertifikat ini sudah dicabut" in page.content.decode()
    # The page links the very bit the credential points at (which now says revoked).
    assert credential_status_linked(page) == (entry["statusListCredential"], index_of(entry))
    # Its neighbour in the same list is untouched.
    other_entry = {**entry, "statusListIndex": str(other.status_list_index)}
    assert other.status_list_id == certificate.status_list_id
    assert status_bit(client, other_entry, keys) == 0
    # And a revoked certificate's credential is no longer handed out.
    client.force_login(certificate.application.candidate)
    assert (
        client.get(reverse("certificate_credential", args=[certificate.public_id])).status_code
        == 404
    )


def test_each_provider_signs_with_its_own_key(client, sign, other_provider_service, make_user):
    ours = sign()
    their_staff = make_user(
        "staf-b",
        Role.CERTIFICATE_OFFICER,
        Role.SIGNING_OFFICIAL,
        provider=other_provider_service.provider,
    )
    other_provider_service.certificate_number_format = "B/{year}/{seq:04d}"
    other_provider_service.save(update_fields=["certificate_number_format"])
    theirs = sign(
        ApplicationFactory(status=ApplicationStatus.PASSED, service=other_provider_service),
        staff=their_staff,
    )
    our_token, their_token = credential_of(client, ours), credential_of(client, theirs)
    our_issuer = reverse("credential_issuer", args=[ours.application.service.provider.slug])
    their_issuer = reverse("credential_issuer", args=[other_provider_service.provider.slug])
    our_keys = published_keys(client, our_issuer)
    their_keys = published_keys(client, their_issuer)

    assert (
        verify(our_token, our_keys).claims["issuer"]["name"]
        != verify(their_token, their_keys).claims["issuer"]["name"]
    )
    assert header_of(our_token)["kid"] != header_of(their_token)["kid"]
    # Provider B's published keys do not verify A's credential (nor the other way round).
    b_only = KeySet.import_key_set(
        {
            "keys": [
                {**key, "kid": header_of(our_token)["kid"]}
                for key in client.get(client.get(their_issuer).json()["jwks_uri"]).json()["keys"]
            ]
        }
    )
    with pytest.raises(BadSignatureError):
        verify(our_token, b_only)
    # Each provider's list holds its own certificates, from index 0.
    assert ours.status_list.provider_id != theirs.status_list.provider_id
    assert (ours.status_list_index, theirs.status_list_index) == (0, 0)


def test_indexes_are_taken_at_issuance_unique_and_a_full_list_is_followed_by_the_next(sign):
    first, second = sign(), sign()
    assert (first.status_list_index, second.status_list_index) == (0, 1)
    assert first.status_list_id == second.status_list_id
    StatusList.objects.filter(pk=first.status_list_id).update(allocated=LIST_LENGTH)

    third = sign()

    assert (third.status_list.ordinal, third.status_list_index) == (2, 0)
    assert StatusList.objects.get(pk=first.status_list_id).allocated == LIST_LENGTH


def test_a_rotated_key_stays_published_and_what_it_signed_still_verifies(client, sign):
    certificate = sign()
    old_token = credential_of(client, certificate)
    provider = certificate.application.service.provider

    call_command("credential_key_rotate", provider.slug, stdout=io.StringIO())

    new_token = credential_of(client, certificate)
    assert header_of(old_token)["kid"] != header_of(new_token)["kid"]
    for issuer in (
        certificate_issuer(new_token),
        reverse("credential_issuer", args=[provider.slug]),
    ):
        keys = published_keys(client, issuer)  # the DID document, then the JWKS
        assert verify(old_token, keys) and verify(new_token, keys)
    assert CredentialKey.objects.filter(provider=provider, retired_at__isnull=True).count() == 1


def test_only_the_holder_gets_a_credential_and_only_of_a_signed_certificate(
    client, sign, make_certificate, make_user, certificate_officer
):
    certificate = sign()
    url = reverse("certificate_credential", args=[certificate.public_id])
    assert client.get(url).status_code == 302  # anonymous: to the login page

    client.force_login(make_user("199001012020011001", nip="199001012020011001"))
    assert client.get(url).status_code == 404  # another candidate
    client.force_login(certificate_officer)
    assert client.get(url).status_code == 302  # staff: to the staff home, never the file

    unsigned = make_certificate(status=C.SIGNING, number="UKP/2026/000999")
    client.force_login(unsigned.application.candidate)
    assert (
        client.get(reverse("certificate_credential", args=[unsigned.public_id])).status_code == 404
    )


def test_the_certificate_page_offers_the_credential_once_signed(client, sign):
    certificate = sign()
    client.force_login(certificate.application.candidate)
    page = client.get(reverse("certificate_mine")).content.decode()
    assert reverse("certificate_credential", args=[certificate.public_id]) in page


def test_the_status_list_costs_the_same_queries_however_many_are_revoked(
    client, sign, administrator, django_assert_num_queries, django_capture_on_commit_callbacks
):
    certificates = [sign() for _ in range(2)]
    provider = certificates[0].application.service.provider
    url = reverse("credential_status_list", args=[provider.slug, 1])

    def cold_queries() -> int:
        cache.clear()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    cold_queries()  # the provider's first key is made here
    few = cold_queries()
    with django_capture_on_commit_callbacks(execute=True):
        for certificate in [*certificates, *(sign() for _ in range(6))]:
            certificate_revoke(certificate=certificate, actor=administrator, reason="Dicabut.")
    assert cold_queries() == few
    with django_assert_num_queries(2):  # warm: the provider and the list, not the bits
        client.get(url)


def test_unknown_provider_or_list_is_not_found(client, sign):
    certificate = sign()
    slug = certificate.application.service.provider.slug
    assert client.get(reverse("credential_status_list", args=[slug, 2])).status_code == 404
    assert client.get(reverse("credential_jwks", args=["tidak-ada"])).status_code == 404


def test_deploy_check_demands_a_credential_key_secret(settings):
    settings.CREDENTIAL_KEY_SECRET = ""
    assert [error.id for error in credential_key_secret(None)] == ["certificates.E001"]
    settings.CREDENTIAL_KEY_SECRET = "x" * 40
    assert credential_key_secret(None) == []


def test_certificates_numbered_before_the_lists_take_indexes_in_issuance_order(
    make_certificate, sign
):
    from datetime import UTC, datetime
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    later = make_certificate(
        status=C.SENT, number="LAMA/2", issued_at=datetime(2026, 3, 2, tzinfo=UTC)
    )
    earlier = make_certificate(
        status=C.SENT, number="LAMA/1", issued_at=datetime(2026, 3, 1, tzinfo=UTC)
    )
    unnumbered = make_certificate(status=C.DATA_CHECK)
    migration = import_module("certificates.migrations.0009_status_list_indexes_for_issued")

    # The models as that migration saw them (StatusList was the certificates app's then).
    state = MigrationLoader(connection).project_state(
        ("certificates", "0009_status_list_indexes_for_issued")
    )
    migration.allocate(state.apps, None)

    for certificate in (later, earlier, unnumbered):
        certificate.refresh_from_db()
    assert (earlier.status_list_index, later.status_list_index) == (0, 1)
    assert unnumbered.status_list_id is None
    # Issuance goes on after them.
    assert sign().status_list_index == 2


@pytest.mark.parametrize(
    ("base_url", "did"),
    [
        ("https://portal.example.go.id", "did:web:portal.example.go.id:api:kredensial:{slug}"),
        ("https://example.com:8443", "did:web:example.com%3A8443:api:kredensial:{slug}"),
    ],
)
def test_the_providers_did_is_did_web_of_its_documents_address(settings, base_url, did):
    from portal.credentials.issuer import did_web
    from portal.models import Provider

    settings.PORTAL_BASE_URL = base_url
    provider = Provider.objects.get(slug="pusat-pembinaan-pustakawan")
    expected = did.format(slug=provider.slug)

    assert did_web(provider) == expected
    assert did_web_address(expected) == f"{base_url}/api/kredensial/{provider.slug}/did.json"


def test_the_did_document_lists_current_and_retired_keys_and_an_unknown_one_is_a_json_404(
    client, sign
):
    certificate = sign()
    provider = certificate.application.service.provider
    old_token = credential_of(client, certificate)
    call_command("credential_key_rotate", provider.slug, stdout=io.StringIO())
    did = certificate_issuer(old_token)

    document = resolve_did(client, did)

    kids = [key.kid for key in CredentialKey.objects.filter(provider=provider)]
    assert [method["id"] for method in document["verificationMethod"]] == [
        f"{did}#{kid}" for kid in kids
    ]
    assert document["assertionMethod"] == [f"{did}#{kid}" for kid in kids]
    assert {method["controller"] for method in document["verificationMethod"]} == {did}
    missing = client.get(reverse("credential_did", args=["tidak-ada"]))
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
