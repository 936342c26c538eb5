"""The candidate's exam schedule: choose a session, move to another, or give the seat back.
No URL carries an application or seat id: both are always the logged-in candidate's own, and
a session id from a form is looked up among the sessions of the candidate's service only.
Every action is one call to scheduling.services; its refusals are shown as messages."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.catalogue import service_get_by_flow
from portal.constants import OnlineFlow
from portal.models import Service
from portal.providers import page_service_set
from registration.access import candidate_required
from registration.selectors import application_current, application_current_status
from scheduling import services
from scheduling.candidate_selectors import (
    candidate_picks,
    schedule_overview,
    seat_changeable,
    seat_current,
)
from scheduling.exceptions import AlreadySeated, SchedulingError
from scheduling.models import ExamSession, SeatOffer


class SessionChoiceForm(forms.Form):
    """The session picked from the list: only a session of the candidate's own service."""

    session = forms.ModelChoiceField(
        queryset=ExamSession.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Sesi yang dipilih tidak ditemukan.")},
    )

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = ExamSession.objects.filter(service=service)


class SeatReleaseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, reason_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = reason_required
        field.error_messages["required"] = _("Tuliskan alasan Anda meminta jadwal ulang.")
        if reason_required:
            field.help_text = _("Panitia membaca alasan ini saat menetapkan jadwal baru.")
        else:
            field.help_text = _("Boleh dikosongkan.")


class OfferAcceptForm(forms.Form):
    """The offer the candidate saw: only one of their own open offers (a stale page, where the
    offer has moved on, is told so instead of accepting another)."""

    offer = forms.ModelChoiceField(
        queryset=SeatOffer.objects.none(),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Tawaran kursi ini sudah tidak berlaku. Lihat keadaan terbaru di bawah ini."
            )
        },
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = SeatOffer.objects.filter(entry__application=application)


def _service() -> Service:
    try:
        return service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    except Service.DoesNotExist:
        raise Http404 from None  # the service is switched off


def _when(session: ExamSession) -> str:
    return date_format(timezone.localtime(session.starts_at), "l, j F Y, H.i") + " WIB"


def _application_or_message(request, service: Service):
    """The candidate's current application for the service; None, with the message saying what
    to do first, when there is none (the caller returns to the schedule)."""
    application = application_current(candidate=request.user, service=service)
    if application is None:
        messages.error(request, _("Buat dan ajukan pengajuan terlebih dahulu."))
    return application


def _first_error(form: forms.Form) -> str:
    return next(iter(form.errors.values()))[0]


@candidate_required
@require_safe
def exam_schedule(request):
    service = _service()
    page_service_set(request, service)
    # The page reads the application's status only (and its ids).
    application = application_current_status(candidate=request.user, service=service)
    return render(
        request,
        "scheduling/candidate/schedule.html",
        schedule_overview(service=service, application=application),
    )


@candidate_required
@require_POST
def exam_seat_take(request):
    """ "Pilih sesi ini". A second click (or a second tab) finds the seat already taken and is
    told so: the application never gets two seats (the service checks under a lock)."""
    service = _service()
    application = _application_or_message(request, service)
    if application is None:
        return redirect("exam_schedule")
    form = SessionChoiceForm(request.POST, service=service)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("exam_schedule")
    session = form.cleaned_data["session"]
    try:
        services.seat_take(session=session, application=application, actor=request.user)
    except AlreadySeated:
        messages.info(
            request,
            _("Anda sudah mendapat kursi. Untuk pindah sesi, gunakan “Ganti jadwal”."),
        )
        return redirect("exam_schedule")
    except SchedulingError as exc:
        messages.error(request, exc.message)
        return redirect("exam_schedule")
    messages.success(
        request,
        _("Kursi Anda pada sesi %(when)s tersimpan. Undangan dikirim ke e-mail Anda.")
        % {"when": _when(session)},
    )
    return redirect("dashboard")


def _own_seat(request):
    """The candidate's service and active seat; None for the seat when there is none."""
    service = _service()
    application = application_current(candidate=request.user, service=service)
    seat = seat_current(application=application) if application is not None else None
    return service, seat


@candidate_required
@require_POST
def exam_seat_move(request):
    service, seat = _own_seat(request)
    if seat is None:
        messages.error(request, _("Anda belum memiliki kursi pada sesi ujian."))
        return redirect("exam_schedule")
    form = SessionChoiceForm(request.POST, service=service)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("exam_schedule")
    target = form.cleaned_data["session"]
    if target.pk == seat.session_id:
        messages.info(request, _("Anda sudah terdaftar pada sesi ini."))
        return redirect("exam_schedule")
    try:
        services.seat_move(seat=seat, to_session=target, actor=request.user)
    except SchedulingError as exc:
        messages.error(request, exc.message)
        return redirect("exam_schedule")
    messages.success(
        request,
        _("Jadwal ujian Anda dipindah ke %(when)s. Undangan di kalender Anda diperbarui.")
        % {"when": _when(target)},
    )
    return redirect("dashboard")


@candidate_required
@require_http_methods(["GET", "POST"])
def exam_seat_release(request):
    """GET: confirm giving the seat back. POST: give it back. Where the committee assigns
    sessions this is a request for a new schedule, and the reason is required."""
    service, seat = _own_seat(request)
    if seat is None:
        messages.info(request, _("Anda belum memiliki kursi pada sesi ujian."))
        return redirect("exam_schedule")
    committee = not candidate_picks(service)
    form = SeatReleaseForm(request.POST or None, reason_required=committee)
    if request.method == "GET" and not seat_changeable(seat=seat):
        messages.info(
            request, _("Jadwal sudah tidak dapat diubah. Hubungi panitia bila berhalangan.")
        )
        return redirect("exam_schedule")
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"].strip()
        if committee:
            note = _("Peserta meminta jadwal ulang: %(reason)s") % {"reason": reason}
        else:
            note = _("Alasan peserta: %(reason)s") % {"reason": reason} if reason else ""
        try:
            services.seat_release(seat=seat, actor=request.user, note=note)
        except SchedulingError as exc:
            messages.error(request, exc.message)
            return redirect("exam_schedule")
        if committee:
            done = _(
                "Permintaan jadwal ulang terkirim. Panitia akan menetapkan jadwal baru dan "
                "memberi tahu Anda lewat e-mail."
            )
        else:
            done = _("Kursi Anda dibatalkan. Silakan pilih sesi lain bila sudah siap.")
        messages.success(request, done)
        return redirect("exam_schedule")
    page_service_set(request, service)
    return render(
        request,
        "scheduling/candidate/release.html",
        {"seat": seat, "form": form, "committee": committee, "service": service},
        status=400 if form.is_bound else 200,
    )


# --- The waiting list ---------------------------------------------------------------------------


@candidate_required
@require_POST
def exam_waitlist_join(request):
    """ "Masuk daftar tunggu", when every open session is full. A second click keeps the one
    entry (the service returns it)."""
    service = _service()
    application = _application_or_message(request, service)
    if application is None:
        return redirect("exam_schedule")
    try:
        services.waitlist_join(application=application, actor=request.user)
    except SchedulingError as exc:
        messages.error(request, exc.message)
        return redirect("exam_schedule")
    messages.success(
        request,
        _(
            "Anda masuk daftar tunggu. Bila ada kursi kosong, kami menawarkannya kepada Anda "
            "lewat e-mail sesuai urutan."
        ),
    )
    return redirect("exam_schedule")


@candidate_required
@require_POST
def exam_waitlist_leave(request):
    service = _service()
    application = application_current(candidate=request.user, service=service)
    left = application is not None and services.waitlist_leave(
        application=application, actor=request.user
    )
    if left:
        messages.success(request, _("Anda keluar dari daftar tunggu."))
    else:
        messages.info(request, _("Anda tidak sedang berada di daftar tunggu."))
    return redirect("exam_schedule")


@candidate_required
@require_POST
def exam_offer_accept(request):
    """ "Terima kursi ini": the seat the waiting list offered, through the same service path as
    choosing a session. A second click is told the seat is already theirs."""
    service = _service()
    application = _application_or_message(request, service)
    if application is None:
        return redirect("exam_schedule")
    form = OfferAcceptForm(request.POST, application=application)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("exam_schedule")
    offer = form.cleaned_data["offer"]
    try:
        services.waitlist_offer_accept(offer=offer, actor=request.user)
    except AlreadySeated as exc:
        messages.info(request, exc.message)
        return redirect("dashboard")
    except SchedulingError as exc:
        messages.error(request, exc.message)
        return redirect("exam_schedule")
    messages.success(
        request,
        _("Kursi Anda pada sesi %(when)s tersimpan. Undangan dikirim ke e-mail Anda.")
        % {"when": _when(offer.session)},
    )
    return redirect("dashboard")
