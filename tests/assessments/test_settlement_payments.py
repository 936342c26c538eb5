"""Seed 004 step 12: the invoice (numbered per provider and year, Rp 3.200.000 x participants,
issued once), the proof of payment (uploaded by the operator, confirmed or returned by the
treasurer), the overdue flag (once), and who may reach the invoice and the proofs."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.constants import EngagementState, ProofVerdict
from assessments.documents import invoice_html
from assessments.models import Invoice, Participant, PaymentProof
from assessments.services import payments
from casework.exceptions import CaseError, CaseForbidden
from portal.constants import Role
from portal.models import Event
from portal.numbers import amount_in_words
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
SIGNED_ON = datetime.date(2026, 11, 2)


def pdf_file(name="bukti.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_participants(engagement, count):
    for i in range(count):
        Participant.objects.create(
            engagement=engagement,
            nip=f"19800101200501{i:04d}",
            name=f"Asesi {i:02d}",
            position="Analis",
            work_unit="BKPSDM",
            email=f"asesi{i}@example.test",
        )


@pytest.fixture
def treasurer(lan_staff):
    return lan_staff[Role.TREASURER]


@pytest.fixture
def signed(make_engagement):
    """An engagement whose SPK both parties signed: 12 asesi agreed."""
    return make_engagement(EngagementState.PREPARATION, agreement=True, signed_on=SIGNED_ON)


@pytest.fixture
def invoiced(signed, treasurer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        payments.invoice_issue(engagement=signed, actor=treasurer)
    return Invoice.objects.get(engagement=signed)


def events(engagement, kind):
    return Event.objects.filter(object_id=engagement.pk, kind=kind).count()


# --- The invoice ------------------------------------------------------------------------------


def test_amount_is_fee_times_listed_participants_never_above_spk(signed, treasurer):
    add_participants(signed, 10)
    invoice = payments.invoice_issue(engagement=signed, actor=treasurer)
    assert invoice.participant_count == 10
    assert invoice.fee_per_participant == Decimal(3_200_000)
    assert invoice.amount == Decimal(32_000_000)
    assert invoice.due_on == signed.agreement.payment_due_on
    assert events(signed, "invoice_issued") == 1


def test_without_a_list_the_spk_count(signed, treasurer):
    invoice = payments.invoice_issue(engagement=signed, actor=treasurer)
    assert (invoice.participant_count, invoice.amount) == (12, Decimal(38_400_000))


def test_more_listed_than_agreed_bills_the_agreed(signed, treasurer):
    add_participants(signed, 14)
    assert payments.invoice_issue(engagement=signed, actor=treasurer).participant_count == 12


def test_numbers_per_provider_and_year(make_engagement, make_institution, treasurer):
    first = make_engagement(EngagementState.PREPARATION, agreement=True, signed_on=SIGNED_ON)
    other = make_institution(name="Kabupaten Sambas", operator="operator-sambas")
    second = make_engagement(
        EngagementState.REPORTING, agreement=True, signed_on=SIGNED_ON, institution=other
    )
    year = timezone.localdate().year
    a = payments.invoice_issue(engagement=first, actor=treasurer)
    b = payments.invoice_issue(engagement=second, actor=treasurer)
    assert (a.sequence, b.sequence) == (1, 2)
    assert a.number == f"0001/TAG/PKASN/{year}"
    assert b.number == f"0002/TAG/PKASN/{year}"
    # A new year starts again at 1.
    Invoice.objects.filter(pk__in=[a.pk, b.pk]).update(year=year - 1)
    third = make_engagement(
        EngagementState.PREPARATION, agreement=True, signed_on=SIGNED_ON, institution=other
    )
    assert payments.invoice_issue(engagement=third, actor=treasurer).sequence == 1


def test_double_issue_gives_one_invoice(signed, treasurer, client):
    client.force_login(treasurer)
    url = reverse("assessments_invoice_issue", args=[signed.public_id])
    first = client.post(url)
    second = client.post(url, follow=True)
    assert first.status_code == 302
    assert Invoice.objects.filter(engagement=signed).count() == 1
    assert "sudah diterbitkan" in second.content.decode()
    assert events(signed, "invoice_issued") == 1


def test_only_the_treasurer_issues_and_only_after_signing(
    make_engagement, signed, lan_staff, other_unit_staff, institution_operator
):
    for user in (lan_staff[Role.SIGNING_OFFICIAL], other_unit_staff, institution_operator):
        with pytest.raises(CaseForbidden):
            payments.invoice_issue(engagement=signed, actor=user)
    unsigned = make_engagement(EngagementState.AGREEMENT, agreement=True)
    with pytest.raises(CaseError, match="ditandatangani oleh kedua pihak"):
        payments.invoice_issue(engagement=unsigned, actor=lan_staff[Role.TREASURER])
    assert not Invoice.objects.exists()


def test_invoice_pdf_says_the_fee_in_words_and_no_bank_account(invoiced):
    html = invoice_html(invoiced)
    assert "12 peserta \u00d7 Rp 3.200.000 = Rp 38.400.000" in html
    assert "Rp 38.400.000" in html
    assert "tiga puluh delapan juta empat ratus ribu rupiah" in html
    assert "Bendahara Penerima Puslatbang PKASN LAN" in html
    assert "Tarif sesuai laman layanan: Rp. 3.200.000,- per Peserta" in html
    assert "tercantum dalam SPK" in html
    assert invoiced.pdf  # rendered by the task after commit


def test_amount_in_words():
    assert amount_in_words(3_200_000) == "tiga juta dua ratus ribu"
    assert amount_in_words(1_001_000) == "satu juta seribu"
    assert amount_in_words(1_600_000_000) == "satu miliar enam ratus juta"


def test_invoice_pdf_page_renders_when_missing(signed, treasurer, client, institution_operator):
    invoice = payments.invoice_issue(engagement=signed, actor=treasurer)  # no task ran
    assert not invoice.pdf
    client.force_login(institution_operator)
    response = client.get(reverse("assessments_invoice_pdf", args=[signed.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    close_file(response)
    invoice.refresh_from_db()
    assert invoice.pdf


def test_invoice_pdf_hidden_from_outsiders(
    invoiced, client, make_institution, other_unit_staff, make_user
):
    url = reverse("assessments_invoice_pdf", args=[invoiced.engagement.public_id])
    assert client.get(url).status_code == 302  # anonymous → login
    other_operator = make_institution(name="Kota Lain", operator="operator-lain").operators.get()
    for user in (other_operator, other_unit_staff, make_user("orang-luar")):
        client.force_login(user)
        assert client.get(url).status_code == 404


# --- Proofs of payment ------------------------------------------------------------------------


def upload(engagement, operator, **fields):
    values = {"file": pdf_file(), "paid_on": datetime.date(2026, 11, 20), "amount": 38_400_000}
    values.update(fields)
    return payments.proof_upload(engagement=engagement, actor=operator, **values)


def get_status(client, url) -> int:
    """GET and close (a streamed file stays open otherwise)."""
    response = client.get(url)
    close_file(response)
    return response.status_code


def close_file(response) -> None:
    # Not response.close(): it ends the request, which closes the test's database connection.
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    stream = getattr(response, "file_to_stream", None)
    if stream is not None:
        stream.close()


def test_upload_confirm_marks_paid_and_mails(
    invoiced, institution_operator, treasurer, mailoutbox, django_capture_on_commit_callbacks
):
    engagement = invoiced.engagement
    with django_capture_on_commit_callbacks(execute=True):
        proof = upload(engagement, institution_operator)
    assert proof.verdict == ProofVerdict.PENDING
    assert mailoutbox[-1].to == [treasurer.email]
    assert mailoutbox[0].to == [institution_operator.email]  # the invoice
    with pytest.raises(CaseError, match="menunggu konfirmasi"):
        upload(engagement, institution_operator)
    with django_capture_on_commit_callbacks(execute=True):
        payments.proof_confirm(proof=proof, actor=treasurer)
    invoiced.refresh_from_db()
    assert invoiced.paid_at is not None
    assert events(engagement, "payment_confirmed") == 1
    assert mailoutbox[-1].to == [institution_operator.email]
    with pytest.raises(CaseError, match="sudah diperiksa"):
        payments.proof_confirm(proof=proof, actor=treasurer)
    with pytest.raises(CaseError, match="sudah lunas"):
        upload(engagement, institution_operator)


def test_return_needs_a_reason_then_a_new_upload(
    invoiced, institution_operator, treasurer, mailoutbox, django_capture_on_commit_callbacks
):
    engagement = invoiced.engagement
    proof = upload(engagement, institution_operator)
    with pytest.raises(CaseError, match="alasan"):
        payments.proof_return(proof=proof, actor=treasurer, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        payments.proof_return(proof=proof, actor=treasurer, reason="Jumlah kurang Rp 3.200.000.")
    proof.refresh_from_db()
    assert proof.verdict == ProofVerdict.RETURNED
    assert "Jumlah kurang" in mailoutbox[-1].body
    assert events(engagement, "proof_returned") == 1
    second = upload(engagement, institution_operator)
    assert PaymentProof.objects.filter(invoice=invoiced).count() == 2
    assert second.verdict == ProofVerdict.PENDING


def test_wrong_roles_refused(invoiced, institution_operator, lan_staff, other_unit_staff):
    engagement = invoiced.engagement
    for user in (lan_staff[Role.TREASURER], other_unit_staff):
        with pytest.raises(CaseForbidden):
            upload(engagement, user)
    proof = upload(engagement, institution_operator)
    for user in (institution_operator, lan_staff[Role.SIGNING_OFFICIAL], other_unit_staff):
        with pytest.raises(CaseForbidden):
            payments.proof_confirm(proof=proof, actor=user)
        with pytest.raises(CaseForbidden):
            payments.proof_return(proof=proof, actor=user, reason="x")
    proof.refresh_from_db()
    assert proof.verdict == ProofVerdict.PENDING


def test_wrong_file_kind_refused_in_indonesian_keeping_the_form(
    invoiced, institution_operator, client
):
    client.force_login(institution_operator)
    response = client.post(
        reverse("assessments_proof_upload", args=[invoiced.engagement.public_id]),
        {
            "file": SimpleUploadedFile("bukti.pdf", b"PK\x03\x04 bukan pdf", "application/pdf"),
            "paid_on": "2026-11-20",
            "amount": "38400000",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Periksa kembali isian berikut" in page
    assert 'value="38400000"' in page  # what was typed is kept
    assert not PaymentProof.objects.exists()


def test_upload_and_confirm_through_the_pages(invoiced, institution_operator, treasurer, client):
    engagement = invoiced.engagement
    client.force_login(institution_operator)
    response = client.post(
        reverse("assessments_proof_upload", args=[engagement.public_id]),
        {"file": pdf_file(), "paid_on": "2026-11-20", "amount": "38400000"},
        follow=True,
    )
    assert "menunggu konfirmasi Bendahara Penerima" in response.content.decode()
    proof = PaymentProof.objects.get()
    again = client.post(
        reverse("assessments_proof_upload", args=[engagement.public_id]),
        {"file": pdf_file(), "paid_on": "2026-11-20", "amount": "38400000"},
        follow=True,
    )
    assert "masih menunggu konfirmasi" in again.content.decode()  # a double click: one proof
    assert PaymentProof.objects.count() == 1
    file_url = reverse("assessments_proof_file", args=[proof.public_id])
    assert get_status(client, file_url) == 200
    client.force_login(treasurer)
    page = client.get(reverse("assessments_engagement", args=[engagement.public_id])).content
    assert b"Konfirmasi pembayaran" in page
    client.post(reverse("assessments_proof_confirm", args=[proof.public_id]))
    proof.refresh_from_db()
    assert proof.verdict == ProofVerdict.CONFIRMED


def test_proof_file_hidden_from_outsiders(
    invoiced, institution_operator, client, make_institution, other_unit_staff
):
    proof = upload(invoiced.engagement, institution_operator)
    url = reverse("assessments_proof_file", args=[proof.public_id])
    assert get_status(client, url) == 302
    other_operator = make_institution(name="Kota Lain", operator="operator-lain").operators.get()
    for user in (other_operator, other_unit_staff):
        client.force_login(user)
        assert get_status(client, url) == 404
        assert (
            client.post(reverse("assessments_proof_confirm", args=[proof.public_id])).status_code
            == 404
        )


# --- Overdue ----------------------------------------------------------------------------------


def test_overdue_flagged_once_to_both_sides(
    invoiced,
    institution_operator,
    treasurer,
    mailoutbox,
    client,
    django_capture_on_commit_callbacks,
):
    engagement = invoiced.engagement
    after = invoiced.due_on + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert payments.payments_flag_overdue(today=invoiced.due_on) == 0
        assert payments.payments_flag_overdue(today=after) == 1
        assert payments.payments_flag_overdue(today=after) == 0
    assert events(engagement, "payment_overdue") == 1
    overdue = [m for m in mailoutbox if "melewati batas waktu" in m.subject]
    assert sorted(m.to[0] for m in overdue) == sorted([institution_operator.email, treasurer.email])
    # Both sides see the flag on the page once the due date has passed.
    Invoice.objects.filter(pk=invoiced.pk).update(due_on=datetime.date(2026, 1, 5))
    for user in (institution_operator, treasurer):
        client.force_login(user)
        page = client.get(reverse("assessments_engagement", args=[engagement.public_id]))
        assert "Pembayaran melewati batas waktu" in page.content.decode()


def test_paid_invoice_never_flagged(invoiced, institution_operator, treasurer):
    proof = upload(invoiced.engagement, institution_operator)
    payments.proof_confirm(proof=proof, actor=treasurer)
    assert payments.payments_flag_overdue(today=invoiced.due_on + datetime.timedelta(days=9)) == 0
