"""The LSP certificate (seed 002 step 7): the certificate officer records the issuer, scheme,
number, dates and the scan; the portal keeps it, it does not sign it. A wrong file stores
nothing; others may not record it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.constants import AssessmentOutcome
from casework.exceptions import CaseError, CaseForbidden
from casework.models import ExternalProduct
from casework.services.exams import exam_assess, exam_attend
from casework.services.products import (
    ProductFileRejected,
    external_product_record,
)
from portal.constants import Role, StepKind
from tests.casework import test_exam_sessions as sessions
from tests.factories import pdf_bytes, photo_bytes

# Fixtures shared with test_exam_sessions.py.
at_exam = sessions.at_exam
lsp_assessor = sessions.lsp_assessor
make_session = sessions.make_session
scheduler = sessions.scheduler

pytestmark = pytest.mark.django_db


@pytest.fixture
def passed(at_exam, make_session, lsp_assessor):
    """A case the LSP's assessor found competent: waiting for the LSP certificate."""

    def make(nip="198609262015052001"):
        case = at_exam(nip=nip)
        make_session(case)
        case.refresh_from_db()
        case = exam_attend(case=case, actor=lsp_assessor)
        return exam_assess(case=case, actor=lsp_assessor, outcome=AssessmentOutcome.COMPETENT)

    return make


@pytest.fixture
def officer(bkpsdm_staff):
    return bkpsdm_staff[Role.CERTIFICATE_OFFICER]


def scan(name="sertifikat.pdf", content=None):
    return SimpleUploadedFile(name, content or pdf_bytes(), "application/pdf")


def record(case, actor, **fields):
    values = {
        "issuer": "LSP Pranata Komputer Indonesia",
        "scheme": "Pranata Komputer Ahli Pertama",
        "number": "LSP-PK/2026/00123",
        "issued_on": datetime.date(2026, 12, 10),
        "valid_until": datetime.date(2029, 12, 10),
        "scan": scan(),
        **fields,
    }
    return external_product_record(case=case, actor=actor, **values)


def form_data(**fields):
    return {
        "issuer": "LSP Pranata Komputer Indonesia",
        "scheme": "Pranata Komputer Ahli Pertama",
        "number": "LSP-PK/2026/00123",
        "issued_on": "2026-12-10",
        "valid_until": "2029-12-10",
        "scan": scan(),
        **fields,
    }


def test_the_officer_records_the_lsp_certificate_from_the_page(client, passed, officer):
    case = passed()
    client.force_login(officer)
    url = reverse("casework_case_products", args=[case.public_id])
    page = client.get(url)
    assert page.context["record_form"] is not None
    response = client.post(
        reverse("casework_external_product_record", args=[case.public_id]), form_data()
    )
    assert response.status_code == 302
    product = ExternalProduct.objects.get(case=case)
    assert product.number == "LSP-PK/2026/00123"
    assert product.recorded_by == officer
    with product.scan.open("rb") as file:
        assert file.read(5) == b"%PDF-"
    case.refresh_from_db()
    assert case.step.kind == StepKind.ISSUANCE


def test_a_photo_scan_is_accepted(passed, officer):
    case = passed()
    product = record(case, officer, scan=scan("sertifikat.jpg", photo_bytes()))
    assert product.scan.name.endswith(".jpg")


def test_a_wrong_file_stores_nothing_and_keeps_the_form(client, passed, officer):
    case = passed()
    client.force_login(officer)
    response = client.post(
        reverse("casework_external_product_record", args=[case.public_id]),
        form_data(scan=SimpleUploadedFile("sertifikat.pdf", b"bukan pdf", "application/pdf")),
    )
    assert response.status_code == 400
    assert "LSP-PK/2026/00123" in response.content.decode()
    assert response.context["record_form"].errors["scan"]
    assert not ExternalProduct.objects.exists()
    case.refresh_from_db()
    assert case.step.kind == StepKind.EXTERNAL_PRODUCT


def test_validity_before_issue_is_refused(passed, officer):
    with pytest.raises(CaseError):
        record(passed(), officer, valid_until=datetime.date(2026, 1, 1))


def test_a_second_record_is_refused(passed, officer):
    case = passed()
    record(case, officer)
    with pytest.raises(CaseError):
        record(case, officer, number="LAIN")
    assert ExternalProduct.objects.get().number == "LSP-PK/2026/00123"


def test_others_may_not_record(client, passed, operator, bkpsdm_staff, make_user, lsp_assessor):
    case = passed()
    perpusnas_officer = make_user("petugas-perpusnas", Role.CERTIFICATE_OFFICER)
    for user in (
        operator,
        bkpsdm_staff[Role.SIGNING_OFFICIAL],
        bkpsdm_staff[Role.VERIFIER],
        lsp_assessor,
        perpusnas_officer,
    ):
        with pytest.raises(CaseForbidden):
            record(case, user)
    client.force_login(perpusnas_officer)
    url = reverse("casework_external_product_record", args=[case.public_id])
    assert client.post(url, form_data()).status_code == 404
    client.force_login(operator)
    assert client.post(url, form_data()).status_code == 403
    assert not ExternalProduct.objects.exists()


def test_a_file_refusal_names_its_field(passed, officer):
    with pytest.raises(ProductFileRejected) as refused:
        record(passed(), officer, scan=scan(content=b"%PDF-rusak"))
    assert refused.value.field == "scan"


def test_the_queue_lists_the_case_for_the_officer_only(client, passed, officer, make_user):
    case = passed()
    client.force_login(officer)
    response = client.get(reverse("casework_product_queue"))
    assert response.status_code == 200
    assert list(response.context["cases"]) == [case]
    client.force_login(make_user("petugas-perpusnas", Role.CERTIFICATE_OFFICER))
    assert list(client.get(reverse("casework_product_queue")).context["cases"]) == []
