"""The cooperation agreement (SPK) of seed 004: the institution (Pihak Pertama) drafts its terms,
LAN's signing official (Pihak Kedua) confirms them (the portal renders the draft PDF) or
returns them, then both parties sign: the institution uploads its signed copy, LAN uploads a
signed scan or signs in the portal with the provider's key.

Guarantees: every act holds the engagement's row lock and checks the agreement's state under
it, so a double click is refused; the fee is the service's, never typed; the terms are fixed
once confirmed; the second signature, whichever it is, is refused when the assessment would
start less than the lead time (seed 004: 5 days, counted in working days) after it, and
otherwise completes the SPK and moves the engagement to PREPARATION in the same transaction."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import rules, workflow
from assessments.agreement_pdf import agreement_pdf
from assessments.constants import EngagementState, IntakeMode, Purpose
from assessments.models import Agreement, Engagement
from assessments.services.cooperation import (
    FieldError,
    engagement_url,
    mail_send,
    pdf_clean,
)
from assessments.services.engagements import engagement_locked, engagement_transition
from casework.exceptions import CaseError, CaseForbidden
from casework.pdf import signer_name
from portal.constants import Role
from portal.events import event_record
from portal.mail import operator_addresses, staff_addresses
from portal.providers import signing_title
from portal.roles import not_appointed_message, signing_office
from portal.signing import SigningKeyMissing

# Seed 004's Pihak Kedua, when the provider named no signing office.
SECOND_PARTY_TITLE = "Kepala Pusat Pelatihan dan Pengembangan dan Pemetaan Kompetensi ASN"

EDITABLE_FIELDS = (
    "number",
    "purpose",
    "mode",
    "place",
    "starts_on",
    "ends_on",
    "participant_count",
    "payment_due_on",
    "agreed_report_due_on",
    "first_party_signatory",
    "first_party_title",
)


def _agreement(engagement) -> Agreement | None:
    return Agreement.objects.filter(engagement=engagement).first()


def _raise_unless(condition: bool, error: Exception) -> None:
    if not condition:
        raise error


def _official(actor, engagement) -> None:
    _raise_unless(
        workflow.holds(actor, Role.SIGNING_OFFICIAL, engagement),
        CaseForbidden(_("Hanya pejabat penandatangan LAN yang dapat melakukan ini.")),
    )


def _operator(actor, engagement) -> None:
    _raise_unless(
        workflow.is_operator(actor, engagement),
        CaseForbidden(_("Hanya operator instansi yang dapat melakukan ini.")),
    )


def _in_agreement(engagement) -> None:
    _raise_unless(
        engagement.state == EngagementState.AGREEMENT,
        CaseError(_("SPK hanya dapat diubah selama tahap koordinasi dan penyusunan SPK.")),
    )


# --- Predicates for pages ----------------------------------------------------------------------


def may_edit(user, engagement, agreement) -> bool:
    return (
        engagement.state == EngagementState.AGREEMENT
        and workflow.is_operator(user, engagement)
        and (agreement is None or agreement.confirmed_at is None)
    )


def may_confirm(user, engagement, agreement) -> bool:
    return (
        engagement.state == EngagementState.AGREEMENT
        and agreement is not None
        and agreement.confirmed_at is None
        and workflow.holds(user, Role.SIGNING_OFFICIAL, engagement)
    )


def may_return(user, engagement, agreement) -> bool:
    return (
        engagement.state == EngagementState.AGREEMENT
        and agreement is not None
        and agreement.confirmed_at is not None
        and agreement.fully_signed_at is None
        and workflow.holds(user, Role.SIGNING_OFFICIAL, engagement)
    )


def may_sign_first(user, engagement, agreement) -> bool:
    return (
        engagement.state == EngagementState.AGREEMENT
        and agreement is not None
        and agreement.confirmed_at is not None
        and agreement.first_party_signed_at is None
        and workflow.is_operator(user, engagement)
    )


def may_sign_second(user, engagement, agreement) -> bool:
    return (
        engagement.state == EngagementState.AGREEMENT
        and agreement is not None
        and agreement.confirmed_at is not None
        and agreement.second_party_signed_at is None
        and workflow.holds(user, Role.SIGNING_OFFICIAL, engagement)
    )


def second_party_default(user, engagement) -> tuple[str, str]:
    """The official's name and title as the SPK prints them by default."""
    title = signing_title(provider=engagement.service.provider, signer=user)
    if not title or title == _("Pejabat yang berwenang"):
        title = SECOND_PARTY_TITLE
    return signer_name(user), title


# --- Drafting ---------------------------------------------------------------------------------


def agreement_save(
    *, engagement: Engagement, actor, today: datetime.date | None = None, **terms
) -> Agreement:
    """The institution drafts (or corrects) the SPK's terms. The fee per participant is copied
    from the service; the dates are checked against each other and against the lead time (an
    assessment that could not start even if the SPK were signed today is refused)."""
    unknown = set(terms) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    today = today or timezone.localdate()
    terms["number"] = (terms.get("number") or "").strip()
    if terms.get("purpose") not in Purpose.values:
        raise FieldError("purpose", _("Pilih tujuan penilaian."))
    if terms.get("mode") not in IntakeMode.values:
        raise FieldError("mode", _("Pilih cara pelaksanaan."))
    if not (terms.get("place") or "").strip():
        raise FieldError("place", _("Tuliskan tempat (luring) atau sarana (daring)."))
    starts_on, ends_on = terms.get("starts_on"), terms.get("ends_on")
    if starts_on is None:
        raise FieldError("starts_on", _("Tanggal mulai penilaian wajib diisi."))
    if ends_on is None:
        raise FieldError("ends_on", _("Tanggal selesai penilaian wajib diisi."))
    if ends_on < starts_on:
        raise FieldError("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if (terms.get("participant_count") or 0) < 1:
        raise FieldError("participant_count", _("Jumlah peserta sekurang-kurangnya 1 orang."))
    if terms.get("payment_due_on") is None:
        raise FieldError("payment_due_on", _("Batas waktu pembayaran wajib diisi."))
    if terms.get("purpose") != Purpose.MAPPING:
        terms["agreed_report_due_on"] = None
    for field in ("first_party_signatory", "first_party_title"):
        if not (terms.get(field) or "").strip():
            raise FieldError(field, _("Nama dan jabatan penanda tangan Pihak Pertama wajib diisi."))
    lead = rules.agreement_lead(engagement.service)
    refusal = rules.assessment_date_refusal(assessment_on=starts_on, signed_on=today, lead=lead)
    if refusal is not None:
        raise FieldError("starts_on", refusal.args[0])
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        _operator(actor, engagement)
        _in_agreement(engagement)
        agreement = _agreement(engagement)
        if agreement is not None and agreement.confirmed_at is not None:
            raise CaseError(
                _("Isi SPK sudah dikonfirmasi LAN; minta LAN mengembalikannya untuk diubah.")
            )
        fee = engagement.service.fee_per_participant
        if fee is None:
            raise CaseError(_("Biaya per peserta layanan ini belum ditetapkan penyelenggara."))
        if agreement is None:
            agreement = Agreement(engagement=engagement, drafted_by=actor)
        for field in EDITABLE_FIELDS:
            value = terms.get(field)
            if isinstance(value, str):
                value = value.strip()
            setattr(agreement, field, value)
        agreement.fee_per_participant = fee
        agreement.drafted_by = actor
        agreement.save()
        event_record(subject=engagement, kind="agreement_drafted", actor=actor)
    return agreement


# --- Confirmation and return ------------------------------------------------------------------


def agreement_confirm(
    *, engagement: Engagement, actor, signatory: str = "", title: str = ""
) -> Agreement:
    """LAN confirms the terms: the second party's signatory is set, the draft PDF rendered."""
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        _official(actor, engagement)
        _in_agreement(engagement)
        agreement = _agreement(engagement)
        if agreement is None:
            raise CaseError(_("Instansi belum menyusun SPK."))
        if agreement.confirmed_at is not None:
            raise CaseError(_("Isi SPK sudah dikonfirmasi."))
        default_name, default_title = second_party_default(actor, engagement)
        agreement.second_party_signatory = signatory.strip() or default_name
        agreement.second_party_title = title.strip() or default_title
        agreement.confirmed_at = timezone.now()
        agreement.confirmed_by = actor
        agreement.draft_pdf.save("draf-spk.pdf", ContentFile(agreement_pdf(agreement)), save=False)
        agreement.save(
            update_fields=[
                "second_party_signatory",
                "second_party_title",
                "confirmed_at",
                "confirmed_by",
                "draft_pdf",
            ]
        )
        event_record(subject=engagement, kind="agreement_confirmed", actor=actor)
    mail_send(
        template="agreement_confirmed",
        subject=_("Isi SPK dikonfirmasi LAN: silakan ditandatangani"),
        to=operator_addresses(engagement.institution),
        context={
            "engagement": engagement,
            "agreement": agreement,
            "url": engagement_url(engagement),
        },
    )
    return agreement


def agreement_return(*, engagement: Engagement, actor, reason: str) -> Agreement:
    """LAN returns the confirmed terms for correction, while the SPK is not fully signed. A
    party's signature already given is set aside with the terms it signed (its copy is
    deleted): this is how an SPK whose second signature came too late for its start date
    (the 5-day rule) is re-dated and signed again."""
    reason = reason.strip()
    if not reason:
        raise FieldError("reason", _("Tuliskan apa yang perlu diperbaiki pada SPK."))
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        _official(actor, engagement)
        _in_agreement(engagement)
        agreement = _agreement(engagement)
        if agreement is None or agreement.confirmed_at is None:
            raise CaseError(_("SPK belum dikonfirmasi; tidak ada yang dikembalikan."))
        if agreement.fully_signed_at is not None:
            raise CaseError(_("SPK sudah ditandatangani kedua pihak; tidak dapat dikembalikan."))
        agreement.confirmed_at = None
        agreement.confirmed_by = None
        for field in ("draft_pdf", "first_party_copy", "second_party_copy"):
            stored = getattr(agreement, field)
            if stored:
                stored.delete(save=False)
            setattr(agreement, field, "")
        agreement.first_party_signed_at = None
        agreement.second_party_signed_at = None
        agreement.second_party_signed_by = None
        agreement.second_party_signed_in_portal = False
        agreement.save(
            update_fields=[
                "confirmed_at",
                "confirmed_by",
                "draft_pdf",
                "first_party_copy",
                "first_party_signed_at",
                "second_party_copy",
                "second_party_signed_at",
                "second_party_signed_by",
                "second_party_signed_in_portal",
            ]
        )
        event_record(subject=engagement, kind="agreement_returned", actor=actor, note=reason)
    mail_send(
        template="agreement_returned",
        subject=_("SPK dikembalikan untuk diperbaiki"),
        to=operator_addresses(engagement.institution),
        context={"engagement": engagement, "reason": reason, "url": engagement_url(engagement)},
    )
    return agreement


def agreement_draft_ensure(agreement: Agreement) -> Agreement:
    """The draft PDF of a confirmed SPK, rendered again when its file is missing."""
    from casework.pdf import pdf_stored

    if not pdf_stored(agreement.draft_pdf):
        agreement.draft_pdf.save("draf-spk.pdf", ContentFile(agreement_pdf(agreement)), save=False)
        agreement.save(update_fields=["draft_pdf"])
    return agreement


# --- Signatures -------------------------------------------------------------------------------


def _complete_if_both(engagement, agreement, today: datetime.date) -> bool:
    """Called with the second signature set (not yet saved): refuse it when the assessment is
    too close, else the SPK is complete and the engagement moves to PREPARATION."""
    if agreement.first_party_signed_at is None or agreement.second_party_signed_at is None:
        return False
    lead = rules.agreement_lead(engagement.service)
    refusal = rules.assessment_date_refusal(
        assessment_on=agreement.starts_on, signed_on=today, lead=lead
    )
    if refusal is not None:
        raise CaseError(
            refusal.args[0]
            + " "
            + _("SPK perlu dikembalikan oleh LAN agar tanggal pelaksanaannya diubah.")
        )
    agreement.fully_signed_at = timezone.now()
    return True


def _prepare(engagement: Engagement) -> None:
    """The SPK is complete: intake preparation begins, and the asesi already listed get their
    e-registration invitations at once (the hourly sweep would, later)."""
    from assessments.services.eregistration import invitations_send

    engagement_transition(engagement=engagement, actor=None, to_state=EngagementState.PREPARATION)
    invitations_send(engagement=engagement, actor=None)


def agreement_sign_first(
    *, engagement: Engagement, actor, file, today: datetime.date | None = None
) -> Agreement:
    """The institution uploads the SPK signed by its signatory (Pihak Pertama)."""
    content = pdf_clean(file, "file")
    today = today or timezone.localdate()
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        _operator(actor, engagement)
        _in_agreement(engagement)
        agreement = _agreement(engagement)
        if agreement is None or agreement.confirmed_at is None:
            raise CaseError(_("SPK belum dikonfirmasi LAN; belum dapat ditandatangani."))
        if agreement.first_party_signed_at is not None:
            raise CaseError(_("SPK sudah ditandatangani Pihak Pertama."))
        agreement.first_party_signed_at = timezone.now()
        complete = _complete_if_both(engagement, agreement, today)
        agreement.first_party_copy.save("spk-pihak-pertama.pdf", ContentFile(content), save=False)
        agreement.save(
            update_fields=["first_party_copy", "first_party_signed_at", "fully_signed_at"]
        )
        event_record(subject=engagement, kind="agreement_signed_first", actor=actor)
        if complete:
            _prepare(engagement)
    mail_send(
        template="signed_first",
        subject=_("SPK ditandatangani Pihak Pertama: %(name)s")
        % {"name": engagement.institution.name},
        to=staff_addresses(engagement.service.provider_id, Role.SIGNING_OFFICIAL),
        context={
            "engagement": engagement,
            "agreement": agreement,
            "complete": complete,
            "url": engagement_url(engagement),
        },
    )
    return agreement


def agreement_sign_second(
    *,
    engagement: Engagement,
    actor,
    file=None,
    in_portal: bool = False,
    today: datetime.date | None = None,
) -> Agreement:
    """LAN signs (Pihak Kedua): in the portal with the provider's key (`in_portal`), or by
    uploading a signed scan (`file`)."""
    if in_portal == (file is not None):
        raise FieldError("file", _("Pilih: tandatangani secara elektronik, atau unggah pindaian."))
    content = None if in_portal else pdf_clean(file, "file")
    today = today or timezone.localdate()
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        _official(actor, engagement)
        _in_agreement(engagement)
        agreement = _agreement(engagement)
        if agreement is None or agreement.confirmed_at is None:
            raise CaseError(_("SPK belum dikonfirmasi; belum dapat ditandatangani."))
        if agreement.second_party_signed_at is not None:
            raise CaseError(_("SPK sudah ditandatangani Pihak Kedua."))
        if in_portal and signing_office(actor, engagement.service.provider_id) is None:
            # Signed in the portal, the SPK carries the provider's key under the appointed
            # official's name: a scan signed by hand is the way for anyone else.
            raise CaseForbidden(not_appointed_message())
        agreement.second_party_signed_at = timezone.now()
        agreement.second_party_signed_by = actor
        agreement.second_party_signed_in_portal = in_portal
        complete = _complete_if_both(engagement, agreement, today)
        if in_portal:
            from portal.signing import pdf_sign

            try:
                content = pdf_sign(
                    agreement_pdf(agreement, signed_in_portal=True),
                    reason=f"Surat Perjanjian Kerja Sama {agreement.number}".strip(),
                    name=signer_name(actor) or None,
                )
            except SigningKeyMissing as exc:
                raise CaseError(
                    _(
                        "Kunci tanda tangan elektronik belum dipasang di portal. Unggah SPK "
                        "yang sudah ditandatangani sebagai gantinya."
                    )
                ) from exc
        agreement.second_party_copy.save("spk-pihak-kedua.pdf", ContentFile(content), save=False)
        agreement.save(
            update_fields=[
                "second_party_copy",
                "second_party_signed_at",
                "second_party_signed_by",
                "second_party_signed_in_portal",
                "fully_signed_at",
            ]
        )
        event_record(subject=engagement, kind="agreement_signed_second", actor=actor)
        if complete:
            _prepare(engagement)
    mail_send(
        template="signed_second",
        subject=_("SPK ditandatangani Pihak Kedua (LAN)"),
        to=operator_addresses(engagement.institution),
        context={
            "engagement": engagement,
            "agreement": agreement,
            "complete": complete,
            "url": engagement_url(engagement),
        },
    )
    return agreement
