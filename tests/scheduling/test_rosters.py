"""The roster and the attendance list as downloads (CSV and XLSX), for the committee and the
assessors of that session only, from one query however many seats."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.constants import Role
from registration.constants import ApplicationStatus
from scheduling.constants import Attendance
from scheduling.models import ExamSession, Seat
from scheduling.services import seat_take
from tests.factories import ApplicationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def roster_url(session, fmt: str) -> str:
    return reverse("scheduling_roster_export", args=[session.pk, fmt])


def attendance_list_url(session, fmt: str) -> str:
    return reverse("scheduling_attendance_export", args=[session.pk, fmt])


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def roster(make_session, scheduler, assessor):
    """A session with two seated candidates (Andi and Bunga) and its assessor."""
    session = make_session()
    session.assessors.add(assessor)
    seats = []
    for name, institution in (
        ("Bunga Citra", "Perpustakaan Daerah Provinsi Bali"),
        ("Andi Pratama", "Perpustakaan Nasional RI"),
    ):
        profile = ProfileFactory(name=name, institution=institution, work_unit="Layanan")
        application = ApplicationFactory(candidate=profile.user, status=ApplicationStatus.VERIFIED)
        seats.append(seat_take(session=session, application=application, actor=scheduler))
    return session, seats


def nip_printed(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def test_the_roster_csv_lists_each_candidate_by_name(client, scheduler, roster):
    session, (_bunga, andi) = roster
    client.force_login(scheduler)

    response = client.get(roster_url(session, "csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    header, *rows = csv_rows(response)
    assert header == [
        "No",
        "NIP",
        "Nama",
        "Instansi",
        "Unit kerja",
        "Jenjang yang dituju",
        "E-mail",
        "WhatsApp",
        "Kehadiran",
        "Kursi sejak",
    ]
    assert [row[2] for row in rows] == ["Andi Pratama, S.I.Pust.", "Bunga Citra, S.I.Pust."]
    first = rows[0]
    candidate = andi.application.candidate
    assert first[:4] == ["1", nip_printed(candidate.nip), first[2], "Perpustakaan Nasional RI"]
    assert first[5] == str(andi.application.target_level)
    assert first[6] == candidate.email
    # "+62..." would start a formula in a spreadsheet: neutralised (portal.exports).
    assert first[7] == "'" + candidate.profile.whatsapp
    assert first[9] == timezone.localtime(andi.created_at).strftime("%Y-%m-%d %H:%M")


def test_the_roster_xlsx_has_the_same_rows(client, scheduler, roster):
    session, (_bunga, andi) = roster
    client.force_login(scheduler)

    rows = xlsx_rows(client.get(roster_url(session, "xlsx")))

    assert rows[0][:3] == ["No", "NIP", "Nama"]
    assert [row[2] for row in rows[1:]] == ["Andi Pratama, S.I.Pust.", "Bunga Citra, S.I.Pust."]
    assert rows[2][3] == "Perpustakaan Daerah Provinsi Bali"
    assert rows[1][1] == nip_printed(andi.application.candidate.nip)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_attendance_list_has_an_empty_signature_column(client, scheduler, roster, fmt):
    session, (bunga, _andi) = roster
    ExamSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    Seat.objects.filter(pk=bunga.pk).update(attendance=Attendance.PRESENT)
    client.force_login(scheduler)

    response = client.get(attendance_list_url(session, fmt))

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert list(rows[0]) == ["No", "NIP", "Nama", "Instansi", "Kehadiran", "Tanda tangan"]
    andi_row, bunga_row = rows[1], rows[2]
    assert andi_row[2] == "Andi Pratama, S.I.Pust."
    assert bunga_row[3] == "Perpustakaan Daerah Provinsi Bali"
    assert bunga_row[4] == "Hadir"
    assert andi_row[4] in ("", None)  # not recorded yet
    assert all(row[5] in ("", None) for row in rows[1:])


def test_an_assessor_of_the_session_may_download(client, roster, assessor):
    session, _ = roster
    client.force_login(assessor)

    response = client.get(attendance_list_url(session, "csv"))

    assert response.status_code == 200
    assert len(csv_rows(response)) == 3


@pytest.mark.parametrize("url", [roster_url, attendance_list_url])
def test_an_assessor_of_another_session_gets_404(client, roster, make_user, url):
    session, _ = roster
    client.force_login(make_user("asesor-lain", Role.ASSESSOR))

    assert client.get(url(session, "csv")).status_code == 404
    assert client.get(url(session, "xlsx")).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "verifier"])
def test_other_people_are_refused(client, request, roster, who):
    session, _ = roster
    client.force_login(request.getfixturevalue(who))

    assert client.get(roster_url(session, "csv")).status_code == 403


def test_an_unknown_format_is_not_found(client, scheduler, roster):
    session, _ = roster
    client.force_login(scheduler)

    assert client.get(roster_url(session, "pdf")).status_code == 404
    assert client.get(attendance_list_url(session, "json")).status_code == 404


# Session, user, roles, the session with its counts, the seats with everything in one join.
EXPORT_BUDGET = 5


@pytest.mark.parametrize("seats", [2, 30])
def test_exports_do_not_query_per_row(
    client, scheduler, make_session, django_assert_max_num_queries, seats
):
    session = make_session(capacity=40)
    for _ in range(seats):
        seat_take(
            session=session,
            application=ApplicationFactory(status=ApplicationStatus.VERIFIED),
            actor=scheduler,
        )
    client.force_login(scheduler)

    with django_assert_max_num_queries(EXPORT_BUDGET):
        response = client.get(roster_url(session, "xlsx"))
    with django_assert_max_num_queries(EXPORT_BUDGET):
        client.get(attendance_list_url(session, "csv"))

    assert len(xlsx_rows(response)) == seats + 1
