"""The institution's participant list (daftar asesi, seed 004 step 4): a file accepted whole or
refused whole with every bad row listed."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import workflow
from assessments.constants import EngagementState
from assessments.models import Engagement, Participant, ParticipantList
from assessments.participant_file import (
    ParticipantFileError,
    participant_file_read,
    participant_rows_check,
)
from assessments.services.engagements import engagement_locked
from casework.exceptions import CaseError, CaseForbidden
from portal.events import event_record

UPLOAD_STATES = frozenset({EngagementState.AGREEMENT, EngagementState.PREPARATION})


def participants_upload_refusal(engagement: Engagement, user) -> Exception | None:
    """May `user` send a participant file now: an operator of the institution, once LAN has
    confirmed the SPK's terms, before the intake is held."""
    if not workflow.is_operator(user, engagement):
        return CaseForbidden(_("Hanya operator instansi yang dapat mengunggah daftar asesi."))
    agreement = getattr(engagement, "agreement", None)
    if agreement is None or agreement.confirmed_at is None:
        return CaseError(_("Daftar asesi dapat diunggah setelah isi SPK dikonfirmasi oleh LAN."))
    if engagement.state not in UPLOAD_STATES or engagement.intake_held_on is not None:
        return CaseError(
            _("Daftar asesi tidak dapat diubah lagi: permohonan berstatus “%(state)s”.")
            % {"state": EngagementState(engagement.state).label}
        )
    return None


# The same file sent again this soon after it was accepted is the same upload (a double click).
REPEAT_WINDOW = timedelta(minutes=2)


def _same_file_just_accepted(engagement: Engagement, file) -> ParticipantList | None:
    last = engagement.participant_lists.order_by("-uploaded_at", "-pk").first()
    if last is None or not last.accepted or last.uploaded_at < timezone.now() - REPEAT_WINDOW:
        return None
    file.seek(0)
    content = file.read()
    file.seek(0)
    try:
        with last.file.open("rb") as stored:
            return last if stored.read() == content else None
    except OSError:
        return None


def participants_upload(*, engagement: Engagement, actor, file) -> ParticipantList:
    """Read and check the file; accept all its rows as asesi (and invite them when the SPK is
    fully signed) or keep it refused with every bad row listed. A file that cannot be read at
    all raises CaseError and leaves nothing behind."""
    from assessments.services.eregistration import invitations_send

    with transaction.atomic():
        engagement = engagement_locked(engagement)
        refusal = participants_upload_refusal(engagement, actor)
        if refusal is not None:
            raise refusal
        repeated = _same_file_just_accepted(engagement, file)
        if repeated is not None:
            # A double click sends the same file twice: the first one counts.
            return repeated
        try:
            rows = participant_file_read(file)
        except ParticipantFileError as error:
            raise CaseError(str(error)) from error
        existing = set(engagement.participants.values_list("nip", flat=True))
        capacity = engagement.agreement.participant_count - len(existing)
        accepted, errors = participant_rows_check(rows, existing_nips=existing, capacity=capacity)
        file.seek(0)
        original_name = (getattr(file, "name", "") or "daftar-asesi")[:255]
        listing = ParticipantList(
            engagement=engagement,
            original_name=original_name,
            uploaded_by=actor,
            row_count=len(rows),
            accepted=not errors,
            errors=errors,
        )
        extension = "xlsx" if file.read(4) == b"PK\x03\x04" else "csv"
        file.seek(0)
        listing.file.save(f"daftar.{extension}", ContentFile(file.read()), save=False)
        listing.save()
        if errors:
            event_record(
                subject=engagement,
                kind="participants_refused",
                actor=actor,
                note=ngettext(
                    "%(name)s: %(count)s kesalahan.", "%(name)s: %(count)s kesalahan.", len(errors)
                )
                % {"name": original_name, "count": len(errors)},
            )
            return listing
        Participant.objects.bulk_create(
            [
                Participant(
                    engagement=engagement,
                    nip=row.nip,
                    name=row.name,
                    position=row.position,
                    work_unit=row.work_unit,
                    email=row.email,
                )
                for row in accepted
            ]
        )
        event_record(
            subject=engagement,
            kind="participants_accepted",
            actor=actor,
            note=ngettext(
                "%(name)s: %(count)s asesi ditambahkan.",
                "%(name)s: %(count)s asesi ditambahkan.",
                len(accepted),
            )
            % {"name": original_name, "count": len(accepted)},
        )
        if engagement.state == EngagementState.PREPARATION:
            invitations_send(engagement=engagement, actor=actor)
    return listing


def participant_remove(*, participant: Participant, actor) -> None:
    """The operator takes an asesi off the list before they were invited."""
    with transaction.atomic():
        engagement = engagement_locked(participant.engagement)
        refusal = participants_upload_refusal(engagement, actor)
        if refusal is not None:
            raise refusal
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.invited_at is not None:
            raise CaseError(
                _("%(name)s sudah diundang e-registrasi dan tidak dapat dihapus dari daftar.")
                % {"name": participant.name}
            )
        event_record(
            subject=engagement,
            kind="participant_removed",
            actor=actor,
            note=f"{participant.name} ({participant.nip})",
        )
        participant.delete()
