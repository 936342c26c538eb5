"""Result downloads: one session's results and a period's, published results only, each user
only the sessions they may see."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.constants import Role
from portal.models import CompetencyUnit
from scheduling.constants import Attendance, Outcome, UnitOutcome
from scheduling.models import ExamSession
from scheduling.results import result_amend, result_publish, result_record
from tests.scheduling.test_results import mark, panel_session

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def published_session(
    make_session, scheduler, head, *, assessors=(), outcomes, days_ago=1, unit_outcomes=None
):
    """A session that started `days_ago` days ago whose results (one per outcome) are out."""
    session, seats = panel_session(
        make_session, scheduler, head=head, assessors=assessors, seats=len(outcomes)
    )
    start = timezone.now() - timedelta(days=days_ago)
    ExamSession.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=3)
    )
    session.refresh_from_db()
    for seat, outcome in zip(seats, outcomes, strict=True):
        attendance = Attendance.ABSENT if outcome == Outcome.ABSENT else Attendance.PRESENT
        mark([seat], attendance, head)
        if outcome != Outcome.ABSENT:
            result_record(
                seat=seat,
                actor=head,
                outcome=outcome,
                score=90 if outcome == Outcome.PASSED else 40,
                unit_outcomes=unit_outcomes,
            )
    result_publish(session=session, actor=head)
    return session, seats


@pytest.fixture
def unit(make_session):
    return CompetencyUnit.objects.create(
        service=make_session().service, code="PUS.01", order=1, title="Mengelola koleksi"
    )


def test_the_session_export_lists_published_results_with_unit_columns(
    client, make_session, scheduler, head_assessor, unit
):
    session, (passed, failed, absent) = published_session(
        make_session,
        scheduler,
        head_assessor,
        outcomes=[Outcome.PASSED, Outcome.FAILED, Outcome.ABSENT],
        unit_outcomes={"PUS.01": UnitOutcome.COMPETENT},
    )
    result_amend(
        result=failed.result,
        actor=head_assessor,
        reason="Salah hitung",
        outcome=Outcome.FAILED,
        score=45,
        unit_outcomes={"PUS.01": UnitOutcome.NOT_YET_COMPETENT},
    )
    client.force_login(head_assessor)

    response = client.get(reverse("results_session_export", args=[session.pk, "csv"]))

    header, *rows = csv_rows(response)
    assert header == [
        "Tanggal sesi (WIB)",
        "Layanan",
        "NIP",
        "Nama",
        "Jenjang yang dituju",
        "Hasil",
        "Nilai",
        "PUS.01",
        "Catatan",
        "Diumumkan (WIB)",
        "Diralat",
    ]
    by_nip = {row[2]: row for row in rows}
    assert set(by_nip) == {s.application.candidate.nip for s in (passed, failed, absent)}
    passed_row = by_nip[passed.application.candidate.nip]
    assert passed_row[0] == timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
    assert passed_row[3] == passed.application.candidate.profile.full_name
    assert passed_row[5:8] == ["Lulus", "90.00", "Kompeten"]
    assert passed_row[10] == "Tidak"
    failed_row = by_nip[failed.application.candidate.nip]
    assert failed_row[5:8] == ["Tidak lulus", "45.00", "Belum kompeten"]
    assert failed_row[10] == "Ya"
    assert by_nip[absent.application.candidate.nip][5:8] == ["Tidak hadir", "", ""]


def test_the_session_export_as_xlsx(client, make_session, scheduler, head_assessor, unit):
    session, (passed,) = published_session(
        make_session,
        scheduler,
        head_assessor,
        outcomes=[Outcome.PASSED],
        unit_outcomes={"PUS.01": UnitOutcome.COMPETENT},
    )
    client.force_login(head_assessor)

    response = client.get(reverse("results_session_export", args=[session.pk, "xlsx"]))

    assert response["Content-Disposition"].endswith(f'-sesi-{session.pk}.xlsx"')
    header, row = xlsx_rows(response)
    assert header[7] == "PUS.01"
    assert row[2] == passed.application.candidate.nip
    assert row[5] == "Lulus"
    assert row[6] == 90
    assert row[7] == "Kompeten"


def test_drafts_are_not_exported(client, make_session, scheduler, assessor, head_assessor):
    session, (seat,) = panel_session(
        make_session, scheduler, head=head_assessor, assessors=[assessor], seats=1
    )
    mark([seat], Attendance.PRESENT, assessor)
    result_record(seat=seat, actor=assessor, outcome=Outcome.PASSED)
    client.force_login(assessor)

    response = client.get(reverse("results_session_export", args=[session.pk, "csv"]))

    assert len(csv_rows(response)) == 1  # the header only


def test_an_unknown_format_is_not_found(client, make_session, scheduler, head_assessor):
    session, _ = published_session(
        make_session, scheduler, head_assessor, outcomes=[Outcome.PASSED]
    )
    client.force_login(head_assessor)

    assert client.get(f"/penilaian/sesi/{session.pk}/hasil.pdf").status_code == 404


def test_the_session_export_is_for_its_assessors_and_the_committee(
    client, make_session, scheduler, head_assessor, make_user
):
    session, _ = published_session(
        make_session, scheduler, head_assessor, outcomes=[Outcome.PASSED]
    )
    url = reverse("results_session_export", args=[session.pk, "csv"])

    client.force_login(make_user("asesor-lain", Role.ASSESSOR))
    assert client.get(url).status_code == 404
    client.force_login(make_user("verifikator", Role.VERIFIER))
    assert client.get(url).status_code == 403
    client.force_login(scheduler)
    assert len(csv_rows(client.get(url))) == 2


@pytest.fixture
def two_panels(make_session, scheduler, assessor, head_assessor, make_user):
    """Three published sessions: two of the assessor's (10 and 3 days ago), one not (3 days)."""
    other_head = make_user("ketua-lain", Role.ASSESSOR)
    old, _ = published_session(
        make_session,
        scheduler,
        head_assessor,
        assessors=[assessor],
        outcomes=[Outcome.PASSED],
        days_ago=10,
    )
    recent, _ = published_session(
        make_session,
        scheduler,
        head_assessor,
        assessors=[assessor],
        outcomes=[Outcome.PASSED, Outcome.FAILED],
        days_ago=3,
    )
    foreign, _ = published_session(
        make_session, scheduler, other_head, outcomes=[Outcome.FAILED], days_ago=3
    )
    return old, recent, foreign


def period(days_from: int, days_until: int, fmt: str = "csv") -> dict:
    today = timezone.localdate()
    return {
        "dari": (today - timedelta(days=days_from)).isoformat(),
        "sampai": (today - timedelta(days=days_until)).isoformat(),
        "format": fmt,
    }


def test_the_period_export_gives_an_assessor_only_their_sessions_in_the_period(
    client, two_panels, assessor
):
    _old, recent, _foreign = two_panels
    client.force_login(assessor)

    response = client.get(reverse("results_period_export"), period(5, 0))

    header, *rows = csv_rows(response)
    assert "PUS.01" not in header
    assert header[-1] == "Diralat"
    expected = {seat.application.candidate.nip for seat in recent.seats.all()}
    assert {row[2] for row in rows} == expected


def test_the_period_export_gives_the_committee_every_session(client, two_panels, scheduler):
    old, recent, foreign = two_panels
    client.force_login(scheduler)

    response = client.get(reverse("results_period_export"), period(30, 0, "xlsx"))

    _header, *rows = xlsx_rows(response)
    expected = {
        seat.application.candidate.nip
        for session in (old, recent, foreign)
        for seat in session.seats.all()
    }
    assert {row[2] for row in rows} == expected


def test_the_period_export_reads_its_rows_in_the_same_queries_however_many(
    client, make_session, scheduler, head_assessor
):
    client.force_login(head_assessor)

    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("results_period_export"), period(5, 0))
        assert response.status_code == 200
        return len(queries)

    published_session(make_session, scheduler, head_assessor, outcomes=[Outcome.PASSED])
    one = queries_for_export()
    published_session(
        make_session,
        scheduler,
        head_assessor,
        outcomes=[Outcome.PASSED, Outcome.FAILED, Outcome.ABSENT],
    )
    four = queries_for_export()

    assert one == four


def test_without_parameters_the_period_export_shows_its_form(client, assessor):
    client.force_login(assessor)

    response = client.get(reverse("results_period_export"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Rekap hasil uji per periode" in page
    assert 'name="dari"' in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"dari": "01-12-2026", "sampai": "2026-12-31", "format": "csv"}, "TTTT-BB-HH"),
        (
            {"dari": "2026-12-31", "sampai": "2026-12-01", "format": "csv"},
            "Tanggal akhir tidak boleh sebelum tanggal awal.",
        ),
        ({"dari": "2026-12-01", "sampai": "2026-12-31", "format": "pdf"}, "Pilih CSV atau XLSX."),
    ],
    ids=["bad-date", "reversed", "bad-format"],
)
def test_invalid_period_parameters_are_explained(client, assessor, params, message):
    client.force_login(assessor)

    response = client.get(reverse("results_period_export"), params)

    assert response.status_code == 400
    assert message in response.content.decode()
