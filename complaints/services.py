"""Changes to complaints: submitting, changing status (with complaints.workflow's table),
assigning, setting priority, the conversation with the reporter, reopening, and the tokens of
the intake API. Each is one function: check, lock, save, record the event, mail after commit
(the outbox delivers what is sent inside the transaction only once it commits).

Who acts: a team member (a user with Role.COMPLAINT_HANDLER at the complaint's provider), or the
reporter, who is whoever holds the tracking code (``as_reporter=True``); a reporter may act
without an account.
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import tracking, workflow
from complaints.constants import (
    Channel,
    ClusterStatus,
    ComplaintStatus,
    MessageKind,
    NamedAs,
    Priority,
    SealNotice,
    SealPurpose,
)
from complaints.exceptions import ComplaintError
from complaints.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintCluster,
    ComplaintMessage,
    ComplaintNamedStaff,
    IntakeToken,
    SealOpening,
)
from complaints.selectors import SEAL_EVENT, STATUS_EVENT, complaint_reopen_until
from complaints.signals import complaint_reply_added
from complaints.subjects import (
    Subject,
    reporter_subject_check,
    subject_resolve,
    subject_sealed_for_anonymous,
)
from portal.calendar import add_working_days
from portal.constants import FileKind, Role
from portal.events import event_record
from portal.mail import from_email, sensitive_headers
from portal.models import Provider, Service, StaffRole
from portal.providers import provider_default
from portal.roles import person_label, user_roles
from portal.uploads import CleanFile, UploadRejected, upload_clean

# --- time limits -----------------------------------------------------------------------------


def complaint_due_date(*, service: Service | None, status: str, start: date) -> date | None:
    """The due date of an open status reached on `start`, or of closing an answered complaint
    (workflow.CLOSING_WORKING_DAYS after the answer); None for the other statuses."""
    if status == ComplaintStatus.ANSWERED:
        return add_working_days(start, workflow.CLOSING_WORKING_DAYS)
    stage = workflow.STAGE_LIMITS.get(status)
    if stage is None:
        return None
    return add_working_days(start, workflow.stage_days(service, stage))


# --- attachments -----------------------------------------------------------------------------

MAX_ATTACHMENTS = 5


@dataclass(frozen=True)
class AttachmentRules:
    """What a complaint's files must be (portal.uploads.UploadRules): a scan, a screenshot or
    a photo of up to 5 MB."""

    accepted_kinds: Sequence[str] = (FileKind.PDF, FileKind.JPEG, FileKind.PNG)
    max_size_bytes: int = 5 * 1024 * 1024
    is_photo: bool = False
    photo_min_width: int = 0
    photo_min_height: int = 0


ATTACHMENT_RULES = AttachmentRules()


def _file_name(file) -> str:
    return PurePath(getattr(file, "name", "") or "lampiran").name[:255] or "lampiran"


def _attachments_check(attachments: Iterable) -> list[tuple[File, CleanFile]]:
    """Check every file before anything is saved; the first bad one is refused by its name.
    What is kept of each is the file written anew (portal.uploads.upload_clean): photos without
    EXIF (where and when they were taken, the phone's make) or comments, PDFs without metadata
    or active content."""
    files = list(attachments)
    if len(files) > MAX_ATTACHMENTS:
        raise ComplaintError(
            _("Paling banyak %(count)d lampiran sekaligus.") % {"count": MAX_ATTACHMENTS},
            field="attachments",
        )
    checked = []
    for file in files:
        try:
            checked.append((file, upload_clean(file, ATTACHMENT_RULES)))
        except UploadRejected as error:
            raise ComplaintError(
                _("Lampiran “%(name)s” tidak dapat diterima. %(problem)s")
                % {"name": _file_name(file), "problem": error.message},
                field="attachments",
            ) from error
    return checked


def _attachments_save(
    *, complaint: Complaint, checked: list[tuple[File, CleanFile]], from_reporter: bool
) -> None:
    for file, clean in checked:
        attachment = ComplaintAttachment(
            complaint=complaint,
            original_name=_file_name(file),
            content_type=clean.checked.content_type,
            size=clean.checked.size,
            from_reporter=from_reporter,
        )
        attachment.file.save(_file_name(file), ContentFile(clean.content), save=False)
        attachment.save()


# --- mail ------------------------------------------------------------------------------------


def tracking_url(complaint: Complaint) -> str:
    return settings.PORTAL_BASE_URL + reverse("complaint_track", args=[complaint.tracking_code])


def survey_url(complaint: Complaint) -> str:
    """The satisfaction survey for a finished complaint, by its URL name: the survey app reads
    complaints, never the other way round."""
    return settings.PORTAL_BASE_URL + reverse("survey_complaint", args=[complaint.tracking_code])


def _reporter_address(complaint: Complaint) -> str:
    if complaint.reporter_email:
        return complaint.reporter_email
    return complaint.reporter.email if complaint.reporter_id else ""


def _reporter_mail(*, complaint: Complaint, template: str, **context) -> None:
    """Tell the reporter (through the outbox, after commit), when an address is known."""
    address = _reporter_address(complaint)
    if not address:
        return
    context = {"complaint": complaint, "tracking_url": tracking_url(complaint), **context}
    EmailMessage(
        subject=render_to_string(f"complaints/email/{template}_subject.txt", context).strip(),
        body=render_to_string(f"complaints/email/{template}_body.txt", context),
        from_email=from_email(provider=complaint.provider),
        to=[address],
        # The tracking code (the reporter's key) is in every one, and the team's words to the
        # reporter in most: sealed in the outbox, erased once delivered.
        headers=sensitive_headers(),
    ).send()


# --- submitting ------------------------------------------------------------------------------

# Codes are random over ~39 bits, so a second collision in a row means something else is wrong.
CODE_ATTEMPTS = 5


def _insert_with_new_code(complaint: Complaint) -> None:
    for _attempt in range(CODE_ATTEMPTS):
        complaint.tracking_code = tracking.code_generate()
        try:
            with transaction.atomic():  # a savepoint: a taken code rolls back this insert only
                complaint.save()
        except IntegrityError:
            if not Complaint.objects.filter(tracking_code=complaint.tracking_code).exists():
                raise
            continue
        return
    raise RuntimeError("No free tracking code after several attempts")


def _submission_check(
    *, channel: str, external_reference: str, incident_date: date | None, received_at
) -> None:
    if channel == Channel.LAPOR and not external_reference:
        raise ComplaintError(
            _("Tuliskan nomor laporan SP4N-LAPOR! pengaduan ini."), field="external_reference"
        )
    if incident_date is not None and incident_date > timezone.localdate():
        raise ComplaintError(
            _("Tanggal kejadian tidak boleh di masa depan."), field="incident_date"
        )
    if received_at is not None and received_at > timezone.now():
        raise ComplaintError(_("Waktu diterima tidak boleh di masa depan."), field="received_at")


def complaint_provider(*, service: Service | None, provider: Provider | None) -> Provider:
    """Whose complaint team a new complaint goes to: the provider of its service; without a
    service, the provider the reporter chose, else the portal's default provider (it answers
    for the portal itself, e.g. a sign-in problem). A provider that does not run the chosen
    service is refused: the reporter picked one of the two by mistake."""
    if service is not None:
        if provider is not None and provider.pk != service.provider_id:
            raise ComplaintError(
                _(
                    "Layanan yang Anda pilih tidak diselenggarakan oleh penyelenggara yang Anda "
                    "pilih. Pilih layanan dari penyelenggara itu, atau kosongkan salah satunya."
                ),
                field="service",
            )
        return service.provider
    return provider if provider is not None else provider_default()


def complaint_submit(
    *,
    kind: str,
    subject: str,
    description: str,
    service: Service | None = None,
    provider: Provider | None = None,
    incident_date: date | None = None,
    reporter=None,
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    anonymous: bool = False,
    confidential: bool = False,
    channel: str = Channel.PORTAL,
    external_reference: str = "",
    recorded_by=None,
    intake_token: IntakeToken | None = None,
    received_at: datetime | None = None,
    attachments: Iterable = (),
    about_kind: str = "",
    about_key: str = "",
) -> Complaint:
    """Take in a complaint from the public form, the intake API or a team member who read it on
    another channel. An SP4N-LAPOR! complaint needs its LAPOR number (external_reference), and
    neither the incident nor the receipt can be in the future (ComplaintError naming the
    field). Every file is checked first: one bad file refuses the whole submission, nothing
    saved. The complaint belongs to a provider (complaint_provider); a team member records
    complaints of their own providers only. The reporter gets the
    tracking code by e-mail when an address is known, from that provider's name; the mail
    repeats nothing they typed, so the form cannot be used to send text to a stranger.

    What it is about (about_kind + about_key, optional) must name something of that provider
    (complaints.subjects); the complaint then joins the open cluster of that subject."""
    external_reference = external_reference.strip()
    provider = complaint_provider(service=service, provider=provider)
    about = subject_resolve(kind=about_kind, key=about_key, provider_id=provider.pk)
    if about is not None and recorded_by is None and intake_token is None:
        # A reporter on the public form names a session only as one of their own.
        reporter_subject_check(user=reporter, kind=about.kind, key=about.key)
    if recorded_by is not None and not workflow.is_team(recorded_by, provider.pk):
        # A team member records for their own provider's team only: they would not see it.
        raise ComplaintError(
            _(
                "Anda hanya dapat mencatat pengaduan untuk penyelenggara tempat Anda menjadi "
                "tim pengelola pengaduan."
            ),
            field="provider",
        )
    if intake_token is not None and intake_token.provider_id not in (None, provider.pk):
        # An integration set up for one provider brings that provider's complaints only.
        raise ComplaintError(
            _("Token integrasi ini hanya untuk pengaduan kepada %(provider)s.")
            % {"provider": intake_token.provider},
            field="service" if service is not None else "provider",
        )
    _submission_check(
        channel=channel,
        external_reference=external_reference,
        incident_date=incident_date,
        received_at=received_at,
    )
    checked = _attachments_check(attachments)
    received_at = received_at or timezone.now()
    with transaction.atomic():
        complaint = Complaint(
            kind=kind,
            subject=subject,
            description=description,
            service=service,
            provider=provider,
            incident_date=incident_date,
            channel=channel,
            external_reference=external_reference,
            reporter=reporter if reporter is not None and reporter.is_authenticated else None,
            reporter_name=reporter_name,
            reporter_email=reporter_email,
            reporter_phone=reporter_phone,
            anonymous=anonymous,
            confidential=confidential,
            recorded_by=recorded_by,
            received_at=received_at,
            status=ComplaintStatus.RECEIVED,
            due_date=complaint_due_date(
                service=service,
                status=ComplaintStatus.RECEIVED,
                start=timezone.localdate(received_at),
            ),
        )
        _insert_with_new_code(complaint)
        _attachments_save(complaint=complaint, checked=checked, from_reporter=True)
        event_record(
            subject=complaint,
            kind=STATUS_EVENT,
            actor=recorded_by,
            to_state=ComplaintStatus.RECEIVED,
        )
        if about is not None:
            _about_write(complaint, about=about, actor=recorded_by)
        _reporter_mail(complaint=complaint, template="ack")
    return complaint


# --- status ----------------------------------------------------------------------------------


def _refuse(refusal: ComplaintError | None) -> None:
    if refusal is not None:
        raise refusal


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("service", "provider")
        .get(pk=complaint.pk)
    )


def _copy_state(target: Complaint, source: Complaint) -> None:
    """Let the caller's object show the saved state, as scheduling.services does."""
    for name in (
        "status",
        "due_date",
        "verified_at",
        "first_answered_at",
        "closed_at",
        "forwarded_to",
        "duplicate_of_id",
        "assigned_to_id",
        "priority",
    ):
        setattr(target, name, getattr(source, name))


def _transition(
    locked: Complaint,
    *,
    to: str,
    actor,
    as_reporter: bool,
    note: str = "",
    forwarded_to: str = "",
    duplicate_of: Complaint | None = None,
    tell_reporter: bool = True,
) -> None:
    """Change the status of a locked complaint: the one place the status is written."""
    from_state = locked.status
    _refuse(workflow.transition_refusal(locked, to, actor=actor, as_reporter=as_reporter))
    fields = ["status", "due_date", "updated_at"]
    if to == ComplaintStatus.REJECTED and not note:
        raise ComplaintError(_("Tuliskan alasan penolakan untuk pelapor."), field="note")
    if to == ComplaintStatus.FORWARDED:
        forwarded_to = forwarded_to.strip()
        if not forwarded_to:
            raise ComplaintError(
                _("Tuliskan instansi atau unit tujuan penerusan."), field="forwarded_to"
            )
        locked.forwarded_to = forwarded_to
        fields.append("forwarded_to")
    if to == ComplaintStatus.DUPLICATE:
        if duplicate_of is None:
            raise ComplaintError(_("Tuliskan kode pengaduan asalnya."), field="duplicate_of")
        if duplicate_of.provider_id != locked.provider_id:
            # Each provider's team sees its own complaints only: another's is not an original.
            raise ComplaintError(_("Tidak ada pengaduan dengan kode ini."), field="duplicate_of")
        if duplicate_of.pk == locked.pk or duplicate_of.duplicate_of_id == locked.pk:
            raise ComplaintError(
                _("Pilih pengaduan asal yang lain dari pengaduan ini."), field="duplicate_of"
            )
        locked.duplicate_of = duplicate_of
        fields.append("duplicate_of")

    now = timezone.now()
    if to == ComplaintStatus.VERIFIED and locked.verified_at is None:
        locked.verified_at = now
        fields.append("verified_at")
    if to in workflow.FINAL:
        locked.closed_at = now
        fields.append("closed_at")
        # Resealed: an opening counts only while the complaint is not finished (selectors.
        # seal_open_for); the stamp says when it ended, and reopening does not unseal.
        SealOpening.objects.filter(complaint=locked, resealed_at__isnull=True).update(
            resealed_at=now
        )
    elif from_state in workflow.FINAL:  # reopened
        locked.closed_at = None
        fields.append("closed_at")

    stage = workflow.STAGE_LIMITS.get(to)
    # Verified → in progress is one follow-up period: starting the work does not extend it.
    if stage is None or stage != workflow.STAGE_LIMITS.get(from_state) or not locked.due_date:
        locked.due_date = complaint_due_date(
            service=locked.service, status=to, start=timezone.localdate(now)
        )
    locked.status = to
    locked.save(update_fields=fields)
    event_record(
        subject=locked,
        kind=STATUS_EVENT,
        actor=actor,
        from_state=from_state,
        to_state=to,
        note=note,
    )
    if tell_reporter and not as_reporter:
        _reporter_mail(
            complaint=locked,
            template="status",
            note=note,
            survey_url=survey_url(locked) if to in workflow.FINAL else "",
            reopen_until=complaint_reopen_until(locked),
        )


def complaint_transition(
    *,
    complaint: Complaint,
    to: str,
    actor=None,
    as_reporter: bool = False,
    note: str = "",
    forwarded_to: str = "",
    duplicate_of: Complaint | None = None,
) -> Complaint:
    """Change a complaint's status by the table in complaints.workflow. The note is told to the
    reporter (status e-mail and tracking page), so it must be written for them; remarks for the
    team go in an internal note (complaint_message_add with MessageKind.NOTE). The reporter is
    mailed on every change the team makes."""
    with transaction.atomic():
        locked = _lock(complaint)
        _transition(
            locked,
            to=to,
            actor=actor,
            as_reporter=as_reporter,
            note=note.strip(),
            forwarded_to=forwarded_to,
            duplicate_of=duplicate_of,
        )
    _copy_state(complaint, locked)
    return locked


def complaint_reopen(*, complaint: Complaint, note: str) -> Complaint:
    """The reporter reopens a closed complaint (within the period _reopen_check allows). Their
    reason joins the conversation, where the team reads it."""
    note = note.strip()
    if not note:
        raise ComplaintError(_("Tuliskan alasan Anda membuka kembali pengaduan ini."))
    with transaction.atomic():
        locked = _lock(complaint)
        _refuse(workflow.reopen_refusal(locked))
        _transition(locked, to=ComplaintStatus.IN_PROGRESS, actor=None, as_reporter=True)
        ComplaintMessage.objects.create(complaint=locked, kind=MessageKind.REPORTER, body=note)
    _copy_state(complaint, locked)
    return locked


def complaint_assign(*, complaint: Complaint, handler, actor) -> Complaint:
    """Give a complaint to a member of its provider's team (the queue's "assigned" filter)."""
    _refuse(workflow.team_refusal(complaint, actor))
    with transaction.atomic():
        locked = _lock(complaint)
        _refuse(workflow.team_refusal(locked, actor))
        _refuse(workflow.assign_refusal(locked, handler))
        locked.assigned_to = handler
        locked.save(update_fields=["assigned_to", "updated_at"])
        event_record(
            subject=locked,
            kind="assigned",
            actor=actor,
            note=handler.get_full_name() or handler.get_username(),
        )
    _copy_state(complaint, locked)
    return locked


def complaint_staff_name(*, complaint: Complaint, user, named_as: str, actor) -> Complaint:
    """Record that the complaint names a member of staff (as assessor, verifier, handler...):
    from now on it is hidden from them and cannot be assigned to them; if it was, it goes back
    to the team unassigned. Naming the same person again changes only the capacity."""
    _refuse(workflow.team_refusal(complaint, actor))
    if named_as not in NamedAs.values:
        raise ComplaintError(_("Pilih peran petugas yang disebut dari daftar."))
    if user.pk == actor.pk:
        raise ComplaintError(
            _("Anda tidak dapat mencatat diri sendiri; mintalah anggota tim lain mencatatnya.")
        )
    if not user_roles(user):
        raise ComplaintError(_("Yang dapat dicatat hanya petugas portal."))
    with transaction.atomic():
        locked = _lock(complaint)
        _refuse(workflow.team_refusal(locked, actor))
        ComplaintNamedStaff.objects.update_or_create(
            complaint=locked, user=user, defaults={"named_as": named_as, "added_by": actor}
        )
        event_record(
            subject=locked,
            kind="staff_named",
            actor=actor,
            note=_("%(name)s sebagai %(role)s")
            % {"name": person_label(user), "role": NamedAs(named_as).label},
        )
        if locked.assigned_to_id == user.pk:
            locked.assigned_to = None
            locked.save(update_fields=["assigned_to", "updated_at"])
            event_record(
                subject=locked,
                kind="assigned",
                actor=actor,
                note=_("Penanganan dilepas: %(name)s disebut dalam pengaduan.")
                % {"name": person_label(user)},
            )
    _copy_state(complaint, locked)
    return locked


def complaint_priority_set(*, complaint: Complaint, priority: str, actor) -> Complaint:
    _refuse(workflow.team_refusal(complaint, actor))
    if priority not in Priority.values:
        raise ComplaintError(_("Prioritas tidak dikenal."))
    with transaction.atomic():
        locked = _lock(complaint)
        _refuse(workflow.team_refusal(locked, actor))
        previous = locked.priority
        locked.priority = priority
        locked.save(update_fields=["priority", "updated_at"])
        event_record(
            subject=locked, kind="priority", actor=actor, from_state=previous, to_state=priority
        )
    _copy_state(complaint, locked)
    return locked


# --- the conversation ------------------------------------------------------------------------

TEAM_MESSAGE_KINDS = workflow.TEAM_MESSAGE_KINDS
# A reply on these answers the complaint (workflow: verified/in progress → answered).
ANSWERABLE = frozenset({ComplaintStatus.VERIFIED, ComplaintStatus.IN_PROGRESS})


def complaint_message_add(
    *,
    complaint: Complaint,
    kind: str,
    body: str,
    actor=None,
    as_reporter: bool = False,
    attachments: Iterable = (),
) -> ComplaintMessage:
    """Add to the conversation. The team's REPLY and QUESTION go to the reporter (tracking page
    and e-mail); the first reply is the first answer, and a reply on a verified or in-progress
    complaint answers it. A NOTE is for the team only: never shown, never mailed. The reporter
    adds information or answers a question with REPORTER; that sends an answered complaint back
    to the team. Nobody adds to a finished complaint (the reporter reopens a closed one)."""
    body = body.strip()
    if not body:
        raise ComplaintError(_("Pesan tidak boleh kosong."))
    # Asked before the files are read, and again on the locked row (it may have changed).
    _refuse(workflow.message_refusal(complaint, kind, actor=actor, as_reporter=as_reporter))
    checked = _attachments_check(attachments)
    with transaction.atomic():
        locked = _lock(complaint)
        _refuse(workflow.message_refusal(locked, kind, actor=actor, as_reporter=as_reporter))
        message = ComplaintMessage.objects.create(
            complaint=locked,
            kind=kind,
            body=body,
            author=actor if actor is not None and actor.is_authenticated else None,
        )
        _attachments_save(complaint=locked, checked=checked, from_reporter=as_reporter)
        if kind == MessageKind.REPLY:
            complaint_reply_added.send(sender=Complaint, complaint=locked, message=message)
            if locked.first_answered_at is None:
                locked.first_answered_at = message.created_at
                locked.save(update_fields=["first_answered_at", "updated_at"])
            if locked.status in ANSWERABLE:
                _transition(
                    locked,
                    to=ComplaintStatus.ANSWERED,
                    actor=actor,
                    as_reporter=False,
                    tell_reporter=False,  # the reply's own mail says it
                )
        elif kind == MessageKind.REPORTER and locked.status == ComplaintStatus.ANSWERED:
            _transition(locked, to=ComplaintStatus.IN_PROGRESS, actor=None, as_reporter=True)
        if kind in (MessageKind.REPLY, MessageKind.QUESTION):
            _reporter_mail(complaint=locked, template=kind, message=message)
    _copy_state(complaint, locked)
    return message


# --- the seal of an anonymous reporter's identity -------------------------------------------


def complaint_seal_open(*, complaint: Complaint, actor, purpose: str, reason: str) -> SealOpening:
    """Open the sealed identity of an anonymous reporter for `actor`, a member of the
    complaint's team, with a purpose and a written reason. Recorded as a SealOpening row and an
    event on the team's timeline; the provider's complaint supervisors are mailed (with none, its
    administrators; who was told is kept on the opening). Opening it
    again while the opening is in force returns that opening (a double POST opens it once)."""
    _refuse(workflow.seal_open_refusal(complaint, actor))
    if purpose not in SealPurpose.values:
        raise ComplaintError(_("Pilih tujuan membuka segel identitas."), field="purpose")
    reason = reason.strip()
    if len(reason) < workflow.SEAL_REASON_MIN_LENGTH:
        raise ComplaintError(
            _(
                "Tuliskan alasan membuka segel identitas pelapor, sekurang-kurangnya %(min)d "
                "karakter: untuk apa identitas itu diperlukan."
            )
            % {"min": workflow.SEAL_REASON_MIN_LENGTH},
            field="reason",
        )
    with transaction.atomic():
        locked = _lock(complaint)
        _refuse(workflow.seal_open_refusal(locked, actor))
        existing = SealOpening.objects.filter(
            complaint=locked, opened_by=actor, resealed_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        notified, addresses = _seal_watchers(locked)
        opening = SealOpening.objects.create(
            complaint=locked, opened_by=actor, purpose=purpose, reason=reason, notified=notified
        )
        event_record(
            subject=locked,
            kind=SEAL_EVENT,
            actor=actor,
            note=f"{SealPurpose(purpose).label}: {reason}",
        )
        _supervisor_mail(opening=opening, complaint=locked, addresses=addresses)
    return opening


def _seal_watchers(complaint: Complaint) -> tuple[str, list[str]]:
    """Who is told of a seal opening: the provider's complaint supervisors; a provider without
    one (with an address) falls back to its administrators, so that an opening is never seen
    by nobody unless nobody can be reached, which is then recorded (SealNotice.NOBODY)."""
    for role, notice in (
        (Role.COMPLAINT_SUPERVISOR, SealNotice.SUPERVISORS),
        (Role.ADMINISTRATOR, SealNotice.ADMINISTRATORS),
    ):
        addresses = sorted(
            set(
                StaffRole.objects.filter(
                    role=role,
                    provider_id=complaint.provider_id,
                    service__isnull=True,
                    user__is_active=True,
                )
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
        if addresses:
            return notice, addresses
    return SealNotice.NOBODY, []


def _supervisor_mail(*, opening: SealOpening, complaint: Complaint, addresses: list[str]) -> None:
    """Tell the provider's complaint supervisors, or its administrators (_seal_watchers),
    through the outbox: written in the opening's transaction, delivered after it commits. Who
    opened, when, why and which complaint's page; never the reporter."""
    context = {
        "opening": opening,
        "complaint": complaint,
        "opener": opening.opened_by.get_full_name() or opening.opened_by.username,
        "purpose": SealPurpose(opening.purpose).label,
        "provider": complaint.provider,
        "report_url": settings.PORTAL_BASE_URL
        + reverse("complaints_seal_report")
        + f"?bulan={timezone.localtime(opening.opened_at):%Y-%m}",
    }
    for address in addresses:
        EmailMessage(
            subject=render_to_string("complaints/email/seal_opened_subject.txt", context).strip(),
            body=render_to_string("complaints/email/seal_opened_body.txt", context),
            from_email=from_email(provider=complaint.provider),
            to=[address],
            headers=sensitive_headers(),
        ).send()


# --- intake API tokens -----------------------------------------------------------------------


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def intake_token_create(
    *, name: str, channel: str, provider: Provider | None = None
) -> tuple[IntakeToken, str]:
    """A new token for an integration, for one provider's complaints or (None) every
    provider's. The raw token is returned once, to be shown once: only its hash is kept."""
    raw = secrets.token_urlsafe(32)
    token = IntakeToken.objects.create(
        name=name, channel=channel, provider=provider, token_hash=_token_hash(raw)
    )
    return token, raw


def intake_token_check(raw: str) -> IntakeToken | None:
    """The active token `raw` is, or None. Looked up by its SHA-256: a caller timing the
    lookup learns about hashes, not about the token; compare_digest closes the rest."""
    if not raw:
        return None
    digest = _token_hash(raw)
    token = IntakeToken.objects.filter(token_hash=digest, is_active=True).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    IntakeToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


# --- what a complaint is about, and its cluster ----------------------------------------------

CLUSTER_EVENT = "cluster"


def _cluster_open_for(complaint: Complaint, about: Subject) -> ComplaintCluster:
    """The open cluster of the complaint's provider about `about`, created when there is none.
    Two filings at once both miss it and both insert: the unique constraint on open clusters
    (complaint_cluster_one_open) fails the second insert, which then takes the first's."""
    lookup = {
        "provider_id": complaint.provider_id,
        "about_kind": about.kind,
        "about_key": about.key,
        "status": ClusterStatus.OPEN,
    }
    for _attempt in range(2):
        cluster = ComplaintCluster.objects.select_for_update().filter(**lookup).first()
        if cluster is not None:
            return cluster
        try:
            with transaction.atomic():  # a savepoint: a lost race rolls back this insert only
                return ComplaintCluster.objects.create(
                    **lookup, service_id=complaint.service_id, label=about.label
                )
        except IntegrityError:
            continue
    raise RuntimeError("No open complaint cluster after a lost race")


def _about_write(complaint: Complaint, *, about: Subject | None, actor) -> None:
    """Set what the (locked or new) complaint is about and move it to that subject's open
    cluster: the one place about_* and cluster are written, with an event."""
    complaint.about_kind = about.kind if about else ""
    complaint.about_key = about.key if about else ""
    complaint.about_label = about.label if about else ""
    complaint.cluster = _cluster_open_for(complaint, about) if about else None
    complaint.save(
        update_fields=["about_kind", "about_key", "about_label", "cluster", "updated_at"]
    )
    event_record(
        subject=complaint,
        kind=CLUSTER_EVENT,
        actor=actor,
        note=(
            _("Yang diadukan dikosongkan.")
            if about is None
            # A certificate's number points at its holder: beside a sealed identity the history
            # does not repeat it (it shows under "Yang diadukan" to whom the seal is open).
            else _("Tentang %(kind)s (disegel).") % {"kind": about.kind_label}
            if subject_sealed_for_anonymous(about.kind) and complaint.anonymous
            else _("Tentang %(kind)s: %(label)s") % {"kind": about.kind_label, "label": about.label}
        ),
    )


def complaint_about_set(
    *, complaint: Complaint, about_kind: str, about_key: str, actor
) -> Complaint:
    """The team sets or corrects what the complaint is about (empty kind: about nothing in
    particular). The key must name something of the complaint's provider; the complaint leaves
    its cluster and joins the open cluster of the new subject. Setting the same subject again
    changes nothing."""
    _refuse(workflow.team_refusal(complaint, actor))
    about = subject_resolve(kind=about_kind, key=about_key, provider_id=complaint.provider_id)
    with transaction.atomic():
        locked = _lock(complaint)
        _refuse(workflow.team_refusal(locked, actor))
        same = (about.kind, about.key) if about else ("", "")
        if (locked.about_kind, locked.about_key) != same or (
            about is not None and locked.cluster_id is None
        ):
            _about_write(locked, about=about, actor=actor)
    for name in ("about_kind", "about_key", "about_label", "cluster_id"):
        setattr(complaint, name, getattr(locked, name))
    return locked


def complaint_cluster_detach(*, complaint: Complaint, actor) -> Complaint:
    """Take the complaint out of its cluster (it is about something else after all, or needs
    its own answer): it keeps what it is about, and is handled on its own from now on."""
    _refuse(workflow.team_refusal(complaint, actor))
    with transaction.atomic():
        locked = _lock(complaint)
        _refuse(workflow.team_refusal(locked, actor))
        if locked.cluster_id is not None:
            locked.cluster = None
            locked.save(update_fields=["cluster", "updated_at"])
            event_record(
                subject=locked,
                kind=CLUSTER_EVENT,
                actor=actor,
                note=_("Dilepas dari kelompok pengaduan."),
            )
    complaint.cluster_id = None
    return locked


@dataclass(frozen=True)
class ClusterOutcome:
    """What a cluster-wide action did: the members it reached, and those it left (finished
    already, or not this reader's to handle)."""

    done: int
    skipped: int


def _cluster_lock(cluster: ComplaintCluster) -> ComplaintCluster:
    return ComplaintCluster.objects.select_for_update().get(pk=cluster.pk)


def _cluster_members(cluster: ComplaintCluster) -> list[Complaint]:
    return list(Complaint.objects.filter(cluster=cluster).order_by("received_at", "pk"))


def cluster_answer(*, cluster: ComplaintCluster, body: str, actor) -> ClusterOutcome:
    """The team's one answer to a cluster: a reply to each member complaint through
    complaint_message_add, so each reporter reads it on their own tracking page and gets the
    usual mail at their own address (none for a reporter who left none). Members already
    finished, or that name `actor`, are left out (another team member answers those). The
    same answer sent twice (a double POST) is sent once."""
    body = body.strip()
    if not body:
        raise ComplaintError(_("Jawaban tidak boleh kosong."), field="body")
    if not workflow.is_team(actor, cluster.provider_id):
        raise ComplaintError(_("Hanya tim pengelola pengaduan yang dapat melakukannya."))
    done = skipped = 0
    with transaction.atomic():
        locked = _cluster_lock(cluster)
        if locked.answer == body:
            return ClusterOutcome(done=0, skipped=0)
        for member in _cluster_members(locked):
            if workflow.message_refusal(member, MessageKind.REPLY, actor=actor) is not None:
                skipped += 1
                continue
            complaint_message_add(complaint=member, kind=MessageKind.REPLY, body=body, actor=actor)
            done += 1
        locked.answer = body
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answer", "answered_at"])
    cluster.answer, cluster.answered_at = locked.answer, locked.answered_at
    return ClusterOutcome(done=done, skipped=skipped)


def cluster_transition(
    *, cluster: ComplaintCluster, to: str, actor, note: str = ""
) -> ClusterOutcome:
    """Move every member the actor may move to `to`, through complaint_transition (each reporter
    mailed as usual). Members that cannot make the move (already there, finished, or naming the
    actor) are left as they are, so a double POST changes nothing the second time. Closing
    (a final status) closes the cluster: new reports about the subject open a new one."""
    if to == ComplaintStatus.DUPLICATE:
        raise ComplaintError(_("Tandai duplikat pada masing-masing pengaduan."))
    if not workflow.is_team(actor, cluster.provider_id):
        raise ComplaintError(_("Hanya tim pengelola pengaduan yang dapat melakukannya."))
    done = skipped = 0
    with transaction.atomic():
        locked = _cluster_lock(cluster)
        for member in _cluster_members(locked):
            if workflow.transition_refusal(member, to, actor=actor) is not None:
                skipped += 1
                continue
            complaint_transition(complaint=member, to=to, actor=actor, note=note)
            done += 1
        if to in workflow.FINAL and locked.status == ClusterStatus.OPEN:
            locked.status = ClusterStatus.CLOSED
            locked.closed_at = timezone.now()
            locked.save(update_fields=["status", "closed_at"])
    cluster.status, cluster.closed_at = locked.status, locked.closed_at
    return ClusterOutcome(done=done, skipped=skipped)
