"""The results roster's seat cards, written in Python: templates/scheduling/results/seat.html was
included once per seat (50 on a session), some 60 variable lookups and tags each, about a third
of the page's CPU (issue 19). A card with a form in it (the attendance buttons, a result or a
correction form) or with amendments to list still goes through the template; the others, most
of a session's history once its results are published, are written here with the bytes the
template wrote, white space included (tests/scheduling/test_roster_cards.py renders the template
against this for each state of a card, in both languages)."""

from django.template.defaultfilters import floatformat, linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.cells import text
from registration.nip import format_nip
from scheduling.constants import Attendance, Outcome, ResultStatus


def _name(application) -> str:
    """{{ data.full_name|default:candidate.get_full_name|default:candidate.username }}."""
    snapshot = application.snapshot
    candidate = application.candidate
    return text(
        (snapshot.full_name if snapshot is not None else "")
        or candidate.get_full_name()
        or candidate.username
    )


def _attendance_badge(attendance: str) -> str:
    if attendance == Attendance.PRESENT:
        return f'<span class="badge badge--success">{gettext("Hadir")}</span>\n    '
    if attendance == Attendance.ABSENT:
        return f'<span class="badge badge--danger">{gettext("Tidak hadir")}</span>\n    '
    return f'<span class="badge">{gettext("Kehadiran belum dicatat")}</span>'


def _conflict(reason) -> str:
    if not reason:
        return ""
    said = gettext(
        "%(reason)s. Hasil peserta ini dicatat dan diralat asesor lain pada sesi ini."
    ) % {"reason": text(reason)}
    return (
        '\n    <div class="alert alert--warning" role="note">\n'
        f'      <p class="alert__title">{gettext("Konflik kepentingan:")}</p>\n'
        f"      <p>{said}</p>\n"
        "    </div>\n  "
    )


def _result(result, units) -> str:
    if result is None:
        return ""
    if result.status == ResultStatus.DRAFT:
        heading = f'{gettext("Hasil")} <span class="badge badge--warning">{gettext("Draf")}</span>'
    else:
        heading = gettext("Hasil diumumkan")
    badge = {Outcome.PASSED: " badge--success", Outcome.FAILED: " badge--danger"}.get(
        result.outcome, ""
    )
    score = ""
    if result.score is not None:
        score = (
            f"<div><dt>{gettext('Nilai')}</dt><dd>{text(floatformat(result.score, -2))}</dd></div>"
        )
    notes = ""
    if result.notes:
        notes = (
            f"<div><dt>{gettext('Catatan')}</dt>"
            f"<dd>{linebreaksbr(result.notes, autoescape=True)}</dd></div>"
        )
    unit_rows = "".join(
        f"<div><dt>{text(unit.code)} {text(unit.title)}</dt><dd>{text(label)}</dd></div>"
        for unit, label in units
    )
    return (
        '\n    <div class="doc-review__panel">\n'
        f"      <h3>{heading}</h3>\n"
        '      <dl class="data-list">\n'
        f'        <div><dt>{gettext("Hasil")}</dt><dd><span class="badge{badge}">'
        f"{text(result.get_outcome_display())}</span></dd></div>\n"
        f"        {score}\n"
        f"        {unit_rows}\n"
        f"        {notes}\n"
        "      </dl>\n"
        "    </div>\n  "
    )


def _last(row, *, published: bool, started: bool) -> str:
    attendance = row["seat"].attendance
    if row["amend_url"]:
        return (
            f'\n    <p class="doc-review__form"><a href="{text(row["amend_url"])}">'
            f"{gettext('Ralat hasil ini')}</a></p>\n  "
        )
    if not published and started and attendance == Attendance.ABSENT:
        said = gettext(
            "Peserta yang tidak hadir tidak perlu diisi hasilnya; saat diumumkan ia tercatat "
            "“Tidak hadir” dan dapat memilih sesi baru."
        )
        return f'\n    <p class="muted small">{said}</p>\n  '
    if not published and started and not attendance:
        said = gettext("Catat kehadiran peserta ini terlebih dahulu, baru isi hasilnya.")
        return f'\n    <p class="muted small">{said}</p>\n  '
    return ""


def seat_card_html(row: dict, *, published: bool, started: bool) -> SafeString | None:
    """What `{% include "scheduling/results/seat.html" %}` wrote for a row of
    scheduling.result_views._render_session, or None when the row holds a form or amendments
    (the template writes those)."""
    if row["form"] or row["attendance_markable"] or row["amendments"]:
        return None
    seat = row["seat"]
    application = seat.application
    pk = seat.pk
    level = gettext("Jenjang yang dituju: %(level)s") % {
        "level": text(str(application.target_level))
    }
    nip = application.candidate.nip
    return mark_safe(  # noqa: S308 -- every value escaped above
        "\n\n"
        f'<section class="card" id="kursi-{pk}" aria-labelledby="kursi-{pk}-nama">\n'
        f'  <h2 id="kursi-{pk}-nama" class="status-heading">{_name(application)}</h2>\n'
        '  <p class="review-header__meta">\n'
        f'    <span class="mono">{text(format_nip(nip)) if nip else ""}</span>\n'
        f"    <span>{level}</span>\n"
        f"    {_attendance_badge(seat.attendance)}\n"
        "  </p>\n\n"
        f"  {_conflict(row['conflict'])}\n\n"
        "  \n\n"
        f"  {_result(row['result'], row['units'])}\n\n"
        "  \n\n"
        f"  {_last(row, published=published, started=started)}\n"
        "</section>\n\n"
    )
