"""Writes of objections: a candidate objects to a decision, the panel answers.

Guarantees: one objection per application and decision (the application row is locked while
checking, and a unique constraint backs it); the window of OBJECTION_WINDOW_DAYS working days
(portal.calendar: weekends, national holidays, cuti bersama and local closures skipped) is
enforced here, not only by hiding the link; an answer is given once, under a row lock. An
accepted objection to a rejection returns the application to the verification queue through
registration's transition table; an accepted objection to a result is handed to the head of
panel, who amends the result through scheduling's amendment (nothing is amended here). Every
step is an event on the application and a mail to the candidate (the outbox sends it after
commit)."""

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from objections import selectors, workflow
from objections.constants import (
    ATTACHMENT_RULES,
    REASON_MIN_LENGTH,
    ObjectionKind,
    ObjectionOutcome,
    ObjectionState,
)
from objections.exceptions import ObjectionAlreadySubmitted, ObjectionError
from objections.models import Objection
from portal.calendar import add_working_days
from portal.catalogue import service_time_limit
from portal.constants import Stage
from portal.events import event_record
from portal.mail import from_email
from portal.uploads import UploadRejected, upload_clean
from registration import services as applications
from registration.constants import CLOSED_STATUSES, ApplicationStatus
from registration.models import Application, User


def reason_error(reason: str) -> str | None:
    """Why the reason cannot be accepted, or None (asked by the form and by the service)."""
    if len(reason.strip()) < REASON_MIN_LENGTH:
        return _(
            "Tuliskan alasan keberatan Anda, sekurang-kurangnya %(count)s karakter: keputusan "
            "mana yang Anda anggap keliru dan mengapa."
        ) % {"count": REASON_MIN_LENGTH}
    return None


def objection_submit(
    *,
    application: Application,
    actor: User,
    reason: str,
    attachment=None,
    today: date | None = None,
) -> Objection:
    """Object to the application's latest decision. `today` is the portal's local date unless
    given (tests, the demo). Raises ObjectionError (with the field it belongs to), or
    ObjectionAlreadySubmitted when this decision already has its objection."""
    today = today or timezone.localdate()
    if error := reason_error(reason):
        raise ObjectionError(error, field="reason")
    clean = None
    if attachment is not None:
        try:
            clean = upload_clean(attachment, ATTACHMENT_RULES)
        except UploadRejected as exc:
            raise ObjectionError(exc.message, field="attachment") from exc
    with transaction.atomic():
        # The application's lock serialises two clicks: the second finds the first's row.
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("service__provider", "candidate")
            .get(pk=application.pk)
        )
        decision = selectors.decision_for(application=locked)
        if refusal := workflow.submit_refusal(
            application=locked, user=actor, decision=decision, today=today
        ):
            raise refusal
        existing = selectors.objection_for_decision(application=locked, decision=decision)
        if existing is not None:
            raise ObjectionAlreadySubmitted(
                _("Anda sudah mengajukan keberatan atas keputusan ini."), objection=existing
            )
        days = locked.service.objection_answer_days
        objection = Objection(
            application=locked,
            kind=decision.kind,
            decided_at=decision.decided_at,
            reason=reason.strip(),
            due_date=add_working_days(today, days) if days else None,
        )
        if clean is not None:
            objection.attachment_kind = clean.checked.kind
            objection.attachment_content_type = clean.checked.content_type
            objection.attachment.save("lampiran", ContentFile(clean.content), save=False)
        objection.save()
        event_record(
            subject=locked,
            kind="objection_submitted",
            actor=actor,
            from_state=objection.kind,
            note=objection.reason,
        )
        _candidate_mail(objection=objection, template="received")
    return objection


def objection_answer(*, objection: Objection, actor: User, outcome: str, answer: str) -> Objection:
    """Answer an open objection: accepted, or refused with a written answer. Raises
    ObjectionError (with the field it belongs to)."""
    answer = answer.strip()
    if outcome not in ObjectionOutcome.values:
        raise ObjectionError(_("Pilih keputusan: diterima atau ditolak."), field="outcome")
    if outcome == ObjectionOutcome.REJECTED and not answer:
        raise ObjectionError(
            _("Tuliskan jawaban untuk peserta: mengapa keberatannya ditolak."), field="answer"
        )
    with transaction.atomic():
        locked = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("application__service__provider", "application__candidate")
            .get(pk=objection.pk)
        )
        if refusal := workflow.answer_refusal(locked, actor):
            raise refusal
        application = locked.application
        head = None
        if outcome == ObjectionOutcome.ACCEPTED:
            if locked.kind == ObjectionKind.VERIFICATION:
                _review_reopen(application=application, actor=actor, answer=answer)
            else:
                head = selectors.result_session_head(objection=locked)
        locked.state = ObjectionState.ANSWERED
        locked.outcome = outcome
        locked.answer = answer
        locked.answered_by = actor
        locked.answered_at = timezone.now()
        locked.save(update_fields=["state", "outcome", "answer", "answered_by", "answered_at"])
        event_record(
            subject=application,
            kind="objection_answered",
            actor=actor,
            from_state=locked.kind,
            to_state=outcome,
            note=answer,
        )
        _candidate_mail(objection=locked, template="answered")
        if head is not None:
            _head_mail(objection=locked, session_id=head[0], head=head[1])
    return locked


def _review_reopen(*, application: Application, actor: User, answer: str) -> None:
    """An accepted objection to a rejection: the application goes back to the verification
    queue, unassigned, with a new verification time limit, through registration's table."""
    if application.status != ApplicationStatus.REJECTED:
        raise ObjectionError(
            _("Pengajuan ini tidak lagi berstatus ditolak; keberatannya tidak dapat diterima.")
        )
    newer = (
        Application.objects.filter(
            candidate_id=application.candidate_id, service_id=application.service_id
        )
        .exclude(pk=application.pk)
        .exclude(status__in=CLOSED_STATUSES)
        .exists()
    )
    if newer:
        raise ObjectionError(
            _(
                "Peserta sudah memulai pengajuan baru untuk layanan ini. Tolak keberatan ini "
                "dengan jawaban yang menjelaskannya, atau minta peserta menghapus drafnya."
            ),
            field="outcome",
        )
    days = service_time_limit(service=application.service, stage=Stage.VERIFICATION)
    application.verifier = None
    application.due_date = add_working_days(timezone.localdate(), days)
    applications.application_transition(
        application=application,
        to=ApplicationStatus.SUBMITTED,
        actor=actor,
        note=_("Keberatan diterima: pengajuan diverifikasi ulang."),
        extra_fields=["verifier", "due_date"],
    )


def _send(*, template: str, to: str, provider, context: dict) -> None:
    subject = render_to_string(f"objections/email/{template}_subject.txt", context)
    body = render_to_string(f"objections/email/{template}_body.txt", context)
    EmailMessage(
        subject=subject.strip(),
        body=body,
        from_email=from_email(provider=provider),
        to=[to],
    ).send()


def _candidate_mail(*, objection: Objection, template: str) -> None:
    application = objection.application
    _send(
        template=template,
        to=application.candidate.email,
        provider=application.service.provider,
        context={
            "objection": objection,
            "application": application,
            "candidate": application.candidate,
            "objection_url": settings.PORTAL_BASE_URL
            + reverse("objection_detail", args=[objection.public_id]),
        },
    )


def _head_mail(*, objection: Objection, session_id: int, head: User | None) -> None:
    """Tell the head of panel an objection to a result was accepted: the amendment is theirs,
    through the results page (scheduling.results.result_amend)."""
    if head is None or not head.email:
        return
    _send(
        template="amend_requested",
        to=head.email,
        provider=objection.application.service.provider,
        context={
            "objection": objection,
            "application": objection.application,
            "head": head,
            "session_url": settings.PORTAL_BASE_URL + reverse("results_session", args=[session_id]),
            "objection_url": settings.PORTAL_BASE_URL
            + reverse("objections_staff_detail", args=[objection.public_id]),
        },
    )
