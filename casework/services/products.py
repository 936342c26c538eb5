"""The products of a case and their handover (seed 002 steps 7-9), and the LSP's fee.

Guarantees: each step's work is written under the case's row lock together with the engine's
move (casework.services.engine.case_step_complete), so a double POST finds the step taken and
is refused, never recorded twice; every uploaded file is checked and written anew
(portal.uploads.upload_clean) before anything is stored, so a wrong file stores nothing and
leaves the case as it was; the Surat Keterangan Hasil gets the provider's next number under a
lock and is rendered and signed after commit (casework.tasks; rendering twice is
harmless). Payment is recorded where the LSP charges, and nothing waits on it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.constants import HandoverMethod
from casework.exceptions import CaseError
from casework.models import Case, ExternalProduct, Handover, IssuedDocument, Payment
from casework.services.engine import case_locked, case_step_complete
from casework.workflow import (
    Action,
    handover_confirm_refusal,
    payment_record_refusal,
    step_action_refusal,
)
from portal.credentials.status import status_index_take
from portal.events import event_record
from portal.models import Provider
from portal.uploads import UploadRejected, upload_clean

SKH_PREFIX = "SKH"


@dataclass(frozen=True)
class ScanRules:
    """What a scan (LSP certificate, receipt, proof of payment) must be
    (portal.uploads.UploadRules): a PDF, JPEG or PNG of at most 4 MB."""

    accepted_kinds: tuple[str, ...] = ("pdf", "jpeg", "png")
    max_size_bytes: int = 4 * 1024 * 1024
    is_photo: bool = False
    photo_min_width: int = 0
    photo_min_height: int = 0


SCAN_RULES = ScanRules()


def _raise(refusal: Exception | None) -> None:
    if refusal is not None:
        raise refusal


def _clean(file, field: str):
    """The file checked and written anew; a refusal names the form field it belongs to."""
    try:
        return upload_clean(file, SCAN_RULES)
    except UploadRejected as exc:
        raise ProductFileRejected(field, exc.message) from exc


class ProductFileRejected(CaseError):
    """An uploaded file was refused; `field` is the form field, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _store(field_file, original_name: str, clean) -> None:
    # upload_to picks a random name; only the extension is read from the original.
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}[clean.checked.kind]
    field_file.save(f"{original_name or 'berkas'}.{extension}", ContentFile(clean.content), False)


def external_product_record(
    *,
    case: Case,
    actor,
    issuer: str,
    scheme: str,
    number: str,
    issued_on: datetime.date,
    valid_until: datetime.date | None,
    scan,
) -> ExternalProduct:
    """Record the LSP's certificate with its scan (step 7): the portal keeps it, it does not
    sign it. The step is done."""
    if not (issuer.strip() and scheme.strip() and number.strip()):
        raise CaseError(_("Lengkapi penerbit, skema, dan nomor sertifikat."))
    if valid_until is not None and valid_until < issued_on:
        raise CaseError(_("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."))
    clean = _clean(scan, "scan")
    with transaction.atomic():
        locked = case_locked(case)
        _raise(step_action_refusal(locked, actor, Action.RECORD))
        if ExternalProduct.objects.filter(case=locked).exists():
            raise CaseError(_("Sertifikat LSP peserta ini sudah dicatat."))
        product = ExternalProduct(
            case=locked,
            issuer=issuer.strip(),
            scheme=scheme.strip(),
            number=number.strip(),
            issued_on=issued_on,
            valid_until=valid_until,
            recorded_by=actor,
        )
        _store(product.scan, "sertifikat-lsp", clean)
        product.save()
        event_record(
            subject=locked, kind="external_product_recorded", actor=actor, note=product.number
        )
        case_step_complete(case=locked, actor=actor, action=Action.RECORD)
    return product


def _number_take(provider_id: int, year: int) -> str:
    """The provider's next Surat Keterangan Hasil number of the year, "SKH/2026/0001". The
    provider's row lock (held to the end of the issuing transaction) makes two issuances wait
    for each other, so no number is given twice, and a rollback gives the number back."""
    Provider.objects.select_for_update().filter(pk=provider_id).first()
    prefix = f"{SKH_PREFIX}/{year}/"
    taken = IssuedDocument.objects.filter(
        case__service__provider_id=provider_id, number__startswith=prefix
    ).values_list("number", flat=True)
    last = max((int(number.removeprefix(prefix)) for number in taken), default=0)
    return f"{prefix}{last + 1:04d}"


def skh_issue(*, case: Case, actor) -> IssuedDocument:
    """The signing official issues the Surat Keterangan Hasil Uji Kompetensi (step 8): it gets
    its number, the step is done, and its PDF is rendered and signed after commit."""
    from casework import tasks

    now = timezone.now()
    with transaction.atomic():
        locked = case_locked(case)
        _raise(step_action_refusal(locked, actor, Action.ISSUE))
        if IssuedDocument.objects.filter(case=locked, step=locked.step).exists():
            raise CaseError(_("Surat keterangan peserta ini sudah diterbitkan."))
        provider_id = locked.service.provider_id
        number = _number_take(provider_id, timezone.localdate(now).year)
        # Its bit in the provider's status list, taken with its number (same transaction, after
        # the provider's lock: the order certificate issuance and key rotation lock in too).
        status_list, status_list_index = status_index_take(provider_id=provider_id)
        document = IssuedDocument.objects.create(
            case=locked,
            step=locked.step,
            number=number,
            issued_at=now,
            signed_by=actor,
            status_list=status_list,
            status_list_index=status_list_index,
        )
        event_record(subject=locked, kind="document_issued", actor=actor, note=document.number)
        case_step_complete(case=locked, actor=actor, action=Action.ISSUE)
        # robust: with the broker down the document is issued; the re-drive renders it later.
        transaction.on_commit(lambda: tasks.render_issued_document.delay(document.pk), robust=True)
    return document


def handover_record(
    *,
    case: Case,
    actor,
    method: str,
    received_by: str,
    handed_at: datetime.datetime,
    receipt=None,
    courier: str = "",
    tracking_number: str = "",
) -> Handover:
    """The products handed over (step 9): picked up or through the Perangkat Daerah with the
    signed receipt's scan, or sent by courier with its tracking number. The case is then
    COMPLETED."""
    if method not in HandoverMethod.values:
        raise CaseError(_("Pilih cara penyerahan."))
    if not received_by.strip():
        raise CaseError(_("Tuliskan nama penerima."))
    courier, tracking_number = courier.strip(), tracking_number.strip()
    if method == HandoverMethod.COURIER:
        if not (courier and tracking_number):
            raise CaseError(_("Untuk pengiriman, isi jasa pengiriman dan nomor resi."))
        clean = _clean(receipt, "receipt") if receipt else None
    else:
        if not receipt:
            raise ProductFileRejected(
                "receipt", _("Unggah pindaian tanda terima yang ditandatangani penerima.")
            )
        clean = _clean(receipt, "receipt")
    with transaction.atomic():
        locked = case_locked(case)
        _raise(step_action_refusal(locked, actor, Action.HAND_OVER))
        if Handover.objects.filter(case=locked).exists():
            raise CaseError(_("Penyerahan peserta ini sudah dicatat."))
        handover = Handover(
            case=locked,
            method=method,
            handed_at=handed_at,
            handed_by=actor,
            received_by=received_by.strip(),
            courier=courier if method == HandoverMethod.COURIER else "",
            tracking_number=tracking_number if method == HandoverMethod.COURIER else "",
        )
        if clean is not None:
            _store(handover.receipt, "tanda-terima", clean)
        handover.save()
        event_record(
            subject=locked,
            kind="handed_over",
            actor=actor,
            note=f"{handover.get_method_display()}: {handover.received_by}",
        )
        case_step_complete(case=locked, actor=actor, action=Action.HAND_OVER)
    return handover


def handover_confirm(*, case: Case, actor) -> Handover:
    """The employee confirms they received the products. Confirming again changes nothing."""
    with transaction.atomic():
        locked = case_locked(case)
        _raise(handover_confirm_refusal(locked, actor))
        handover = Handover.objects.select_for_update().get(case=locked)
        if handover.confirmed_at is None:
            handover.confirmed_at = timezone.now()
            handover.save(update_fields=["confirmed_at"])
            event_record(subject=locked, kind="handover_confirmed", actor=actor)
    return handover


def payment_record(
    *, case: Case, actor, payee: str, amount: Decimal, paid_on: datetime.date, proof
) -> Payment:
    """Record the LSP's fee for the participant with its proof, where the LSP charges one.
    Nothing in the workflow waits on it."""
    if not payee.strip():
        raise CaseError(_("Tuliskan kepada siapa biaya dibayarkan."))
    if amount is None or amount <= 0:
        raise CaseError(_("Jumlah pembayaran harus lebih dari nol."))
    if not proof:
        raise ProductFileRejected("proof", _("Unggah bukti pembayaran."))
    clean = _clean(proof, "proof")
    with transaction.atomic():
        locked = case_locked(case)
        _raise(payment_record_refusal(locked, actor))
        payment = Payment(
            case=locked, payee=payee.strip(), amount=amount, paid_on=paid_on, recorded_by=actor
        )
        _store(payment.proof, "bukti-bayar", clean)
        payment.save()
        event_record(
            subject=locked,
            kind="payment_recorded",
            actor=actor,
            note=f"Rp{amount:,.0f}".replace(",", "."),
        )
    return payment
