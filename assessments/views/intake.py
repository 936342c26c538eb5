"""The participants and intake pages of an engagement: the operator's participant file and
invitations, the scheduler's sessions, attendance and the intake's end. Views parse input,
call one service of assessments.services.participants / eregistration / sessions, and go back
to the engagement page with a message.

Who may see what: the engagement's pages answer 404 to anyone who may not see the engagement
(assessments.views.pages.engagement_for_page); an act the visitor may not take is 403 (the
service's CaseForbidden)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.forms.intake import ParticipantUploadForm, SessionForm
from assessments.models import IntakeSession
from assessments.participant_file import template_csv
from assessments.selectors.intake import provider_assessors, session_participants_choices
from assessments.services import eregistration, participants, sessions
from assessments.views.pages import engagement_for_page
from casework.exceptions import CaseError


def _back(engagement, anchor: str):
    return redirect(reverse("assessments_engagement", args=[engagement.public_id]) + anchor)


# --- Participant file ------------------------------------------------------------------------


@require_GET
def participants_template(request):
    """The participant file's template: its header and one example row."""
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-daftar-asesi.csv"'
    return response


@login_required
@require_POST
def participants_upload(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    form = ParticipantUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return _back(engagement, "#asesi")
    try:
        listing = participants.participants_upload(
            engagement=engagement, actor=request.user, file=form.cleaned_data["file"]
        )
    except CaseError as error:
        messages.error(request, str(error))
        return _back(engagement, "#asesi")
    if listing.accepted:
        messages.success(
            request,
            ngettext(
                "Daftar asesi diterima: %(count)s asesi ditambahkan.",
                "Daftar asesi diterima: %(count)s asesi ditambahkan.",
                listing.row_count,
            )
            % {"count": listing.row_count},
        )
    else:
        messages.error(
            request,
            _(
                "Berkas daftar asesi ditolak seluruhnya; tidak ada asesi yang ditambahkan. "
                "Perbaiki baris yang disebutkan, lalu unggah lagi."
            ),
        )
    return _back(engagement, "#asesi")


@login_required
@require_POST
def participant_remove(request, public_id, participant_id):
    engagement = engagement_for_page(public_id, request.user)
    participant = engagement.participants.filter(public_id=participant_id).first()
    if participant is None:
        raise Http404
    try:
        participants.participant_remove(participant=participant, actor=request.user)
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s dihapus dari daftar asesi.") % {"name": participant.name}
        )
    return _back(engagement, "#asesi")


@login_required
@require_POST
def invitations_send(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    try:
        count = eregistration.invitations_send(engagement=engagement, actor=request.user)
    except CaseError as error:
        messages.error(request, str(error))
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "Undangan e-registrasi dikirim kepada %(count)s asesi.",
                    "Undangan e-registrasi dikirim kepada %(count)s asesi.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("Semua asesi sudah diundang; tidak ada undangan baru."))
    return _back(engagement, "#asesi")


# --- Sessions --------------------------------------------------------------------------------


def _session_form(engagement, session=None, data=None) -> SessionForm:
    initial = SessionForm.initial_for(session) if session is not None else None
    return SessionForm(
        data,
        initial=initial,
        assessors=provider_assessors(engagement),
        participants=session_participants_choices(engagement, session),
    )


def _session_page(request, engagement, session=None):
    refusal = sessions.session_refusal(engagement, request.user)
    if isinstance(refusal, PermissionDenied):
        raise refusal
    if session is not None and session.held_at is not None:
        refusal = CaseError(_("Sesi ini sudah dilaksanakan dan tidak dapat diubah."))
    form = _session_form(engagement, session, request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        data = form.cleaned_data
        try:
            saved = sessions.session_save(
                engagement=engagement,
                actor=request.user,
                session=session,
                data=sessions.SessionData(
                    mode=data["mode"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    venue=data["venue"],
                    platform=data["platform"],
                    link=data["link"],
                    support_team=data["support_team"],
                    assessors=list(data["assessors"]),
                    participants=list(data["participants"]),
                ),
            )
        except CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Sesi intake disimpan; operator instansi dan asesinya diberi tahu lewat e-mail.")
                if session is None
                else _("Sesi intake diubah; operator instansi dan asesinya diberi tahu."),
            )
            return _back(engagement, f"#sesi-{saved.pk}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessments/sessions/form.html",
        {"engagement": engagement, "session": session, "form": form, "refusal": refusal},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    return _session_page(request, engagement)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, public_id, pk):
    engagement = engagement_for_page(public_id, request.user)
    session = IntakeSession.objects.filter(engagement=engagement, pk=pk).first()
    if session is None:
        raise Http404
    return _session_page(request, engagement, session)


@login_required
@require_POST
def attendance(request, public_id, pk):
    engagement = engagement_for_page(public_id, request.user)
    session = IntakeSession.objects.filter(engagement=engagement, pk=pk).first()
    if session is None:
        raise Http404
    marks = {}
    for participant in session.participants.all():
        value = request.POST.get(f"hadir-{participant.pk}")
        if value in {"1", "0"}:
            marks[participant.pk] = value == "1"
    try:
        changed = sessions.attendance_record(session=session, actor=request.user, marks=marks)
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "Kehadiran dicatat (%(count)s perubahan).",
                "Kehadiran dicatat (%(count)s perubahan).",
                changed,
            )
            % {"count": changed},
        )
    return _back(engagement, f"#sesi-{session.pk}")


@login_required
@require_POST
def intake_held(request, public_id):
    engagement = engagement_for_page(public_id, request.user)
    try:
        engagement = sessions.intake_held(engagement=engagement, actor=request.user)
    except CaseError as error:
        messages.error(request, str(error))
        return _back(engagement, "#intake")
    messages.success(
        request,
        _("Intake dinyatakan selesai pada %(day)s; batas waktu laporan dihitung sejak tanggal ini.")
        % {"day": engagement.intake_held_on.strftime("%d-%m-%Y")},
    )
    return _back(engagement, "#intake")
