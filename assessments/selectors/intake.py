"""Reads for the engagement page's parts: participants (parts/participants.html) and intake
(parts/intake.html). One `section` feeds both."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from assessments import workflow
from assessments.constants import EngagementState
from assessments.forms.intake import ParticipantUploadForm
from assessments.models import IntakeSession
from assessments.participant_file import COLUMN_LABELS
from assessments.services.eregistration import invitations_refusal
from assessments.services.participants import participants_upload_refusal
from assessments.services.sessions import (
    attendance_refusal,
    intake_held_refusal,
    session_refusal,
)
from portal.constants import Role


def provider_assessors(engagement):
    """The users who may sit on the engagement's sessions: assessors at its provider, or for its
    service only."""
    service = engagement.service
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(
                staff_roles__role=Role.ASSESSOR,
                staff_roles__provider_id=service.provider_id,
                staff_roles__service__isnull=True,
            )
            | Q(staff_roles__role=Role.ASSESSOR, staff_roles__service=service)
        )
        .distinct()
        .order_by("first_name", "username")
    )


def session_participants_choices(engagement, session=None):
    """The asesi a session may hold: those in no session, and its own."""
    free = Q(session__isnull=True)
    if session is not None:
        free |= Q(session=session)
    return engagement.participants.filter(free).order_by("name", "nip")


def section(engagement, user) -> dict:
    """The context of the participants and intake parts for `user` (who may see the page)."""
    # The engagement page prefetches them with their sessions (assessments.views.pages), in
    # the model's order (name, NIP); each session's asesi are taken from the same list.
    participants = list(engagement.participants.all())
    sessions = list(
        IntakeSession.objects.filter(engagement=engagement)
        .prefetch_related("assessors")
        .order_by("starts_at")
    )
    by_session: dict[int, list] = {}
    for participant in participants:
        if participant.session_id is not None:
            by_session.setdefault(participant.session_id, []).append(participant)
    lists = list(engagement.participant_lists.order_by("-uploaded_at", "-pk")[:1])
    last_list = lists[0] if lists else None
    is_scheduler = workflow.holds(user, Role.SCHEDULER, engagement)
    may_upload = participants_upload_refusal(engagement, user) is None
    pending_invitations = sum(1 for p in participants if p.invited_at is None)
    may_invite = bool(pending_invitations) and invitations_refusal(engagement, user) is None
    agreement = getattr(engagement, "agreement", None)
    session_rows = []
    for session in sessions:
        may_mark = session.held_at is None and attendance_refusal(session, user) is None
        if may_mark:
            # Whom the reader conflicts with is shown with the reason, without the radios.
            for participant in by_session.get(session.pk, []):
                participant.conflict = workflow.participant_conflict_reason(
                    participant, user, engagement
                )
        session_rows.append(
            {
                "session": session,
                "participants": sorted(by_session.get(session.pk, []), key=lambda p: p.name),
                "assessors": list(session.assessors.all()),
                "may_edit": session.held_at is None and session_refusal(engagement, user) is None,
                "may_mark": may_mark,
            }
        )
    return {
        "intake_participants": participants,
        "intake_registered_count": sum(1 for p in participants if p.registered),
        "intake_capacity": agreement.participant_count if agreement else None,
        "intake_last_list": last_list,
        "intake_upload_form": ParticipantUploadForm() if may_upload else None,
        "intake_may_remove": may_upload,
        "intake_columns": list(COLUMN_LABELS.values()),
        "intake_pending_invitations": pending_invitations,
        "intake_may_invite": may_invite,
        "intake_sessions": session_rows,
        "intake_may_plan": session_refusal(engagement, user) is None,
        "intake_may_close": is_scheduler
        and engagement.state == EngagementState.PREPARATION
        and bool(sessions),
        "intake_close_refusal": intake_held_refusal(engagement, user) if is_scheduler else None,
    }
