"""A complaint's states, the only transitions between them, and who may make each: the complaint
team, or the reporter (whoever holds the tracking code). complaints.services applies them.

Below the table, "may this person do this now?": one predicate per rule, asked by the team's
page and the reporter's tracking page (to show a button or a form) and by the services (to
refuse). A `*_refusal` function returns the error the service raises, saying why, or None.
A team member acts only on the complaints of the providers where they hold the role."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.constants import OPEN_STATUSES, MessageKind, NamedAs
from complaints.constants import ComplaintStatus as S
from complaints.exceptions import ComplaintError, InvalidTransition
from portal.calendar import add_working_days
from portal.catalogue import service_time_limit
from portal.constants import Role, Stage
from portal.roles import holds_role_at, person_label, user_roles

REPORTER = "reporter"

_TEAM = frozenset({Role.COMPLAINT_HANDLER})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.RECEIVED, S.VERIFIED): _TEAM,  # within the verification time limit
    (S.VERIFIED, S.IN_PROGRESS): _TEAM,
    (S.VERIFIED, S.ANSWERED): _TEAM,  # an information request answered at once
    (S.IN_PROGRESS, S.ANSWERED): _TEAM,
    (S.ANSWERED, S.IN_PROGRESS): _TEAM | {REPORTER},  # the reporter adds information
    (S.ANSWERED, S.CLOSED): _TEAM,
    (S.CLOSED, S.IN_PROGRESS): frozenset({REPORTER}),  # reopened within the set period
    # Not for us, not admissible, or already reported: from any open state.
    **{
        (start, end): _TEAM
        for start in (S.RECEIVED, S.VERIFIED, S.IN_PROGRESS)
        for end in (S.FORWARDED, S.REJECTED, S.DUPLICATE)
    },
}

# States in which the complaint is still the team's work (queues, digests, time limits).
OPEN = frozenset(OPEN_STATUSES)
# States that end the complaint; the reporter may be offered the survey.
FINAL = frozenset({S.CLOSED, S.FORWARDED, S.REJECTED, S.DUPLICATE})

# An answered complaint is closed within 10 working days of the answer, as SP4N-LAPOR! publishes
# for its reports ("Penutupan Laporan", lapor.go.id, Tentang LAPOR!: a report is complete once
# the agency followed it up and 10 working days passed without a reply from the reporter). The
# portal's rule for every service: the team closes it by then, unless the reporter writes back.
CLOSING_WORKING_DAYS = 10

# States with a due date: the team's open work and the answer awaiting its closure. An answered
# complaint past its closing due date is overdue like any other stage (the queue's filter).
TIMED = OPEN | {S.ANSWERED}

# The path a complaint takes when nothing goes aside: the reporter's tracking page shows the
# steps of it still ahead.
MAIN_PATH = (S.RECEIVED, S.VERIFIED, S.IN_PROGRESS, S.ANSWERED, S.CLOSED)

# The time limit of each open state, in working days from the service's configuration (seed 002:
# follow-up within 3 working days; verification within 3).
STAGE_LIMITS: dict[str, str] = {
    S.RECEIVED: Stage.COMPLAINT_VERIFICATION,
    S.VERIFIED: Stage.COMPLAINT_FOLLOW_UP,
    S.IN_PROGRESS: Stage.COMPLAINT_FOLLOW_UP,
}

# Complaints about no particular service (or a service whose complaint time limits were not
# configured) use SP4N-LAPOR! practice: verify within 3 working days, follow up within 5.
DEFAULT_STAGE_DAYS = {Stage.COMPLAINT_VERIFICATION: 3, Stage.COMPLAINT_FOLLOW_UP: 5}


def stage_days(service, stage: str) -> int:
    """The working days the service allows for a complaint stage (STAGE_LIMITS' values)."""
    if service is None:
        return DEFAULT_STAGE_DAYS[stage]
    try:
        return service_time_limit(service=service, stage=stage)
    except ImproperlyConfigured:
        # A catalogue entry entered for its public standard, before its workflow exists.
        return DEFAULT_STAGE_DAYS[stage]


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in TRANSITIONS


def actor_kinds(from_state: str, to_state: str) -> frozenset[str]:
    return TRANSITIONS[(from_state, to_state)]


# What the team writes in the conversation (the reporter writes MessageKind.REPORTER).
TEAM_MESSAGE_KINDS = frozenset({MessageKind.REPLY, MessageKind.QUESTION, MessageKind.NOTE})


def is_team(user, provider_id: int | None) -> bool:
    """Is `user` on the complaint team of the provider?"""
    return user is not None and holds_role_at(user, Role.COMPLAINT_HANDLER, provider_id)


def _roles_at(user, provider_id: int | None) -> set[str]:
    return {role for role in user_roles(user) if holds_role_at(user, role, provider_id)}


def named_reason(complaint, user) -> str | None:
    """Why `user` may not see or handle the complaint: it names them ("disebut dalam pengaduan
    sebagai asesor"); None when it does not."""
    if user is None or not user.is_authenticated or complaint.pk is None:
        return None
    named = complaint.named_staff.filter(user_id=user.pk).values_list("named_as", flat=True)
    for named_as in named:
        return _("disebut dalam pengaduan sebagai %(role)s") % {"role": NamedAs(named_as).label}
    return None


def named_reasons(complaint) -> dict[int, str]:
    """{user pk: reason} for everyone the complaint names (the assign form's exclusions)."""
    return {
        user_id: _("disebut dalam pengaduan sebagai %(role)s") % {"role": NamedAs(named_as).label}
        for user_id, named_as in complaint.named_staff.values_list("user_id", "named_as")
    }


def team_refusal(complaint, user) -> ComplaintError | None:
    """May the user act on the complaint as its team (assign it, set its priority)? A member
    of the team of the complaint's provider whom it does not name."""
    if not is_team(user, complaint.provider_id):
        return ComplaintError(_("Hanya tim pengelola pengaduan yang dapat melakukannya."))
    return _named_refusal(complaint, user)


def _named_refusal(complaint, user) -> ComplaintError | None:
    if reason := named_reason(complaint, user):
        return ComplaintError(
            _("Konflik kepentingan: %(reason)s. Pengaduan ini ditangani anggota tim lain.")
            % {"reason": reason}
        )
    return None


def assign_refusal(complaint, handler) -> ComplaintError | None:
    """May the complaint be given to `handler`? A member of its provider's team it does not
    name."""
    if not is_team(handler, complaint.provider_id):
        return ComplaintError(_("Pengaduan hanya dapat diserahkan kepada anggota tim."))
    if reason := named_reason(complaint, handler):
        return ComplaintError(
            _("%(name)s tidak dapat ditugaskan: %(reason)s.")
            % {"name": person_label(handler), "reason": reason}
        )
    return None


def reopen_until(complaint) -> date | None:
    """The last day the reporter may reopen a closed complaint (COMPLAINT_REOPEN_WORKING_DAYS
    working days after it closed); None when it is not closed."""
    if complaint.status != S.CLOSED or complaint.closed_at is None:
        return None
    return add_working_days(
        timezone.localdate(complaint.closed_at), settings.COMPLAINT_REOPEN_WORKING_DAYS
    )


def transition_refusal(
    complaint, to: str, *, actor=None, as_reporter: bool = False, today: date | None = None
) -> ComplaintError | None:
    """May the team member (or, as_reporter, the reporter) move the complaint to `to` now?
    Along the table, by whoever it names; a closed complaint only within its reopening period."""
    if not allowed(complaint.status, to):
        return InvalidTransition(
            _("Pengaduan berstatus “%(status)s” tidak dapat diubah menjadi “%(to)s”.")
            % {"status": S(complaint.status).label, "to": dict(S.choices).get(to, to)}
        )
    if as_reporter:
        kinds = {REPORTER}
    else:  # the roles the actor holds at the complaint's provider
        kinds = _roles_at(actor, complaint.provider_id) if actor is not None else set()
    if not actor_kinds(complaint.status, to) & kinds:
        return InvalidTransition(_("Anda tidak dapat mengubah status pengaduan ini."))
    if not as_reporter and (refusal := _named_refusal(complaint, actor)):
        return refusal
    if complaint.status == S.CLOSED:
        until = reopen_until(complaint)
        if until is None or (today or timezone.localdate()) > until:
            return ComplaintError(
                _(
                    "Batas waktu membuka kembali pengaduan ini sudah lewat (%(days)d hari kerja "
                    "setelah selesai). Silakan sampaikan pengaduan baru."
                )
                % {"days": settings.COMPLAINT_REOPEN_WORKING_DAYS}
            )
    return None


def team_transitions(complaint, user, *, today: date | None = None) -> list[str]:
    """The statuses the team member may move the complaint to now, in the table's order."""
    return [
        to
        for start, to in TRANSITIONS
        if start == complaint.status
        and transition_refusal(complaint, to, actor=user, today=today) is None
    ]


def reopen_refusal(complaint, *, today: date | None = None) -> ComplaintError | None:
    """May the reporter reopen the complaint now? A closed one, within its reopening period."""
    if complaint.status != S.CLOSED:
        return InvalidTransition(_("Hanya pengaduan yang sudah selesai dapat dibuka kembali."))
    return transition_refusal(complaint, S.IN_PROGRESS, as_reporter=True, today=today)


def message_refusal(
    complaint, kind: str, *, actor=None, as_reporter: bool = False
) -> ComplaintError | None:
    """May this message be added to the conversation now? The reporter adds information, the
    team replies, asks or notes; nobody but the team's internal notes once it is finished (the
    reporter reopens a closed one instead)."""
    if as_reporter:
        if kind != MessageKind.REPORTER:
            return ComplaintError(_("Pelapor hanya dapat menambahkan keterangan."))
    elif kind not in TEAM_MESSAGE_KINDS:
        return ComplaintError(_("Jenis pesan ini hanya untuk pelapor."))
    elif not is_team(actor, complaint.provider_id):
        return ComplaintError(_("Hanya tim pengelola pengaduan yang dapat melakukannya."))
    elif refusal := _named_refusal(complaint, actor):
        return refusal
    if complaint.status in FINAL and kind != MessageKind.NOTE:
        return ComplaintError(_("Pengaduan ini sudah selesai; pesan baru tidak dapat ditambahkan."))
    return None


SEAL_REASON_MIN_LENGTH = 20


def seal_open_refusal(complaint, user) -> ComplaintError | None:
    """May the user open the complaint's sealed reporter identity now? A member of the team of
    its provider whom the complaint does not name, on an anonymous complaint that is not
    finished (it is resealed when it is)."""
    if not is_team(user, complaint.provider_id):
        return ComplaintError(
            _("Hanya tim pengelola pengaduan penyelenggara ini yang dapat membuka segel identitas.")
        )
    if refusal := _named_refusal(complaint, user):
        return refusal  # the person the complaint is about never learns who reported it
    if not complaint.anonymous:
        return ComplaintError(_("Pelapor pengaduan ini tidak meminta identitasnya dirahasiakan."))
    if complaint.status in FINAL:
        return ComplaintError(
            _("Pengaduan ini sudah selesai; segel identitas pelapor tidak dapat dibuka lagi.")
        )
    return None
