"""The complaint team's screens: the triage queue, one complaint's page with its actions, the
download of its attachments, and recording a complaint that came through another channel.
Every action is one call to complaints.services; its refusals are shown as messages."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from complaints import services, staff_selectors, workflow
from complaints.cluster_rows import ClusterRows
from complaints.constants import ComplaintStatus, MessageKind
from complaints.exceptions import ComplaintError
from complaints.filters import ComplaintQueueFilter
from complaints.public_forms import service_error_show
from complaints.queue_cells import QueueCells
from complaints.selectors import attachment_download_name, attachments_named
from complaints.staff_forms import (
    AboutForm,
    AssignForm,
    ClusterAnswerForm,
    ClusterStatusForm,
    NamedStaffForm,
    NoteForm,
    PriorityForm,
    RecordForm,
    ReporterMessageForm,
    SealOpenForm,
    StatusForm,
)
from complaints.subjects import subject_sealed_for_anonymous
from portal.calendar import working_days_overdue, working_days_overdue_many
from portal.constants import Role
from portal.downloads import file_response_secure
from portal.events import event_list, history_entries
from portal.queues import QueueColumn, queue_page
from portal.roles import person_label, role_required

PAGE_SIZE = 25
CLUSTER_PAGE_SIZE = 50  # member rows on a page of the cluster page

# The queue's columns (complaints.queue_cells writes their cells).
QUEUE_COLUMNS = [
    QueueColumn(gettext_lazy("Kode"), "code", cell_class="mono nowrap"),
    QueueColumn(gettext_lazy("Judul"), "subject", header_class="queue-table__name"),
    QueueColumn(gettext_lazy("Jenis / saluran"), "kind"),
    QueueColumn(gettext_lazy("Pelapor"), "reporter"),
    QueueColumn(gettext_lazy("Status"), "status"),
    QueueColumn(gettext_lazy("Diterima"), "received", cell_class="nowrap"),
    QueueColumn(gettext_lazy("Batas waktu"), "due", cell_class="nowrap"),
    QueueColumn(gettext_lazy("Ditangani oleh"), "handler"),
    QueueColumn(gettext_lazy("Kelompok"), "cluster", cell_class="nowrap"),
]


@dataclass(frozen=True)
class Action:
    """A change of status the team can make: its choice in the "Ubah status" form and the
    message once done."""

    choice: Promise
    done: Promise


ACTIONS = {
    ComplaintStatus.VERIFIED: Action(
        gettext_lazy("Terverifikasi: pengaduan lengkap dan dapat ditindaklanjuti"),
        gettext_lazy("Pengaduan diverifikasi."),
    ),
    ComplaintStatus.IN_PROGRESS: Action(
        gettext_lazy("Sedang ditindaklanjuti"),
        gettext_lazy("Pengaduan sedang ditindaklanjuti."),
    ),
    ComplaintStatus.ANSWERED: Action(
        gettext_lazy("Dijawab: jawaban sudah disampaikan di luar portal"),
        gettext_lazy("Pengaduan ditandai sudah dijawab."),
    ),
    ComplaintStatus.CLOSED: Action(
        gettext_lazy("Selesai: pengaduan ditutup"),
        gettext_lazy("Pengaduan selesai."),
    ),
    ComplaintStatus.FORWARDED: Action(
        gettext_lazy("Diteruskan: bukan kewenangan kami"),
        gettext_lazy("Pengaduan diteruskan kepada instansi yang berwenang."),
    ),
    ComplaintStatus.DUPLICATE: Action(
        gettext_lazy("Duplikat: sudah dilaporkan sebelumnya"),
        gettext_lazy("Pengaduan ditandai sebagai duplikat."),
    ),
    ComplaintStatus.REJECTED: Action(
        gettext_lazy("Ditolak: tidak dapat ditindaklanjuti"),
        gettext_lazy("Pengaduan ditolak."),
    ),
}
CHOICES = {target: action.choice for target, action in ACTIONS.items()}


def _status_form(complaint, user, data=None, *, today=None) -> StatusForm:
    """The "Ubah status" form offering the changes complaints.workflow allows `user` now."""
    targets = workflow.team_transitions(complaint, user, today=today)
    return StatusForm(data, targets=targets, labels=CHOICES)


# role_required is the outermost decorator everywhere (see verification.views).


@role_required(Role.COMPLAINT_HANDLER)
@require_safe
def queue(request):
    filterset = ComplaintQueueFilter(
        request.GET, queryset=staff_selectors.complaint_rows(handler=request.user), request=request
    )
    page = queue_page(filterset.qs, number=request.GET.get("halaman"), per_page=PAGE_SIZE)
    today = timezone.localdate()
    overdue = working_days_overdue_many(
        due_dates=[complaint.due_date for complaint in page], today=today
    )
    for complaint in page:
        complaint.overdue_days = overdue.get(complaint.due_date)
    return render(
        request,
        "complaints/staff/queue.html",
        {
            "filter": filterset,
            "page": page,
            "today": today,
            "columns": QUEUE_COLUMNS,
            "cells": QueueCells(reader_id=request.user.pk),
        },
    )


def _complaint_or_404(request, public_id):
    """The complaint, if it is one of the reader's providers'; else 404 (not 403: another
    provider's complaint is not shown to exist)."""
    complaint = staff_selectors.complaint_for_team(public_id=public_id, handler=request.user)
    if complaint is None:
        raise Http404
    return complaint


def _detail_url(complaint, anchor: str = "") -> str:
    url = reverse("complaints_detail", args=[complaint.public_id])
    return f"{url}#{anchor}" if anchor else url


def _render_detail(
    request,
    complaint,
    *,
    assign_form=None,
    named_form=None,
    priority_form=None,
    transition_form=None,
    message_form=None,
    note_form=None,
    seal_form=None,
    about_form=None,
    status: int = 200,
):
    today = timezone.localdate()
    overdue_days = None
    if complaint.due_date and complaint.due_date < today:
        overdue_days = working_days_overdue(complaint.due_date, today)
    status_form = transition_form or _status_form(complaint, request.user, today=today)
    public_messages, notes = staff_selectors.complaint_thread(complaint=complaint)
    # A certificate points at its holder: sealed with an anonymous reporter's identity.
    about_sealed = (
        subject_sealed_for_anonymous(complaint.about_kind) and not complaint.identity_shown
    )
    events = event_list(subject=complaint).order_by("-created_at", "-pk")
    return render(
        request,
        "complaints/staff/detail.html",
        {
            "complaint": complaint,
            "attachments": attachments_named(
                complaint=complaint, identity_shown=complaint.identity_shown
            ),
            "public_messages": public_messages,
            "notes": notes,
            "timeline": history_entries(events),
            "status_form": status_form if status_form.targets else None,
            "is_open": complaint.status in workflow.OPEN,
            "assign_form": assign_form
            or AssignForm(
                initial={"handler": complaint.assigned_to_id or request.user.pk},
                provider_id=complaint.provider_id,
                excluded=workflow.named_reasons(complaint),
            ),
            "named_staff": list(complaint.named_staff.select_related("user").order_by("pk")),
            "named_form": named_form or NamedStaffForm(provider_id=complaint.provider_id),
            "priority_form": priority_form
            or PriorityForm(initial={"priority": complaint.priority}),
            # A finished complaint gets no more answers; the reporter may reopen it instead.
            "message_form": message_form
            or (
                ReporterMessageForm()
                if workflow.message_refusal(complaint, MessageKind.REPLY, actor=request.user)
                is None
                else None
            ),
            "note_form": note_form or NoteForm(),
            # Offered while this reader may open the seal (complaints.workflow).
            "seal_form": seal_form
            or (
                SealOpenForm()
                if not complaint.identity_shown
                and workflow.seal_open_refusal(complaint, request.user) is None
                else None
            ),
            "today": today,
            "overdue_days": overdue_days,
            "closing_days": workflow.CLOSING_WORKING_DAYS,
            "about_sealed": about_sealed,
            "about_form": about_form
            or AboutForm(
                initial={
                    "about_kind": complaint.about_kind,
                    "about_key": "" if about_sealed else complaint.about_key,
                }
            ),
        },
        status=status,
    )


@role_required(Role.COMPLAINT_HANDLER)
@require_safe
def detail(request, public_id):
    return _render_detail(request, _complaint_or_404(request, public_id))


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def assign(request, public_id):
    complaint = _complaint_or_404(request, public_id)
    form = AssignForm(
        request.POST,
        provider_id=complaint.provider_id,
        excluded=workflow.named_reasons(complaint),
    )
    if not form.is_valid():
        return _render_detail(request, complaint, assign_form=form, status=400)
    handler = form.cleaned_data["handler"]
    try:
        services.complaint_assign(complaint=complaint, handler=handler, actor=request.user)
    except ComplaintError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Pengaduan ditangani oleh %(name)s.")
            % {"name": handler.get_full_name() or handler.username},
        )
    return redirect(_detail_url(complaint))


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def name_staff(request, public_id):
    complaint = _complaint_or_404(request, public_id)
    form = NamedStaffForm(request.POST, provider_id=complaint.provider_id)
    if not form.is_valid():
        return _render_detail(request, complaint, named_form=form, status=400)
    named = form.cleaned_data["user"]
    try:
        services.complaint_staff_name(
            complaint=complaint,
            user=named,
            named_as=form.cleaned_data["named_as"],
            actor=request.user,
        )
    except ComplaintError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s dicatat; pengaduan ini tidak lagi ditampilkan kepadanya.")
            % {"name": person_label(named)},
        )
    return redirect(_detail_url(complaint, "petugas-disebut"))


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def priority(request, public_id):
    complaint = _complaint_or_404(request, public_id)
    form = PriorityForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, complaint, priority_form=form, status=400)
    try:
        services.complaint_priority_set(
            complaint=complaint, priority=form.cleaned_data["priority"], actor=request.user
        )
    except ComplaintError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Prioritas disimpan."))
    return redirect(_detail_url(complaint))


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def transition(request, public_id):
    complaint = _complaint_or_404(request, public_id)
    if request.POST.get("to") == complaint.status:
        # The same change sent twice (a double click, a reload): the first one did it.
        messages.info(
            request,
            _("Status pengaduan sudah “%(status)s”.")
            % {"status": ComplaintStatus(complaint.status).label},
        )
        return redirect(_detail_url(complaint))
    form = _status_form(complaint, request.user, request.POST)
    if not form.targets:  # nothing this member may change now: no form on the page to show
        messages.error(request, _("Status pengaduan ini tidak dapat Anda ubah sekarang."))
        return redirect(_detail_url(complaint))
    if not form.is_valid():
        return _render_detail(request, complaint, transition_form=form, status=400)
    data = form.chosen()
    duplicate_of = None
    if data["to"] == ComplaintStatus.DUPLICATE and data["duplicate_code"]:
        duplicate_of = staff_selectors.complaint_original_for(
            complaint=complaint, code=data["duplicate_code"]
        )
        if duplicate_of is None:
            form.add_error("duplicate_code", _("Tidak ada pengaduan dengan kode ini."))
            return _render_detail(request, complaint, transition_form=form, status=400)
    try:
        services.complaint_transition(
            complaint=complaint,
            to=data["to"],
            actor=request.user,
            note=data["note"],
            forwarded_to=data["forwarded_to"],
            duplicate_of=duplicate_of,
        )
    except ComplaintError as exc:
        field = form.service_field(exc.field)
        if field in form.fields:  # something to fill in: the form again, next to its field
            form.add_error(field, exc.message)
            return _render_detail(request, complaint, transition_form=form, status=400)
        messages.error(request, exc.message)
    else:
        messages.success(request, ACTIONS[data["to"]].done)
    return redirect(_detail_url(complaint))


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def message(request, public_id):
    complaint = _complaint_or_404(request, public_id)
    form = ReporterMessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, complaint, message_form=form, status=400)
    try:
        services.complaint_message_add(
            complaint=complaint,
            kind=form.cleaned_data["kind"],
            body=form.cleaned_data["body"],
            actor=request.user,
            attachments=form.cleaned_data["attachments"],
        )
    except ComplaintError as exc:
        form.add_error(None, exc.message)
        return _render_detail(request, complaint, message_form=form, status=400)
    if complaint.reporter_email or complaint.reporter_id:
        messages.success(request, _("Pesan terkirim kepada pelapor."))
    else:
        messages.success(
            request,
            _(
                "Pesan disimpan. Pelapor tidak mencantumkan e-mail, jadi pesan hanya terlihat "
                "di halaman pelacakan."
            ),
        )
    return redirect(_detail_url(complaint, "percakapan"))


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def note(request, public_id):
    complaint = _complaint_or_404(request, public_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, complaint, note_form=form, status=400)
    try:
        services.complaint_message_add(
            complaint=complaint,
            kind=MessageKind.NOTE,
            body=form.cleaned_data["body"],
            actor=request.user,
        )
    except ComplaintError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Catatan internal disimpan."))
    return redirect(_detail_url(complaint, "catatan-internal"))


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def seal_open(request, public_id):
    """Open the anonymous reporter's sealed identity for this handler, with a reason."""
    complaint = _complaint_or_404(request, public_id)
    form = SealOpenForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, complaint, seal_form=form, status=400)
    try:
        services.complaint_seal_open(
            complaint=complaint,
            actor=request.user,
            purpose=form.cleaned_data["purpose"],
            reason=form.cleaned_data["reason"],
        )
    except ComplaintError as exc:
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return _render_detail(request, complaint, seal_form=form, status=400)
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Segel identitas pelapor dibuka untuk Anda. Pembukaan ini dicatat."),
        )
    return redirect(_detail_url(complaint, "data-pelapor"))


@role_required(Role.COMPLAINT_HANDLER)
@require_safe
def attachment(request, public_id, attachment_id):
    """Stream a private attachment to the team; 404 for a wrong pair or another provider's
    complaint, so a guessed link tells nothing. Always a download: a file from the public is
    never rendered in our origin."""
    file = staff_selectors.complaint_attachment_for_team(
        public_id=public_id, attachment_id=attachment_id, handler=request.user
    )
    if file is None:
        raise Http404
    response = FileResponse(
        file.file.open("rb"),
        content_type=file.content_type,
        as_attachment=True,
        filename=attachment_download_name(attachment=file, user=request.user),
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)


@role_required(Role.COMPLAINT_HANDLER)
@require_http_methods(["GET", "HEAD", "POST"])
def record(request):
    form = RecordForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_submit(
                kind=data["kind"],
                subject=data["subject"],
                description=data["description"],
                service=data["service"],
                provider=data["provider"],
                incident_date=data["incident_date"],
                reporter_name=data["reporter_name"],
                reporter_email=data["reporter_email"],
                reporter_phone=data["reporter_phone"],
                anonymous=data["anonymous"],
                confidential=data["confidential"],
                channel=data["channel"],
                external_reference=data["external_reference"],
                recorded_by=request.user,
                received_at=data["received_at"],
                attachments=data["attachments"],
            )
        except ComplaintError as exc:
            service_error_show(form, exc)
        else:
            messages.success(
                request,
                _("Pengaduan dicatat dengan kode pelacakan %(code)s.")
                % {"code": complaint.tracking_code},
            )
            return redirect(_detail_url(complaint))
    return render(
        request,
        "complaints/staff/record.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- what a complaint is about, and its cluster --------------------------------------------


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def about(request, public_id):
    complaint = _complaint_or_404(request, public_id)
    form = AboutForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, complaint, about_form=form, status=400)
    try:
        services.complaint_about_set(
            complaint=complaint,
            about_kind=form.cleaned_data["about_kind"],
            about_key=form.cleaned_data["about_key"],
            actor=request.user,
        )
    except ComplaintError as exc:
        if exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return _render_detail(request, complaint, about_form=form, status=400)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Yang diadukan disimpan."))
    return redirect(_detail_url(complaint, "tentang"))


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def cluster_detach(request, public_id):
    complaint = _complaint_or_404(request, public_id)
    try:
        services.complaint_cluster_detach(complaint=complaint, actor=request.user)
    except ComplaintError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pengaduan dilepas dari kelompoknya; ditangani tersendiri."))
    return redirect(_detail_url(complaint, "tentang"))


def _cluster_or_404(request, public_id):
    cluster = staff_selectors.cluster_for_team(public_id=public_id, handler=request.user)
    if cluster is None:
        raise Http404
    return cluster


def _cluster_url(cluster) -> str:
    return reverse("complaints_cluster_detail", args=[cluster.public_id])


def _render_cluster(request, cluster, *, answer_form=None, status_form=None, status: int = 200):
    figures = staff_selectors.cluster_page_figures(cluster=cluster, handler=request.user)
    paginator = Paginator(
        staff_selectors.cluster_member_rows(cluster=cluster, handler=request.user),
        CLUSTER_PAGE_SIZE,
    )
    paginator.count = figures["size"]  # counted with the header's figures: no second count
    page = paginator.get_page(request.GET.get("halaman"))
    return render(
        request,
        "complaints/staff/cluster.html",
        {
            "cluster": cluster,
            "cluster_sealed": staff_selectors.cluster_subject_sealed(
                cluster=cluster, handler=request.user
            ),
            "page": page,
            "member_rows": ClusterRows().html(page.object_list),
            **figures,
            "answer_form": answer_form or ClusterAnswerForm(),
            "status_form": status_form or ClusterStatusForm(),
        },
        status=status,
    )


def _cluster_outcome_message(request, outcome, done_text) -> None:
    if outcome.done:
        messages.success(request, done_text % {"count": outcome.done})
    else:
        messages.info(request, _("Tidak ada pengaduan dalam kelompok yang berubah."))
    if outcome.skipped:
        messages.info(
            request,
            _(
                "%(count)d pengaduan dilewati: sudah selesai, sudah berstatus itu, atau "
                "ditangani anggota tim lain."
            )
            % {"count": outcome.skipped},
        )


@role_required(Role.COMPLAINT_HANDLER)
@require_safe
def cluster(request, public_id):
    return _render_cluster(request, _cluster_or_404(request, public_id))


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def cluster_answer(request, public_id):
    cluster = _cluster_or_404(request, public_id)
    form = ClusterAnswerForm(request.POST)
    if not form.is_valid():
        return _render_cluster(request, cluster, answer_form=form, status=400)
    try:
        outcome = services.cluster_answer(
            cluster=cluster, body=form.cleaned_data["body"], actor=request.user
        )
    except ComplaintError as exc:
        form.add_error("body" if exc.field == "body" else None, exc.message)
        return _render_cluster(request, cluster, answer_form=form, status=400)
    _cluster_outcome_message(
        request, outcome, _("Jawaban dikirim kepada pelapor %(count)d pengaduan.")
    )
    return redirect(_cluster_url(cluster))


@role_required(Role.COMPLAINT_HANDLER)
@require_POST
def cluster_transition(request, public_id):
    cluster = _cluster_or_404(request, public_id)
    form = ClusterStatusForm(request.POST)
    if not form.is_valid():
        return _render_cluster(request, cluster, status_form=form, status=400)
    try:
        outcome = services.cluster_transition(
            cluster=cluster,
            to=form.cleaned_data["to"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except ComplaintError as exc:
        form.add_error(None, exc.message)
        return _render_cluster(request, cluster, status_form=form, status=400)
    _cluster_outcome_message(request, outcome, _("Status %(count)d pengaduan diubah."))
    return redirect(_cluster_url(cluster))
