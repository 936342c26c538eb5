"""The intake (pengambilan data, seed 004 steps 6-9) prepared by the Balai's scheduler: sessions
offline at the institution's venue or online with platform and link, the assessment team, the
asesi per session, attendance, and the intake marked held (the reports' limits count from it)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import rules, workflow
from assessments.constants import EngagementState, IntakeMode
from assessments.models import Engagement, IntakeSession, Participant
from assessments.services.engagements import engagement_locked, engagement_transition
from assessments.services.eregistration import absolute_url, intake_mail_send
from casework.exceptions import CaseError, CaseForbidden
from portal.constants import Role
from portal.events import event_record
from portal.mail import operator_addresses
from portal.roles import holds_role_for_service

User = get_user_model()


@dataclass
class SessionData:
    """What the scheduler sets on a session (the form's cleaned data)."""

    mode: str
    starts_at: datetime
    ends_at: datetime
    venue: str = ""
    platform: str = ""
    link: str = ""
    support_team: str = ""
    assessors: list = field(default_factory=list)  # users
    participants: list = field(default_factory=list)  # Participant rows of the engagement


def session_refusal(engagement: Engagement, user) -> Exception | None:
    """Sessions are prepared by LAN's scheduler once the SPK is fully signed, until the intake
    is held."""
    if not workflow.holds(user, Role.SCHEDULER, engagement):
        return CaseForbidden(_("Hanya Panitia Penjadwalan LAN yang dapat mengatur sesi intake."))
    if engagement.state != EngagementState.PREPARATION or engagement.intake_held_on is not None:
        return CaseError(
            _(
                "Sesi intake hanya dapat diatur setelah SPK ditandatangani kedua pihak dan "
                "sebelum intake dinyatakan selesai."
            )
        )
    return None


def _check(engagement: Engagement, data: SessionData, session: IntakeSession | None) -> None:
    problems = []
    if data.ends_at <= data.starts_at:
        problems.append(_("Waktu selesai harus setelah waktu mulai."))
    if data.mode == IntakeMode.OFFLINE:
        if not data.venue.strip():
            problems.append(_("Tempat pelaksanaan wajib diisi untuk intake luring."))
    elif data.mode == IntakeMode.ONLINE:
        if not data.platform.strip():
            problems.append(_("Aplikasi wajib diisi untuk intake daring."))
        if not data.link.strip():
            problems.append(_("Tautan wajib diisi untuk intake daring."))
        if not data.support_team.strip():
            problems.append(
                _("Tim Pendamping dan Teknis instansi wajib diisi untuk intake daring.")
            )
    else:
        problems.append(_("Pilih pelaksanaan: luring atau daring."))
    if not data.assessors:
        problems.append(_("Pilih sekurang-kurangnya satu asesor."))
    for user in data.assessors:
        if not (user.is_active and holds_role_for_service(user, Role.ASSESSOR, engagement.service)):
            problems.append(
                _("%(name)s bukan asesor penyelenggara layanan ini.")
                % {"name": user.get_full_name() or user.username}
            )
    for participant in data.participants:
        if participant.engagement_id != engagement.pk:
            problems.append(_("Asesi yang dipilih bukan asesi permohonan ini."))
        elif participant.session_id is not None and (
            session is None or participant.session_id != session.pk
        ):
            problems.append(
                _("%(name)s sudah terdaftar di sesi lain.") % {"name": participant.name}
            )
    if problems:
        raise CaseError(" ".join(problems))
    # Seed 004: the SPK is signed at least 5 days before the assessment.
    signed_on = timezone.localdate(engagement.agreement.fully_signed_at)
    refusal = rules.assessment_date_refusal(
        assessment_on=timezone.localdate(data.starts_at),
        signed_on=signed_on,
        lead=rules.agreement_lead(engagement.service),
    )
    if refusal is not None:
        raise refusal


def _plan_mail(engagement: Engagement, session: IntakeSession, *, changed: bool) -> None:
    """The plan of the intake (seed 004 step 6) to the institution's operators and the
    session's asesi."""
    provider = engagement.service.provider
    context = {
        "engagement": engagement,
        "session": session,
        "changed": changed,
        "assessors": list(session.assessors.all()),
        "page_url": absolute_url(reverse("assessments_engagement", args=[engagement.public_id])),
        "home_url": absolute_url(reverse("assessments_asesi_home")),
    }
    operators = operator_addresses(engagement.institution)
    intake_mail_send(
        template="session",
        context={**context, "for_operator": True},
        to=operators,
        provider=provider,
    )
    for participant in session.participants.all():
        intake_mail_send(
            template="session",
            context={**context, "for_operator": False, "participant": participant},
            to=[participant.email],
            provider=provider,
        )


def session_save(
    *, engagement: Engagement, actor, data: SessionData, session: IntakeSession | None = None
) -> IntakeSession:
    """Plan a new session (session None) or change one; the operators and its asesi are
    mailed the plan."""
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        refusal = session_refusal(engagement, actor)
        if refusal is not None:
            raise refusal
        if session is not None:
            session = IntakeSession.objects.select_for_update().get(
                pk=session.pk, engagement=engagement
            )
            if session.held_at is not None:
                raise CaseError(_("Sesi ini sudah dilaksanakan dan tidak dapat diubah."))
        # Re-read the chosen asesi under lock: another session may have taken one meanwhile.
        participants = list(
            Participant.objects.select_for_update().filter(
                pk__in=[participant.pk for participant in data.participants]
            )
        )
        data.participants = participants
        _check(engagement, data, session)
        changed = session is not None
        if session is None:
            session = IntakeSession(engagement=engagement, created_by=actor)
        session.mode = data.mode
        session.starts_at = data.starts_at
        session.ends_at = data.ends_at
        session.venue = data.venue.strip() if data.mode == IntakeMode.OFFLINE else ""
        session.platform = data.platform.strip() if data.mode == IntakeMode.ONLINE else ""
        session.link = data.link.strip() if data.mode == IntakeMode.ONLINE else ""
        session.support_team = data.support_team.strip()
        session.save()
        session.assessors.set(data.assessors)
        chosen = {participant.pk for participant in participants}
        engagement.participants.filter(session=session).exclude(pk__in=chosen).update(session=None)
        engagement.participants.filter(pk__in=chosen).update(session=session)
        event_record(
            subject=engagement,
            kind="session_changed" if changed else "session_planned",
            actor=actor,
            note=_("%(start)s WIB, %(mode)s, %(count)s asesi")
            % {
                "start": timezone.localtime(session.starts_at).strftime("%d-%m-%Y %H.%M"),
                "mode": IntakeMode(session.mode).label,
                "count": len(chosen),
            },
        )
        _plan_mail(engagement, session, changed=changed)
    return session


def attendance_refusal(session: IntakeSession, user) -> Exception | None:
    engagement = session.engagement
    is_team = (
        workflow.holds(user, Role.ASSESSOR, engagement)
        and session.assessors.filter(pk=user.pk).exists()
    )
    if not (is_team or workflow.holds(user, Role.SCHEDULER, engagement)):
        return CaseForbidden(_("Kehadiran dicatat oleh asesor sesi ini atau Panitia Penjadwalan."))
    if engagement.state != EngagementState.PREPARATION or engagement.intake_held_on is not None:
        return CaseError(_("Intake sudah dinyatakan selesai; kehadiran tidak dapat diubah."))
    return None


def attendance_record(*, session: IntakeSession, actor, marks: dict[int, bool]) -> int:
    """Mark the session's asesi present (True) or absent (False), by participant pk; returns
    how many marks changed."""
    with transaction.atomic():
        engagement_locked(session.engagement)
        session = IntakeSession.objects.select_related("engagement__service").get(pk=session.pk)
        refusal = attendance_refusal(session, actor)
        if refusal is not None:
            raise refusal
        now = timezone.now()
        changed = 0
        participants = list(session.participants.select_for_update())
        for participant in participants:
            # One conflicted mark refuses the whole form: nothing half saved.
            if participant.pk in marks and (
                refusal := workflow.participant_conflict_refusal(
                    participant, actor, session.engagement
                )
            ):
                raise refusal
        for participant in participants:
            if participant.pk not in marks:
                continue
            present = bool(marks[participant.pk])
            if participant.attended is present:
                continue
            participant.attended = present
            participant.attendance_recorded_at = now
            participant.attendance_recorded_by = actor
            participant.save(
                update_fields=["attended", "attendance_recorded_at", "attendance_recorded_by"]
            )
            event_record(
                subject=participant,
                kind="attendance",
                actor=actor,
                note=_("Hadir") if present else _("Tidak hadir"),
            )
            changed += 1
    return changed


def intake_held_refusal(engagement: Engagement, user, *, now=None) -> Exception | None:
    if not workflow.holds(user, Role.SCHEDULER, engagement):
        return CaseForbidden(_("Hanya Panitia Penjadwalan LAN yang menyatakan intake selesai."))
    if engagement.state != EngagementState.PREPARATION:
        return CaseError(_("Intake dapat dinyatakan selesai hanya pada tahap persiapan intake."))
    now = now or timezone.now()
    participants = list(engagement.participants.all())
    sessions = list(engagement.sessions.all())
    if not participants or not sessions:
        return CaseError(_("Belum ada asesi atau sesi intake."))
    unplaced = [participant.name for participant in participants if participant.session_id is None]
    if unplaced:
        return CaseError(
            _("Asesi berikut belum masuk sesi mana pun: %(names)s.")
            % {"names": ", ".join(unplaced)}
        )
    future = [session for session in sessions if session.starts_at > now]
    if future:
        return CaseError(
            _("Masih ada sesi yang belum dimulai (%(start)s WIB).")
            % {"start": timezone.localtime(future[0].starts_at).strftime("%d-%m-%Y %H.%M")}
        )
    return None


def intake_held(*, engagement: Engagement, actor) -> Engagement:
    """The intake is over: its date is the last session's, the sessions are held, the
    engagement moves to REPORTING (the reports' due dates count from intake_held_on)."""
    with transaction.atomic():
        engagement = engagement_locked(engagement)
        refusal = intake_held_refusal(engagement, actor)
        if refusal is not None:
            raise refusal
        sessions = list(engagement.sessions.select_for_update().order_by("starts_at"))
        now = timezone.now()
        engagement.intake_held_on = max(
            timezone.localdate(session.starts_at) for session in sessions
        )
        engagement.save(update_fields=["intake_held_on"])
        IntakeSession.objects.filter(pk__in=[s.pk for s in sessions], held_at__isnull=True).update(
            held_at=now
        )
        event_record(
            subject=engagement,
            kind="intake_held",
            actor=actor,
            note=engagement.intake_held_on.strftime("%d-%m-%Y"),
        )
        engagement = engagement_transition(
            engagement=engagement, actor=actor, to_state=EngagementState.REPORTING
        )
    return engagement
