"""Reads of complaints for the reporter and the public, and the rule of who may see the
reporter's identity. The team's own screens read through complaints.staff_selectors."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from complaints import workflow
from complaints.constants import ComplaintStatus, MessageKind
from complaints.models import Complaint, ComplaintAttachment, ComplaintMessage, SealOpening
from complaints.tracking import code_normalize
from complaints.workflow import FINAL
from portal.constants import Role, Stage
from portal.events import event_list
from portal.precompiled import PrecompiledModels
from portal.roles import holds_role_at, user_roles

# What the reporter sees of the conversation: never the team's internal notes.
PUBLIC_MESSAGE_KINDS = (MessageKind.REPLY, MessageKind.QUESTION, MessageKind.REPORTER)
STATUS_EVENT = "status"
SEAL_EVENT = "seal_opened"


# The public tracking page's first query, compiled once per process.
_COMPLAINT_BY_CODE = PrecompiledModels(
    lambda code: Complaint.objects.select_related("service__provider", "provider").filter(
        tracking_code=code
    )[:1],
    stand_in="-7654321",
)


def complaint_by_tracking_code(code: str) -> Complaint | None:
    """The complaint a typed code points to, whatever its case, spaces or dashes."""
    normalized = code_normalize(code)
    if normalized is None:
        return None
    found = _COMPLAINT_BY_CODE.instances(normalized)
    return found[0] if found else None


def complaint_finished(complaint: Complaint) -> bool:
    """Whether the complaint has ended (closed, forwarded, rejected or a duplicate): its
    reporter may then rate the service in the satisfaction survey."""
    return complaint.status in FINAL


def complaint_public_messages(complaint: Complaint) -> QuerySet[ComplaintMessage]:
    """Replies, questions and the reporter's additions, oldest first; no author is loaded: the
    public page names the team, never a team member."""
    return ComplaintMessage.objects.filter(complaint=complaint, kind__in=PUBLIC_MESSAGE_KINDS)


def complaint_reporter_attachments(complaint: Complaint) -> QuerySet[ComplaintAttachment]:
    """The files the reporter sent. The team's files are not shown on the public page: an
    attachment is not tied to a message, so one sent with an internal note cannot be told apart
    from one sent with a reply."""
    return ComplaintAttachment.objects.filter(complaint=complaint, from_reporter=True)


def complaints_of_user(user) -> QuerySet[Complaint]:
    """A logged-in reporter's own complaints, newest first."""
    return Complaint.objects.filter(reporter=user).order_by("-received_at")


def seal_openings_in_force(*, user) -> QuerySet[SealOpening]:
    """The openings that show `user` a sealed identity now: theirs, not resealed, on a
    complaint not finished (computed: nothing has to remember to close them)."""
    return SealOpening.objects.filter(opened_by_id=user.pk, resealed_at__isnull=True).exclude(
        complaint__status__in=FINAL
    )


def seal_open_for(*, complaint: Complaint, user) -> bool:
    """Has `user`, a member of the complaint's team, opened its sealed identity, in force?"""
    if not (
        user.is_authenticated and holds_role_at(user, Role.COMPLAINT_HANDLER, complaint.provider_id)
    ):
        return False
    if complaint.status in FINAL:
        return False
    return SealOpening.objects.filter(
        complaint=complaint, opened_by_id=user.pk, resealed_at__isnull=True
    ).exists()


def identity_shown(*, handler) -> ExpressionWrapper:
    """An annotation for the team's querysets: whether `handler` may see who reported each
    complaint — not anonymous, or its seal opened by them and in force (reporter_visible, in
    SQL, for a page of rows and for the search)."""
    opened = Exists(
        SealOpening.objects.filter(
            complaint=OuterRef("pk"), opened_by_id=handler.pk, resealed_at__isnull=True
        )
    )
    return ExpressionWrapper(
        Q(anonymous=False) | (opened & ~Q(status__in=FINAL)), output_field=BooleanField()
    )


def reporter_visible(*, complaint: Complaint, user) -> bool:
    """Whether `user` may see who reported `complaint`. The reporter always. An anonymous
    reporter's identity is sealed for everyone else, the complaint team included: a handler
    sees it only after opening the seal with a written reason (complaints.services.
    complaint_seal_open), until the complaint is finished. Otherwise the complaint team of its
    provider and other staff see it; the public never."""
    if user.is_authenticated and complaint.reporter_id == user.pk:
        return True
    if complaint.anonymous:
        return seal_open_for(complaint=complaint, user=user)
    if holds_role_at(user, Role.COMPLAINT_HANDLER, complaint.provider_id):
        return True
    return bool(user_roles(user))


# The extension a file's shown name gets from what the content is, never from the sender's name.
ATTACHMENT_EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}


def attachment_name(*, attachment: ComplaintAttachment, number: int, sealed: bool) -> str:
    """The name a file is shown and downloaded under, ending in the extension of what it
    really is ("kwitansi.exe" holding a PDF is "kwitansi.exe.pdf"). A file an anonymous
    reporter sent is, while the seal is closed to the reader, "Lampiran <n>": its name may be
    the reporter's ("KTP_Budi_Santoso.jpg"). The team's own files keep their names."""
    extensions = ATTACHMENT_EXTENSIONS.get(attachment.content_type, ("",))
    if sealed and attachment.from_reporter:
        return _("Lampiran %(number)d") % {"number": number} + extensions[0]
    name = attachment.original_name or _("lampiran")
    return name if name.lower().endswith(extensions) else name + extensions[0]


def attachments_named(*, complaint: Complaint, identity_shown: bool) -> list[ComplaintAttachment]:
    """The complaint's files in order, each with `shown_name` (attachment_name) for a reader
    who sees the reporter's identity or not (reporter_visible, or the `identity_shown`
    annotation)."""
    sealed = complaint.anonymous and not identity_shown
    files = list(complaint.attachments.order_by("uploaded_at", "pk"))
    for number, file in enumerate(files, start=1):
        file.shown_name = attachment_name(attachment=file, number=number, sealed=sealed)
    return files


def attachment_download_name(*, attachment: ComplaintAttachment, user) -> str:
    """The Content-Disposition name of one file for `user`: numbered as on the page."""
    complaint = attachment.complaint
    sealed = complaint.anonymous and not reporter_visible(complaint=complaint, user=user)
    number = 1
    if sealed:
        number += complaint.attachments.filter(
            Q(uploaded_at__lt=attachment.uploaded_at)
            | Q(uploaded_at=attachment.uploaded_at, pk__lt=attachment.pk)
        ).count()
    return attachment_name(attachment=attachment, number=number, sealed=sealed)


def reporter_visible_in_admin(*, user, complaint: Complaint | None = None) -> bool:
    """Whether the admin shows `user` who reported complaints (the reporter's fields, the
    tracking code, the actor and note of a complaint's events): to the complaint team only,
    whatever the reporter chose. Administrators outside it configure the portal and never need
    to know who reported what; and whoever holds a tracking code reads the complaint and acts
    as its reporter on the tracking page. An anonymous reporter's fields are never shown in
    the admin, to anyone: the seal opens on the team's screens only, with a reason."""
    if complaint is not None and complaint.anonymous:
        return False
    return Role.COMPLAINT_HANDLER in user_roles(user)


@dataclass(frozen=True)
class StatusStep:
    """One line of the public history: a status reached, when, and what the team told."""

    status: str
    label: str
    at: datetime
    note: str


def complaint_status_history(complaint: Complaint) -> list[StatusStep]:
    """The status changes, oldest first, as the reporter may see them: no actor (the page says
    "Tim pengelola pengaduan") and only status events (assignments, priorities and other
    internal events are left out)."""
    steps = []
    # Only the three fields shown: no actor joined, no Event built (issue 19).
    events = event_list(subject=complaint).filter(kind=STATUS_EVENT)
    for to_state, created_at, note in events.values_list("to_state", "created_at", "note"):
        status = ComplaintStatus(to_state)
        steps.append(StatusStep(status, status.label, created_at, note))
    return steps


@dataclass(frozen=True)
class TrackStep:
    """One step of the reporter's tracking page: a status reached (`at`, "done" or "current",
    or "problem" for a rejection) or still ahead ("upcoming"). The current step carries the
    complaint's due date; a step ahead, the working days it may take after the one before
    (`days`, None when it has no limit of its own)."""

    status: str
    label: str
    state: str
    at: datetime | None = None
    note: str = ""
    due: date | None = None
    days: int | None = None


# The time limit of each step ahead, by the stage it ends: verification ends when verified, the
# follow-up when answered; closing is the portal's rule (workflow.CLOSING_WORKING_DAYS).
_STEP_STAGES = {
    ComplaintStatus.VERIFIED: Stage.COMPLAINT_VERIFICATION,
    ComplaintStatus.ANSWERED: Stage.COMPLAINT_FOLLOW_UP,
}


def complaint_track_steps(complaint: Complaint) -> list[TrackStep]:
    """The steps done (complaint_status_history, oldest first), the current one with its due
    date, then those still ahead on workflow.MAIN_PATH from the current status, with their time
    limits: "Diterima ✓ → Diverifikasi ✓ → Ditindaklanjuti (sekarang, batas …) → Dijawab →
    Selesai". A finished complaint has no step ahead; a reopened one walks the path again."""
    history = complaint_status_history(complaint)
    finished = complaint.status in FINAL
    steps = []
    for number, step in enumerate(history, start=1):
        last = number == len(history)
        if step.status == ComplaintStatus.REJECTED:
            state = "problem"
        elif last and not finished:
            state = "current"
        else:
            state = "done"
        steps.append(
            TrackStep(
                step.status,
                step.label,
                state,
                at=step.at,
                note=step.note,
                due=complaint.due_date if state == "current" else None,
            )
        )
    if finished or complaint.status not in workflow.MAIN_PATH:
        return steps
    ahead = workflow.MAIN_PATH[workflow.MAIN_PATH.index(complaint.status) + 1 :]
    for status in ahead:
        if status == ComplaintStatus.CLOSED:
            days = workflow.CLOSING_WORKING_DAYS
        elif status in _STEP_STAGES:
            days = workflow.stage_days(complaint.service, _STEP_STAGES[status])
        else:
            days = None
        steps.append(TrackStep(status, ComplaintStatus(status).label, "upcoming", days=days))
    return steps


def complaint_reopen_until(complaint: Complaint) -> date | None:
    """The last day the reporter may reopen a closed complaint; None when it is not closed."""
    return workflow.reopen_until(complaint)


# Where each complaint stage with a time limit starts and ends.
_STAGE_MOMENTS = {
    Stage.COMPLAINT_VERIFICATION: ("received_at", "verified_at"),
    Stage.COMPLAINT_FOLLOW_UP: ("verified_at", "first_answered_at"),
}
STAGES_MEASURED = frozenset(_STAGE_MOMENTS)


def complaint_stage_spans(
    *, stage: str, service, since: datetime
) -> list[tuple[datetime, datetime]]:
    """When the stage (one of STAGES_MEASURED) started and ended for each complaint about the
    service whose stage ended since `since`: its durations, as the standard page measures them."""
    starts, ends = _STAGE_MOMENTS[stage]
    return list(
        Complaint.objects.filter(
            **{"service": service, f"{starts}__isnull": False, f"{ends}__gte": since}
        ).values_list(starts, ends)
    )
