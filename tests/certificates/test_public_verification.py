"""Public verification of a certificate by number: the page (QR target), its JSON, the API and
its OpenAPI document, and the rate limit shared by all of them. The holder's data shows only
with the certificate's token (the QR code's ?t=); tests/security/test_certificate_holders.py
covers the number alone and wrong tokens."""

from datetime import UTC, datetime

import jsonschema
import pytest
from django.urls import reverse
from openapi_spec_validator import validate as openapi_validate

from certificates.constants import CertificateStatus
from certificates.models import Certificate

pytestmark = pytest.mark.django_db

NUMBER = "UKP/2026/000123"
NIP = "198609262015052001"
# 20:30 UTC on 4 March is already 5 March in Jakarta (UTC+7).
SIGNED_AT = datetime(2026, 3, 4, 20, 30, tzinfo=UTC)
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def signed_certificate(make_certificate):
    """A signed certificate (the legalisation stage) with the number NUMBER."""

    def make(**fields) -> Certificate:
        values = {
            "status": CertificateStatus.LEGALISATION,
            "name": "Dr. Rina Wulandari, S.I.Pust., M.Hum.",
            "nip": NIP,
            "birth_place": "Wonosari",
            "institution": "Dinas Perpustakaan Kabupaten Gunungkidul",
            "level": "Pustakawan Ahli Muda",
            "number": NUMBER,
            "number_year": 2026,
            "number_sequence": 123,
            "issued_at": SIGNED_AT,
            "signed_at": SIGNED_AT,
            **fields,
        }
        return make_certificate(**values)

    return make


def token_of(number: str) -> str:
    """The certificate's token as its QR code carries it ("" for an unknown number)."""
    certificate = Certificate.objects.filter(number=number).first()
    return certificate.verification_token if certificate else ""


def page(client, number=NUMBER, **headers):
    query = {"t": token_of(number)}
    return client.get(reverse("certificate_verify", args=[number]), query, headers=headers)


def as_json(client, number=NUMBER):
    return client.get(
        reverse("certificate_verify", args=[number]),
        {"t": token_of(number)},
        headers={"accept": "application/json"},
    )


def api(client, number=NUMBER):
    return client.get(reverse("api_certificate", args=[number]), {"t": token_of(number)})


VALID_ANSWER = {
    "number": NUMBER,
    "status": "valid",
    "complete": True,
    "name": "Dr. Rina Wulandari, S.I.Pust., M.Hum.",
    "level": "Pustakawan Ahli Muda",
    "issued_on": "2026-03-05",
    "issuer": "Perpustakaan Nasional Republik Indonesia",
    "revoked_on": None,
    "revocation_reason": None,
}


# --- Addresses: the number contains slashes -------------------------------------------------


def test_numbers_with_slashes_make_plain_addresses():
    assert reverse("certificate_verify", args=[NUMBER]) == "/certificates/verify/UKP/2026/000123/"
    assert reverse("api_certificate", args=[NUMBER]) == "/api/certificates/UKP/2026/000123/"


def test_form_redirects_to_the_result_page_of_the_typed_number(client):
    response = client.get(reverse("certificate_verify_form"), {"number": f"  {NUMBER} "})

    assert response.status_code == 302
    assert response["Location"] == "/certificates/verify/UKP/2026/000123/"


def test_form_without_a_number_shows_the_form(client):
    response = client.get(reverse("certificate_verify_form"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Periksa keaslian sertifikat" in body
    assert 'name="number"' in body


def test_form_with_an_empty_number_says_what_is_missing(client):
    response = client.get(reverse("certificate_verify_form"), {"number": " "})

    assert response.status_code == 200
    assert "Periksa kembali isian berikut" in response.content.decode()


def test_slashes_sent_percent_encoded_find_the_same_certificate(client, signed_certificate):
    signed_certificate()

    response = client.get("/api/certificates/UKP%2F2026%2F000123/")

    assert response.status_code == 200
    assert response.json()["status"] == "valid"


# --- Valid -------------------------------------------------------------------------------------


def test_signed_certificate_page_with_its_token_says_valid_with_name_level_date_and_issuer(
    client, signed_certificate
):
    signed_certificate()

    response = page(client, accept=BROWSER_ACCEPT)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Sertifikat ini sah" in body
    assert "UKP/2026/000123" in body
    assert "Dr. Rina Wulandari, S.I.Pust., M.Hum." in body
    assert "Pustakawan Ahli Muda" in body
    assert "5 Maret 2026" in body  # the WIB date, not the UTC one
    assert "Perpustakaan Nasional Republik Indonesia" in body
    assert "Dicabut" not in body


def test_signed_certificate_json_on_the_page_address(client, signed_certificate):
    signed_certificate()

    response = as_json(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == VALID_ANSWER
    assert "Accept" in response["Vary"]


def test_signed_certificate_from_the_api(client, signed_certificate):
    signed_certificate()

    response = api(client)

    assert response.status_code == 200
    assert response.json() == VALID_ANSWER


# --- Revoked -----------------------------------------------------------------------------------


REVOKED = {
    "revoked_at": datetime(2026, 6, 30, 18, 0, tzinfo=UTC),  # 1 July in Jakarta
    "revocation_reason": "Diterbitkan berdasarkan dokumen yang tidak sah.",
}


def test_revoked_certificate_page_says_revoked_with_date_and_reason(client, signed_certificate):
    signed_certificate(**REVOKED)

    body = page(client).content.decode()

    assert "Sertifikat ini sudah dicabut" in body
    assert "Dicabut" in body
    assert "1 Juli 2026" in body
    assert "Diterbitkan berdasarkan dokumen yang tidak sah." in body
    assert "Sertifikat ini sah" not in body


def test_revoked_certificate_json(client, signed_certificate):
    signed_certificate(**REVOKED)

    for response in (as_json(client), api(client)):
        assert response.status_code == 200
        assert response.json() == {
            **VALID_ANSWER,
            "status": "revoked",
            "revoked_on": "2026-07-01",
            "revocation_reason": "Diterbitkan berdasarkan dokumen yang tidak sah.",
        }


# --- Unknown and not yet valid -----------------------------------------------------------------


UNKNOWN_ANSWER = {
    "number": "UKP/2026/999999",
    "status": "unknown",
    "complete": False,
    "name": None,
    "level": None,
    "issued_on": None,
    "issuer": None,
    "revoked_on": None,
    "revocation_reason": None,
}


def test_unknown_number_page_says_unknown(client, signed_certificate):
    signed_certificate()

    response = page(client, "UKP/2026/999999")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Nomor sertifikat tidak dikenal" in body
    assert "UKP/2026/999999" in body
    assert "Rina Wulandari" not in body


def test_unknown_number_json_is_404_with_only_number_and_status(client, signed_certificate):
    signed_certificate()

    for response in (as_json(client, "UKP/2026/999999"), api(client, "UKP/2026/999999")):
        assert response.status_code == 404
        assert response.json() == UNKNOWN_ANSWER


def test_numbered_but_unsigned_certificate_is_not_yet_valid_and_tells_nothing_else(
    client, signed_certificate
):
    signed_certificate(status=CertificateStatus.SIGNING, signed_at=None)

    body = page(client).content.decode()
    assert "Sertifikat ini belum berlaku" in body
    assert "Belum berlaku" in body
    assert "Sertifikat ini sah" not in body
    assert "Rina Wulandari" not in body

    for response in (as_json(client), api(client)):
        assert response.status_code == 200
        assert response.json() == {**UNKNOWN_ANSWER, "number": NUMBER, "status": "not_yet_valid"}


def test_an_unnumbered_certificate_is_never_found(client, signed_certificate):
    signed_certificate(
        status=CertificateStatus.DATA_CHECK, number="", signed_at=None, issued_at=None
    )

    assert api(client, " ").json()["status"] == "unknown"


# --- Nothing private ---------------------------------------------------------------------------


PRIVATE = [
    NIP,
    "19860926",
    "1986-09-26",
    "26 September 1986",
    "Wonosari",  # birth place
    "Jl. Salemba Raya No. 28A, Jakarta Pusat",  # the profile's mailing address
    "Dinas Perpustakaan Kabupaten Gunungkidul",
    "Penata Muda Tingkat I",
]


@pytest.mark.parametrize("revoked", [False, True])
def test_no_private_data_in_page_or_json(client, revoked, signed_certificate):
    certificate = signed_certificate(**(REVOKED if revoked else {}))
    candidate = certificate.application.candidate
    private = [*PRIVATE, candidate.email, candidate.nip]

    answers = [page(client).content.decode(), as_json(client).content.decode()]
    answers.append(api(client).content.decode())

    for answer in answers:
        assert "Rina Wulandari" in answer  # the right certificate was found...
        for value in private:
            assert value not in answer  # ...and told nothing private


# --- Method and rate limit ---------------------------------------------------------------------


def test_verification_answers_only_reads(client, signed_certificate):
    signed_certificate()

    assert client.post(reverse("certificate_verify", args=[NUMBER])).status_code == 405
    assert client.post(reverse("api_certificate", args=[NUMBER])).status_code == 405


def test_lookups_share_one_limit_per_address_across_page_and_api(
    client, settings, signed_certificate
):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "certificate_verify": "3/h/ip"}
    signed_certificate()

    statuses = [page(client).status_code, as_json(client).status_code, api(client).status_code]
    assert statuses == [200, 200, 200]

    limited_page = page(client)
    assert limited_page.status_code == 429
    assert "Terlalu banyak permintaan" in limited_page.content.decode()
    assert int(limited_page["Retry-After"]) > 0

    for limited in (as_json(client), api(client)):
        assert limited.status_code == 429
        assert limited.json()["error"] == "rate_limited"
        assert "Terlalu banyak permintaan" in limited.json()["detail"]
        assert limited.json()["retry_after"] == int(limited["Retry-After"])

    # Another address still gets its answer.
    other = client.get(reverse("api_certificate", args=[NUMBER]), REMOTE_ADDR="198.51.100.20")
    assert other.status_code == 200


def test_the_form_page_itself_is_not_counted(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "certificate_verify": "1/h/ip"}

    for _ in range(3):
        assert client.get(reverse("certificate_verify_form")).status_code == 200
    assert api(client).status_code == 404


# --- OpenAPI -----------------------------------------------------------------------------------


def test_openapi_schema_is_served_and_valid(client):
    response = client.get(reverse("api_schema"))

    assert response.status_code == 200
    schema = response.json()
    openapi_validate(schema)  # raises on an invalid OpenAPI 3.1 document
    assert schema["openapi"].startswith("3.1")
    operation = schema["paths"]["/api/certificates/{number}/"]["get"]
    assert set(operation["responses"]) == {"200", "400", "404", "429"}
    assert [parameter["name"] for parameter in operation["parameters"]] == ["number", "t"]


def test_api_answers_match_the_schema(client, signed_certificate):
    schema = client.get(reverse("api_schema")).json()["components"]["schemas"]
    signed_certificate()
    signed_certificate(number="UKP/2026/000124", revoked_at=SIGNED_AT, revocation_reason="Ganda")

    for number in (NUMBER, "UKP/2026/000124", "UKP/2026/000999"):
        jsonschema.validate(api(client, number).json(), schema["Verification"])
        without_token = client.get(reverse("api_certificate", args=[number])).json()
        jsonschema.validate(without_token, schema["Verification"])
    refused = client.get(reverse("api_certificate", args=[NUMBER]), {"t": "\x00"})
    assert refused.status_code == 400
    jsonschema.validate(refused.json(), schema["BadRequest"])
    assert schema["Verification"]["properties"]["status"]["enum"] == [
        "valid",
        "revoked",
        "not_yet_valid",
        "unknown",
    ]
