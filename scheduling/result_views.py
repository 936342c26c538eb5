"""The assessors' screens: their sessions, one session's roster with the result forms, publishing,
amendments, and the result exports. Every action is one call to scheduling.results; its
refusals are shown as messages. A session the user does not assess answers 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.constants import Role
from portal.exports import FORMATS, table_response
from portal.queues import queue_page
from portal.roles import role_required
from registration.conflicts import conflict_reasons_for_candidates
from registration.selectors import applicant_name
from scheduling import result_selectors as selectors
from scheduling import results, workflow
from scheduling.constants import Outcome, UnitOutcome
from scheduling.exceptions import SchedulingError
from scheduling.models import Result, Seat
from scheduling.result_forms import AmendmentForm, PeriodExportForm, ResultForm
from scheduling.roster_cards import seat_card_html

# The assessors' session list: a page as long as the committee's.
SESSIONS_PER_PAGE = 25

# role_required is the outermost decorator everywhere (see verification.views).


def _session_or_404(request, pk):
    session = selectors.session_for_assessor(session_id=pk, user=request.user)
    if session is None:
        raise Http404
    return session


def _session_url(session, anchor: str = "") -> str:
    url = reverse("results_session", args=[session.pk])
    return f"{url}#{anchor}" if anchor else url


@role_required(Role.ASSESSOR)
@require_safe
def sessions(request):
    page = queue_page(
        selectors.session_list_for_assessor(user=request.user),
        number=request.GET.get("halaman"),
        per_page=SESSIONS_PER_PAGE,
        rows=selectors.session_rows_for_assessor(),
    )
    return render(
        request,
        "scheduling/results/sessions.html",
        {
            "sessions": page.object_list,
            "page": page,
            "pages_label": _("Halaman sesi uji yang Anda nilai"),
        },
    )


def _render_session(request, session, *, bound: dict | None = None, status: int = 200):
    """The roster page. `bound` maps a seat pk to its refused form, so that what the assessor
    typed is shown again with the reason."""
    bound = bound or {}
    # A published result's correction form only for the seat whose "Ralat hasil ini" link was
    # followed (?ralat=<seat>): the head of panel's page built and sent one hidden form per
    # seat (issue 19). The others get the link, which works without JavaScript.
    asked = request.GET.get("ralat", "")
    seats = selectors.session_roster(session=session)
    units = selectors.unit_list(service=session.service)
    published = session.results_published_at is not None
    is_head = workflow.is_head_of_panel(session, request.user)
    now = timezone.now()
    started = now >= session.starts_at
    conflicts = conflict_reasons_for_candidates(
        staff=request.user, candidates=[seat.application.candidate for seat in seats]
    )
    rows = []
    for seat in seats:
        seat.session = session  # the page's session: no query per seat
        result = selectors.seat_result(seat)
        form = bound.get(seat.pk)
        amendable = False
        conflict = conflicts.get(seat.application.candidate_id)
        if conflict:
            form = None  # someone else on the panel records and corrects this candidate's result
        elif form is None and workflow.result_record_refusal(seat, now=now) is None:
            form = ResultForm(units=units, result=result, prefix=f"kursi-{seat.pk}")
        elif (
            form is None
            and result is not None
            and workflow.result_amend_refusal(result, session=session, user=request.user) is None
        ):
            amendable = True
            if asked == str(seat.pk):
                form = AmendmentForm(units=units, result=result, prefix=f"ralat-{result.pk}")
        rows.append(
            {
                "seat": seat,
                "result": result,
                "form": form,
                "amend_url": f"?ralat={seat.pk}#kursi-{seat.pk}" if amendable else "",
                "conflict": conflict,
                "attendance_markable": workflow.attendance_refusal(seat, now=now) is None,
                "units": _unit_results(result, units),
                "amendments": [
                    (amendment, _amendment_changes(amendment, units))
                    for amendment in (result.amendments.all() if result is not None else [])
                ],
            }
        )
    # The cards without a form or amendments in Python (scheduling.roster_cards).
    for row in rows:
        row["html"] = seat_card_html(row, published=published, started=started)
    summary = selectors.roster_summary(seats)
    publish_refusal = workflow.result_publish_refusal(
        session, user=request.user, summary=summary, now=now
    )
    return render(
        request,
        "scheduling/results/session.html",
        {
            "session": session,
            "rows": rows,
            "units": units,
            "summary": summary,
            "published": published,
            "started": started,
            "is_head": is_head,
            "can_publish": publish_refusal is None,
            "publish_refusal": publish_refusal,
            "publish_waiting": workflow.result_publish_waiting(
                session, user=request.user, summary=summary, now=now
            ),
        },
        status=status,
    )


def _unit_label(value) -> str:
    return str(UnitOutcome(value).label) if value in UnitOutcome.values else "—"


def _unit_results(result, units) -> list[tuple]:
    """(unit, label) for each unit the result assesses, in the service's unit order."""
    recorded = result.unit_outcomes if result is not None else {}
    return [(unit, _unit_label(recorded[unit.code])) for unit in units if unit.code in recorded]


def _score_label(value: str | None) -> str:
    return floatformat(value, -2) if value is not None else "—"


def _amendment_changes(amendment, units) -> list[tuple[str, str, str]]:
    """What an amendment changed, as (what, before, after) in words."""
    before, after = amendment.before, amendment.after
    changes = []
    if before.get("outcome") != after.get("outcome"):
        changes.append(
            (_("Hasil"), Outcome(before["outcome"]).label, Outcome(after["outcome"]).label)
        )
    if before.get("score") != after.get("score"):
        changes.append(
            (_("Nilai"), _score_label(before.get("score")), _score_label(after.get("score")))
        )
    before_units, after_units = before.get("unit_outcomes", {}), after.get("unit_outcomes", {})
    codes = [unit.code for unit in units]
    codes += sorted((set(before_units) | set(after_units)) - set(codes))
    for code in codes:
        if before_units.get(code) != after_units.get(code):
            changes.append(
                (code, _unit_label(before_units.get(code)), _unit_label(after_units.get(code)))
            )
    if before.get("notes") != after.get("notes"):
        changes.append((_("Catatan"), before.get("notes") or "—", after.get("notes") or "—"))
    return changes


@role_required(Role.ASSESSOR)
@require_safe
def session(request, pk):
    return _render_session(request, _session_or_404(request, pk))


@role_required(Role.ASSESSOR)
@require_POST
def record(request, pk, seat_id):
    session = _session_or_404(request, pk)
    seat = get_object_or_404(Seat, pk=seat_id, session=session)
    form = ResultForm(
        request.POST,
        units=selectors.unit_list(service=session.service),
        prefix=f"kursi-{seat.pk}",
    )
    if not form.is_valid():
        return _render_session(request, session, bound={seat.pk: form}, status=400)
    try:
        results.result_record(
            seat=seat,
            actor=request.user,
            outcome=form.cleaned_data["outcome"],
            score=form.cleaned_data["score"],
            unit_outcomes=form.unit_outcomes(),
            notes=form.cleaned_data["notes"],
        )
    except SchedulingError as exc:
        messages.error(request, exc.message)
        return _render_session(request, session, bound={seat.pk: form}, status=400)
    messages.success(request, _("Draf hasil disimpan. Peserta belum melihatnya."))
    return redirect(_session_url(session, f"kursi-{seat.pk}"))


@role_required(Role.ASSESSOR)
@require_POST
def publish(request, pk):
    session = _session_or_404(request, pk)
    try:
        count = results.result_publish(session=session, actor=request.user)
    except SchedulingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Hasil %(count)d peserta diumumkan. Setiap peserta diberi tahu lewat e-mail.")
            % {"count": count},
        )
    return redirect(_session_url(session))


@role_required(Role.ASSESSOR)
@require_POST
def amend(request, result_id):
    result = get_object_or_404(Result.objects.select_related("seat"), pk=result_id)
    session = _session_or_404(request, result.seat.session_id)
    form = AmendmentForm(
        request.POST,
        units=selectors.unit_list(service=session.service),
        result=result,
        prefix=f"ralat-{result.pk}",
    )
    if not form.is_valid():
        return _render_session(request, session, bound={result.seat_id: form}, status=400)
    try:
        results.result_amend(
            result=result,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            outcome=form.cleaned_data["outcome"],
            score=form.cleaned_data.get("score"),
            unit_outcomes=form.unit_outcomes(),
            notes=form.cleaned_data["notes"],
        )
    except SchedulingError as exc:
        messages.error(request, exc.message)
        return _render_session(request, session, bound={result.seat_id: form}, status=400)
    messages.success(request, _("Ralat disimpan. Peserta diberi tahu lewat e-mail."))
    return redirect(_session_url(session, f"kursi-{result.seat_id}"))


def _export_row(result: Result, *, unit_codes: list[str] | None) -> list:
    seat = result.seat
    application = seat.application
    candidate = application.candidate
    row = [
        seat.session.starts_at,
        seat.session.service.name,
        candidate.nip or "",
        applicant_name(application),  # the name the panel verified
        str(application.target_level),
        result.get_outcome_display(),
        result.score,
    ]
    if unit_codes is not None:
        units = result.unit_outcomes or {}
        row += [_unit_label(units[code]) if code in units else "" for code in unit_codes]
    row += [
        result.notes,
        result.published_at,
        _("Ya") if result.amendment_count else _("Tidak"),
    ]
    return row


def _export_headers(unit_codes: list[str] | None = None) -> list[str]:
    return [
        _("Tanggal sesi (WIB)"),
        _("Layanan"),
        _("NIP"),
        _("Nama"),
        _("Jenjang yang dituju"),
        _("Hasil"),
        _("Nilai"),
        *(unit_codes or []),
        _("Catatan"),
        _("Diumumkan (WIB)"),
        _("Diralat"),
    ]


@role_required(Role.ASSESSOR, Role.SCHEDULER, Role.ADMINISTRATOR)
@require_safe
def session_export(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    # The committee and administrators of the session's provider, or its panel.
    session = selectors.session_for_results(session_id=pk, user=request.user)
    if session is None:
        raise Http404
    codes = [unit.code for unit in selectors.unit_list(service=session.service)]
    rows = selectors.published_result_rows(user=request.user, session=session)
    return table_response(
        fmt=fmt,
        filename=f"hasil-uji-{timezone.localtime(session.starts_at):%Y-%m-%d}-sesi-{session.pk}",
        headers=_export_headers(codes),
        rows=[_export_row(result, unit_codes=codes) for result in rows],
        title=_("Hasil uji"),
    )


@role_required(Role.ASSESSOR, Role.SCHEDULER, Role.ADMINISTRATOR)
@require_safe
def period_export(request):
    form = PeriodExportForm(request.GET if request.GET else None)
    if not form.is_valid():
        return render(
            request,
            "scheduling/results/period_export.html",
            {"form": form},
            status=400 if form.is_bound else 200,
        )
    starts_from, starts_until = form.cleaned_data["dari"], form.cleaned_data["sampai"]
    rows = selectors.published_result_rows(
        user=request.user,
        starts_from=starts_from,
        starts_until=starts_until,
    )
    return table_response(
        fmt=form.cleaned_data["format"],
        filename=f"rekap-hasil-uji-{starts_from:%Y-%m-%d}-{starts_until:%Y-%m-%d}",
        headers=_export_headers(),
        rows=[_export_row(result, unit_codes=None) for result in rows],
        title=_("Rekap hasil uji"),
    )
