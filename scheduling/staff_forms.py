"""Forms and filters of the scheduling committee's screens. Times are typed in WIB (a date and
clock times, as on an invitation letter) and become aware datetimes in Asia/Jakarta here."""

from collections.abc import Collection
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.catalogue import service_list_examined
from portal.constants import Role
from portal.models import Service
from portal.roles import person_label
from registration.models import Application, User
from registration.selectors import applicant_name
from scheduling.constants import Attendance, SessionMode, SessionStatus
from scheduling.exceptions import SessionInvalid
from scheduling.models import ExamSession, Seat
from scheduling.rosters import applications_awaiting_seat, sessions_accepting
from scheduling.workflow import panel_conflicts

WIB = ZoneInfo("Asia/Jakarta")


def wib_datetime(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=WIB)


def session_label(session: ExamSession) -> str:
    """ "Kamis, 10 Desember 2026 09.00 WIB · Daring" """
    starts = timezone.localtime(session.starts_at, WIB)
    return f"{date_format(starts, 'l, j F Y H.i')} WIB · {session.get_mode_display()}"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


# --- Session list ---------------------------------------------------------------------------


def _services_of(provider_ids: Collection[int]):
    """The services of these providers (those whose committee the reader sits on)."""
    return Service.objects.filter(provider__in=provider_ids)


class SessionFilter(django_filters.FilterSet):
    """The session list's filters, from the query string (?layanan=...&status=open&dari=...).
    `provider_ids`: the providers whose sessions the list shows (their services are offered)."""

    layanan = django_filters.ModelChoiceFilter(
        label=_("Layanan"),
        field_name="service",
        to_field_name="slug",
        queryset=Service.objects.none(),
        empty_label=_("Semua layanan"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=SessionStatus.choices, empty_label=_("Semua status")
    )
    dari = django_filters.DateFilter(
        label=_("Mulai dari tanggal"),
        field_name="starts_at",
        lookup_expr="date__gte",  # the date in Asia/Jakarta, the current time zone
        widget=_date_input(),
    )
    sampai = django_filters.DateFilter(
        label=_("Sampai tanggal"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=_date_input(),
    )

    def __init__(self, *args, provider_ids: Collection[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["layanan"].queryset = _services_of(provider_ids).order_by("name")


# --- Create and edit a session --------------------------------------------------------------


class _ConflictOptions:
    """A choice widget that shows the people `reasons` names ({pk: why}) disabled, the reason
    after their name: the committee sees who may not sit on the panel, and why."""

    reasons: dict[int, str]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        pk = getattr(value, "value", value)
        if pk in getattr(self, "reasons", {}):
            option["attrs"]["disabled"] = True
            option["label"] = _("%(name)s — tidak dapat dipilih: %(reason)s") % {
                "name": label,
                "reason": self.reasons[pk],
            }
        return option


class ConflictCheckboxes(_ConflictOptions, forms.CheckboxSelectMultiple):
    pass


class ConflictSelect(_ConflictOptions, forms.Select):
    pass


class AssessorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return person_label(obj)


class HeadAssessorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return person_label(obj)


def _assessor_queryset(provider_ids: Collection[int]):
    """The people holding the assessor role at one of these providers."""
    return (
        User.objects.filter(staff_roles__role=Role.ASSESSOR, staff_roles__provider__in=provider_ids)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class SessionForm(forms.ModelForm):
    """A session's details: field syntax only. The session's rules (times in order, the
    fields the mode needs, the panel, capacity against seats) are
    scheduling.services.session_save's, checked under the session's lock; the view shows its
    refusal on the fields with add_service_errors."""

    date = forms.DateField(label=_("Tanggal uji"), widget=_date_input())
    start_time = forms.TimeField(label=_("Jam mulai (WIB)"), widget=_time_input())
    end_time = forms.TimeField(label=_("Jam selesai (WIB)"), widget=_time_input())
    booking_opens_date = forms.DateField(label=_("Pemesanan dibuka: tanggal"), widget=_date_input())
    booking_opens_time = forms.TimeField(
        label=_("Pemesanan dibuka: jam (WIB)"), widget=_time_input()
    )
    booking_closes_date = forms.DateField(
        label=_("Pemesanan ditutup: tanggal"), widget=_date_input()
    )
    booking_closes_time = forms.TimeField(
        label=_("Pemesanan ditutup: jam (WIB)"), widget=_time_input()
    )
    assessors = AssessorsField(
        label=_("Asesor"),
        queryset=User.objects.none(),
        required=False,
        widget=ConflictCheckboxes,
    )
    head_assessor = HeadAssessorField(
        label=_("Ketua panel"),
        queryset=User.objects.none(),
        required=False,
        widget=ConflictSelect,
        empty_label=_("— pilih ketua panel —"),
        help_text=_("Salah satu asesor yang dipilih; ia mengumumkan hasil sesi ini."),
    )

    class Meta:
        model = ExamSession
        fields = [
            "service",
            "mode",
            "platform",
            "meeting_link",
            "venue",
            "capacity",
            "assessors",
            "head_assessor",
            "instructions",
        ]
        widgets = {
            "mode": forms.RadioSelect,
            "venue": forms.Textarea(attrs={"rows": 2}),
            "instructions": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "platform": _("Wajib untuk sesi daring, mis. Zoom atau Google Meet."),
            "meeting_link": _("Wajib untuk sesi daring; dikirim kepada peserta."),
            "venue": _("Wajib untuk sesi luring: nama gedung, ruang, dan alamat."),
            "capacity": _("Jumlah kursi peserta."),
        }

    # Where the form shows an error session_save gives for a model field.
    SERVICE_FIELDS = {
        "starts_at": "date",
        "ends_at": "end_time",
        "booking_opens_at": "booking_opens_date",
        "booking_closes_at": "booking_closes_date",
    }

    def __init__(self, *args, provider_ids: Collection[int], **kwargs):
        """`provider_ids`: the providers where the user schedules; their services are offered,
        and their assessors (only the session's provider's once it has a service: whether
        each one may sit on its panel is session_save's rule)."""
        super().__init__(*args, **kwargs)
        # Services holding exams; an inactive one stays selectable for the sessions it has.
        self.fields["service"].queryset = (
            _services_of(provider_ids)
            .filter(Q(pk__in=service_list_examined().values("pk")) | Q(pk=self.instance.service_id))
            .distinct()
            .order_by("name")
        )
        if self.instance.service_id is not None:
            provider_ids = [self.instance.service.provider_id]
        if self.instance.pk:
            self._initial_times()
        self.fields["service"].empty_label = _("— pilih layanan —")
        self.fields["mode"].choices = SessionMode.choices  # no empty choice for radios
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["assessors"].queryset = _assessor_queryset(provider_ids)
        self.fields["head_assessor"].queryset = _assessor_queryset(provider_ids)
        self._panel_conflicts_show()

    def _panel_conflicts_show(self) -> None:
        """The assessors who conflict with a candidate seated in the session, disabled with the
        reason (session_save refuses them whatever is posted)."""
        if not self.instance.pk:
            return
        candidates = [
            seat.application.candidate
            for seat in Seat.objects.filter(session=self.instance, is_active=True).select_related(
                "application__candidate"
            )
        ]
        reasons = panel_conflicts(
            assessors=self.fields["assessors"].queryset, candidates=candidates
        )
        self.fields["assessors"].widget.reasons = reasons
        self.fields["head_assessor"].widget.reasons = reasons

    def _initial_times(self) -> None:
        """The stored UTC times as the WIB date and clock times the form shows."""
        starts, ends, opens, closes = (
            timezone.localtime(value, WIB)
            for value in (
                self.instance.starts_at,
                self.instance.ends_at,
                self.instance.booking_opens_at,
                self.instance.booking_closes_at,
            )
        )
        initial = {
            "date": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "booking_opens_date": opens.date(),
            "booking_opens_time": opens.time(),
            "booking_closes_date": closes.date(),
            "booking_closes_time": closes.time(),
        }
        for name, value in initial.items():
            self.initial.setdefault(name, value)

    def clean_capacity(self) -> int:
        # Syntax only (the model's check constraint would word it badly); the rules against
        # the seats taken are scheduling.services.session_save's.
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(_("Kapasitas sedikitnya 1 kursi."))
        return capacity

    def clean(self) -> dict:
        """The typed WIB dates and clock times as the session's aware datetimes."""
        data = super().clean()
        day = data.get("date")
        if day and data.get("start_time"):
            self.instance.starts_at = wib_datetime(day, data["start_time"])
        if day and data.get("end_time"):
            self.instance.ends_at = wib_datetime(day, data["end_time"])
        if data.get("booking_opens_date") and data.get("booking_opens_time"):
            self.instance.booking_opens_at = wib_datetime(
                data["booking_opens_date"], data["booking_opens_time"]
            )
        if data.get("booking_closes_date") and data.get("booking_closes_time"):
            self.instance.booking_closes_at = wib_datetime(
                data["booking_closes_date"], data["booking_closes_time"]
            )
        return data

    def add_service_errors(self, error: SessionInvalid) -> None:
        """Show session_save's refusal next to the fields it names (what was typed stays)."""
        for name, messages in error.errors.items():
            field = self.SERVICE_FIELDS.get(name, name)
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


# --- Session detail actions -----------------------------------------------------------------


class TransitionForm(forms.Form):
    """One of the status buttons of the session page."""

    to = forms.ChoiceField(choices=SessionStatus.choices, widget=forms.HiddenInput)


class SessionCancelForm(TransitionForm):
    note = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dikirim lewat e-mail kepada setiap peserta sesi ini."),
        error_messages={
            "required": _("Tuliskan alasan pembatalan; alasan ini dikirim kepada setiap peserta.")
        },
    )


# What AwaitingApplicationField's label reads (registration.selectors.applicant_name).
_AWAITING_LABEL_COLUMNS = (
    "pk",
    "verified_at",
    "candidate__nip",
    "candidate__first_name",
    "candidate__last_name",
    "candidate__username",
    "snapshot__name",
    "snapshot__title_prefix",
    "snapshot__title_suffix",
)


class AwaitingApplicationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Application) -> str:
        name = applicant_name(obj)  # as verified: only verified applications wait for a seat
        verified = (
            date_format(timezone.localtime(obj.verified_at, WIB), "j M Y")
            if obj.verified_at
            else "—"
        )
        return _("%(name)s · NIP %(nip)s · terverifikasi %(date)s") % {
            "name": name,
            "nip": obj.candidate.nip or "—",
            "date": verified,
        }


class SeatAssignForm(forms.Form):
    """One verified candidate of the session's service who has no seat yet."""

    application = AwaitingApplicationField(
        label=_("Peserta menunggu jadwal"),
        queryset=Application.objects.none(),
        empty_label=_("— pilih peserta —"),
        error_messages={"invalid_choice": _("Peserta ini tidak lagi menunggu jadwal.")},
    )

    def __init__(self, *args, session: ExamSession, **kwargs):
        super().__init__(*args, **kwargs)
        # Each option's label reads the name, NIP and verification date only: one list of
        # every waiting candidate, so the rest of the application, its snapshot's rank and
        # level and the account are not loaded (half of the session page's CPU).
        self.fields["application"].queryset = (
            applications_awaiting_seat(service=session.service)
            .select_related(None)
            .select_related("candidate", "snapshot")
            .only(*_AWAITING_LABEL_COLUMNS)
        )

    def offer(self, *, search: str = "", page_number=1) -> Page:
        """The page of waiting candidates the field lists (PICKER_PAGE_SIZE, longest waiting
        first), narrowed to a name or NIP when one is searched. Only the list shown is narrowed:
        the field still accepts any candidate waiting for a seat of the session's service."""
        field = self.fields["application"]
        queryset = field.queryset
        if search:
            queryset = queryset.filter(_awaiting_search(search))
        page = Paginator(queryset, PICKER_PAGE_SIZE).get_page(page_number)
        field.choices = [
            ("", field.empty_label),
            *((row.pk, field.label_from_instance(row)) for row in page.object_list),
        ]
        return page


# How many waiting candidates the session page's seat picker lists at a time: a service may
# have hundreds waiting, and one option per candidate made the page grow with them.
PICKER_PAGE_SIZE = 20


def _awaiting_search(search: str) -> Q:
    """A waiting candidate whose verified name contains the text, or whose NIP contains its
    digits (typed with or without the spaces the portal prints NIPs with)."""
    condition = Q(snapshot__name__icontains=search)
    digits = "".join(search.split())
    if digits.isdigit():
        condition |= Q(candidate__nip__contains=digits)
    return condition


class SeatMoveForm(forms.Form):
    to_session = forms.ModelChoiceField(
        label=_("Pindah ke sesi"),
        queryset=ExamSession.objects.none(),
        error_messages={"invalid_choice": _("Pilih sesi tujuan dari daftar.")},
    )

    def __init__(self, *args, session: ExamSession, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the same service; whether the target still accepts is seat_move's decision.
        self.fields["to_session"].queryset = ExamSession.objects.filter(
            service_id=session.service_id
        ).exclude(pk=session.pk)


class SeatReleaseForm(forms.Form):
    note = forms.CharField(
        label=_("Alasan pelepasan kursi"),
        max_length=1000,
        error_messages={
            "required": _("Tuliskan alasan pelepasan kursi; alasan ini dikirim kepada peserta.")
        },
    )


class AttendanceForm(forms.Form):
    """The attendance contract other screens post to: seat, attendance, next."""

    seat = forms.IntegerField(min_value=1)
    attendance = forms.ChoiceField(
        choices=Attendance.choices,
        error_messages={"invalid_choice": _("Pilihan kehadiran tidak dikenal.")},
    )
    next = forms.CharField(required=False, max_length=2000)


# --- Fill automatically ---------------------------------------------------------------------


class AcceptingSessionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ExamSession) -> str:
        return _("%(session)s · %(free)d kursi kosong") % {
            "session": session_label(obj),
            "free": max(obj.seats_free, 0),
        }


class AutofillForm(forms.Form):
    """Which service to fill (one of `provider_ids`' services), and optionally only some of its
    sessions (none ticked = all)."""

    layanan = forms.ModelChoiceField(
        label=_("Layanan"),
        queryset=service_list_examined(),
        to_field_name="slug",
        empty_label=_("— pilih layanan —"),
    )
    sesi = AcceptingSessionsField(
        label=_("Sesi yang diisi"),
        queryset=ExamSession.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan untuk memakai semua sesi yang masih menerima peserta."),
    )

    def __init__(self, *args, provider_ids: Collection[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layanan"].queryset = service_list_examined().filter(provider__in=provider_ids)
        service = self.service_chosen()
        if service is not None:
            self.fields["sesi"].queryset = sessions_accepting(service=service)

    def service_chosen(self) -> Service | None:
        """The service named in the submitted data (the sessions offered depend on it)."""
        slug = self.data.get("layanan") if self.is_bound else None
        if not slug:
            return None
        return self.fields["layanan"].queryset.filter(slug=slug).first()


class AutofillApplyForm(AutofillForm):
    digest = forms.CharField(min_length=64, max_length=64, widget=forms.HiddenInput)
