"""Exam sessions and their results (seed 002 steps 5 and 6).

Guarantees: the service's scheduler forms a session of the LSP with assessors who hold the
assessor role for its service (at the provider, or for that service only) and puts into it
cases that wait at the exam step with a decision; only an assessor of the session marks a
participant examined (ATTEND) and records the result (ASSESS), each under the case's row lock,
so a double POST finds the step already taken and is refused, never recorded twice. A
competent result moves the case on; a not-yet-competent one closes it as NOT_PASSED (the engine
does both, casework.services.engine.case_step_complete, in the same transaction)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.constants import AssessmentOutcome, StepOutcome
from casework.exceptions import CaseError, CaseForbidden
from casework.models import AssessmentResult, Case, ExamSession
from casework.selectors import service_assessor_ids
from casework.services.engine import case_locked, case_step_complete
from casework.workflow import (
    Action,
    exam_action_refusal,
    may_schedule_exams,
    session_join_refusal,
)
from portal.constants import StepKind
from portal.events import event_record
from portal.roles import person_label


def _raise(refusal: Exception | None) -> None:
    if refusal is not None:
        raise refusal


def exam_session_create(
    *,
    service,
    actor,
    organiser: str,
    scheme: str,
    starts_at,
    place: str,
    assessors: Iterable,
    cases: Iterable[Case] = (),
) -> ExamSession:
    """A new session of the service, with its assessors and (optionally) its first
    participants. All or nothing: a participant who may not join leaves no session behind."""
    if not may_schedule_exams(actor, service):
        raise CaseForbidden(_("Hanya panitia penjadwalan layanan ini yang dapat membuat sesi."))
    if not service.steps.filter(kind=StepKind.EXAM).exists():
        raise CaseError(_("Layanan ini tidak memiliki langkah uji kompetensi."))
    if not (organiser.strip() and scheme.strip() and place.strip()):
        raise CaseError(_("Lengkapi LSP, skema, dan tempat uji kompetensi."))
    assessors = list(assessors)
    if not assessors:
        raise CaseError(_("Pilih sedikitnya satu asesor."))
    allowed = service_assessor_ids(service=service)
    strangers = [person for person in assessors if person.pk not in allowed]
    if strangers:
        raise CaseError(
            _("%(names)s bukan asesor layanan ini.")
            % {"names": ", ".join(person_label(person) for person in strangers)}
        )
    with transaction.atomic():
        session = ExamSession.objects.create(
            service=service,
            organiser=organiser.strip(),
            scheme=scheme.strip(),
            starts_at=starts_at,
            place=place.strip(),
        )
        session.assessors.set(assessors)
        exam_session_cases_add(session=session, cases=cases, actor=actor)
    return session


def exam_session_cases_add(*, session: ExamSession, cases: Iterable[Case], actor) -> list[Case]:
    """Put the cases into the session (a case already in another session, still waiting to be
    examined, moves: it was rescheduled). A case already in this session is left as it is."""
    joined = []
    with transaction.atomic():
        for case in cases:
            case = case_locked(case)
            if case.exam_session_id == session.pk:
                continue
            _raise(session_join_refusal(case, actor, session))
            case.exam_session = session
            case.save(update_fields=["exam_session"])
            event_record(
                subject=case,
                kind="exam_scheduled",
                actor=actor,
                note=_("%(organiser)s, %(place)s, %(when)s")
                % {
                    "organiser": session.organiser,
                    "place": session.place,
                    "when": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H.%M"),
                },
            )
            joined.append(case)
    return joined


def exam_attend(*, case: Case, actor, note: str = "") -> Case:
    """The assessor marks the participant examined: the exam step is done, the assessment
    step opens."""
    with transaction.atomic():
        locked = case_locked(case)
        _raise(exam_action_refusal(locked, actor, Action.ATTEND))
        return case_step_complete(case=locked, actor=actor, action=Action.ATTEND, note=note)


def exam_assess(*, case: Case, actor, outcome: str, notes: str = "") -> Case:
    """The assessor records the result: competent moves on to the products, not yet competent
    closes the case (NOT_PASSED). One result per participant."""
    if outcome not in AssessmentOutcome.values:
        raise CaseError(_("Pilih hasil uji: kompeten atau belum kompeten."))
    notes = notes.strip()
    with transaction.atomic():
        locked = case_locked(case)
        _raise(exam_action_refusal(locked, actor, Action.ASSESS))
        if AssessmentResult.objects.filter(case=locked).exists():
            raise CaseError(_("Hasil uji peserta ini sudah dicatat."))
        AssessmentResult.objects.create(case=locked, outcome=outcome, notes=notes, assessor=actor)
        passed = outcome == AssessmentOutcome.COMPETENT
        return case_step_complete(
            case=locked,
            actor=actor,
            action=Action.ASSESS,
            outcome=StepOutcome.PASSED if passed else StepOutcome.NOT_PASSED,
            note=notes,
        )
