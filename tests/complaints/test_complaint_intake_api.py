"""The JSON intake API for other channels' integrations: bearer-token authentication, field
errors in Indonesian, the channel taken from the token, and its OpenAPI 3.1 document."""

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate as openapi_validate

from complaints.constants import Channel, ComplaintStatus
from complaints.models import Complaint, IntakeToken
from complaints.services import intake_token_check, intake_token_create
from portal.constants import Role
from portal.models import Service
from tests.factories import SERVICE_SLUG

pytestmark = pytest.mark.django_db

URL = "/api/pengaduan/"


@pytest.fixture
def api():
    # CSRF is enforced as for a browser: the API must not need a token from a cookie.
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def raw_token():
    _token, raw = intake_token_create(name="Konektor SP4N-LAPOR!", channel=Channel.LAPOR)
    return raw


def body(**fields) -> dict:
    return {
        "kind": "pengaduan",
        "subject": "Sertifikat belum diterima",
        "description": "Sudah lulus tiga bulan lalu, sertifikat belum sampai.",
        "service": SERVICE_SLUG,
        "provider": None,
        "incident_date": "2026-01-05",
        "reporter_name": "Ahmad Fauzi",
        "reporter_email": "ahmad@example.test",
        "reporter_phone": "081234567890",
        "anonymous": True,
        "confidential": False,
        "external_reference": "LAPOR-2026-0042",
        **fields,
    }


def post(api, data, token=None, **headers):
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    payload = data if isinstance(data, str) else json.dumps(data)
    return api.post(URL, payload, content_type="application/json", headers=headers)


def test_the_url_is_the_documented_one():
    assert reverse("complaint_intake_api") == URL


def test_a_complaint_is_taken_in_with_the_tokens_channel(
    api, raw_token, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, body(), token=raw_token)

    assert response.status_code == 201
    answer = response.json()
    complaint = Complaint.objects.get()
    assert answer == {
        "tracking_code": complaint.tracking_code,
        "status": ComplaintStatus.RECEIVED,
        "tracking_url": f"{settings.PORTAL_BASE_URL}/pengaduan/lacak/{complaint.tracking_code}/",
    }
    assert complaint.channel == Channel.LAPOR
    assert complaint.external_reference == "LAPOR-2026-0042"
    assert complaint.service == Service.objects.get(slug=SERVICE_SLUG)
    assert complaint.anonymous is True
    assert complaint.reporter is None and complaint.recorded_by is None
    assert complaint.tracking_code in mail.outbox[0].body


def test_a_token_of_one_provider_takes_in_its_complaints_only(api, perpusnas, lan):
    """An integration set up for LAN brings LAN's complaints: one about the librarian exam
    (Perpusnas's) is refused with the field named, and nothing is kept."""
    _token, raw = intake_token_create(name="Chat LAN", channel=Channel.CHAT, provider=lan)
    lan_service = Service.objects.filter(provider=lan).first()

    refused = post(api, body(external_reference=""), token=raw)
    taken = post(api, body(service=lan_service.slug, external_reference=""), token=raw)

    assert refused.status_code == 400
    assert "service" in refused.json()["fields"]
    assert taken.status_code == 201
    assert list(Complaint.objects.values_list("provider", flat=True)) == [lan.pk]


def test_a_token_for_every_provider_takes_in_any_providers_complaint(api, lan, raw_token):
    lan_service = Service.objects.filter(provider=lan).first()

    response = post(api, body(service=lan_service.slug), token=raw_token)

    assert response.status_code == 201
    assert Complaint.objects.get().provider == lan


@pytest.mark.parametrize("token", [None, "", "salah", "Bearer"])
def test_without_a_valid_token_nothing_is_taken_in(api, raw_token, token):
    response = post(api, body(), token=token)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"] == "unauthorized"
    assert Complaint.objects.count() == 0


def test_another_scheme_with_the_right_token_is_refused(api, raw_token):
    response = post(api, body(), authorization=f"Token {raw_token}")

    assert response.status_code == 401


def test_a_deactivated_token_is_refused(api):
    token, raw = intake_token_create(name="Chat lama", channel=Channel.CHAT)
    token.is_active = False
    token.save()

    assert post(api, body(), token=raw).status_code == 401


def test_field_errors_are_told_in_indonesian(api, raw_token):
    response = post(
        api,
        body(kind="keluhan", subject="", service="tidak-ada", reporter_email="bukan-email"),
        token=raw_token,
    )

    assert response.status_code == 400
    answer = response.json()
    assert answer["error"] == "invalid"
    assert set(answer["fields"]) == {"kind", "subject", "service", "reporter_email"}
    assert answer["fields"]["subject"] == ["Bidang ini tidak boleh kosong."]
    assert "tidak-ada" in answer["fields"]["service"][0]
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("payload", ["{bukan json", "[1, 2]", ""])
def test_a_body_that_is_not_a_json_object_is_refused(api, raw_token, payload):
    response = post(api, payload, token=raw_token)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_json"


def test_only_post_is_answered(api, raw_token):
    response = api.get(URL, headers={"authorization": f"Bearer {raw_token}"})

    assert response.status_code == 405


def test_the_openapi_document_is_served_and_valid(client):
    response = client.get(reverse("complaint_intake_schema"))

    assert response.status_code == 200
    schema = response.json()
    openapi_validate(schema)  # raises on an invalid OpenAPI 3.1 document
    assert schema["openapi"].startswith("3.1")
    operation = schema["paths"][URL]["post"]
    assert set(operation["responses"]) == {"201", "400", "401", "413"}
    fields = schema["components"]["schemas"]["ComplaintIn"]["properties"]
    assert set(fields) == set(body())
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


# --- the admin -------------------------------------------------------------------------------


def test_the_admin_shows_a_new_token_once_and_keeps_only_its_hash(client, administrator):
    client.force_login(administrator)

    response = client.post(
        "/admin/complaints/intaketoken/add/",
        {"name": "Konektor chat", "channel": Channel.CHAT},
        follow=True,
    )

    token = IntakeToken.objects.get()
    shown = re.search(r"Konektor chat: (\S+) ", response.content.decode())
    assert shown is not None
    raw = shown.group(1)
    assert intake_token_check(raw) == token
    assert raw not in token.token_hash
    # Shown once: the next page does not have it any more.
    assert (
        raw not in client.get(f"/admin/complaints/intaketoken/{token.pk}/change/").content.decode()
    )


def test_complaints_are_read_only_in_the_admin(client, administrator, make_complaint):
    complaint = make_complaint()
    client.force_login(administrator)

    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/").content.decode()

    assert complaint.subject in page
    # The tracking code is the reporter's key: it stays with the complaint team.
    assert complaint.tracking_code not in page
    assert 'name="_save"' not in page
    assert client.get("/admin/complaints/complaint/add/").status_code == 403


def test_an_anonymous_reporter_stays_hidden_from_administrators_outside_the_team(
    client, administrator, make_complaint, make_user
):
    complaint = make_complaint(anonymous=True)
    url = f"/admin/complaints/complaint/{complaint.pk}/change/"
    client.force_login(administrator)

    assert "Budi Santoso" not in client.get(url).content.decode()

    team_admin = make_user(
        "admin-pengaduan",
        Role.ADMINISTRATOR,
        Role.COMPLAINT_HANDLER,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(team_admin)
    # Nor from the team: an anonymous reporter's seal opens on the team's screens only.
    assert "Budi Santoso" not in client.get(url).content.decode()
    named = make_complaint(anonymous=False, reporter_name="Sri Rahayu")
    named_url = f"/admin/complaints/complaint/{named.pk}/change/"
    assert "Sri Rahayu" in client.get(named_url).content.decode()
