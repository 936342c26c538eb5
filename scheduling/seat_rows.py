"""The committee's session page's seat table rows, written in Python: the template loop they
replaced (a row per seat, with its attendance buttons and its move and release forms, the list
of sessions to move to written again in every row) was most of the heaviest staff page's CPU
(issue 19). The HTML is what that loop wrote, white space included:
tests/scheduling/test_seat_rows.py renders both (session_seats_reference.html, kept there as it
was), in both languages.

What is the same in every row is written once per page: the translated labels, the addresses
(reversed once, the seat's id put in), the CSRF field and the options of the move list."""

from django.core.exceptions import ObjectDoesNotExist
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.cells import (
    csrf_field,
    day_month_year,
    hour_minute,
    short_weekday_day_month_year,
    text,
)
from portal.choices import choice_labels
from registration.nip import format_nip
from scheduling.constants import Attendance, SessionMode

_MARKER = 999999999
# The loop's indentation in templates/scheduling/staff/session_detail.html, by depth.
_I = {depth: "\n" + " " * depth for depth in range(16, 40, 2)}


def _day_time(value, *, weekday: bool = False) -> str:
    """{{ value|date:"j M Y H.i" }}, or "D, j M Y H.i" with the weekday (the filter reads an
    aware value in the current time zone)."""
    local = template_localtime(value)
    day = short_weekday_day_month_year(local) if weekday else day_month_year(local)
    return f"{day} {hour_minute(local)}"


class SeatRows:
    """The rows of one session page's seat table; `html(seats)` writes them."""

    def __init__(
        self,
        *,
        session,
        path: str,
        csrf_token,
        can_change_seats: bool,
        can_mark_attendance: bool,
        move_targets,
        context,
    ):
        self.context = context
        self.movable = can_change_seats
        self.actions = can_change_seats or can_mark_attendance
        self.csrf = csrf_field(csrf_token)
        self.attendance_labels = choice_labels(Attendance.choices)
        self.inactive_badge = (
            f'<br><span class="badge">{text(_("Kursi tidak berlaku lagi"))}</span>'
        )
        self.wa = text(_("WA"))
        self.not_recorded = f'<span class="muted">{text(_("Belum dicatat"))}</span>'
        self.attendance_form = self._attendance_form(session, path)
        self.move_url = reverse("scheduling_seat_move", args=[session.pk, _MARKER])
        self.release_url = reverse("scheduling_seat_release", args=[session.pk, _MARKER])
        self.move_options = self._move_options(move_targets)
        self.has_targets = bool(move_targets)

    def html(self, seats) -> SafeString:
        """What `{% for seat in seats %}...{% endfor %}` wrote inside the table's body."""
        rows = "".join([self._row(number, seat) for number, seat in enumerate(seats, 1)])
        return mark_safe(rows)  # noqa: S308 - every value in it is escaped

    # --- Once per page ------------------------------------------------------------------

    def _attendance_form(self, session, path: str) -> tuple[str, str]:
        """The attendance form before and after the seat's id, its buttons left to the row."""
        action = conditional_escape(reverse("scheduling_attendance", args=[session.pk]))
        before = (
            f'<form method="post" action="{action}" class="btn-row">'
            f"{_I[28]}{self.csrf}"
            f'{_I[28]}<input type="hidden" name="seat" value="'
        )
        path = conditional_escape(path)
        after = f'">{_I[28]}<input type="hidden" name="next" value="{path}#peserta">'
        return before, after

    def _move_options(self, targets) -> str:
        if not targets:
            return ""
        mode_labels = choice_labels(SessionMode.choices)
        options = []
        for target in targets:
            free = render_value_in_context(target.seats_free, self.context)
            count = ngettext("%(free)s kursi kosong", "%(free)s kursi kosong", target.seats_free)
            mode = conditional_escape(mode_labels.get(target.mode, target.mode))
            options.append(
                f"{_I[38]}"
                f'<option value="{render_value_in_context(target.pk, self.context)}">'
                f"{_day_time(target.starts_at, weekday=True)} WIB · {mode} · "
                f"{count % {'free': free}}</option>"
                f"{_I[36]}"
            )
        return "".join(options)

    # --- Per seat -----------------------------------------------------------------------

    def _row(self, number: int, seat) -> str:
        application = seat.application
        candidate = application.candidate
        data = application.snapshot
        try:
            profile = candidate.profile
        except ObjectDoesNotExist:
            profile = None
        active = seat.is_active
        name = (data.full_name if data else "") or candidate.get_full_name() or candidate.username
        institution = conditional_escape(data.institution) if data else ""
        work_unit = (
            f'<br><span class="muted small">{conditional_escape(data.work_unit)}</span>'
            if data and data.work_unit
            else ""
        )
        whatsapp = profile.whatsapp if profile is not None else ""
        contact = conditional_escape(candidate.email) + (
            f"<br>{self.wa} {conditional_escape(whatsapp)}" if whatsapp else ""
        )
        nip = conditional_escape(format_nip(candidate.nip)) if candidate.nip else ""
        taken = template_localtime(seat.created_at)
        return (
            f"{_I[18]}{_I[18]}"
            f"<tr{'' if active else ' class="muted"'}>"
            f"{_I[20]}<td>{number}</td>"
            f'{_I[20]}<td class="mono nowrap">{nip}</td>'
            f"{_I[20]}<td>"
            f"{_I[22]}{conditional_escape(name)}"
            f"{_I[22]}{'' if active else self.inactive_badge}"
            f"{_I[20]}</td>"
            f"{_I[20]}<td>{institution}{work_unit}</td>"
            f"{_I[20]}<td>{conditional_escape(str(application.target_level))}</td>"
            f'{_I[20]}<td class="small">{contact}</td>'
            f"{_I[20]}<td>"
            f"{_I[22]}{self._attendance(seat)}"
            f"{_I[20]}</td>"
            f'{_I[20]}<td class="nowrap small"><time datetime="{taken.isoformat()}">'
            f"{day_month_year(taken)} {hour_minute(taken)}</time></td>"
            f"{_I[20]}{self._actions(seat) if self.actions else ''}"
            f"{_I[18]}</tr>"
            f"{_I[18]}{_I[16]}"
        )

    def _attendance(self, seat) -> str:
        if seat.attendance == Attendance.PRESENT:
            label = conditional_escape(self.attendance_labels.get(seat.attendance))
            return f'<span class="badge badge--success">{label}</span>{_I[22]}'
        if seat.attendance == Attendance.ABSENT:
            label = conditional_escape(self.attendance_labels.get(seat.attendance))
            return f'<span class="badge badge--danger">{label}</span>{_I[22]}'
        return self.not_recorded

    def _actions(self, seat) -> str:
        return (
            f"{_I[22]}<td>"
            f"{_I[24]}{self._attendance_buttons(seat) if seat.attendance_markable else ''}"
            f"{_I[24]}{self._move_and_release(seat) if seat.is_active and self.movable else ''}"
            f"{_I[22]}</td>"
            f"{_I[20]}"
        )

    def _attendance_buttons(self, seat) -> str:
        before, after = self.attendance_form
        present = seat.attendance == Attendance.PRESENT
        absent = seat.attendance == Attendance.ABSENT
        return (
            f"{_I[26]}{before}{seat.pk}{after}"
            f'{_I[28]}<button type="submit" name="attendance" value="present" class="btn btn--small'
            f'{"" if present else " btn--secondary"}"{' aria-pressed="true"' if present else ""}>'
            f"{text(_('Hadir'))}</button>"
            f'{_I[28]}<button type="submit" name="attendance" value="absent" class="btn btn--small'
            f'{"" if absent else " btn--secondary"}"{' aria-pressed="true"' if absent else ""}>'
            f"{text(_('Tidak hadir'))}</button>"
            f"{_I[26]}</form>"
            f"{_I[24]}"
        )

    def _move_and_release(self, seat) -> str:
        pk = str(seat.pk)
        move_url = conditional_escape(self.move_url.replace(str(_MARKER), pk))
        release_url = conditional_escape(self.release_url.replace(str(_MARKER), pk))
        if self.has_targets:
            move = (
                f'{_I[30]}<form method="post" action="{move_url}" class="form">'
                f"{_I[32]}{self.csrf}"
                f'{_I[32]}<div class="field">'
                f'{_I[34]}<label class="field__label" for="pindah-{pk}">'
                f"{text(_('Pindah ke sesi'))}</label>"
                f'{_I[34]}<select name="to_session" id="pindah-{pk}" required>'
                f"{_I[36]}{self.move_options}"
                f"{_I[34]}</select>"
                f"{_I[32]}</div>"
                f'{_I[32]}<button type="submit" class="btn btn--small btn--secondary">'
                f"{text(_('Pindahkan'))}</button>"
                f"{_I[30]}</form>"
                f"{_I[28]}"
            )
        else:
            move = (
                f'{_I[30]}<p class="small muted">'
                f"{text(_('Tidak ada sesi lain layanan ini yang masih punya kursi kosong.'))}</p>"
                f"{_I[28]}"
            )
        return (
            f"{_I[26]}<details>"
            f"{_I[28]}<summary>{text(_('Pindah atau lepas'))}</summary>"
            f"{_I[28]}{move}"
            f'{_I[28]}<form method="post" action="{release_url}" class="form">'
            f"{_I[30]}{self.csrf}"
            f'{_I[30]}<div class="field">'
            f'{_I[32]}<label class="field__label" for="lepas-{pk}">'
            f"{text(_('Alasan pelepasan kursi'))}</label>"
            f'{_I[32]}<div class="field__hint" id="lepas-{pk}-hint">'
            f"{text(_('Dikirim kepada peserta; peserta kembali menunggu jadwal.'))}</div>"
            f'{_I[32]}<input type="text" name="note" id="lepas-{pk}" maxlength="1000" required '
            f'aria-describedby="lepas-{pk}-hint">'
            f"{_I[30]}</div>"
            f'{_I[30]}<button type="submit" class="btn btn--small btn--danger">'
            f"{text(_('Lepas kursi'))}</button>"
            f"{_I[28]}</form>"
            f"{_I[26]}</details>"
            f"{_I[24]}"
        )
