"""The Surat Keterangan Hasil Uji Kompetensi (seed 002 step 8): the signing official issues
it; it gets the provider's next number, and after commit a PDF stating the participant, NIP,
scheme, LSP, exam date, result and LSP certificate number is rendered and signed, once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.exceptions import CaseError, CaseForbidden
from casework.models import IssuedDocument
from casework.pdf import STALE_AFTER
from casework.products import issued_document_store
from casework.services.products import skh_issue
from casework.tasks import redrive_issued_documents, render_issued_document
from portal.constants import Role, StepKind
from tests.casework import test_exam_sessions as sessions
from tests.casework import test_products_lsp_certificate as lsp_certificate
from tests.casework.test_products_lsp_certificate import record
from tests.certificates import test_signing
from tests.certificates.test_documents import text_of
from tests.certificates.test_signing import assert_signed_pades

# Fixtures shared with test_exam_sessions.py.
at_exam = sessions.at_exam
lsp_assessor = sessions.lsp_assessor
make_session = sessions.make_session
scheduler = sessions.scheduler

# Fixtures shared with test_products_lsp_certificate.py.
officer = lsp_certificate.officer
passed = lsp_certificate.passed

demo_p12 = test_signing.demo_p12
signing_key = test_signing.signing_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(bkpsdm_staff):
    user = bkpsdm_staff[Role.SIGNING_OFFICIAL]
    user.first_name, user.nip = "Dr. Hendra Saputra, M.Si.", "197001011995031001"
    user.save(update_fields=["first_name", "nip"])
    return user


@pytest.fixture
def recorded(passed, officer):
    """A competent participant whose LSP certificate is recorded: waiting for the letter."""

    def make(nip="198609262015052001"):
        case = passed(nip=nip)
        record(case, officer)
        case.refresh_from_db()
        assert case.step.kind == StepKind.ISSUANCE
        return case

    return make


def pdf_of(field_file) -> bytes:
    with field_file.open("rb") as file:
        return file.read()


def test_the_official_issues_a_signed_letter_with_the_data(
    client, recorded, official, signing_key, django_capture_on_commit_callbacks
):
    case = recorded()
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("casework_skh_issue", args=[case.public_id]))
    assert response.status_code == 302
    document = IssuedDocument.objects.get(case=case)
    year = timezone.localdate().year
    assert document.number == f"SKH/{year}/0001"
    assert document.signed_by == official
    case.refresh_from_db()
    assert case.step.kind == StepKind.HANDOVER

    pdf = pdf_of(document.pdf)
    assert_signed_pades(pdf)
    text = text_of(pdf)
    for expected in (
        "SURAT KETERANGAN HASIL UJI KOMPETENSI",
        f"SKH/{year}/0001",
        "Rina Wulandari, S.Kom.",
        "198609262015052001",
        "Pranata Komputer Ahli Pertama",
        "LSP Pranata Komputer Indonesia",
        "KOMPETEN",
        "LSP-PK/2026/00123",
        timezone.localtime(case.exam_session.starts_at).strftime("%Y"),
        "Dr. Hendra Saputra, M.Si.",
    ):
        assert expected in text, expected


def test_numbers_follow_each_other(recorded, official):
    first = skh_issue(case=recorded(), actor=official)
    second = skh_issue(case=recorded(nip="199001012020011001"), actor=official)
    assert [first.number[-4:], second.number[-4:]] == ["0001", "0002"]


def test_rendering_twice_stores_one_pdf(recorded, official, signing_key):
    document = skh_issue(case=recorded(), actor=official)
    assert render_issued_document(document.pk) is True
    document.refresh_from_db()
    stored = pdf_of(document.pdf)
    assert render_issued_document(document.pk) is False
    document.refresh_from_db()
    assert pdf_of(document.pdf) == stored


def test_a_missing_key_delays_the_pdf_and_the_redrive_renders_it(
    recorded, official, settings, signing_key, django_capture_on_commit_callbacks
):
    key = settings.CERT_SIGNING_P12
    settings.CERT_SIGNING_P12 = ""
    with django_capture_on_commit_callbacks(execute=True):
        document = skh_issue(case=recorded(), actor=official)
    document.refresh_from_db()
    assert not document.pdf  # issued and numbered; the PDF waits
    settings.CERT_SIGNING_P12 = key
    assert redrive_issued_documents() == 0  # not stale yet
    IssuedDocument.objects.filter(pk=document.pk).update(issued_at=timezone.now() - STALE_AFTER * 2)
    assert redrive_issued_documents() == 1
    document.refresh_from_db()
    assert_signed_pades(pdf_of(document.pdf))


def test_a_double_post_issues_one_letter(client, recorded, official):
    case = recorded()
    client.force_login(official)
    url = reverse("casework_skh_issue", args=[case.public_id])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert IssuedDocument.objects.filter(case=case).count() == 1


def test_others_may_not_issue(recorded, officer, operator, make_user, lsp_assessor):
    case = recorded()
    perpusnas_official = make_user("pejabat-perpusnas", Role.SIGNING_OFFICIAL)
    for user in (officer, operator, lsp_assessor, perpusnas_official):
        with pytest.raises(CaseForbidden):
            skh_issue(case=case, actor=user)
    assert not IssuedDocument.objects.exists()


def test_a_case_not_at_issuance_gets_no_letter(passed, official):
    with pytest.raises(CaseError):
        skh_issue(case=passed(), actor=official)


def test_the_store_skips_a_document_not_issued(recorded, official):
    document = skh_issue(case=recorded(), actor=official)
    IssuedDocument.objects.filter(pk=document.pk).update(issued_at=None)
    assert issued_document_store(document_id=document.pk) is False


def test_who_downloads_the_letter(
    client, recorded, official, signing_key, operator, make_user, outsider, lsp_assessor
):
    case = recorded()
    employee = make_user("198609262015052001x", nip="198609262015052099")
    type(case).objects.filter(pk=case.pk).update(applicant=employee)
    document = skh_issue(case=case, actor=official)
    render_issued_document(document.pk)
    url = reverse("casework_issued_document", args=[document.public_id])
    for user in (employee, operator, official, lsp_assessor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    other = make_user("pejabat-perpusnas", Role.SIGNING_OFFICIAL)
    for user in (outsider, other):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_the_letter_is_not_served_before_its_pdf(client, recorded, official):
    document = skh_issue(case=recorded(), actor=official)
    client.force_login(official)
    url = reverse("casework_issued_document", args=[document.public_id])
    assert client.get(url).status_code == 404
