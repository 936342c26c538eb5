"""Certificate holders cannot be listed through the public check (issue 13, item 6). Numbers are
sequential, so the number alone tells only the status (valid, revoked with its public reason,
not yet valid, unknown); the holder's name, level and date of issue come only with the token
that the certificate's QR code carries. A wrong token reads exactly like no token. The budget of
lookups per address is far below a listing."""

import importlib
import re
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory, override_settings
from django.urls import reverse

import config.settings as shipped
from certificates import documents
from certificates.constants import CertificateStatus, FileState
from certificates.models import Certificate
from portal import ratelimit
from tests.certificates.test_documents import qr_codes
from tests.factories import ApplicationFactory, CertificateFactory
from tests.security.test_rate_limit_window import Clock

pytestmark = pytest.mark.django_db

tokens_fill_migration = importlib.import_module(
    "certificates.migrations.0003_certificate_verification_token_fill"
)

NUMBER = "UKP/2026/000123"
ACTION = "certificate_verify"
NAME = "Dr. Rina Wulandari, S.I.Pust., M.Hum."
LEVEL = "Pustakawan Ahli Muda"
SIGNED_AT = datetime(2026, 3, 4, 20, 30, tzinfo=UTC)
REASON = "Diterbitkan berdasarkan dokumen yang tidak sah."
BASE_URL = "https://kompetensi.perpusnas.example.id"


@pytest.fixture
def certificate() -> Certificate:
    return CertificateFactory(
        status=CertificateStatus.LEGALISATION,
        name=NAME,
        level=LEVEL,
        number=NUMBER,
        number_year=2026,
        number_sequence=123,
        issued_at=SIGNED_AT,
        signed_at=SIGNED_AT,
    )


def page(client, token=None):
    query = {} if token is None else {"t": token}
    return client.get(reverse("certificate_verify", args=[NUMBER]), query)


def page_json(client, token=None):
    query = {} if token is None else {"t": token}
    return client.get(
        reverse("certificate_verify", args=[NUMBER]), query, headers={"accept": "application/json"}
    )


def api(client, token=None):
    query = {} if token is None else {"t": token}
    return client.get(reverse("api_certificate", args=[NUMBER]), query)


def holder_shown(text: str) -> bool:
    return "Rina Wulandari" in text or "Ahli Muda" in text or "2026-03-05" in text


# --- The token -------------------------------------------------------------------------------


def test_every_certificate_has_its_own_unguessable_url_safe_token():
    tokens = [CertificateFactory().verification_token for _ in range(5)]

    assert len(set(tokens)) == 5
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", token)  # 22 base64 characters: 128 bits
    field = Certificate._meta.get_field("verification_token")
    assert field.unique and not field.editable  # never in an admin form


def test_certificates_that_existed_before_the_token_each_get_their_own():
    """The data migration (0003): rows made before the field (0001) get distinct tokens (a
    default would have given them all the same). Run on today's table with the column as 0002
    left it (no token yet, not required), inside the test's transaction, which takes the ALTER
    TABLE back with it: migrating the whole database back to 0001 and forward took 16 s."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite cannot drop a column's NOT NULL (ALTER COLUMN) in a transaction")
    for _ in range(3):
        CertificateFactory()
    with connection.cursor() as cursor:
        # The rows' foreign keys are checked now, not at commit: ALTER TABLE refuses a table
        # with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE certificates_certificate ALTER COLUMN verification_token DROP NOT NULL"
        )
        cursor.execute("UPDATE certificates_certificate SET verification_token = NULL")

    tokens_fill_migration.tokens_fill(apps, None)

    tokens = list(Certificate.objects.values_list("verification_token", flat=True))
    assert len(tokens) == 3
    assert len(set(tokens)) == 3 and all(len(token) >= 22 for token in tokens)


# --- The number alone ------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "salah", "A" * 22, "kode-é-😀", "x" * 5000])
def test_the_number_alone_or_with_a_wrong_token_tells_only_that_it_is_valid(
    client, certificate, token
):
    shown = page(client, token).content.decode()
    answers = [page_json(client, token), api(client, token)]

    assert "Sertifikat ini sah" in shown
    assert "Kode verifikasi tidak lengkap" in shown
    assert not holder_shown(shown)
    for answer in answers:
        assert answer.status_code == 200
        assert answer.json() == {
            "number": NUMBER,
            "status": "valid",
            "complete": False,
            "name": None,
            "level": None,
            "issued_on": None,
            "issuer": "Perpustakaan Nasional Republik Indonesia",
            "revoked_on": None,
            "revocation_reason": None,
        }


def test_a_wrong_token_reads_exactly_like_no_token(client, certificate):
    wrong = certificate.verification_token[:-1] + (
        "A" if certificate.verification_token[-1] != "A" else "B"
    )

    assert api(client, wrong).json() == api(client).json()
    assert page_json(client, wrong).json() == page_json(client).json()
    assert page(client, wrong).status_code == page(client).status_code == 200


def test_a_token_of_another_certificate_tells_nothing(client, certificate):
    other = CertificateFactory(
        status=CertificateStatus.LEGALISATION, number="UKP/2026/000124", signed_at=SIGNED_AT
    )

    assert api(client, other.verification_token).json()["complete"] is False
    assert not holder_shown(page(client, other.verification_token).content.decode())


def test_a_revoked_number_tells_its_date_and_public_reason_but_not_its_holder(client, certificate):
    certificate.revoked_at = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)
    certificate.revocation_reason = REASON
    certificate.save()

    shown = page(client).content.decode()
    answer = api(client).json()

    assert "Sertifikat ini sudah dicabut" in shown and REASON in shown
    assert not holder_shown(shown)
    assert answer["status"] == "revoked"
    assert answer["revoked_on"] == "2026-07-01"
    assert answer["revocation_reason"] == REASON
    assert (answer["name"], answer["level"], answer["complete"]) == (None, None, False)


# --- With the QR code's token ----------------------------------------------------------------


def test_the_token_from_the_qr_code_shows_the_holders_name_and_level(client, certificate):
    token = certificate.verification_token

    shown = page(client, token)
    answers = [page_json(client, token).json(), api(client, token).json()]

    assert "Sertifikat ini sah" in shown.content.decode()
    assert NAME in shown.content.decode() and LEVEL in shown.content.decode()
    assert "Kode verifikasi tidak lengkap" not in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]  # the holder's name is not for shared caches
    for answer in answers:
        assert answer["complete"] is True
        assert (answer["name"], answer["level"], answer["issued_on"]) == (
            NAME,
            LEVEL,
            "2026-03-05",
        )


def test_an_unsigned_certificate_tells_nothing_even_with_its_token(client, certificate):
    certificate.signed_at = None
    certificate.status = CertificateStatus.SIGNING
    certificate.save()

    answer = api(client, certificate.verification_token).json()

    assert answer["status"] == "not_yet_valid"
    assert answer["complete"] is False
    assert answer["name"] is None


@override_settings(PORTAL_BASE_URL=BASE_URL)
def test_the_certificate_and_its_legalised_copy_carry_the_token_in_their_qr_code(
    tmp_path, certificate
):
    expected = f"{BASE_URL}/certificates/verify/{NUMBER}/?t={certificate.verification_token}"

    original = documents.certificate_pdf(certificate)
    legalised = documents.certificate_pdf(certificate, legalised=True)

    for name, pdf in (("asli", original), ("legalisir", legalised)):
        (tmp_path / name).mkdir()
        assert qr_codes(pdf, tmp_path / name) == [expected]


def test_the_candidate_sees_the_full_link_of_their_own_certificate(client, certificate):
    client.force_login(certificate.application.candidate)

    mine = client.get(reverse("certificate_mine")).content.decode()

    assert f"?t={certificate.verification_token}" in mine
    assert "Tautan verifikasi" in mine


def test_another_candidate_never_sees_the_token(client, certificate):
    other = ApplicationFactory()
    client.force_login(other.candidate)

    assert certificate.verification_token not in client.get(reverse("certificate_mine")).text


def test_the_candidates_unsigned_or_revoked_certificate_has_no_link(client, certificate):
    certificate.revoked_at = SIGNED_AT
    certificate.revocation_reason = REASON
    certificate.pdf_state = FileState.READY
    certificate.save()
    client.force_login(certificate.application.candidate)

    assert certificate.verification_token not in client.get(reverse("certificate_mine")).text


# --- The budget --------------------------------------------------------------------------------


def test_the_shipped_lookup_budget_is_far_below_a_listing(settings, monkeypatch):
    """One lookup every 30 seconds for a day, 2,880 in all, was 2,880 answers (30 a minute,
    fixed window: 43,200 a day). Now a day holds at most the daily budget."""
    settings.PORTAL_RATE_LIMITS = shipped.PORTAL_RATE_LIMITS
    clock = Clock()
    monkeypatch.setattr(ratelimit, "time", clock)
    cache.clear()
    request = RequestFactory().get(f"/api/certificates/{NUMBER}/", REMOTE_ADDR="203.0.113.9")

    answered = 0
    for _ in range(2880):
        clock.now += 30
        answered += ratelimit.consume(request, ACTION) == 0

    assert answered <= 500
    assert answered >= 400  # a verifier office checking all day still gets hundreds


def test_a_client_over_the_daily_budget_is_told_the_wait_in_hours(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, ACTION: "1/d/ip"}
    assert client.get(reverse("certificate_verify", args=[NUMBER])).status_code == 200

    refused = client.get(reverse("certificate_verify", args=[NUMBER]))

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 20 * 3600
    assert re.search(r"coba lagi dalam sekitar 2\d jam\.", refused.content.decode())
