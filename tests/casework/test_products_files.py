"""The files of a case's products: the LSP certificate's scan, the handover receipt and the
proof of payment go, through permission-checked views with the file headers, to the case's
employee, its proposer and the service's staff; anyone else gets 404."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework.constants import HandoverMethod
from casework.services.products import handover_record, payment_record, skh_issue
from portal.constants import Role
from tests.casework import test_exam_sessions as sessions
from tests.casework import test_handover as handover_tests
from tests.casework import test_products_lsp_certificate as lsp_certificate
from tests.casework import test_products_skh as skh
from tests.factories import pdf_bytes

at_exam = sessions.at_exam
lsp_assessor = sessions.lsp_assessor
make_session = sessions.make_session
scheduler = sessions.scheduler
other_service_assessor = sessions.other_service_assessor
officer = lsp_certificate.officer
passed = lsp_certificate.passed
recorded = skh.recorded
official = skh.official
employee = handover_tests.employee

pytestmark = pytest.mark.django_db

FILES = ("casework_external_product_scan", "casework_handover_receipt", "casework_payment_proof")


def upload():
    return SimpleUploadedFile("berkas.pdf", pdf_bytes(), "application/pdf")


@pytest.fixture
def completed(recorded, official, officer, employee, operator):
    """A case handed over with its receipt, its fee paid by the proposer."""
    case = recorded()
    type(case).objects.filter(pk=case.pk).update(applicant=employee)
    payment_record(
        case=case,
        actor=operator,
        payee="LSP",
        amount=Decimal("750000"),
        paid_on=datetime.date(2026, 12, 1),
        proof=upload(),
    )
    skh_issue(case=case, actor=official)
    handover_record(
        case=case,
        actor=officer,
        method=HandoverMethod.PICKUP,
        received_by="Rina",
        handed_at=timezone.now(),
        receipt=upload(),
    )
    return case


def test_the_case_people_open_every_file(
    client, completed, employee, operator, bkpsdm_staff, lsp_assessor
):
    # The session's assessor too; an assessor who sat on another session does not (below).
    for user in (employee, operator, bkpsdm_staff[Role.VERIFIER], lsp_assessor):
        client.force_login(user)
        for name in FILES:
            response = client.get(reverse(name, args=[completed.public_id]))
            assert response.status_code == 200, (name, user)
            assert response["Content-Type"] == "application/pdf"
            assert "sandbox" in response["Content-Security-Policy"]
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_strangers_get_404(
    client, completed, make_user, outsider, other_service_assessor, bkpsdm_staff
):
    strangers = [
        outsider,
        other_service_assessor,
        bkpsdm_staff[Role.ASSESSOR],  # the provider's assessor, not on this case's session
        make_user("petugas-perpusnas", Role.CERTIFICATE_OFFICER, Role.VERIFIER),
        make_user("operator-lain"),
    ]
    for user in strangers:
        client.force_login(user)
        for name in FILES:
            assert client.get(reverse(name, args=[completed.public_id])).status_code == 404
    client.logout()
    for name in FILES:
        assert client.get(reverse(name, args=[completed.public_id])).status_code == 404


def test_a_case_without_the_file_answers_404(client, passed, operator):
    case = passed()
    client.force_login(operator)
    for name in FILES:
        assert client.get(reverse(name, args=[case.public_id])).status_code == 404


def test_the_products_page_shows_the_records_to_the_employee(client, completed, employee):
    client.force_login(employee)
    response = client.get(reverse("casework_case_products", args=[completed.public_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "LSP-PK/2026/00123" in body
    assert reverse("casework_handover_receipt", args=[completed.public_id]) in body
    assert response.context["record_form"] is None
    assert response.context["handover_form"] is None
    assert response.context["payment_form"] is None


def test_the_products_page_is_404_to_strangers(client, completed, outsider, make_user):
    for user in (outsider, make_user("pejabat-perpusnas", Role.SIGNING_OFFICIAL)):
        client.force_login(user)
        url = reverse("casework_case_products", args=[completed.public_id])
        assert client.get(url).status_code == 404
