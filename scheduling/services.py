"""Changes to exam sessions and their seats. Each is one function: check, lock, save, record.

A seat is taken under a row lock on the session (SELECT ... FOR UPDATE), and the seats are
counted again inside that lock, so concurrent requests can never fill a session beyond its
capacity (tests/scheduling/test_seat_race.py proves it on PostgreSQL).

Taking a seat moves the application to "scheduled", releasing it back to "verified", through
registration.services.application_transition (the application's one transition table).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.constants import Role
from portal.events import event_list, event_record
from portal.roles import user_roles
from registration import services as applications
from registration.constants import ApplicationStatus
from registration.models import Application, User
from scheduling import workflow
from scheduling.constants import SessionStatus
from scheduling.exceptions import (
    AlreadySeated,
    BookingClosed,
    InvalidTransition,
    NotEligible,
    SchedulingError,
    SessionFull,
)
from scheduling.invitations import invitation_ics
from scheduling.models import ExamSession, Seat


def session_transition(
    *, session: ExamSession, to: str, actor: User, note: str = ""
) -> ExamSession:
    """The one way a session changes state: checks the table and the actor, locks the row,
    saves, and records the event."""
    with transaction.atomic():
        locked = ExamSession.objects.select_for_update().get(pk=session.pk)
        from_state = locked.status
        if not workflow.allowed(from_state, to):
            raise InvalidTransition(
                _("Sesi berstatus “%(status)s” tidak dapat diubah ke “%(to)s”.")
                % {
                    "status": locked.get_status_display(),
                    "to": SessionStatus(to).label,
                }
            )
        if workflow.actor_role(from_state, to) not in user_roles(actor):
            raise InvalidTransition(_("Anda tidak memiliki peran untuk melakukannya."))
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
    session.status = locked.status
    return locked


def _actor_check(*, application: Application, actor: User) -> None:
    """The candidate who owns the application, or the scheduling committee."""
    if application.candidate_id != actor.pk and Role.SCHEDULER not in user_roles(actor):
        raise SchedulingError(_("Anda tidak memiliki peran untuk melakukannya."))


def _session_label(session: ExamSession) -> str:
    return date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")


def seat_take(*, session: ExamSession, application: Application, actor: User) -> Seat:
    """Give the application a seat in the session, or raise a SchedulingError saying why not."""
    with transaction.atomic():
        # Every taker of this session queues here; the count below is then exact.
        locked = ExamSession.objects.select_for_update().get(pk=session.pk)
        current = Application.objects.get(pk=application.pk)
        _actor_check(application=current, actor=actor)
        now = timezone.now()
        if locked.status != SessionStatus.OPEN or not (
            locked.booking_opens_at <= now < locked.booking_closes_at
        ):
            raise BookingClosed()
        if Seat.objects.filter(application=current).exists():
            raise AlreadySeated()
        if current.status != ApplicationStatus.VERIFIED:
            raise NotEligible()
        if current.service_id != locked.service_id:
            raise NotEligible(_("Sesi ini bukan untuk layanan yang Anda ajukan."))
        if Seat.objects.filter(session=locked).count() >= locked.capacity:
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
        _seat_mail(application=current, session=locked, kind="seat_taken")
    return seat


def seat_release(*, seat: Seat, actor: User) -> None:
    """Give a seat back: the session gets the place again, the application may book anew."""
    with transaction.atomic():
        locked = ExamSession.objects.select_for_update().get(pk=seat.session_id)
        current = Seat.objects.select_related("application").get(pk=seat.pk)
        _actor_check(application=current.application, actor=actor)
        if locked.status in (SessionStatus.HELD, SessionStatus.CANCELLED):
            raise SchedulingError(_("Kursi pada sesi yang sudah selesai tidak dapat dilepas."))
        application = current.application
        current.delete()
        note = _("Kursi pada sesi uji %(date)s dilepas.") % {"date": _session_label(locked)}
        event_record(subject=application, kind="seat_released", actor=actor, note=note)
        applications.application_transition(
            application=application, to=ApplicationStatus.VERIFIED, actor=actor, note=note
        )
        _seat_mail(application=application, session=locked, kind="seat_released")


def seat_move(*, seat: Seat, to_session: ExamSession, actor: User) -> Seat:
    """Move a seat to another session in one step: the old place is freed only if the new one
    is there, and the candidate gets one updated invitation (same UID), not a cancellation."""
    with transaction.atomic():
        # Lock both sessions in a fixed order, so two opposite moves cannot deadlock.
        ids = sorted({seat.session_id, to_session.pk})
        sessions = {s.pk: s for s in ExamSession.objects.select_for_update().filter(pk__in=ids)}
        target = sessions[to_session.pk]
        current = Seat.objects.select_related("application").get(pk=seat.pk)
        _actor_check(application=current.application, actor=actor)
        if current.session_id == target.pk:
            return current
        if sessions[current.session_id].status in (SessionStatus.HELD, SessionStatus.CANCELLED):
            raise SchedulingError(_("Kursi pada sesi yang sudah selesai tidak dapat dipindah."))
        now = timezone.now()
        if target.status != SessionStatus.OPEN or not (
            target.booking_opens_at <= now < target.booking_closes_at
        ):
            raise BookingClosed()
        if target.service_id != current.application.service_id:
            raise NotEligible(_("Sesi ini bukan untuk layanan yang Anda ajukan."))
        if Seat.objects.filter(session=target).count() >= target.capacity:
            raise SessionFull()
        current.session = target
        current.save(update_fields=["session"])
        event_record(
            subject=current.application,
            kind="seat_moved",
            actor=actor,
            note=_("Dipindah ke sesi uji %(date)s.") % {"date": _session_label(target)},
        )
        _seat_mail(application=current.application, session=target, kind="seat_taken")
    return current


SEAT_EVENTS = ("seat_taken", "seat_released", "seat_moved")


def _seat_mail(*, application: Application, session: ExamSession, kind: str) -> None:
    """Tell the candidate, with the calendar invitation (through the outbox, after commit).
    SEQUENCE counts this application's seat changes, so each mail updates the last one."""
    sequence = event_list(subject=application).filter(kind__in=SEAT_EVENTS).count()
    context = {
        "application": application,
        "session": session,
        "dashboard_url": f"{settings.PORTAL_BASE_URL}/dashboard/",
    }
    message = EmailMessage(
        subject=render_to_string(f"scheduling/email/{kind}_subject.txt", context).strip(),
        body=render_to_string(f"scheduling/email/{kind}_body.txt", context),
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
    message.send()
