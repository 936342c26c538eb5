"""The cooperation of seed 004 steps 1-3: an institution's own account (verified by LAN before
first use), its request for cooperation with the cover letter, LAN's reply, the coordination
notes, and the cancellation of a request.

Guarantees: every write runs in one transaction; the acts that a double click could repeat
lock a row first (the institution for a new request, the engagement for the rest) and check
the state under the lock, so a second POST is refused, never recorded twice. Mails go through
the portal's outbox (portal.mail) after commit."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import workflow
from assessments.constants import CLOSED_STATES, EngagementState
from assessments.models import CoordinationNote, Engagement
from assessments.services.engagements import engagement_locked, engagement_transition
from assessments.services.files import PDF_RULES, file_clean
from casework.exceptions import CaseError, CaseForbidden
from casework.models import Institution
from portal.constants import OnlineFlow, Role
from portal.events import event_record
from portal.mail import operator_addresses, staff_addresses
from portal.models import Provider, Service, StaffRole


class FieldError(CaseError):
    """Bad input that belongs to one form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def pdf_clean(file, field: str) -> bytes:
    """The PDF checked and written anew (portal.uploads), or FileRefused naming `field`."""
    return file_clean(file, PDF_RULES, field).content


# --- Mail ---------------------------------------------------------------------------------------


def mail_send(*, template: str, subject: str, to: list[str], context: dict) -> None:
    """One mail through the outbox (stored now, sent by Celery after commit)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    context = {"base_url": settings.PORTAL_BASE_URL, **context}
    body = render_to_string(f"assessments/mail/cooperation_{template}.txt", context)
    EmailMessage(subject=subject, body=body, to=recipients).send()


def engagement_url(engagement) -> str:
    from django.urls import reverse

    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "assessments_engagement", args=[engagement.public_id]
    )


# --- Institution accounts ---------------------------------------------------------------------


def assessment_services():
    """The active services run as seed 004's institution assessment."""
    return Service.objects.filter(
        is_active=True, online_flow=OnlineFlow.INSTITUTION_ASSESSMENT
    ).select_related("provider")


def assessment_providers():
    """The providers running such a service: where an institution may register."""
    return Provider.objects.filter(pk__in=assessment_services().values("provider_id")).order_by(
        "name"
    )


def institution_register(
    *,
    provider: Provider,
    name: str,
    kind: str,
    address: str,
    operator_name: str,
    email: str,
    phone: str,
    password: str,
) -> Institution:
    """A new institution and its operator's account, unverified: LAN's Tim Verifikasi verifies
    it before its first request. The operator logs in with the e-mail (their username too)."""
    if not assessment_providers().filter(pk=provider.pk).exists():
        raise FieldError("provider", _("Penyelenggara ini tidak melayani penilaian kompetensi."))
    email = email.strip().lower()
    name = " ".join(name.split())
    User = get_user_model()
    if Institution.objects.filter(provider=provider, name__iexact=name).exists():
        raise FieldError(
            "name",
            _(
                "Instansi dengan nama ini sudah terdaftar di %(provider)s. Minta operator yang "
                "sudah ada untuk menambahkan Anda, atau hubungi penyelenggara."
            )
            % {"provider": provider.name},
        )
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise FieldError(
            "email",
            _("Alamat e-mail ini sudah dipakai akun lain. Masuk dengan akun tersebut."),
        )
    # No phone field on the account or the institution yet: kept with the address, which the
    # Tim Verifikasi reads when verifying.
    full_address = address.strip()
    if phone.strip():
        full_address = f"{full_address}\n{_('Telepon operator')}: {phone.strip()}".strip()
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=email, email=email, password=password, first_name=operator_name[:150]
            )
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
            institution = Institution.objects.create(
                provider=provider,
                name=name,
                kind=kind,
                address=full_address,
                registered_at=timezone.now(),
                verified_at=None,
            )
            institution.operators.add(user)
    except IntegrityError as exc:  # a race past the checks: the constraints decide
        raise FieldError(
            "name", _("Instansi atau e-mail ini baru saja didaftarkan. Periksa kembali.")
        ) from exc
    mail_send(
        template="registered",
        subject=_("Akun instansi baru menunggu verifikasi: %(name)s") % {"name": name},
        to=staff_addresses(provider.pk, Role.VERIFIER),
        context={"institution": institution, "operator": user},
    )
    return institution


def may_verify(user, institution) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and StaffRole.objects.filter(
            user=user, provider_id=institution.provider_id, role=Role.VERIFIER
        ).exists()
    )


def institution_verify(*, institution: Institution, actor) -> Institution:
    """LAN's Tim Verifikasi of the institution's provider verifies it; its operators are told."""
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        if not may_verify(actor, institution):
            raise CaseForbidden(_("Anda bukan Tim Verifikasi penyelenggara instansi ini."))
        if institution.verified_at is not None:
            raise CaseError(_("Akun instansi ini sudah diverifikasi."))
        institution.verified_at = timezone.now()
        institution.verified_by = actor
        institution.save(update_fields=["verified_at", "verified_by"])
    mail_send(
        template="verified",
        subject=_("Akun instansi Anda telah diverifikasi"),
        to=operator_addresses(institution),
        context={"institution": institution},
    )
    return institution


# --- The request and the reply -----------------------------------------------------------------


def engagement_request(
    *,
    institution: Institution,
    actor,
    service: Service | None,
    purpose: str,
    participants_planned: int,
    preferred_mode: str,
    preferred_period: str,
    letter_number: str,
    letter_date: datetime.date,
    cover_letter,
    notes: str = "",
) -> Engagement:
    """The institution's request for cooperation, submitted at once (DRAFT → REQUESTED).
    Refused for an unverified institution or one the actor does not operate. A second submit
    of the same letter finds the first and is refused."""
    content = pdf_clean(cover_letter, "cover_letter")
    if participants_planned < 1:
        raise FieldError("participants_planned", _("Jumlah peserta sekurang-kurangnya 1 orang."))
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        refusal = workflow.institution_usable_refusal(institution, actor)
        if refusal is not None:
            raise refusal
        if (
            service is None
            or service.provider_id != institution.provider_id
            or not (assessment_services().filter(pk=service.pk).exists())
        ):
            raise CaseError(_("Layanan ini tidak tersedia untuk instansi Anda."))
        letter_number = letter_number.strip()
        if (
            Engagement.objects.filter(institution=institution, letter_number=letter_number)
            .exclude(state__in=CLOSED_STATES)
            .exists()
        ):
            raise FieldError(
                "letter_number",
                _("Permohonan dengan nomor surat ini sudah diajukan dan masih berjalan."),
            )
        engagement = Engagement(
            service=service,
            institution=institution,
            requested_by=actor,
            purpose=purpose,
            participants_planned=participants_planned,
            preferred_mode=preferred_mode,
            preferred_period=preferred_period.strip(),
            letter_number=letter_number,
            letter_date=letter_date,
            notes=notes.strip(),
        )
        engagement.cover_letter.save("surat-permohonan.pdf", ContentFile(content), save=False)
        engagement.save()
        event_record(subject=engagement, kind="created", actor=actor)
        engagement = engagement_transition(
            engagement=engagement, actor=actor, to_state=EngagementState.REQUESTED
        )
        engagement.submitted_at = timezone.now()
        engagement.save(update_fields=["submitted_at"])
    mail_send(
        template="requested",
        subject=_("Permohonan kerja sama penilaian kompetensi: %(name)s")
        % {"name": institution.name},
        to=staff_addresses(service.provider_id, Role.SIGNING_OFFICIAL),
        context={"engagement": engagement, "url": engagement_url(engagement)},
    )
    return engagement


def engagement_cancel(*, engagement: Engagement, actor, reason: str = "") -> Engagement:
    """The institution withdraws its request (while LAN has not replied, or during the SPK)."""
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        if not workflow.is_operator(actor, engagement):
            raise CaseForbidden(_("Hanya operator instansi yang dapat membatalkan permohonan."))
        if engagement.state not in {EngagementState.REQUESTED, EngagementState.AGREEMENT}:
            raise CaseError(_("Permohonan ini tidak dapat dibatalkan lagi."))
        engagement = engagement_transition(
            engagement=engagement,
            actor=actor,
            to_state=EngagementState.CANCELLED,
            note=reason.strip(),
        )
    mail_send(
        template="cancelled",
        subject=_("Permohonan kerja sama dibatalkan: %(name)s")
        % {"name": engagement.institution.name},
        to=staff_addresses(engagement.service.provider_id, Role.SIGNING_OFFICIAL),
        context={"engagement": engagement, "url": engagement_url(engagement)},
    )
    return engagement


def may_reply(user, engagement) -> bool:
    return engagement.state == EngagementState.REQUESTED and workflow.holds(
        user, Role.SIGNING_OFFICIAL, engagement
    )


def engagement_reply(
    *,
    engagement: Engagement,
    actor,
    accept: bool,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    reason: str = "",
) -> Engagement:
    """LAN's reply (Kepala Puslatbang PKASN): accepted with the contact person (→ AGREEMENT), or
    declined with the reason (→ DECLINED). The institution's operators are told."""
    contact = {
        "contact_name": contact_name.strip(),
        "contact_phone": contact_phone.strip(),
        "contact_email": contact_email.strip(),
    }
    if accept:
        missing = {
            "contact_name": _("Nama narahubung wajib diisi."),
            "contact_phone": _("Telepon narahubung wajib diisi."),
            "contact_email": _("E-mail narahubung wajib diisi."),
        }
        for field, message in missing.items():
            if not contact[field]:
                raise FieldError(field, message)
    elif not reason.strip():
        raise FieldError("reason", _("Tuliskan alasan penolakan untuk instansi."))
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        if not workflow.holds(actor, Role.SIGNING_OFFICIAL, engagement):
            raise CaseForbidden(_("Hanya pejabat penandatangan yang menjawab permohonan."))
        if engagement.state != EngagementState.REQUESTED:
            raise CaseError(_("Permohonan ini sudah dijawab."))
        to_state = EngagementState.AGREEMENT if accept else EngagementState.DECLINED
        engagement = engagement_transition(
            engagement=engagement,
            actor=actor,
            to_state=to_state,
            note="" if accept else reason.strip(),
        )
        engagement.replied_at = timezone.now()
        engagement.replied_by = actor
        fields = ["replied_at", "replied_by"]
        if accept:
            for field, value in contact.items():
                setattr(engagement, field, value)
            fields += list(contact)
        else:
            engagement.decline_reason = reason.strip()
            fields.append("decline_reason")
        engagement.save(update_fields=fields)
    mail_send(
        template="accepted" if accept else "declined",
        subject=(
            _("Permohonan kerja sama diterima") if accept else _("Permohonan kerja sama ditolak")
        ),
        to=operator_addresses(engagement.institution),
        context={"engagement": engagement, "url": engagement_url(engagement)},
    )
    return engagement


# --- Coordination notes ------------------------------------------------------------------------


def may_note(user, engagement) -> bool:
    return engagement.state not in CLOSED_STATES and (
        workflow.is_operator(user, engagement) or workflow.staff_may_see(user, engagement)
    )


def note_add(*, engagement: Engagement, actor, text: str) -> CoordinationNote:
    """A coordination note by either side, while the engagement is open."""
    text = text.strip()
    if not text:
        raise FieldError("text", _("Catatan tidak boleh kosong."))
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        if not (
            workflow.is_operator(actor, engagement) or workflow.staff_may_see(actor, engagement)
        ):
            raise CaseForbidden(_("Anda tidak dapat menulis catatan pada permohonan ini."))
        if engagement.state in CLOSED_STATES:
            raise CaseError(_("Permohonan ini sudah selesai; catatan tidak dapat ditambahkan."))
        note = CoordinationNote.objects.create(engagement=engagement, author=actor, text=text)
        event_record(subject=engagement, kind="note", actor=actor)
    return note
