"""The scheduling committee's screens: the session list, creating and editing a session, its
page with the roster and the seat actions, attendance, filling sessions automatically, and the
roster downloads. Every change is one call to scheduling.services (or scheduling.autofill);
its refusals are shown as messages, never as an error page. Each page holds the sessions and
services of the providers where the user sits on the committee (an assessor's, for attendance
and the rosters, those they sit on the panel of); any other session answers 404."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.catalogue import service_list_examined
from portal.constants import Role
from portal.events import event_list, history_entries
from portal.exports import FORMATS, table_response
from portal.models import Service
from portal.queues import QueueColumn, queue_page_in_parts
from portal.roles import role_provider_ids, role_required
from registration.nip import format_nip
from registration.selectors import applicant_name, applicant_related, applicant_snapshot
from scheduling import rosters, services, workflow
from scheduling.autofill import autofill_apply, autofill_plan
from scheduling.constants import SessionMode, SessionStatus
from scheduling.exceptions import SchedulingError, SessionInvalid
from scheduling.models import ExamSession, Seat
from scheduling.selectors import waitlist_counts
from scheduling.session_cells import SessionCells
from scheduling.staff_forms import (
    AttendanceForm,
    AutofillApplyForm,
    AutofillForm,
    SeatAssignForm,
    SeatMoveForm,
    SeatReleaseForm,
    SessionCancelForm,
    SessionFilter,
    SessionForm,
    TransitionForm,
)

PAGE_SIZE = 25
ROSTER_ANCHOR = "peserta"
PICKER_SEARCH_MAX = 100  # the longest name or NIP the seat picker searches for

# The session list's columns (scheduling.session_cells writes their cells).
SESSION_COLUMNS = [
    QueueColumn(gettext_lazy("Waktu (WIB)"), "time", cell_class="nowrap"),
    QueueColumn(gettext_lazy("Layanan"), "service"),
    QueueColumn(gettext_lazy("Moda"), "mode"),
    QueueColumn(gettext_lazy("Kursi terisi / kapasitas"), "seats", cell_class="nowrap"),
    QueueColumn(gettext_lazy("Kursi kosong"), "free"),
    QueueColumn(gettext_lazy("Asesor"), "assessors"),
    QueueColumn(gettext_lazy("Status"), "status"),
]

# The button for each transition of scheduling.workflow.SESSION_TRANSITIONS (cancelling has
# its own form, with the reason).
TRANSITION_LABELS = {
    (SessionStatus.DRAFT, SessionStatus.OPEN): gettext_lazy("Buka pemesanan"),
    (SessionStatus.OPEN, SessionStatus.CLOSED): gettext_lazy("Tutup pemesanan"),
    (SessionStatus.CLOSED, SessionStatus.OPEN): gettext_lazy("Buka kembali pemesanan"),
    (SessionStatus.CLOSED, SessionStatus.HELD): gettext_lazy("Tandai sudah dilaksanakan"),
}

# role_required is the outermost decorator everywhere, so that an anonymous visitor is sent to
# the login page and a candidate gets 403 before anything else (including 405) is answered.


def _session_or_404(request, pk: int) -> ExamSession:
    """A session of a provider where the user schedules (404 for the others, as if it did not
    exist)."""
    session = rosters.session_for_staff(pk=pk, user=request.user)
    if session is None:
        raise Http404
    return session


def _panel_session_or_404(request, pk: int) -> ExamSession:
    """For the committee any session of its providers; for an assessor only a session they are
    on, at a provider where they assess (404 for the others, as if it did not exist)."""
    session = rosters.session_for_staff(pk=pk, user=request.user, panel=True)
    if session is None:
        raise Http404
    return session


def _scheduling_providers(request) -> frozenset[int]:
    """The providers where the user sits on the scheduling committee."""
    return role_provider_ids(request.user, Role.SCHEDULER)


def _services_examined(request):
    """The services holding exams at the providers where the user schedules."""
    return service_list_examined().filter(provider__in=_scheduling_providers(request))


def _detail_url(session: ExamSession, anchor: str = "") -> str:
    url = reverse("scheduling_session", args=[session.pk])
    return f"{url}#{anchor}" if anchor else url


def _form_error(form) -> str:
    """The first error of a small action form, for a message above the page."""
    for errors in form.errors.values():
        return errors[0]
    return _("Permintaan tidak dapat diproses.")


def _candidate_name(application) -> str:
    """The name the panel verified (the committee only handles verified applications)."""
    return applicant_name(application)


# --- Session list ---------------------------------------------------------------------------


@role_required(Role.SCHEDULER)
@require_safe
def session_list(request):
    filterset = SessionFilter(
        request.GET,
        queryset=rosters.session_list(user=request.user),
        provider_ids=_scheduling_providers(request),
    )
    page = queue_page_in_parts(
        filterset.qs,
        rosters.session_list_parts(),
        number=request.GET.get("halaman"),
        per_page=PAGE_SIZE,
        rows=rosters.session_rows(),
    )
    return render(
        request,
        "scheduling/staff/session_list.html",
        {
            "filter": filterset,
            "page": page,
            "columns": SESSION_COLUMNS,
            "cells": SessionCells(),
            "waitlists": waitlist_counts(
                service_ids=Service.objects.filter(
                    provider__in=_scheduling_providers(request)
                ).values("pk")
            ),
        },
    )


# --- Create and edit ------------------------------------------------------------------------


def _session_save(*, form: SessionForm, actor) -> ExamSession:
    """Hand the form's values to services.session_save; only the form's fields are written."""
    fields = [
        *(name for name in SessionForm.Meta.fields if name != "assessors"),
        "starts_at",
        "ends_at",
        "booking_opens_at",
        "booking_closes_at",
    ]
    changed = ", ".join(str(form.fields[name].label) for name in form.changed_data)
    return services.session_save(
        session=form.save(commit=False),
        fields=fields,
        assessors=form.cleaned_data["assessors"],
        actor=actor,
        note=_("Diubah: %(fields)s.") % {"fields": changed} if changed else "",
    )


def _create_initial(request) -> dict:
    """The service named in ?layanan= (or the only one holding exams), with its exam
    preparation text as the session's instructions to start from."""
    services_active = _services_examined(request)
    service = services_active.filter(slug=request.GET.get("layanan") or "").first()
    if service is None:
        only = list(services_active[:2])
        service = only[0] if len(only) == 1 else None
    initial = {"mode": SessionMode.ONLINE}
    if service is not None:
        initial.update(service=service, instructions=service.exam_preparation)
    return initial


@role_required(Role.SCHEDULER)
@require_http_methods(["GET", "HEAD", "POST"])
def session_create(request):
    if request.method == "POST":
        form = SessionForm(request.POST, provider_ids=_scheduling_providers(request))
        if form.is_valid():
            try:
                session = _session_save(form=form, actor=request.user)
            except SessionInvalid as exc:
                form.add_service_errors(exc)
            except SchedulingError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Sesi dibuat sebagai draf. Buka pemesanan bila datanya sudah benar."),
                )
                return redirect(_detail_url(session))
    else:
        form = SessionForm(
            initial=_create_initial(request), provider_ids=_scheduling_providers(request)
        )
    return render(request, "scheduling/staff/session_form.html", {"form": form, "session": None})


@role_required(Role.SCHEDULER)
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request, pk):
    session = _session_or_404(request, pk)
    if not workflow.session_editable(session):
        messages.error(
            request, _("Sesi yang sudah dilaksanakan atau dibatalkan tidak dapat diubah.")
        )
        return redirect(_detail_url(session))
    form = SessionForm(
        request.POST or None, instance=session, provider_ids=_scheduling_providers(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            _session_save(form=form, actor=request.user)
        except SessionInvalid as exc:
            form.add_service_errors(exc)
        except SchedulingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Perubahan data sesi disimpan."))
            return redirect(_detail_url(session))
    return render(request, "scheduling/staff/session_form.html", {"form": form, "session": session})


# --- Session page ---------------------------------------------------------------------------


def _transition_buttons(session: ExamSession, targets: list[str]) -> list[tuple[str, str]]:
    return [
        (to, TRANSITION_LABELS.get((session.status, to), SessionStatus(to).label))
        for to in targets
        if to != SessionStatus.CANCELLED
    ]


def _render_detail(request, session: ExamSession, *, cancel_form: SessionCancelForm | None = None):
    now = timezone.now()
    started = session.starts_at <= now
    # After the sitting, an absent candidate's seat (inactive) is part of its record.
    seats = list(
        rosters.session_roster(
            session=session, include_inactive=started or session.status == SessionStatus.HELD
        )
    )
    accepting = workflow.seat_booking_refusal(session, by_committee=True, now=now) is None
    has_active = any(seat.is_active for seat in seats)
    can_change_seats = has_active and (
        workflow.seat_change_refusal(session, by_committee=True, now=now) is None
    )
    for seat in seats:
        seat.session = session  # the page's session, with its counts: no query per seat
        seat.attendance_markable = workflow.attendance_refusal(seat, now=now) is None
    targets = workflow.session_transitions(session, request.user, now=now)
    assign_form = picker = None
    search = ""
    if accepting and session.seats_free > 0:
        assign_form = SeatAssignForm(session=session)
        search = request.GET.get("cari", "").strip()[:PICKER_SEARCH_MAX]
        picker = assign_form.offer(search=search, page_number=request.GET.get("hal_peserta"))
    timeline = history_entries(event_list(subject=session).order_by("-created_at", "-id")[:20])
    return render(
        request,
        "scheduling/staff/session_detail.html",
        {
            "session": session,
            "seats": seats,
            "assessors": list(session.assessors.order_by("first_name", "username")),
            "instructions": session.instructions or session.service.exam_preparation,
            "started": started,
            "transitions": _transition_buttons(session, targets),
            "can_cancel": SessionStatus.CANCELLED in targets,
            "cancel_form": cancel_form
            or SessionCancelForm(initial={"to": SessionStatus.CANCELLED}),
            "can_edit": workflow.session_editable(session),
            "can_change_seats": can_change_seats,
            "move_targets": rosters.seat_move_targets(session=session) if can_change_seats else [],
            "assign_form": assign_form,
            "picker": picker,
            "picker_search": search,
            "can_mark_attendance": any(seat.attendance_markable for seat in seats),
            "timeline": timeline,
            "waitlist": next(iter(waitlist_counts(service_ids=[session.service_id])), None),
        },
    )


@role_required(Role.SCHEDULER)
@require_safe
def session_detail(request, pk):
    return _render_detail(request, _session_or_404(request, pk))


@role_required(Role.SCHEDULER)
@require_POST
def session_transition(request, pk):
    session = _session_or_404(request, pk)
    cancelling = request.POST.get("to") == SessionStatus.CANCELLED
    form = (SessionCancelForm if cancelling else TransitionForm)(request.POST)
    if not form.is_valid():
        if cancelling:
            return _render_detail(request, session, cancel_form=form)
        messages.error(request, _form_error(form))
        return redirect(_detail_url(session))
    to = form.cleaned_data["to"]
    try:
        services.session_transition(
            session=session, to=to, actor=request.user, note=form.cleaned_data.get("note", "")
        )
    except SchedulingError as exc:
        messages.error(request, exc.message)
    else:
        if to == SessionStatus.CANCELLED:
            messages.success(
                request,
                _(
                    "Sesi dibatalkan. %(count)d peserta diberi tahu lewat e-mail dan kembali "
                    "menunggu jadwal."
                )
                % {"count": session.seats_taken},
            )
        else:
            messages.success(
                request,
                _("Status sesi sekarang: %(status)s.") % {"status": SessionStatus(to).label},
            )
    return redirect(_detail_url(session))


# --- Seats ----------------------------------------------------------------------------------


@role_required(Role.SCHEDULER)
@require_POST
def seat_assign(request, pk):
    session = _session_or_404(request, pk)
    form = SeatAssignForm(request.POST, session=session)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return redirect(_detail_url(session, ROSTER_ANCHOR))
    application = form.cleaned_data["application"]
    try:
        services.seat_take(session=session, application=application, actor=request.user)
    except SchedulingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s mendapat kursi pada sesi ini dan diberi tahu lewat e-mail.")
            % {"name": _candidate_name(application)},
        )
    return redirect(_detail_url(session, ROSTER_ANCHOR))


def _active_seat_or_404(session: ExamSession, seat_pk: int) -> Seat:
    return get_object_or_404(
        Seat.objects.select_related("application__candidate", *applicant_related("application__")),
        pk=seat_pk,
        session=session,
        is_active=True,
    )


@role_required(Role.SCHEDULER)
@require_POST
def seat_move(request, pk, seat_pk):
    session = _session_or_404(request, pk)
    seat = _active_seat_or_404(session, seat_pk)
    form = SeatMoveForm(request.POST, session=session)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return redirect(_detail_url(session, ROSTER_ANCHOR))
    target = form.cleaned_data["to_session"]
    try:
        services.seat_move(seat=seat, to_session=target, actor=request.user)
    except SchedulingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s dipindah ke sesi %(date)s WIB dan diberi tahu lewat e-mail.")
            % {"name": _candidate_name(seat.application), "date": target.starts_label},
        )
    return redirect(_detail_url(session, ROSTER_ANCHOR))


@role_required(Role.SCHEDULER)
@require_POST
def seat_release(request, pk, seat_pk):
    session = _session_or_404(request, pk)
    seat = _active_seat_or_404(session, seat_pk)
    form = SeatReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return redirect(_detail_url(session, ROSTER_ANCHOR))
    try:
        services.seat_release(seat=seat, actor=request.user, note=form.cleaned_data["note"])
    except SchedulingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Kursi %(name)s dilepas; peserta kembali menunggu jadwal dan diberi tahu.")
            % {"name": _candidate_name(seat.application)},
        )
    return redirect(_detail_url(session, ROSTER_ANCHOR))


@role_required(Role.SCHEDULER, Role.ASSESSOR)
@require_POST
def attendance_mark(request, pk):
    """Present or absent for one seat. Other screens (the assessors') post here too: `seat`,
    `attendance` (present|absent) and an optional relative `next` to return to."""
    session = _panel_session_or_404(request, pk)
    form = AttendanceForm(request.POST)
    form.is_valid()
    if "seat" in form.errors:
        raise Http404
    seat = get_object_or_404(
        Seat.objects.select_related("application__candidate", *applicant_related("application__")),
        pk=form.cleaned_data["seat"],
        session=session,
    )
    if "attendance" in form.errors:
        messages.error(request, _form_error(form))
    else:
        try:
            marked = services.seat_attendance_mark(
                seat=seat, attendance=form.cleaned_data["attendance"], actor=request.user
            )
        except SchedulingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Kehadiran %(name)s dicatat: %(attendance)s.")
                % {
                    "name": _candidate_name(seat.application),
                    "attendance": marked.get_attendance_display(),
                },
            )
    return redirect(_attendance_next(request, form.cleaned_data.get("next", ""), session))


def _attendance_next(request, target: str, session: ExamSession) -> str:
    """Back where the form was, if that is a page of this site; else the session page (for
    the committee) or the staff home (an assessor cannot open the committee's page)."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    if workflow.is_scheduler(session, request.user):
        return _detail_url(session, ROSTER_ANCHOR)
    return reverse("staff_home")


# --- Exports --------------------------------------------------------------------------------


def _export_seats(session: ExamSession) -> list[Seat]:
    started = session.starts_at <= timezone.now() or session.status == SessionStatus.HELD
    return list(rosters.session_roster(session=session, include_inactive=started))


def _export_name(kind: str, session: ExamSession) -> str:
    starts = timezone.localtime(session.starts_at)
    return f"{kind}-{session.service.slug}-{starts:%Y%m%d-%H%M}"


def _seat_nip(seat: Seat) -> str:
    """The NIP as printed: its spaces also keep spreadsheets from turning it into a number."""
    nip = seat.application.candidate.nip
    return format_nip(nip) if nip else ""


def _verified(seat: Seat, field: str) -> str:
    """A field of the data the panel verified: what rosters and attendance lists print."""
    data = applicant_snapshot(application=seat.application)
    return getattr(data, field) if data else ""


def _contact(seat: Seat, field: str) -> str:
    """Contact data (WhatsApp) is the profile's: it applies as soon as the candidate edits it."""
    profile = getattr(seat.application.candidate, "profile", None)
    return getattr(profile, field) if profile else ""


# Columns of the downloads: (header, value of a seat). The row number comes first in both.
ROSTER_COLUMNS = [
    (gettext_lazy("NIP"), _seat_nip),
    (gettext_lazy("Nama"), lambda seat: _candidate_name(seat.application)),
    (gettext_lazy("Instansi"), lambda seat: _verified(seat, "institution")),
    (gettext_lazy("Unit kerja"), lambda seat: _verified(seat, "work_unit")),
    (gettext_lazy("Jenjang yang dituju"), lambda seat: str(seat.application.target_level)),
    (gettext_lazy("E-mail"), lambda seat: seat.application.candidate.email),
    (gettext_lazy("WhatsApp"), lambda seat: _contact(seat, "whatsapp")),
    (gettext_lazy("Kehadiran"), lambda seat: seat.get_attendance_display()),
    (gettext_lazy("Kursi sejak"), lambda seat: seat.created_at),
]
ATTENDANCE_COLUMNS = [
    (gettext_lazy("NIP"), _seat_nip),
    (gettext_lazy("Nama"), lambda seat: _candidate_name(seat.application)),
    (gettext_lazy("Instansi"), lambda seat: _verified(seat, "institution")),
    (gettext_lazy("Kehadiran"), lambda seat: seat.get_attendance_display()),
    (gettext_lazy("Tanda tangan"), lambda seat: ""),  # signed on the printed list
]


def _seat_export(request, pk, fmt, *, columns, kind: str, title: str):
    if fmt not in FORMATS:
        raise Http404
    session = _panel_session_or_404(request, pk)
    rows = [
        [number, *(value(seat) for _header, value in columns)]
        for number, seat in enumerate(_export_seats(session), start=1)
    ]
    return table_response(
        fmt=fmt,
        filename=_export_name(kind, session),
        headers=[pgettext("nomor urut", "No"), *(str(header) for header, _value in columns)],
        rows=rows,
        title=title,
    )


@role_required(Role.SCHEDULER, Role.ASSESSOR)
@require_safe
def roster_export(request, pk, fmt):
    return _seat_export(
        request, pk, fmt, columns=ROSTER_COLUMNS, kind="peserta", title=_("Peserta")
    )


@role_required(Role.SCHEDULER, Role.ASSESSOR)
@require_safe
def attendance_export(request, pk, fmt):
    return _seat_export(
        request, pk, fmt, columns=ATTENDANCE_COLUMNS, kind="daftar-hadir", title=_("Daftar hadir")
    )


# --- Fill automatically ---------------------------------------------------------------------


def _autofill_url(service: Service | None = None, sessions=()) -> str:
    url = reverse("scheduling_autofill")
    if service is None:
        return url
    query = [("layanan", service.slug), *(("sesi", session.pk) for session in sessions)]
    return f"{url}?{urlencode(query)}"


@role_required(Role.SCHEDULER)
@require_http_methods(["GET", "HEAD", "POST"])
def autofill(request):
    if request.method == "POST":
        return _autofill_apply(request)
    if not request.GET:
        only = list(_services_examined(request)[:2])
        if len(only) == 1:  # nothing to choose: straight to the preview
            return redirect(_autofill_url(only[0]))
    form = AutofillForm(request.GET or None, provider_ids=_scheduling_providers(request))
    plan = None
    if form.is_valid():
        plan = autofill_plan(
            service=form.cleaned_data["layanan"], sessions=form.cleaned_data["sesi"] or None
        )
    return render(request, "scheduling/staff/autofill.html", {"form": form, "plan": plan})


def _autofill_apply(request):
    form = AutofillApplyForm(request.POST, provider_ids=_scheduling_providers(request))
    if not form.is_valid():
        # A chosen session stopped accepting candidates, or the page was tampered with.
        messages.warning(request, _("Data berubah sejak pratinjau; periksa pratinjau yang baru."))
        return redirect(_autofill_url(form.service_chosen()))
    service, sessions = form.cleaned_data["layanan"], list(form.cleaned_data["sesi"])
    result = autofill_apply(
        service=service,
        digest=form.cleaned_data["digest"],
        actor=request.user,
        sessions=sessions or None,
    )
    if result.stale:
        messages.warning(request, _("Data berubah sejak pratinjau; periksa pratinjau yang baru."))
        return redirect(_autofill_url(service, sessions))
    if result.seated:
        messages.success(
            request,
            _("%(count)d peserta ditempatkan dan diberi tahu lewat e-mail.")
            % {"count": len(result.seated)},
        )
    for placement, message in result.refused:
        messages.error(
            request,
            _("%(name)s tidak ditempatkan: %(reason)s")
            % {"name": _candidate_name(placement.application), "reason": message},
        )
    return redirect(_autofill_url(service, sessions))
