"""The handover (seed 002 step 9): the certificate officer records how the products went to
the participant (picked up or through the Perangkat Daerah with the receipt's scan, or by
courier with its tracking number); the case is then COMPLETED, and the employee confirms
receipt from their own account."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework.constants import CaseState, HandoverMethod
from casework.exceptions import CaseError, CaseForbidden
from casework.models import Handover
from casework.services.products import (
    ProductFileRejected,
    handover_confirm,
    handover_record,
    skh_issue,
)
from portal.constants import Role, StepKind
from tests.casework import test_exam_sessions as sessions
from tests.casework import test_products_lsp_certificate as lsp_certificate
from tests.casework import test_products_skh as skh
from tests.factories import pdf_bytes

# Fixtures shared with the exam and product tests.
at_exam = sessions.at_exam
lsp_assessor = sessions.lsp_assessor
make_session = sessions.make_session
scheduler = sessions.scheduler
officer = lsp_certificate.officer
passed = lsp_certificate.passed
recorded = skh.recorded
official = skh.official

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee(make_user):
    return make_user("198609262015052001", nip="198609262015052001", first_name="Rina")


@pytest.fixture
def issued(recorded, official, employee):
    """A case whose Surat Keterangan Hasil is issued: waiting for the handover; the employee
    has an account."""
    case = recorded()
    type(case).objects.filter(pk=case.pk).update(applicant=employee)
    skh_issue(case=case, actor=official)
    case.refresh_from_db()
    assert case.step.kind == StepKind.HANDOVER
    return case


def receipt():
    return SimpleUploadedFile("tanda-terima.pdf", pdf_bytes(), "application/pdf")


def test_a_pickup_with_its_receipt_completes_the_case(client, issued, officer):
    client.force_login(officer)
    response = client.post(
        reverse("casework_handover_record", args=[issued.public_id]),
        {
            "method": HandoverMethod.PICKUP,
            "received_by": "Rina Wulandari",
            "day": timezone.localdate().isoformat(),
            "receipt": receipt(),
        },
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.state == CaseState.COMPLETED
    assert issued.closed_at is not None
    handover = issued.handover
    assert handover.handed_by == officer
    assert handover.receipt


def test_a_pickup_without_a_receipt_is_refused_and_keeps_the_form(client, issued, officer):
    client.force_login(officer)
    response = client.post(
        reverse("casework_handover_record", args=[issued.public_id]),
        {
            "method": HandoverMethod.THROUGH_INSTITUTION,
            "received_by": "Operator Dinas Kesehatan",
            "day": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert response.context["handover_form"].errors["receipt"]
    assert "Operator Dinas Kesehatan" in response.content.decode()
    assert not Handover.objects.exists()
    issued.refresh_from_db()
    assert issued.state == CaseState.ACTIVE


def test_a_courier_needs_its_tracking_number_not_a_receipt(issued, officer):
    with pytest.raises(CaseError, match="nomor resi"):
        handover_record(
            case=issued,
            actor=officer,
            method=HandoverMethod.COURIER,
            received_by="Rina",
            handed_at=timezone.now(),
            courier="POS Indonesia",
        )
    handover = handover_record(
        case=issued,
        actor=officer,
        method=HandoverMethod.COURIER,
        received_by="Rina",
        handed_at=timezone.now(),
        courier="POS Indonesia",
        tracking_number="P2612100001",
    )
    assert handover.tracking_number == "P2612100001"
    assert not handover.receipt
    issued.refresh_from_db()
    assert issued.state == CaseState.COMPLETED


def test_a_wrong_receipt_file_stores_nothing(issued, officer):
    with pytest.raises(ProductFileRejected):
        handover_record(
            case=issued,
            actor=officer,
            method=HandoverMethod.PICKUP,
            received_by="Rina",
            handed_at=timezone.now(),
            receipt=SimpleUploadedFile("x.pdf", b"GIF89a", "application/pdf"),
        )
    assert not Handover.objects.exists()


def test_a_double_post_records_one_handover(client, issued, officer):
    client.force_login(officer)
    url = reverse("casework_handover_record", args=[issued.public_id])
    data = {
        "method": HandoverMethod.COURIER,
        "received_by": "Rina",
        "day": timezone.localdate().isoformat(),
        "courier": "JNE",
        "tracking_number": "123",
    }
    client.post(url, data)
    second = client.post(url, data)
    assert second.status_code == 400
    assert Handover.objects.filter(case=issued).count() == 1


def test_others_may_not_hand_over(issued, official, operator, employee, make_user):
    perpusnas_officer = make_user("petugas-perpusnas", Role.CERTIFICATE_OFFICER)
    for user in (official, operator, employee, perpusnas_officer):
        with pytest.raises(CaseForbidden):
            handover_record(
                case=issued,
                actor=user,
                method=HandoverMethod.PICKUP,
                received_by="Rina",
                handed_at=timezone.now(),
                receipt=receipt(),
            )
    assert not Handover.objects.exists()


def test_the_employee_confirms_receipt_once(client, issued, officer, employee):
    handover_record(
        case=issued,
        actor=officer,
        method=HandoverMethod.PICKUP,
        received_by="Rina",
        handed_at=timezone.now(),
        receipt=receipt(),
    )
    client.force_login(employee)
    page = client.get(reverse("casework_case_products", args=[issued.public_id]))
    confirm = reverse("casework_handover_confirm", args=[issued.public_id])
    assert confirm in page.content.decode()
    assert client.post(confirm).status_code == 302
    first = Handover.objects.get().confirmed_at
    assert first is not None
    client.post(confirm)
    assert Handover.objects.get().confirmed_at == first
    page = client.get(reverse("casework_case_products", args=[issued.public_id]))
    assert confirm not in page.content.decode()


def test_only_the_employee_confirms(client, issued, officer, operator, outsider):
    with pytest.raises(CaseError):
        handover_confirm(case=issued, actor=issued.applicant)  # nothing handed over yet
    handover_record(
        case=issued,
        actor=officer,
        method=HandoverMethod.PICKUP,
        received_by="Rina",
        handed_at=timezone.now(),
        receipt=receipt(),
    )
    for user in (officer, operator):
        with pytest.raises(CaseForbidden):
            handover_confirm(case=issued, actor=user)
    client.force_login(outsider)
    assert (
        client.post(reverse("casework_handover_confirm", args=[issued.public_id])).status_code
        == 404
    )
    assert Handover.objects.get().confirmed_at is None


def test_the_confirmation_returns_to_the_page_it_came_from(client, issued, officer, employee):
    handover_record(
        case=issued,
        actor=officer,
        method=HandoverMethod.PICKUP,
        received_by="Rina",
        handed_at=timezone.now(),
        receipt=receipt(),
    )
    client.force_login(employee)
    url = reverse("casework_handover_confirm", args=[issued.public_id])
    assert client.post(url, {"next": "/permohonan-layanan/"})["Location"] == "/permohonan-layanan/"
    assert client.post(url, {"next": "https://jahat.example/"})["Location"] == reverse(
        "casework_case_products", args=[issued.public_id]
    )
