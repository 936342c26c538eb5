"""The states of exam sessions and of results, the only transitions allowed between them, and
who may make each. scheduling.services applies the session table, scheduling.results the result
table; the application follows through registration.services.application_transition.

Below the tables, "may this person do this now?": one predicate per rule, asked by the screens
(to show a button or a form) and by the services (to refuse). A `*_refusal` function returns the
error the service raises, saying why, or None when the action is allowed; the screens only ask
whether it is None."""

from django.utils.translation import gettext as _

from portal.constants import Role
from portal.roles import holds_role_at, person_label, role_provider_ids
from registration.conflicts import conflict_pairs, conflict_reason
from registration.constants import ApplicationStatus
from scheduling.constants import Attendance
from scheduling.constants import ResultStatus as R
from scheduling.constants import SessionStatus as S
from scheduling.exceptions import (
    BookingClosed,
    InvalidTransition,
    NotHeadOfPanel,
    ResultError,
    ResultsIncomplete,
    ResultsPublished,
    SchedulingError,
)

# A result's head of panel is a role the session gives, not a group: the result table names it.
HEAD_OF_PANEL = "head_of_panel"

_SCHEDULER = frozenset({Role.SCHEDULER})

SESSION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.OPEN): _SCHEDULER,  # booking opens
    (S.DRAFT, S.CANCELLED): _SCHEDULER,
    (S.OPEN, S.CLOSED): _SCHEDULER,  # booking closes
    (S.OPEN, S.CANCELLED): _SCHEDULER,  # everyone seated goes back to "awaiting schedule"
    (S.CLOSED, S.OPEN): _SCHEDULER,  # ...and may reopen
    (S.CLOSED, S.HELD): _SCHEDULER | {HEAD_OF_PANEL},  # publishing results marks it held
    (S.CLOSED, S.CANCELLED): _SCHEDULER,
}

# A session's data (time, place, capacity, panel) may be edited in these states.
EDITABLE_SESSION_STATUSES = (S.DRAFT, S.OPEN, S.CLOSED)
# Sessions the committee may still place candidates in (until they start); candidates book
# only open ones, inside the booking window.
COMMITTEE_BOOKING_STATUSES = (S.OPEN, S.CLOSED)
# Sessions whose results may be published; an open one too once its booking is over by time
# (publishing closes it on the way).
PUBLISHABLE_STATUSES = (S.CLOSED, S.HELD)

# Drafts are recorded by the session's assessors; the head of panel publishes them; a published
# result changes only by an amendment with a reason (published -> published).
RESULT_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (R.DRAFT, R.DRAFT): frozenset({Role.ASSESSOR}),
    (R.DRAFT, R.PUBLISHED): frozenset({HEAD_OF_PANEL}),
    (R.PUBLISHED, R.PUBLISHED): frozenset({HEAD_OF_PANEL}),
}


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in SESSION_TRANSITIONS


def actor_kinds(from_state: str, to_state: str) -> frozenset[str]:
    return SESSION_TRANSITIONS[(from_state, to_state)]


def result_allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in RESULT_TRANSITIONS


def result_actor_kinds(from_state: str, to_state: str) -> frozenset[str]:
    return RESULT_TRANSITIONS[(from_state, to_state)]


# --- Who is who on a session --------------------------------------------------------------------
# Roles count only where they are held: at the provider of the session's service. An assessor
# named on a session of another provider, where they hold no assessor role, is not its panel.


def session_provider_id(session) -> int:
    """The provider whose staff work on the session (a query unless the service is loaded)."""
    return session.service.provider_id


def is_scheduler(session, user) -> bool:
    """A member of the scheduling committee of the session's provider."""
    return holds_role_at(user, Role.SCHEDULER, session_provider_id(session))


def is_head_of_panel(session, user) -> bool:
    """The session's head of panel (ketua panel): the assessor it names as head, holding the
    assessor role at the session's provider. Publishes the results and amends them."""
    return (
        session.head_assessor_id is not None
        and session.head_assessor_id == user.pk
        and holds_role_at(user, Role.ASSESSOR, session_provider_id(session))
    )


def is_on_panel(session, user) -> bool:
    """An assessor of the session, or its head, holding the assessor role at the session's
    provider: records attendance and draft results."""
    if not holds_role_at(user, Role.ASSESSOR, session_provider_id(session)):
        return False
    return session.head_assessor_id == user.pk or session.assessors.filter(pk=user.pk).exists()


def session_actor_kinds(session, user) -> set[str]:
    """The roles the user holds at the session's provider, plus HEAD_OF_PANEL on the session
    they head."""
    provider_id = session_provider_id(session)
    kinds = {role for role in Role if provider_id in role_provider_ids(user, role)}
    if is_head_of_panel(session, user):
        kinds.add(HEAD_OF_PANEL)
    return kinds


# --- A session --------------------------------------------------------------------------------


def _has_active_seats(session) -> bool:
    taken = getattr(session, "seats_taken", None)  # the staff selectors' annotation
    if taken is not None:
        return taken > 0
    return session.seats.filter(is_active=True).exists()


def session_transition_refusal(session, to: str, user, *, now) -> SchedulingError | None:
    """May the user move the session to `to` now (open or close booking, mark it held, cancel)?
    Cancelling gives every seat back, which a started session's seats no longer allow."""
    if not allowed(session.status, to):
        return InvalidTransition(
            _("Sesi berstatus “%(status)s” tidak dapat diubah ke “%(to)s”.")
            % {"status": S(session.status).label, "to": S(to).label}
        )
    if not actor_kinds(session.status, to) & session_actor_kinds(session, user):
        return InvalidTransition(_("Anda tidak memiliki peran untuk melakukannya."))
    if to == S.CANCELLED and session.starts_at <= now and _has_active_seats(session):
        return SchedulingError(_("Kursi pada sesi yang sudah berlangsung tidak dapat diubah."))
    return None


def session_transitions(session, user, *, now) -> list[str]:
    """The states the user may move the session to now, in the table's order."""
    return [
        to
        for start, to in SESSION_TRANSITIONS
        if start == session.status
        and session_transition_refusal(session, to, user, now=now) is None
    ]


def session_editable(session) -> bool:
    """May the session's data (time, place, capacity, panel) still be changed?"""
    return session.status in EDITABLE_SESSION_STATUSES


def seat_booking_refusal(session, *, by_committee: bool, now) -> BookingClosed | None:
    """May a seat in this session be taken now? The committee places candidates in an open or
    closed session that has not started; a candidate books an open one inside its window."""
    if by_committee:
        if session.status not in COMMITTEE_BOOKING_STATUSES or session.starts_at <= now:
            return BookingClosed(_("Sesi ini tidak dapat menerima peserta lagi."))
        return None
    if session.status != S.OPEN or now < session.booking_opens_at or booking_over(session, now=now):
        return BookingClosed()
    return None


def booking_over(session, *, now) -> bool:
    """Has the session's booking closed by time: at booking_closes_at, or at the start when that
    comes first? From then on a candidate cannot take a seat in it, whether or not anyone pressed
    "Tutup pemesanan" (scheduling.services.session_bookings_close_due then marks it closed)."""
    return now >= min(session.booking_closes_at, session.starts_at)


def seat_change_refusal(session, *, by_committee: bool, now) -> SchedulingError | None:
    """May a seat in this session be given up or moved now? Nobody once the session has
    started, is held or cancelled; the candidate only until its booking window closes."""
    if session.status in (S.HELD, S.CANCELLED) or session.starts_at <= now:
        return SchedulingError(_("Kursi pada sesi yang sudah berlangsung tidak dapat diubah."))
    if not by_committee and now >= session.booking_closes_at:
        return SchedulingError(
            _(
                "Batas waktu perubahan jadwal sesi ini sudah lewat. "
                "Hubungi panitia bila Anda berhalangan."
            )
        )
    return None


# --- The exam day and its results -------------------------------------------------------------


def attendance_refusal(seat, *, now) -> SchedulingError | None:
    """May the seat's attendance be recorded now (by the committee or the session's panel)?
    From the session's start until its results are published, and never on a cancelled one."""
    session = seat.session
    if not seat.is_active or session.results_published_at is not None:
        return SchedulingError(_("Hasil sesi ini sudah diumumkan; kehadiran terkunci."))
    if session.status == S.CANCELLED or now < session.starts_at:
        return SchedulingError(_("Kehadiran dicatat setelah sesi uji dimulai."))
    return None


def _sitting_refusal(session, *, now) -> ResultError | None:
    if session.status == S.CANCELLED:
        return ResultError(_("Sesi uji ini dibatalkan; tidak ada hasil yang dicatat."))
    if now < session.starts_at:
        return ResultError(_("Hasil dicatat setelah sesi uji dimulai."))
    return None


def result_record_refusal(seat, *, now) -> ResultError | None:
    """May a draft result be recorded for this seat now (by the session's panel)? Once the
    session has started, before its results are published, for a candidate who came."""
    refusal = _sitting_refusal(seat.session, now=now)
    if refusal is not None:
        return refusal
    if seat.session.results_published_at is not None:
        return ResultsPublished()
    if not seat.is_active:
        return ResultError(_("Kursi ini sudah tidak berlaku."))
    if seat.attendance != Attendance.PRESENT:
        return ResultError(_("Catat dahulu bahwa peserta ini hadir, baru isi hasilnya."))
    return None


def _incomplete_message(summary) -> str:
    parts = []
    if summary.unmarked:
        parts.append(_("kehadiran %(count)d peserta belum dicatat") % {"count": summary.unmarked})
    if summary.missing:
        parts.append(
            _("hasil %(count)d peserta yang hadir belum diisi") % {"count": summary.missing}
        )
    return _("Hasil belum dapat diumumkan: %(missing)s.") % {"missing": _(" dan ").join(parts)}


def result_publish_refusal(session, *, user, summary, now) -> ResultError | None:
    """May the user publish the session's results now? The head of panel, once, of a session
    closed for booking that has started, when every seat's attendance and every present
    candidate's result is recorded. `summary` is result_selectors.roster_summary of its seats.
    A session still marked open is publishable once its booking is over by time: nobody has to
    press "Tutup pemesanan" first."""
    if not is_head_of_panel(session, user):
        return NotHeadOfPanel()
    if session.results_published_at is not None:
        return ResultsPublished(_("Hasil sesi ini sudah diumumkan."))
    if session.status == S.OPEN and not booking_over(session, now=now):
        return ResultError(_("Tutup pemesanan sesi terlebih dahulu."))
    if session.status not in (*PUBLISHABLE_STATUSES, S.OPEN):
        return ResultError(
            _("Hasil sesi berstatus “%(status)s” tidak dapat diumumkan.")
            % {"status": S(session.status).label}
        )
    refusal = _sitting_refusal(session, now=now)
    if refusal is not None:
        return refusal
    if not summary.seats:
        return ResultError(_("Sesi ini tidak memiliki peserta; tidak ada hasil untuk diumumkan."))
    if summary.unmarked or summary.missing:
        return ResultsIncomplete(_incomplete_message(summary))
    return None


def result_publish_waiting(session, *, user, summary, now) -> list[str]:
    """Why the results cannot be published yet, each reason with who must act, for the disabled
    publish button ("Menunggu: kehadiran 2 peserta belum dicatat — asesor sesi"). Empty when
    result_publish_refusal has nothing against it for this user. The words only: the service
    still asks result_publish_refusal."""
    if session.results_published_at is not None or session.status == S.CANCELLED:
        return []
    waiting = []
    if now < session.starts_at:
        waiting.append(_("Menunggu: sesi uji dimulai — hasil dicatat setelah sesi dimulai"))
    elif session.status == S.OPEN and not booking_over(session, now=now):
        waiting.append(_("Menunggu: pemesanan sesi ditutup — panitia penjadwalan"))
    if not summary.seats:
        waiting.append(_("Sesi ini tidak memiliki peserta; tidak ada hasil untuk diumumkan."))
    if summary.unmarked:
        waiting.append(
            _("Menunggu: kehadiran %(count)d peserta belum dicatat — asesor sesi")
            % {"count": summary.unmarked}
        )
    if summary.missing:
        waiting.append(
            _("Menunggu: hasil %(count)d peserta yang hadir belum diisi — asesor sesi")
            % {"count": summary.missing}
        )
    if not is_head_of_panel(session, user):
        head = session.head_assessor
        if head is None:
            waiting.append(_("Menunggu: ketua panel ditetapkan — panitia penjadwalan"))
        else:
            waiting.append(
                _("Hanya ketua panel (%(name)s) yang dapat mengumumkan.")
                % {"name": head.get_full_name() or head.username}
            )
    if not waiting:
        refusal = result_publish_refusal(session, user=user, summary=summary, now=now)
        if refusal is not None:
            waiting.append(str(refusal.message))
    return waiting


# --- The waiting list -------------------------------------------------------------------------


def waitlist_join_refusal(
    application, *, candidate_picks: bool, seat_free: bool, has_seat: bool
) -> SchedulingError | None:
    """May this application join its service's waiting list now? A verified application
    without a seat, where candidates choose their own session, when no session open for booking
    has a seat left (`seat_free`: some bookable session has one). No open session at all
    counts as full: a new session is offered to the list as well."""
    if not candidate_picks:
        return SchedulingError(_("Sesi uji layanan ini ditetapkan oleh panitia."))
    if has_seat or application.status != ApplicationStatus.VERIFIED:
        return SchedulingError(
            _("Daftar tunggu hanya untuk pengajuan terverifikasi yang belum mendapat kursi.")
        )
    if seat_free:
        return SchedulingError(
            _("Masih ada sesi dengan kursi kosong. Pilih sesi itu, tanpa daftar tunggu.")
        )
    return None


def result_conflict_refusal(application, user) -> ResultError | None:
    """Nobody assesses a candidate they conflict with (registration.conflicts): neither the
    draft result nor its correction."""
    if reason := conflict_reason(staff=user, candidate=application.candidate):
        return ResultError(
            _("Konflik kepentingan: %(reason)s. Hasil peserta ini dicatat asesor lain.")
            % {"reason": reason}
        )
    return None


def panel_conflicts(*, assessors, candidates) -> dict[int, str]:
    """{assessor pk: why they may not sit on this panel}: the first of the seated `candidates`
    they conflict with (registration.conflicts), named, with the reason. An assessor who
    conflicts with one candidate of a session assesses none of it: the panel judges the
    session together. Asked by the form (shown disabled with the reason), by session_save
    (refused) and by seating (a candidate never joins a panel that conflicts with them)."""
    people = {c.pk: c for c in sorted((c for c in candidates if c), key=lambda c: c.pk)}
    pairs = conflict_pairs(staff_members=assessors, candidates=people.values())
    reasons: dict[int, str] = {}
    for (assessor_pk, candidate_pk), reason in pairs.items():
        reasons.setdefault(
            assessor_pk,
            _("konflik kepentingan dengan peserta %(candidate)s (%(reason)s)")
            % {"candidate": person_label(people[candidate_pk]), "reason": reason},
        )
    return reasons


def result_amend_refusal(result, *, session, user) -> ResultError | None:
    """May the user amend this result of the session? The head of panel, once it is published."""
    if not is_head_of_panel(session, user):
        return NotHeadOfPanel()
    if result.status != R.PUBLISHED:
        return ResultError(_("Hasil ini belum diumumkan; ubah drafnya saja tanpa ralat."))
    return None
