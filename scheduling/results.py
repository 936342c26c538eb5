"""Exam results: the session's assessors record drafts, the head of panel publishes them all at
once, and a published result changes only by an amendment with a reason.

Recording and publishing both lock the session row, so no draft can slip in while a session is
being published. Drafts are recorded as events on the session, never on the application: the
candidate's timeline is read from the application's events and must not show a draft.
Publishing moves every application on (passed, failed, or back to "awaiting schedule" when the
candidate was absent) through registration.services.application_transition. Later stages hear
of it through scheduling.signals, sent in the same transaction (certificates opens the
certificate of a pass and asks for every result's letter); a receiver's refusal refuses the
publication.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.events import event_record
from portal.handoffs import HandOffRefused
from portal.mail import from_email
from registration import services as applications
from registration.constants import ApplicationStatus
from registration.exceptions import ApplicationError
from registration.models import Application, User
from registration.selectors import applicant_name, applicant_related
from scheduling import signals, workflow
from scheduling.constants import Attendance, Outcome, ResultStatus, SessionStatus, UnitOutcome
from scheduling.exceptions import (
    NotHeadOfPanel,
    NotOnPanel,
    ResultError,
    ResultsIncomplete,  # noqa: F401 - raised through workflow.result_publish_refusal
    ResultsPublished,
)
from scheduling.models import ExamSession, Result, ResultAmendment, Seat
from scheduling.result_selectors import roster_summary, unit_list
from scheduling.services import session_booking_close_by_time, session_transition

# What the application becomes when its result is published.
PUBLISHED_STATUS = {
    Outcome.PASSED: ApplicationStatus.PASSED,
    Outcome.FAILED: ApplicationStatus.FAILED,
    Outcome.ABSENT: ApplicationStatus.VERIFIED,
}


def _transition_check(*, from_state: str, to: str, kinds: set[str]) -> None:
    if not workflow.result_allowed(from_state, to):
        raise ResultsPublished()
    if not workflow.result_actor_kinds(from_state, to) & kinds:
        raise NotHeadOfPanel() if to == ResultStatus.PUBLISHED else NotOnPanel()


def _refuse(refusal: ResultError | None) -> None:
    if refusal is not None:
        raise refusal


def _score_clean(score) -> Decimal | None:
    if score is None or score == "":
        return None
    try:
        value = Decimal(str(score))
    except InvalidOperation as exc:
        raise ResultError(_("Nilai harus berupa angka 0 sampai 100.")) from exc
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise ResultError(_("Nilai harus berupa angka 0 sampai 100."))
    return value.quantize(Decimal("0.01"))


def _units_clean(*, session: ExamSession, unit_outcomes: dict | None) -> dict[str, str]:
    """Only the units the service defines, each competent or not yet competent. Units left
    out are simply not assessed."""
    unit_outcomes = unit_outcomes or {}
    codes = {unit.code for unit in unit_list(service=session.service)}
    unknown = sorted(set(unit_outcomes) - codes)
    if unknown:
        raise ResultError(
            _("Unit kompetensi %(codes)s tidak termasuk dalam layanan ini.")
            % {"codes": ", ".join(unknown)}
        )
    if any(value not in UnitOutcome.values for value in unit_outcomes.values()):
        raise ResultError(_("Hasil unit kompetensi harus “Kompeten” atau “Belum kompeten”."))
    return {code: str(value) for code, value in unit_outcomes.items()}


def _candidate_label(application: Application) -> str:
    candidate = application.candidate
    return f"{candidate.nip or candidate.username} {applicant_name(application)}"


def result_record(
    *,
    seat: Seat,
    actor: User,
    outcome: str,
    score=None,
    unit_outcomes: dict | None = None,
    notes: str = "",
) -> Result:
    """Create or update the seat's draft result (passed or failed) for a candidate who came."""
    with transaction.atomic():
        session = (
            ExamSession.objects.select_for_update()
            .select_related("service")
            .get(pk=seat.session_id)
        )
        current = Seat.objects.select_related(
            "application__candidate", *applicant_related("application__")
        ).get(pk=seat.pk)
        if not workflow.is_on_panel(session, actor):
            raise NotOnPanel()
        _refuse(workflow.result_conflict_refusal(current.application, actor))
        current.session = session  # the locked row
        _refuse(workflow.result_record_refusal(current, now=timezone.now()))
        if outcome not in (Outcome.PASSED, Outcome.FAILED):
            raise ResultError(
                _(
                    "Pilih “Lulus” atau “Tidak lulus”. Peserta yang tidak hadir cukup dicatat "
                    "kehadirannya."
                )
            )
        score = _score_clean(score)
        units = _units_clean(session=session, unit_outcomes=unit_outcomes)
        result = Result.objects.filter(seat=current).first()
        from_state = result.status if result is not None else ResultStatus.DRAFT
        _transition_check(
            from_state=from_state,
            to=ResultStatus.DRAFT,
            kinds=workflow.session_actor_kinds(session, actor),
        )
        if result is None:
            result = Result(seat=current)
        result.outcome = outcome
        result.score = score
        result.unit_outcomes = units
        result.notes = notes.strip()
        result.recorded_by = actor
        result.status = ResultStatus.DRAFT
        result.save()
        event_record(
            subject=session,
            kind="result_recorded",
            actor=actor,
            to_state=outcome,
            note=_("Draf hasil %(candidate)s: %(outcome)s.")
            % {
                "candidate": _candidate_label(current.application),
                "outcome": Outcome(outcome).label,
            },
        )
    return result


def result_publish(*, session: ExamSession, actor: User) -> int:
    """Publish every result of the session at once and tell each candidate. Returns how many
    candidates were told. Absent candidates get a "Tidak hadir" result and may be seated again."""
    with transaction.atomic():
        locked = (
            ExamSession.objects.select_for_update().select_related("service").get(pk=session.pk)
        )
        if not workflow.is_head_of_panel(locked, actor):
            raise NotHeadOfPanel()  # before reading the seats
        now = timezone.now()
        seats = list(
            Seat.objects.filter(session=locked, is_active=True)
            .select_related("application__candidate", *applicant_related("application__"), "result")
            .order_by("pk")
        )
        _refuse(
            workflow.result_publish_refusal(
                locked, user=actor, summary=roster_summary(seats), now=now
            )
        )
        kinds = workflow.session_actor_kinds(locked, actor)

        for seat in seats:
            if seat.attendance == Attendance.ABSENT:
                # Any draft from before the attendance changed gives way to the attendance.
                result, _created = Result.objects.update_or_create(
                    seat=seat,
                    defaults={
                        "outcome": Outcome.ABSENT,
                        "score": None,
                        "unit_outcomes": {},
                        "recorded_by": actor,
                    },
                )
                seat.result = result
            _transition_check(from_state=seat.result.status, to=ResultStatus.PUBLISHED, kinds=kinds)
            seat.result.status = ResultStatus.PUBLISHED
            seat.result.published_at = now
            seat.result.save(update_fields=["status", "published_at"])

        locked.results_published_at = now
        locked.results_published_by = actor
        locked.save(update_fields=["results_published_at", "results_published_by"])
        # A session still marked open has had its booking closed by time (the refusal above
        # checked it): record that first, then mark it held.
        session_booking_close_by_time(session=locked, now=now)
        if locked.status == SessionStatus.CLOSED:
            session_transition(
                session=locked, to=SessionStatus.HELD, actor=actor, note=_("Hasil diumumkan.")
            )
        for seat in seats:
            _application_publish(seat=seat, session=locked, actor=actor)
        # Every published result, pass or fail, gets its signed letter (rendered after commit).
        signals.results_published.send(
            sender=ExamSession,
            session=locked,
            results=[seat.result for seat in seats],
            actor=actor,
        )
        event_record(
            subject=locked,
            kind="results_published",
            actor=actor,
            note=_("%(count)d hasil diumumkan.") % {"count": len(seats)},
        )
    session.results_published_at = locked.results_published_at
    session.results_published_by = actor
    session.status = locked.status
    return len(seats)


def _application_publish(*, seat: Seat, session: ExamSession, actor: User) -> None:
    result = seat.result
    application = seat.application
    note = _("Hasil uji kompetensi diumumkan: %(outcome)s.") % {
        "outcome": result.get_outcome_display()
    }
    if result.outcome == Outcome.ABSENT:
        # The seat stays as the record of this sitting; the candidate may take a new one.
        seat.is_active = False
        seat.save(update_fields=["is_active"])
    try:
        applications.application_transition(
            application=application,
            to=PUBLISHED_STATUS[result.outcome],
            actor=actor,
            note=note,
        )
    except ApplicationError as exc:
        raise ResultError(
            _("Pengajuan %(candidate)s: %(reason)s")
            % {"candidate": _candidate_label(application), "reason": exc.message}
        ) from exc
    event_record(
        subject=application,
        kind="result_published",
        actor=actor,
        to_state=result.outcome,
        note=note,
    )
    _result_mail(result=result, session=session, application=application, kind="result_published")
    # A pass starts the certificate, in the same transaction as the result it comes from.
    _hand_off(signals.result_published, application=application, result=result, actor=actor)


def _hand_off(signal, *, application: Application, result: Result, **kwargs) -> None:
    """Tell the later stages about one candidate's result; a refusal names the candidate."""
    try:
        signal.send(sender=Result, result=result, application=application, **kwargs)
    except HandOffRefused as exc:
        raise ResultError(
            _("Pengajuan %(candidate)s: %(reason)s")
            % {"candidate": _candidate_label(application), "reason": exc.message}
        ) from exc


def _snapshot(result: Result) -> dict:
    return {
        "outcome": result.outcome,
        "score": None if result.score is None else str(result.score),
        "unit_outcomes": dict(result.unit_outcomes or {}),
        "notes": result.notes,
    }


def result_amend(
    *,
    result: Result,
    actor: User,
    reason: str,
    outcome: str,
    score=None,
    unit_outcomes: dict | None = None,
    notes: str = "",
) -> ResultAmendment:
    """Correct a published result: the head of panel, with a reason the candidate is told.
    A change between passed and failed moves the application as well."""
    reason = (reason or "").strip()
    if not reason:
        raise ResultError(_("Tuliskan alasan ralat."))
    with transaction.atomic():
        current = (
            Result.objects.select_for_update(of=("self",))
            .select_related(
                "seat__session__service",
                "seat__application__candidate",
                *applicant_related("seat__application__"),
            )
            .get(pk=result.pk)
        )
        session = current.seat.session
        application = current.seat.application
        _refuse(workflow.result_amend_refusal(current, session=session, user=actor))
        _refuse(workflow.result_conflict_refusal(application, actor))
        kinds = workflow.session_actor_kinds(session, actor)
        _transition_check(from_state=current.status, to=ResultStatus.PUBLISHED, kinds=kinds)
        if outcome not in Outcome.values:
            raise ResultError(_("Pilihan hasil tidak dikenal."))
        if (current.outcome == Outcome.ABSENT) != (outcome == Outcome.ABSENT):
            raise ResultError(
                _(
                    "Kehadiran peserta sudah diumumkan: hasil “Tidak hadir” tidak dapat diralat "
                    "menjadi lulus atau tidak lulus, dan sebaliknya."
                )
            )
        score = _score_clean(score)
        units = _units_clean(session=session, unit_outcomes=unit_outcomes)
        if outcome == Outcome.ABSENT and (score is not None or units):
            raise ResultError(_("Peserta yang tidak hadir tidak mendapat nilai."))

        before = _snapshot(current)
        current.outcome = outcome
        current.score = score
        current.unit_outcomes = units
        current.notes = notes.strip()
        after = _snapshot(current)
        if after == before:
            raise ResultError(_("Tidak ada yang berubah pada hasil ini."))
        current.save(update_fields=["outcome", "score", "unit_outcomes", "notes"])
        amendment = ResultAmendment.objects.create(
            result=current, before=before, after=after, reason=reason, actor=actor
        )
        if before["outcome"] != outcome:
            _pass_withdraw(
                result=current, application=application, outcome=outcome, actor=actor, note=reason
            )
            _application_amend(application=application, outcome=outcome, actor=actor, note=reason)
        # A new pass starts its certificate; the letter says what the result says now.
        _hand_off(
            signals.result_amended,
            application=application,
            result=current,
            actor=actor,
            outcome_before=before["outcome"],
            reason=reason,
        )
        event_record(
            subject=application,
            kind="result_amended",
            actor=actor,
            from_state=before["outcome"],
            to_state=outcome,
            note=_("Hasil uji kompetensi diralat: %(outcome)s. Alasan: %(reason)s")
            % {"outcome": current.get_outcome_display(), "reason": reason},
        )
        _result_mail(
            result=current,
            session=session,
            application=application,
            kind="result_amended",
            reason=reason,
        )
    return amendment


def _pass_withdraw(
    *, result: Result, application: Application, outcome: str, actor: User, note: str
):
    """A pass amended to a fail takes back what it started (certificates takes back the
    certificate, unless it is numbered: an issued number exists outside the portal, so the
    amendment is refused). Sent before the application moves."""
    if outcome != Outcome.FAILED:
        return
    try:
        signals.pass_withdrawn.send(
            sender=Result, result=result, application=application, actor=actor, reason=note
        )
    except HandOffRefused as exc:
        raise ResultError(exc.message) from exc


def _application_amend(*, application: Application, outcome: str, actor: User, note: str):
    try:
        # A savepoint: a failed candidate may already have a new application in progress, and
        # a second open application for the service breaks a unique constraint.
        with transaction.atomic():
            applications.application_transition(
                application=application, to=PUBLISHED_STATUS[outcome], actor=actor, note=note
            )
    except IntegrityError as exc:
        raise ResultError(
            _(
                "Peserta ini sudah membuat pengajuan baru untuk layanan yang sama, sehingga "
                "hasilnya tidak dapat diralat menjadi lulus. Hubungi administrator."
            )
        ) from exc
    except ApplicationError as exc:
        raise ResultError(exc.message) from exc


def _result_mail(
    *, result: Result, session: ExamSession, application: Application, kind: str, reason: str = ""
) -> None:
    """Tell the candidate (through the outbox, after commit)."""
    context = {
        "application": application,
        "result": result,
        "session": session,
        "unit_lines": [
            (code, UnitOutcome(value).label) for code, value in sorted(result.unit_outcomes.items())
        ],
        "reason": reason,
        "dashboard_url": f"{settings.PORTAL_BASE_URL}/dashboard/",
    }
    EmailMessage(
        subject=render_to_string(f"scheduling/email/{kind}_subject.txt", context).strip(),
        body=render_to_string(f"scheduling/email/{kind}_body.txt", context),
        from_email=from_email(provider=session.service.provider),
        to=[application.candidate.email],
    ).send()
