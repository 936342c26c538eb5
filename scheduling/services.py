"""Changes to exam sessions and their seats. Each is one function: check, lock, save, record.

A seat is taken under a row lock on the session (SELECT ... FOR UPDATE), and the seats are
counted again inside that lock, so concurrent requests can never fill a session beyond its
capacity (tests/scheduling/test_seat_race.py proves it on PostgreSQL).

Taking a seat moves the application to "scheduled", releasing it back to "verified", through
registration.services.application_transition (the application's one transition table).

A seat offered to the waiting list (SeatOffer, open) is held: it counts against the capacity
like a seat taken, under the same lock, until it is accepted, withdrawn or expires. Whatever
frees a place (a seat given back or moved, more capacity, a session opened) asks
waitlist_offers_make after commit; the periodic waitlist_redrive catches up what that missed.

A session's own rules (its panel, times, place, capacity against the seats taken, a service
fixed once seated) are session_save's, not a form's: the committee's screens, the admin (which
is read-only for sessions) and any API get the same refusals, as SessionInvalid by field.
"""

import copy
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.constants import Role, SeatAssignment
from portal.events import event_list, event_record
from portal.mail import from_email
from portal.models import Service
from portal.roles import holds_role_at, person_label, role_provider_ids
from registration import services as applications
from registration.constants import ApplicationStatus
from registration.models import Application, User
from scheduling import workflow
from scheduling.candidate_selectors import session_list_bookable
from scheduling.constants import (
    WAITLIST_ACTIVE_STATUSES,
    WAITLIST_OFFER_HOURS,
    Attendance,
    OfferStatus,
    SessionMode,
    SessionStatus,
    WaitlistStatus,
)
from scheduling.exam_card import exam_card_attachment, exam_card_warm
from scheduling.exceptions import (
    AlreadySeated,
    NotEligible,
    OfferExpired,
    PanelConflict,
    SchedulingError,
    SessionFull,
    SessionInvalid,
)
from scheduling.invitations import invitation_ics
from scheduling.models import ExamSession, Seat, SeatOffer, WaitlistEntry


def session_transition(
    *, session: ExamSession, to: str, actor: User, note: str = ""
) -> ExamSession:
    """The one way a session changes state: checks the table and the actor, locks the row,
    saves, and records the event. Cancelling gives every seat back first (each candidate is
    told, with a cancelled invitation, and goes back to "awaiting schedule")."""
    with transaction.atomic():
        locked = (
            ExamSession.objects.select_for_update(of=("self",))
            .select_related("service")
            .get(pk=session.pk)
        )
        from_state = locked.status
        refusal = workflow.session_transition_refusal(locked, to, actor, now=timezone.now())
        if refusal is not None:
            raise refusal
        if to == SessionStatus.CANCELLED:
            reason = note or _("Sesi uji dibatalkan oleh panitia.")
            for seat in Seat.objects.filter(session=locked, is_active=True):
                seat_release(seat=seat, actor=actor, note=reason)
        locked.status = to
        locked.save(update_fields=["status"])
        event_record(
            subject=locked,
            kind="status",
            actor=actor,
            from_state=from_state,
            to_state=to,
            note=note,
        )
        if to in (SessionStatus.CLOSED, SessionStatus.CANCELLED):
            _session_offers_withdraw(session=locked, now=timezone.now())
        _waitlist_redrive_on_commit(service_id=locked.service_id)
    session.status = locked.status
    return locked


# What the candidates' invitations show: a change to any of these re-sends them.
INVITATION_FIELDS = ("starts_at", "ends_at", "mode", "meeting_link", "platform", "venue")

# What session_save writes; the status changes only through session_transition, the results
# only through scheduling.results.
SESSION_EDITABLE_FIELDS = frozenset(
    {
        "service",
        "starts_at",
        "ends_at",
        "mode",
        "meeting_link",
        "platform",
        "venue",
        "capacity",
        "booking_opens_at",
        "booking_closes_at",
        "head_assessor",
        "instructions",
    }
)


def _session_place_normalise(session: ExamSession) -> list[str]:
    """An online session has no venue, an offline one no link or platform: a stale address
    must not reach the invitation. Returns the fields it emptied."""
    if session.mode == SessionMode.ONLINE:
        stale = ["venue"]
    elif session.mode == SessionMode.OFFLINE:
        stale = ["meeting_link", "platform"]
    else:
        return []
    emptied = [name for name in stale if getattr(session, name)]
    for name in emptied:
        setattr(session, name, "")
    return emptied


def _session_errors(
    session: ExamSession,
    *,
    assessors: list[User],
    before: ExamSession | None,
    seats_taken: int,
    has_seats: bool,
    now,
    candidates: list[User] = (),
) -> dict[str, list[str]]:
    """What is wrong with the session as it would be saved, by field; empty when nothing is.
    `before` is the stored session (None for a new one); `candidates` those seated in it."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    # The panel is drawn from the assessors of the provider whose service the session holds.
    provider_id = session.service.provider_id if session.service_id is not None else None
    if session.service_id is None:
        refuse("service", _("Pilih layanan sesi uji ini."))
    elif before is not None and has_seats and session.service_id != before.service_id:
        refuse("service", _("Layanan tidak dapat diganti karena sesi ini sudah memiliki peserta."))

    if session.mode == SessionMode.ONLINE:
        if not session.meeting_link:
            refuse("meeting_link", _("Isi tautan pertemuan untuk sesi daring."))
        if not session.platform:
            refuse("platform", _("Isi platform (mis. Zoom) untuk sesi daring."))
    elif session.mode == SessionMode.OFFLINE:
        if not session.venue:
            refuse("venue", _("Isi tempat pelaksanaan untuk sesi luring."))
    else:
        refuse("mode", _("Pilih moda sesi uji: daring atau luring."))

    if session.capacity is None or session.capacity < 1:
        refuse("capacity", _("Kapasitas sedikitnya 1 kursi."))
    elif session.capacity < seats_taken:
        refuse(
            "capacity",
            _("Kapasitas tidak boleh kurang dari %(taken)d kursi yang sudah terisi.")
            % {"taken": seats_taken},
        )

    starts, ends = session.starts_at, session.ends_at
    opens, closes = session.booking_opens_at, session.booking_closes_at
    for name, value, message in (
        ("starts_at", starts, _("Isi tanggal dan jam mulai sesi uji.")),
        ("ends_at", ends, _("Isi jam selesai sesi uji.")),
        ("booking_opens_at", opens, _("Isi waktu pemesanan dibuka.")),
        ("booking_closes_at", closes, _("Isi waktu pemesanan ditutup.")),
    ):
        if value is None:
            refuse(name, message)
    if starts is not None and ends is not None and ends <= starts:
        refuse("ends_at", _("Jam selesai harus setelah jam mulai."))
    if starts is not None and before is None and starts <= now:
        refuse("starts_at", _("Waktu mulai sudah lewat. Pilih tanggal dan jam yang akan datang."))
    if starts is not None and closes is not None and closes > starts:
        refuse("booking_closes_at", _("Pemesanan harus ditutup sebelum sesi uji dimulai."))
    if opens is not None and closes is not None and opens >= closes:
        refuse("booking_opens_at", _("Pemesanan harus dibuka sebelum waktu pemesanan ditutup."))

    for person in assessors:
        if not holds_role_at(person, Role.ASSESSOR, provider_id):
            refuse(
                "assessors",
                _(
                    "%(name)s bukan asesor pada penyelenggara layanan ini; pilih anggota panel "
                    "dari daftar asesor."
                )
                % {"name": person_label(person)},
            )
    if session.head_assessor_id is not None and session.head_assessor_id not in {
        person.pk for person in assessors
    }:
        refuse("head_assessor", _("Ketua panel harus salah satu asesor yang dipilih."))
    conflicts = workflow.panel_conflicts(assessors=assessors, candidates=candidates)
    for person in assessors:
        if person.pk in conflicts:
            refuse(
                "assessors",
                _("%(name)s tidak dapat menjadi asesor sesi ini: %(reason)s.")
                % {"name": person_label(person), "reason": conflicts[person.pk]},
            )
    return errors


def session_save(
    *,
    session: ExamSession,
    fields: list[str],
    assessors=None,
    actor: User,
    note: str = "",
) -> ExamSession:
    """Create a session (as a draft) or save the given fields of an existing one, under its
    row lock. Only the scheduling committee of the session's provider (and of the service's it
    would move to) saves it (SchedulingError otherwise). Every rule of a session is checked
    here, on the session as it would be saved, so the committee's screens, the admin and any
    API get the same ones: the head of the panel is one of its assessors, who hold the
    assessor role at the session's provider; it ends after it starts;
    booking opens before it closes and closes no later than the start; an online session has
    a link and a platform, an offline one a venue (and not the other's fields); the capacity
    is at least 1 and never below the seats taken; the service is fixed once the session has
    seats; a new session starts in the future. A broken rule raises SessionInvalid naming
    each field at fault, and nothing is saved.

    `assessors` is the whole panel (None keeps the current one). A held or cancelled session
    stays as it was, and the status is left to session_transition. When the time or place
    changes, every seated candidate gets an updated invitation (same UID, next SEQUENCE) and
    a new reminder."""
    unknown = set(fields) - SESSION_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"session_save does not write {sorted(unknown)}")
    now = timezone.now()
    with transaction.atomic():
        if session.pk is None:
            _scheduler_check(actor=actor, service_id=session.service_id)
            panel = list(assessors or [])
            _session_place_normalise(session)
            errors = _session_errors(
                session, assessors=panel, before=None, seats_taken=0, has_seats=False, now=now
            )
            if errors:
                raise SessionInvalid(errors)
            session.status = SessionStatus.DRAFT
            session.save()
            session.assessors.set(panel)
            event_record(subject=session, kind="created", actor=actor)
            return session
        locked = (
            ExamSession.objects.select_for_update(of=("self",))
            .select_related("service")
            .get(pk=session.pk)
        )
        # The committee of the session's provider, and of the service it would move to.
        _scheduler_check(actor=actor, service_id=locked.service_id)
        if "service" in fields:
            _scheduler_check(actor=actor, service_id=session.service_id)
        if not workflow.session_editable(locked):
            raise SchedulingError(
                _("Sesi yang sudah dilaksanakan atau dibatalkan tidak dapat diubah.")
            )
        before = copy.copy(locked)
        # The stored session with the given fields changed: what the rules judge, and what
        # is saved (another field the caller's object holds may be stale).
        for name in fields:
            attname = ExamSession._meta.get_field(name).attname
            setattr(locked, attname, getattr(session, attname))
        emptied = _session_place_normalise(locked)
        panel = list(locked.assessors.all()) if assessors is None else list(assessors)
        seats = list(
            Seat.objects.filter(session=locked, is_active=True).select_related(
                "application__candidate", "application__service"
            )
        )
        errors = _session_errors(
            locked,
            assessors=panel,
            before=before,
            seats_taken=len(seats),
            has_seats=bool(seats) or Seat.objects.filter(session=locked).exists(),
            now=now,
            candidates=[seat.application.candidate for seat in seats],
        )
        if errors:
            raise SessionInvalid(errors)
        moved = [
            name for name in INVITATION_FIELDS if getattr(locked, name) != getattr(before, name)
        ]
        locked.save(update_fields=sorted({*fields, *emptied}))
        if assessors is not None:
            locked.assessors.set(panel)
        event_record(subject=locked, kind="edited", actor=actor, note=note)
        if moved:
            _session_changed(session=locked, seats=seats, actor=actor)
        # More capacity, or a booking window moved, may free places for the waiting list.
        _waitlist_redrive_on_commit(service_id=locked.service_id)
    for field in ExamSession._meta.concrete_fields:
        setattr(session, field.attname, getattr(locked, field.attname))
    return session


def _session_changed(*, session: ExamSession, seats: list[Seat], actor: User) -> None:
    note = _("Jadwal atau tempat sesi uji diubah panitia: %(date)s.") % {
        "date": _session_label(session)
    }
    Seat.objects.filter(pk__in=[seat.pk for seat in seats]).update(reminded_at=None)
    for seat in seats:
        event_record(subject=seat.application, kind="session_changed", actor=actor, note=note)
        _seat_mail(application=seat.application, session=session, kind="session_changed")


def _scheduler_check(*, actor: User, service_id: int | None) -> None:
    """The scheduling committee of the service's provider (a session without a service yet is
    refused for its missing service by _session_errors, if the actor schedules somewhere)."""
    if service_id is None:
        allowed = bool(role_provider_ids(actor, Role.SCHEDULER))
    else:
        provider_id = Service.objects.values_list("provider_id", flat=True).get(pk=service_id)
        allowed = holds_role_at(actor, Role.SCHEDULER, provider_id)
    if not allowed:
        raise SchedulingError(_("Anda tidak memiliki peran untuk melakukannya."))


def _is_scheduler(actor: User, session: ExamSession) -> bool:
    """The scheduling committee of the session's provider."""
    return workflow.is_scheduler(session, actor)


def _actor_check(*, application: Application, actor: User) -> None:
    """The candidate who owns the application, or the scheduling committee of its provider."""
    if application.candidate_id != actor.pk and not holds_role_at(
        actor, Role.SCHEDULER, application.service.provider_id
    ):
        raise SchedulingError(_("Anda tidak memiliki peran untuk melakukannya."))


def _booking_check(*, session: ExamSession, actor: User, now) -> None:
    refusal = workflow.seat_booking_refusal(
        session, by_committee=_is_scheduler(actor, session), now=now
    )
    if refusal is not None:
        raise refusal


def _change_check(*, session: ExamSession, actor: User, now) -> None:
    refusal = workflow.seat_change_refusal(
        session, by_committee=_is_scheduler(actor, session), now=now
    )
    if refusal is not None:
        raise refusal


def _panel_conflict_check(*, session: ExamSession, candidate: User, actor: User) -> None:
    """A candidate is never seated before a panel member who conflicts with them
    (registration.conflicts): refused under the session's lock (session_save changes the panel
    under the same lock, and refuses the other way). The committee reads the assessor and the
    reason; the candidate booking for themself only that the session cannot be theirs (whom an
    assessor declared as a relative is the assessor's to tell)."""
    panel = list(session.assessors.all())
    if session.head_assessor_id is not None and session.head_assessor_id not in {
        person.pk for person in panel
    }:
        panel.append(session.head_assessor)
    conflicts = workflow.panel_conflicts(assessors=panel, candidates=[candidate])
    if conflicts and actor.pk == candidate.pk:
        raise PanelConflict(
            _(
                "Sesi ini tidak dapat Anda pilih karena konflik kepentingan dengan salah satu "
                "asesornya. Pilih sesi lain."
            )
        )
    for person in panel:
        if person.pk in conflicts:
            raise PanelConflict(
                _(
                    "Peserta ini tidak dapat ditempatkan pada sesi ini: asesor %(name)s "
                    "memiliki %(reason)s. Pilih sesi lain."
                )
                % {"name": person_label(person), "reason": conflicts[person.pk]}
            )


def _seat_count(session: ExamSession) -> int:
    return Seat.objects.filter(session=session, is_active=True).count()


def _session_label(session: ExamSession) -> str:
    return date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")


def seat_take(*, session: ExamSession, application: Application, actor: User) -> Seat:
    """Give the application a seat in the session, or raise a SchedulingError saying why not."""
    exam_card_warm(application=application, session=session)  # rendered outside the lock
    with transaction.atomic():
        # Every taker of this session queues here; the count below is then exact.
        locked = (
            ExamSession.objects.select_for_update(of=("self",))
            .select_related("service")
            .get(pk=session.pk)
        )
        current = Application.objects.select_related("service", "candidate").get(pk=application.pk)
        _actor_check(application=current, actor=actor)
        if not _is_scheduler(actor, locked) and (
            current.service.seat_assignment == SeatAssignment.COMMITTEE
        ):
            raise NotEligible(_("Sesi uji layanan ini ditetapkan oleh panitia."))
        _booking_check(session=locked, actor=actor, now=timezone.now())
        if Seat.objects.filter(application=current, is_active=True).exists():
            raise AlreadySeated()
        if current.status != ApplicationStatus.VERIFIED:
            raise NotEligible()
        if current.service_id != locked.service_id:
            raise NotEligible(_("Sesi ini bukan untuk layanan yang Anda ajukan."))
        _panel_conflict_check(session=locked, candidate=current.candidate, actor=actor)
        now = timezone.now()
        held = _offers_held(session=locked, now=now, exclude_application=current)
        if _seat_count(locked) + held >= locked.capacity:
            raise SessionFull()
        try:
            with transaction.atomic():
                seat = Seat.objects.create(session=locked, application=current, created_by=actor)
        except IntegrityError as exc:
            # Another session's lock let a second seat for this application through.
            raise AlreadySeated() from exc
        note = _("Kursi pada sesi uji %(date)s.") % {"date": _session_label(locked)}
        event_record(subject=current, kind="seat_taken", actor=actor, note=note)
        applications.application_transition(
            application=current, to=ApplicationStatus.SCHEDULED, actor=actor, note=note
        )
        _waitlist_settle(application=current, session=locked, now=now)
        _seat_mail(application=current, session=locked, kind="seat_taken")
    return seat


def seat_release(*, seat: Seat, actor: User, note: str = "") -> None:
    """Give a seat back: the session gets the place again, the application may book anew
    ("awaiting schedule"). `note` says why, in the timeline and the e-mail."""
    with transaction.atomic():
        locked = (
            ExamSession.objects.select_for_update(of=("self",))
            .select_related("service")
            .get(pk=seat.session_id)
        )
        current = Seat.objects.select_related("application__service").get(pk=seat.pk)
        _actor_check(application=current.application, actor=actor)
        if not current.is_active:
            raise SchedulingError(_("Kursi ini sudah tidak berlaku."))
        _change_check(session=locked, actor=actor, now=timezone.now())
        application = current.application
        current.delete()
        released = _("Kursi pada sesi uji %(date)s dilepas.") % {"date": _session_label(locked)}
        note = f"{released} {note}".strip()
        event_record(subject=application, kind="seat_released", actor=actor, note=note)
        applications.application_transition(
            application=application, to=ApplicationStatus.VERIFIED, actor=actor, note=note
        )
        _seat_mail(application=application, session=locked, kind="seat_released", note=note)
        _waitlist_redrive_on_commit(service_id=locked.service_id)


def seat_move(*, seat: Seat, to_session: ExamSession, actor: User) -> Seat:
    """Move a seat to another session in one step: the old place is freed only if the new one
    is there, and the candidate gets one updated invitation (same UID), not a cancellation."""
    exam_card_warm(application=seat.application, session=to_session)  # outside the locks
    with transaction.atomic():
        # Lock both sessions in a fixed order, so two opposite moves cannot deadlock.
        ids = sorted({seat.session_id, to_session.pk})
        sessions = {
            s.pk: s
            for s in ExamSession.objects.select_for_update(of=("self",))
            .select_related("service")
            .filter(pk__in=ids)
            .order_by("pk")
        }
        target = sessions[to_session.pk]
        current = Seat.objects.select_related("application__service", "application__candidate").get(
            pk=seat.pk
        )
        _actor_check(application=current.application, actor=actor)
        if current.session_id == target.pk:
            return current
        if not current.is_active:
            raise SchedulingError(_("Kursi ini sudah tidak berlaku."))
        now = timezone.now()
        _change_check(session=sessions[current.session_id], actor=actor, now=now)
        if not _is_scheduler(actor, target) and (
            current.application.service.seat_assignment == SeatAssignment.COMMITTEE
        ):
            raise NotEligible(_("Sesi uji layanan ini ditetapkan oleh panitia."))
        _booking_check(session=target, actor=actor, now=now)
        if target.service_id != current.application.service_id:
            raise NotEligible(_("Sesi ini bukan untuk layanan yang Anda ajukan."))
        _panel_conflict_check(session=target, candidate=current.application.candidate, actor=actor)
        if _seat_count(target) + _offers_held(session=target, now=now) >= target.capacity:
            raise SessionFull()
        current.session = target
        current.reminded_at = None  # the new session gets its own reminder
        current.save(update_fields=["session", "reminded_at"])
        event_record(
            subject=current.application,
            kind="seat_moved",
            actor=actor,
            note=_("Dipindah ke sesi uji %(date)s.") % {"date": _session_label(target)},
        )
        _seat_mail(application=current.application, session=target, kind="seat_taken")
        _waitlist_redrive_on_commit(service_id=target.service_id)  # the old place is free
    return current


def seat_attendance_mark(*, seat: Seat, attendance: str, actor: User) -> Seat:
    """Record whether the candidate came: by the committee or an assessor of the session, from
    the session's start until its results are published."""
    with transaction.atomic():
        current = (
            Seat.objects.select_for_update(of=("self",))
            .select_related("session__service")
            .get(pk=seat.pk)
        )
        if not (
            _is_scheduler(actor, current.session) or workflow.is_on_panel(current.session, actor)
        ):
            raise SchedulingError(_("Anda tidak memiliki peran untuk melakukannya."))
        if attendance not in Attendance.values:
            raise SchedulingError(_("Pilihan kehadiran tidak dikenal."))
        refusal = workflow.attendance_refusal(current, now=timezone.now())
        if refusal is not None:
            raise refusal
        if current.attendance == attendance:
            return current
        previous = current.attendance
        current.attendance = attendance
        current.attendance_marked_by = actor
        current.attendance_marked_at = timezone.now()
        current.save(update_fields=["attendance", "attendance_marked_by", "attendance_marked_at"])
        event_record(
            subject=current.application,
            kind="attendance",
            actor=actor,
            from_state=previous,
            to_state=attendance,
        )
    return current


SEAT_EVENTS = ("seat_taken", "seat_released", "seat_moved", "session_changed")


def _seat_mail(
    *, application: Application, session: ExamSession, kind: str, note: str = ""
) -> None:
    """Tell the candidate, with the calendar invitation (through the outbox, after commit).
    SEQUENCE counts this application's seat changes, so each mail updates the last one."""
    sequence = event_list(subject=application).filter(kind__in=SEAT_EVENTS).count()
    context = {
        "application": application,
        "session": session,
        "note": note,
        "dashboard_url": f"{settings.PORTAL_BASE_URL}/dashboard/",
    }
    message = EmailMessage(
        subject=render_to_string(f"scheduling/email/{kind}_subject.txt", context).strip(),
        body=render_to_string(f"scheduling/email/{kind}_body.txt", context),
        from_email=from_email(provider=session.service.provider),
        to=[application.candidate.email],
    )
    message.attach(
        "undangan-uji-kompetensi.ics",
        invitation_ics(
            session=session,
            application=application,
            sequence=sequence,
            cancelled=kind == "seat_released",
        ),
        "text/calendar",
    )
    card = exam_card_attachment(application=application) if kind != "seat_released" else None
    if card is not None:  # the outbox stores the card's bytes: a retry sends it too
        message.attach(*card)
    message.send()


# --- Booking closes by itself ---------------------------------------------------------------


def session_booking_close_by_time(*, session: ExamSession, now) -> bool:
    """Mark an open session closed once its booking is over by time (workflow.booking_over).
    The caller holds the session's row lock. Returns whether it closed it; a second call, or
    a session closed already, changes nothing. The candidates could not book it since that
    moment anyway (workflow.seat_booking_refusal): this records what the time decided."""
    if session.status != SessionStatus.OPEN or not workflow.booking_over(session, now=now):
        return False
    session.status = SessionStatus.CLOSED
    session.save(update_fields=["status"])
    event_record(
        subject=session,
        kind="status",
        actor=None,
        from_state=SessionStatus.OPEN,
        to_state=SessionStatus.CLOSED,
        note=_("Pemesanan ditutup otomatis pada batas waktunya."),
    )
    _session_offers_withdraw(session=session, now=now)
    return True


def session_bookings_close_due(*, now=None) -> int:
    """Close every open session whose booking is over by time (the periodic task). Safe to run
    twice or from two workers: each session is re-read under its row lock before it closes.
    Returns how many this run closed."""
    now = now or timezone.now()
    due = ExamSession.objects.filter(status=SessionStatus.OPEN).filter(
        Q(booking_closes_at__lte=now) | Q(starts_at__lte=now)
    )
    closed = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            locked = (
                ExamSession.objects.select_for_update(of=("self",))
                .select_related("service")
                .get(pk=pk)
            )
            closed += session_booking_close_by_time(session=locked, now=now)
    return closed


# --- The waiting list -----------------------------------------------------------------------
# Lock order, so that no two of these deadlock: sessions (by id), then waiting-list entries,
# then offers. waitlist_leave and the expiry lock no session; whatever frees a place asks
# waitlist_offers_make after its own commit, in a transaction of its own.


def _offers_held(*, session: ExamSession, now, exclude_application=None) -> int:
    """Seats of the session held for the waiting list: open offers not past their deadline
    (an expired one holds nothing, even before the periodic task records its expiry)."""
    offers = SeatOffer.objects.filter(session=session, status=OfferStatus.OPEN, expires_at__gt=now)
    if exclude_application is not None:
        offers = offers.exclude(entry__application=exclude_application)
    return offers.count()


def _waitlist_redrive_on_commit(*, service_id: int) -> None:
    """Offer freed places after this transaction commits. `robust`: a failure there must not
    undo what the user did; the periodic waitlist_redrive offers the place a few minutes later."""
    transaction.on_commit(lambda: waitlist_offers_make(service_id=service_id), robust=True)


def _session_offers_withdraw(*, session: ExamSession, now) -> None:
    """The session no longer takes bookings: its open offers are withdrawn and their
    candidates go back to waiting, keeping their place in the queue (created_at)."""
    offers = SeatOffer.objects.select_for_update(of=("self",)).filter(
        session=session, status=OfferStatus.OPEN
    )
    entry_ids = list(offers.values_list("entry_id", flat=True))
    if not entry_ids:
        return
    SeatOffer.objects.filter(session=session, status=OfferStatus.OPEN).update(
        status=OfferStatus.WITHDRAWN, closed_at=now
    )
    WaitlistEntry.objects.filter(pk__in=entry_ids, status=WaitlistStatus.OFFERED).update(
        status=WaitlistStatus.WAITING
    )


def _waitlist_settle(*, application: Application, session: ExamSession, now) -> None:
    """The application got a seat (however: its offer, its own choice, the committee): its
    waiting-list entry is done. Its open offer is accepted when it was for this session, else
    withdrawn, and that held seat goes to the next one waiting."""
    entry = (
        WaitlistEntry.objects.select_for_update(of=("self",))
        .filter(application=application, status__in=WAITLIST_ACTIVE_STATUSES)
        .first()
    )
    if entry is None:
        return
    offer = (
        SeatOffer.objects.select_for_update(of=("self",))
        .filter(entry=entry, status=OfferStatus.OPEN)
        .first()
    )
    if offer is not None:
        accepted = offer.session_id == session.pk
        offer.status = OfferStatus.ACCEPTED if accepted else OfferStatus.WITHDRAWN
        offer.closed_at = now
        offer.save(update_fields=["status", "closed_at"])
        if not accepted:
            _waitlist_redrive_on_commit(service_id=session.service_id)
    entry.status = WaitlistStatus.SEATED
    entry.closed_at = now
    entry.save(update_fields=["status", "closed_at"])


def waitlist_seat_free(*, service: Service, now=None) -> bool:
    """Has any session the candidate could book now a seat left (held offers counted)?"""
    now = now or timezone.now()
    return (
        session_list_bookable(service=service, now=now)
        .filter(booking_opens_at__lte=now, seats_left__gt=0)
        .exists()
    )


def waitlist_join(*, application: Application, actor: User) -> WaitlistEntry:
    """Put the application on its service's waiting list (workflow.waitlist_join_refusal says
    when). A second click returns the entry it already has: one active entry per application,
    under the application's row lock and the database's unique constraint."""
    with transaction.atomic():
        current = (
            Application.objects.select_for_update(of=("self",))
            .select_related("service")
            .get(pk=application.pk)
        )
        _actor_check(application=current, actor=actor)
        existing = WaitlistEntry.objects.filter(
            application=current, status__in=WAITLIST_ACTIVE_STATUSES
        ).first()
        if existing is not None:
            return existing
        refusal = workflow.waitlist_join_refusal(
            current,
            candidate_picks=current.service.seat_assignment == SeatAssignment.CANDIDATE,
            seat_free=waitlist_seat_free(service=current.service),
            has_seat=Seat.objects.filter(application=current, is_active=True).exists(),
        )
        if refusal is not None:
            raise refusal
        entry = WaitlistEntry.objects.create(application=current)
        event_record(subject=current, kind="waitlist_joined", actor=actor)
    # A place freed between the page and the click goes to the list, this entry included.
    _waitlist_redrive_on_commit(service_id=current.service_id)
    return entry


def waitlist_leave(*, application: Application, actor: User) -> bool:
    """Take the application off the waiting list; an open offer is withdrawn and its seat goes
    to the next one waiting. Returns False when it was not on the list (a second click)."""
    with transaction.atomic():
        entry = (
            WaitlistEntry.objects.select_for_update(of=("self",))
            .select_related("application__service")
            .filter(application=application, status__in=WAITLIST_ACTIVE_STATUSES)
            .first()
        )
        if entry is None:
            return False
        _actor_check(application=entry.application, actor=actor)
        now = timezone.now()
        withdrawn = SeatOffer.objects.filter(entry=entry, status=OfferStatus.OPEN).update(
            status=OfferStatus.WITHDRAWN, closed_at=now
        )
        entry.status = WaitlistStatus.LEFT
        entry.closed_at = now
        entry.save(update_fields=["status", "closed_at"])
        event_record(subject=entry.application, kind="waitlist_left", actor=actor)
        if withdrawn:
            _waitlist_redrive_on_commit(service_id=entry.application.service_id)
    return True


def waitlist_offer_accept(*, offer: SeatOffer, actor: User) -> Seat:
    """Take the seat an offer holds, before its deadline: the same seat_take as choosing a
    session (its lock, its capacity count, in which this offer's own seat is not counted as
    held). Refused once the deadline has passed, even before the periodic task records it; a
    second click finds the offer accepted and is told so (AlreadySeated)."""
    with transaction.atomic():
        session = (
            ExamSession.objects.select_for_update(of=("self",))
            .select_related("service")
            .get(pk=offer.session_id)
        )
        current = (
            SeatOffer.objects.select_for_update(of=("self",))
            .select_related("entry__application__service")
            .get(pk=offer.pk)
        )
        application = current.entry.application
        _actor_check(application=application, actor=actor)
        if current.status == OfferStatus.ACCEPTED:
            raise AlreadySeated(_("Tawaran ini sudah Anda terima; kursi Anda tersimpan."))
        if current.status != OfferStatus.OPEN or current.expires_at <= timezone.now():
            raise OfferExpired()
        return seat_take(session=session, application=application, actor=actor)


def waitlist_offers_make(*, service_id: int, now=None) -> int:
    """Offer every free place in the service's bookable sessions to the first ones waiting,
    soonest session first, each with a deadline of WAITLIST_OFFER_HOURS (never after the
    session's booking closes), by e-mail through the outbox. Safe to run any time and twice: a
    place is free only when no active seat and no open offer holds it, counted under the
    sessions' row locks. Returns how many offers it made."""
    now = now or timezone.now()
    with transaction.atomic():
        sessions = list(
            ExamSession.objects.select_for_update(of=("self",))
            .select_related("service__provider")
            .filter(
                service_id=service_id,
                status=SessionStatus.OPEN,
                booking_opens_at__lte=now,
                booking_closes_at__gt=now,
                starts_at__gt=now,
            )
            .order_by("pk")
        )
        if not sessions or sessions[0].service.seat_assignment != SeatAssignment.CANDIDATE:
            return 0
        ids = [session.pk for session in sessions]
        taken = dict(
            Seat.objects.filter(session_id__in=ids, is_active=True)
            .order_by()
            .values_list("session_id")
            .annotate(count=Count("pk"))
        )
        # Every open offer holds its place here, an expired one too until the expiry task
        # hands it on: counting it free would offer one place twice.
        held = dict(
            SeatOffer.objects.filter(session_id__in=ids, status=OfferStatus.OPEN)
            .order_by()
            .values_list("session_id")
            .annotate(count=Count("pk"))
        )
        queue = iter(
            WaitlistEntry.objects.select_for_update(of=("self",))
            .filter(application__service_id=service_id, status=WaitlistStatus.WAITING)
            .select_related("application__candidate", "application__service")
            .order_by("created_at", "pk")
        )
        made = 0
        for session in sorted(sessions, key=lambda item: (item.starts_at, item.pk)):
            free = session.capacity - taken.get(session.pk, 0) - held.get(session.pk, 0)
            while free > 0:
                entry = next(queue, None)
                if entry is None:
                    return made
                if entry.application.status != ApplicationStatus.VERIFIED:
                    # Seated by the committee, withdrawn or closed since it joined.
                    entry.status = WaitlistStatus.LEFT
                    entry.closed_at = now
                    entry.save(update_fields=["status", "closed_at"])
                    continue
                _offer_make(entry=entry, session=session, now=now)
                free -= 1
                made += 1
    return made


def _offer_make(*, entry: WaitlistEntry, session: ExamSession, now) -> SeatOffer:
    expires_at = min(now + timedelta(hours=WAITLIST_OFFER_HOURS), session.booking_closes_at)
    offer = SeatOffer.objects.create(entry=entry, session=session, expires_at=expires_at)
    entry.status = WaitlistStatus.OFFERED
    entry.save(update_fields=["status"])
    application = entry.application
    note = _("Kursi pada sesi uji %(date)s ditawarkan sampai %(deadline)s WIB.") % {
        "date": _session_label(session),
        "deadline": date_format(timezone.localtime(expires_at), "DATETIME_FORMAT"),
    }
    event_record(subject=application, kind="waitlist_offered", note=note)
    context = {
        "application": application,
        "session": session,
        "offer": offer,
        "offer_hours": WAITLIST_OFFER_HOURS,
        "schedule_url": f"{settings.PORTAL_BASE_URL}/jadwal-ujian/",
    }
    EmailMessage(
        subject=render_to_string("scheduling/email/waitlist_offer_subject.txt", context).strip(),
        body=render_to_string("scheduling/email/waitlist_offer_body.txt", context),
        from_email=from_email(provider=session.service.provider),
        to=[application.candidate.email],
    ).send()
    return offer


def waitlist_offers_expire(*, now=None) -> int:
    """Record the offers past their deadline; waitlist_redrive then hands each place to the
    next one waiting. Safe to run twice or beside an acceptance: each offer is claimed with a
    conditional UPDATE (status still open), which waits for an acceptance holding its row and
    then matches nothing. The candidate leaves the list (they may join again). Returns how
    many expired."""
    now = now or timezone.now()
    due = SeatOffer.objects.filter(status=OfferStatus.OPEN, expires_at__lte=now).select_related(
        "entry__application"
    )
    expired = 0
    for offer in due:
        with transaction.atomic():
            claimed = SeatOffer.objects.filter(pk=offer.pk, status=OfferStatus.OPEN).update(
                status=OfferStatus.EXPIRED, closed_at=now
            )
            if claimed != 1:
                continue
            WaitlistEntry.objects.filter(pk=offer.entry_id, status=WaitlistStatus.OFFERED).update(
                status=WaitlistStatus.EXPIRED, closed_at=now
            )
            event_record(subject=offer.entry.application, kind="waitlist_expired")
        expired += 1
    return expired


def waitlist_redrive(*, now=None) -> tuple[int, int]:
    """The periodic task: expire the offers past their deadline, then offer every free place to
    every service's waiting list (a new session opened, a place freed while the mail of the
    after-commit call failed). Returns (expired, offered)."""
    now = now or timezone.now()
    expired = waitlist_offers_expire(now=now)
    service_ids = (
        WaitlistEntry.objects.filter(status=WaitlistStatus.WAITING)
        .values_list("application__service_id", flat=True)
        .distinct()
    )
    offered = sum(
        waitlist_offers_make(service_id=service_id, now=now) for service_id in sorted(service_ids)
    )
    return expired, offered
