"""The asesi's own pages: their participations (session, what is still missing, their
individual report once delivered), the Daftar Riwayat Hidup and the questionnaire, and the
invitation link that sets their password.

Only the asesi themself sees their pages; anyone else (their operator included: they read the
engagement page) gets 404."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assessments.forms.intake import CvForm, QuestionnaireForm
from assessments.models import Participant
from assessments.services import eregistration
from casework.exceptions import CaseError

# The portal's own backend (portal.auth_backends): a session naming the stock class would be
# renamed and saved again on its next request.
LOGIN_BACKEND = "portal.auth_backends.ModelBackend"


def _own_participant(public_id, user) -> Participant:
    participant = (
        Participant.objects.select_related(
            "engagement__institution", "engagement__service__provider", "session"
        )
        .filter(public_id=public_id, account_id=user.pk)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


@login_required
@require_GET
def asesi_home(request):
    participations = list(
        Participant.objects.filter(account_id=request.user.pk)
        .select_related("engagement__institution", "engagement__service__provider", "session")
        .order_by("-added_at")
    )
    rows = [
        {
            "participant": participant,
            "reports": list(participant.reports.filter(delivered_at__isnull=False)),
            "open": eregistration.eregistration_refusal(participant, request.user) is None,
        }
        for participant in participations
    ]
    return render(request, "assessments/asesi/home.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def asesi_cv(request, public_id):
    participant = _own_participant(public_id, request.user)
    refusal = eregistration.eregistration_refusal(participant, request.user)
    if request.method == "POST" and refusal is None:
        form = CvForm(request.POST)
        if form.is_valid():
            try:
                eregistration.cv_submit(
                    participant=participant, actor=request.user, cv=form.as_json()
                )
            except CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Daftar Riwayat Hidup Anda tersimpan."))
                return redirect("assessments_asesi_home")
    else:
        form = CvForm(initial=CvForm.initial_from(participant.cv))
    return render(
        request,
        "assessments/asesi/cv.html",
        {"participant": participant, "form": form, "refusal": refusal},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def asesi_questionnaire(request, public_id):
    participant = _own_participant(public_id, request.user)
    refusal = eregistration.eregistration_refusal(participant, request.user)
    if request.method == "POST" and refusal is None:
        form = QuestionnaireForm(request.POST)
        if form.is_valid():
            try:
                eregistration.questionnaire_submit(
                    participant=participant, actor=request.user, answers=form.cleaned_data
                )
            except CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Jawaban kuesioner Anda tersimpan."))
                return redirect("assessments_asesi_home")
    else:
        form = QuestionnaireForm(initial=participant.questionnaire)
    return render(
        request,
        "assessments/asesi/questionnaire.html",
        {"participant": participant, "form": form, "refusal": refusal},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, uidb64, token):
    """The invitation link: choose a password, then log in to the asesi's home. A wrong or used
    link says so."""
    user = eregistration.invitation_user(uidb64, token)
    if user is None:
        return render(request, "assessments/asesi/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = eregistration.invitation_accept(
                uidb64=uidb64, token=token, password=form.cleaned_data["new_password1"]
            )
        except CaseError:
            return render(request, "assessments/asesi/invitation_invalid.html", status=400)
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(
            request,
            _(
                "Kata sandi tersimpan dan Anda sudah masuk. Lengkapi Daftar Riwayat Hidup dan "
                "kuesioner Anda."
            ),
        )
        return redirect("assessments_asesi_home")
    return render(
        request,
        "assessments/asesi/invitation.html",
        {"form": form, "invited": user},
        status=400 if request.method == "POST" else 200,
    )
