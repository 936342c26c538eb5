"""The LSP's certification fee ("Apabila terdapat biaya sertifikasi dari lembaga sertifikasi
profesi, menyesuaikan ketentuan yang berlaku"): the certificate officer or the proposer records
the amount, payee, date and proof for one participant, once; where there is no fee nothing is
recorded and the workflow never waits on it."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.constants import CaseState
from casework.exceptions import CaseError, CaseForbidden
from casework.models import Payment
from casework.services.products import ProductFileRejected, payment_record
from portal.constants import Role
from tests.casework import test_exam_sessions as sessions
from tests.casework import test_products_lsp_certificate as lsp_certificate
from tests.factories import pdf_bytes, photo_bytes

at_exam = sessions.at_exam
lsp_assessor = sessions.lsp_assessor
make_session = sessions.make_session
scheduler = sessions.scheduler
officer = lsp_certificate.officer
passed = lsp_certificate.passed

pytestmark = pytest.mark.django_db


def proof():
    return SimpleUploadedFile("bukti.jpg", photo_bytes(), "image/jpeg")


def pay(case, actor, **fields):
    values = {
        "payee": "LSP Pranata Komputer Indonesia",
        "amount": Decimal("1500000"),
        "paid_on": datetime.date(2026, 12, 5),
        "proof": proof(),
        **fields,
    }
    return payment_record(case=case, actor=actor, **values)


def test_the_proposer_records_the_fee_from_the_page(client, at_exam, operator):
    case = at_exam()
    client.force_login(operator)
    page = client.get(reverse("casework_case_products", args=[case.public_id]))
    assert page.context["payment_form"] is not None
    response = client.post(
        reverse("casework_payment_record", args=[case.public_id]),
        {
            "payee": "LSP Pranata Komputer Indonesia",
            "amount": "1500000",
            "paid_on": "2026-12-05",
            "proof": SimpleUploadedFile("bukti.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert response.status_code == 302
    payment = Payment.objects.get(case=case)
    assert payment.amount == Decimal("1500000")
    assert payment.recorded_by == operator


def test_the_certificate_officer_records_it_too(passed, officer):
    payment = pay(passed(), officer)
    assert payment.recorded_by == officer


def test_a_second_record_is_refused(at_exam, operator, officer):
    case = at_exam()
    pay(case, operator)
    with pytest.raises(CaseError, match="sudah dicatat"):
        pay(case, officer, amount=Decimal("1"))
    assert Payment.objects.get().amount == Decimal("1500000")


def test_without_proof_or_amount_nothing_is_stored(client, at_exam, operator):
    case = at_exam()
    with pytest.raises(ProductFileRejected):
        pay(case, operator, proof=None)
    with pytest.raises(ProductFileRejected):
        pay(case, operator, proof=SimpleUploadedFile("b.pdf", b"teks", "application/pdf"))
    with pytest.raises(CaseError):
        pay(case, operator, amount=Decimal("0"))
    client.force_login(operator)
    response = client.post(
        reverse("casework_payment_record", args=[case.public_id]),
        {"payee": "LSP Nusantara", "amount": "", "paid_on": "2026-12-05", "proof": proof()},
    )
    assert response.status_code == 400
    assert "LSP Nusantara" in response.content.decode()
    assert not Payment.objects.exists()


def test_others_may_not_record(client, at_exam, bkpsdm_staff, lsp_assessor, make_user, outsider):
    case = at_exam()
    perpusnas_officer = make_user("petugas-perpusnas", Role.CERTIFICATE_OFFICER)
    for user in (
        bkpsdm_staff[Role.VERIFIER],
        bkpsdm_staff[Role.SIGNING_OFFICIAL],
        lsp_assessor,
        perpusnas_officer,
        outsider,
    ):
        with pytest.raises(CaseForbidden):
            pay(case, user)
    client.force_login(perpusnas_officer)
    url = reverse("casework_payment_record", args=[case.public_id])
    assert client.post(url, {}).status_code == 404
    assert not Payment.objects.exists()


def test_no_fee_never_blocks_the_workflow(passed):
    """A competent participant moves on without any payment recorded."""
    case = passed()
    assert case.state == CaseState.ACTIVE
    assert not Payment.objects.exists()
