"""The JSON endpoints, fed hostile input: the complaint intake API (bearer token) with odd JSON
shapes, wrong types, broken encodings and content types; the certificate API with any number.
A refusal is a JSON 4xx in Indonesian, never a server error."""

import json
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from complaints.constants import Channel
from complaints.models import Complaint
from complaints.services import intake_token_create
from tests.factories import SERVICE_SLUG
from tests.security.hostile import (
    FUZZ,
    assert_handled,
    content_type,
    json_object,
    raw_body,
    text,
)

pytestmark = pytest.mark.django_db

URL = "/api/pengaduan/"
FIELDS = [
    "kind",
    "subject",
    "description",
    "service",
    "incident_date",
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "anonymous",
    "confidential",
    "external_reference",
]
VALID = {
    "kind": "pengaduan",
    "subject": "Sertifikat belum diterima",
    "description": "Sudah lulus tiga bulan lalu.",
    "service": SERVICE_SLUG,
    "incident_date": "2026-01-05",
    "reporter_name": "Ahmad Fauzi",
    "reporter_email": "ahmad@example.test",
    "reporter_phone": "081234567890",
    "anonymous": True,
    "confidential": False,
    "external_reference": "LAPOR-2026-0042",
}


@pytest.fixture
def api():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def token():
    _token, raw = intake_token_create(name="Konektor uji", channel=Channel.LAPOR)
    return raw


def assert_json_refusal_or_created(response) -> None:
    assert_handled(response)
    assert response["Content-Type"].startswith("application/json")
    answer = response.json()
    if response.status_code == 201:
        assert Complaint.objects.filter(tracking_code=answer["tracking_code"]).exists()
    else:
        assert response.status_code in (400, 401, 413)
        assert answer["error"] in ("invalid_json", "invalid", "unauthorized", "too_large")
        assert answer["detail"]


@FUZZ
@given(body=json_object(FIELDS, VALID))
def test_the_intake_api_answers_any_json_object(api, token, body):
    response = api.post(
        URL,
        json.dumps(body),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )

    assert_json_refusal_or_created(response)


@FUZZ
@given(body=raw_body, kind=content_type)
def test_the_intake_api_answers_any_body_and_content_type(api, token, body, kind):
    response = api.generic(
        "POST", URL, body, content_type=kind, headers={"authorization": f"Bearer {token}"}
    )

    assert_json_refusal_or_created(response)


@FUZZ
@given(
    authorization=st.one_of(
        text, st.sampled_from(["Bearer", "Bearer ", "bearer \x00", "Basic YTpi"])
    )
)
def test_the_intake_api_refuses_any_wrong_token(api, authorization):
    try:
        headers = {"authorization": authorization}
        response = api.post(
            URL, json.dumps(VALID), content_type="application/json", headers=headers
        )
    except (UnicodeEncodeError, ValueError):
        return  # a header the HTTP layer cannot carry never reaches the portal

    assert_handled(response)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert not Complaint.objects.exists()


def test_a_wrong_type_for_the_incident_date_is_a_field_error(api, token):
    """Regression: a number where the date belongs crashed the form (int has no strip())."""
    response = api.post(
        URL,
        json.dumps({**VALID, "incident_date": 20260105}),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )

    assert response.status_code == 400
    assert "incident_date" in response.json()["fields"]


@FUZZ
@given(number=text, accept=st.sampled_from(["application/json", "*/*", "text/html"]))
def test_the_certificate_api_answers_any_number(client, number, accept):
    response = client.get(f"/api/certificates/{quote(number, safe='/')}/", HTTP_ACCEPT=accept)

    assert_handled(response)
    if response.status_code in (200, 404) and response.get("Content-Type", "").startswith(
        "application/json"
    ):
        assert response.json()["status"] in ("valid", "revoked", "not_yet_valid", "unknown")


@FUZZ
@given(method=st.sampled_from(["PUT", "PATCH", "DELETE", "OPTIONS", "POST"]), body=raw_body)
def test_the_json_endpoints_refuse_other_methods(api, method, body):
    for url in (
        URL,
        "/api/certificates/UKP/2026/000001/",
        "/api/schema/",
        "/api/pengaduan/schema/",
    ):
        response = api.generic(method, url, body, content_type="application/json")
        assert_handled(response)
        if not (url == URL and method == "POST"):
            assert response.status_code in (403, 405)


def test_a_number_with_a_line_break_is_unknown_in_json(client):
    """Regression: <path:> does not match a line break, so the API answered the portal's HTML
    404 page instead of its documented JSON."""
    response = client.get("/api/certificates/UKP/2026%0A/000123/")

    assert response.status_code == 404
    assert response.json()["status"] == "unknown"


def test_json_nested_too_deep_is_invalid_json_not_a_crash(api, token):
    """Regression: json.loads raised RecursionError on deeply nested arrays (500)."""
    response = api.post(
        URL,
        b"[" * 100_000 + b"]" * 100_000,
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_json"
