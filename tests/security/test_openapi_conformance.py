"""Schemathesis against the two OpenAPI documents, loaded in-process from the WSGI application:
whatever the documents allow (and what they do not), the API answers without a server error,
and every answer has a status, content type and body the document describes."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from certificates.constants import CertificateStatus
from certificates.models import Certificate
from complaints.constants import Channel
from complaints.services import intake_token_create
from portal.models import StatusList
from tests.factories import CertificateFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction; Django's own test client switches that off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def certificate_schema(db):
    # Known numbers, so the generated requests meet valid and revoked certificates too.
    for sequence, revoked in ((1, False), (2, True)):
        CertificateFactory(
            status=CertificateStatus.LEGALISATION,
            number=f"UKP/2026/{sequence:06d}",
            signed_at=timezone.now(),
            revoked_at=timezone.now() if revoked else None,
            revocation_reason="Data tidak benar." if revoked else "",
        )
    return schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())


@pytest.fixture
def intake_schema(db):
    return schemathesis.openapi.from_wsgi("/api/pengaduan/schema/", WSGIHandler())


@pytest.fixture
def intake_token(db):
    _token, raw = intake_token_create(name="Schemathesis", channel=Channel.LAPOR)
    return raw


# Valid requests (positive) and requests the document does not allow (negative): both must be
# answered as the document says. (Schemathesis's own pytest loader, from_fixture, does not run
# under pytest 9, so the strategies are drawn by hand.)
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


# What a WSGI server always sets; the rate limit counts per client address.
CLIENT = {"environ_base": {"REMOTE_ADDR": "203.0.113.7"}}


# Positive only: any text is a valid number, so no request breaks the document's rules.
@SETTINGS
@given(data=st.data())
def test_the_certificate_api_keeps_to_its_document(certificate_schema, data):
    operation = certificate_schema["/api/certificates/{number}/"]["GET"]
    case = data.draw(operation.as_strategy())

    response = case.call(**CLIENT)

    case.validate_response(response, checks=CHECKS)


@pytest.fixture
def credential_schema(certificate_schema):
    """The librarian exam's provider with a status list holding a valid and a revoked
    certificate (and its first key, made by the first request)."""
    certificates = list(Certificate.objects.order_by("number"))
    provider_id = certificates[0].application.service.provider_id
    status_list = StatusList.objects.create(provider_id=provider_id, ordinal=1, allocated=2)
    for index, certificate in enumerate(certificates):
        certificate.status_list, certificate.status_list_index = status_list, index
        certificate.save(update_fields=["status_list", "status_list_index"])
    return certificate_schema


@pytest.mark.parametrize(
    "path",
    [
        "/api/kredensial/{provider}/",
        "/api/kredensial/{provider}/jwks.json",
        "/api/kredensial/{provider}/did.json",
        "/api/kredensial/{provider}/status/{ordinal}/",
    ],
)
# Positive only: any text is a valid slug or ordinal for the document (wrong ones answer 404).
@settings(SETTINGS, max_examples=30)
@given(data=st.data())
def test_the_credential_documents_keep_to_the_document(credential_schema, path, data):
    case = data.draw(credential_schema[path]["GET"].as_strategy())

    response = case.call(**CLIENT)

    case.validate_response(response, checks=CHECKS)


@pytest.mark.parametrize(
    "path",
    [
        "/api/kredensial/{provider}/",
        "/api/kredensial/{provider}/jwks.json",
        "/api/kredensial/{provider}/did.json",
        "/api/kredensial/{provider}/status/{ordinal}/",
    ],
)
def test_the_credential_documents_of_a_real_provider_answer_200_as_documented(
    credential_schema, path
):
    case = credential_schema[path]["GET"].Case(
        path_parameters={"provider": "pusat-pembinaan-pustakawan", "ordinal": "1"}
    )

    response = case.call(**CLIENT)

    assert response.status_code == 200
    case.validate_response(response, checks=CHECKS)


@pytest.mark.parametrize("mode", MODES)
@SETTINGS
@given(data=st.data())
def test_the_intake_api_keeps_to_its_document(intake_schema, intake_token, mode, data):
    operation = intake_schema["/api/pengaduan/"]["POST"]
    case = data.draw(operation.as_strategy(generation_mode=mode))

    response = case.call(headers={"Authorization": f"Bearer {intake_token}"}, **CLIENT)

    case.validate_response(response, checks=CHECKS)


@settings(SETTINGS, max_examples=30)
@given(data=st.data())
def test_the_intake_api_answers_a_wrong_token_as_documented(intake_schema, data):
    case = data.draw(intake_schema["/api/pengaduan/"]["POST"].as_strategy())

    response = case.call(headers={"Authorization": "Bearer salah"}, **CLIENT)

    assert response.status_code == 401
    case.validate_response(response, checks=CHECKS)
