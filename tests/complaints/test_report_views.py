"""The complaint report pages: the team's page with its XLSX, CSV and PDF downloads, and the
public "Laporan Pengaduan", which shows figures and never anything of a complaint itself."""

import csv
import io
import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from complaints.constants import Channel, ComplaintKind, ComplaintStatus
from complaints.models import Complaint
from complaints.reports import last_full_month
from portal.constants import Role
from portal.models import Service
from tests.factories import SERVICE_SLUG

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
STAFF_URL = "/pengaduan/laporan/staf/"
PUBLIC_URL = "/pengaduan/laporan/"
MAY = {"dari": "2025-05-01", "sampai": "2025-05-31"}

# What a reporter wrote or who they are: none of it may appear on a public page or download.
PERSONAL = {
    "subject": "Petugas loket tidak ramah",
    "description": "Saya dibentak di loket pada hari Senin.",
    "reporter_name": "Siti Aminah",
    "reporter_email": "siti.aminah@example.test",
    "reporter_phone": "081234567890",
}

_codes = itertools.count(1)


def complaint(received_at: datetime, **fields) -> Complaint:
    values = {
        "tracking_code": f"ADU-LAPR-{next(_codes):04d}",
        "kind": ComplaintKind.COMPLAINT,
        "subject": "Judul",
        "description": "Uraian",
        "received_at": received_at,
        **fields,
    }
    return Complaint.objects.create(**values)


@pytest.fixture
def handler(make_user):
    return make_user("pengelola-pengaduan", Role.COMPLAINT_HANDLER)


@pytest.fixture
def handler_client(client, handler):
    client.force_login(handler)
    return client


@pytest.fixture
def librarian_service():
    return Service.objects.get(slug=SERVICE_SLUG)


@pytest.fixture
def may(librarian_service):
    """Three complaints in May 2025 (one confidential, one anonymous) and one in June."""
    return [
        complaint(
            datetime(2025, 5, 5, 9, tzinfo=WIB),
            service=librarian_service,
            channel=Channel.PORTAL,
            status=ComplaintStatus.CLOSED,
            verified_at=datetime(2025, 5, 6, 9, tzinfo=WIB),
            first_answered_at=datetime(2025, 5, 7, 9, tzinfo=WIB),
            closed_at=datetime(2025, 5, 9, 9, tzinfo=WIB),
            **PERSONAL,
        ),
        complaint(
            datetime(2025, 5, 14, 9, tzinfo=WIB),
            kind=ComplaintKind.INFORMATION,
            channel=Channel.EMAIL,
            confidential=True,
            subject="Rahasia: dugaan pungutan liar",
            reporter_name="Andi Wijaya",
            reporter_email="andi@example.test",
        ),
        complaint(
            datetime(2025, 5, 20, 9, tzinfo=WIB),
            channel=Channel.LAPOR,
            external_reference="LAPOR-2025-778899",
            anonymous=True,
            reporter_name="Dewi Lestari",
        ),
        complaint(datetime(2025, 6, 2, 9, tzinfo=WIB), channel=Channel.CHAT),
    ]


def _secrets(complaints: list[Complaint]) -> list[str]:
    secrets = [complaint.tracking_code for complaint in complaints]
    secrets += [
        value
        for complaint in complaints
        for value in (
            complaint.subject,
            complaint.reporter_name,
            complaint.reporter_email,
            complaint.reporter_phone,
            complaint.external_reference,
        )
        if value not in ("", "Judul")
    ]
    return [*secrets, PERSONAL["description"]]


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- Staff page ------------------------------------------------------------------------------


def test_handler_sees_the_figures_of_the_period(handler_client, may):
    response = handler_client.get(STAFF_URL, MAY)

    assert response.status_code == 200
    report = response.context["report"]
    assert report.total == 3
    assert dict(report.by_kind) == {
        "Pengaduan": 2,
        "Aspirasi / saran": 0,
        "Permintaan informasi": 1,
    }
    html = response.content.decode()
    assert '<dd data-figure="total">3</dd>' in html
    assert "SP4N-LAPOR!" in html


def test_staff_page_shows_this_month_when_no_period_is_asked(handler_client, may):
    today = timezone.localdate()
    complaint(timezone.now(), channel=Channel.CHAT)

    response = handler_client.get(STAFF_URL)

    report = response.context["report"]
    assert (report.start, report.end.month) == (today.replace(day=1), today.month)
    assert report.total == 1


def test_staff_page_filters_by_service(handler_client, may, librarian_service):
    response = handler_client.get(STAFF_URL, {**MAY, "layanan": librarian_service.slug})

    assert response.context["report"].total == 1
    assert response.context["report"].service == librarian_service


def test_administrator_may_read_the_report(client, administrator, may):
    client.force_login(administrator)

    assert client.get(STAFF_URL, MAY).status_code == 200


def test_other_staff_are_refused(client, verifier):
    client.force_login(verifier)

    assert client.get(STAFF_URL).status_code == 403
    assert client.get(f"{STAFF_URL}unduh/csv/", MAY).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(STAFF_URL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_end_before_the_start_is_refused(handler_client):
    response = handler_client.get(STAFF_URL, {"dari": "2025-05-31", "sampai": "2025-05-01"})

    assert response.status_code == 400
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()
    assert response.context["report"] is None


def test_staff_page_takes_the_same_queries_for_many_complaints(handler_client, may):
    handler_client.get(STAFF_URL, MAY)  # warm the session and the user
    with CaptureQueriesContext(connection) as few:
        handler_client.get(STAFF_URL, MAY)
    for day in range(1, 29):
        complaint(
            datetime(2025, 5, day, 9, tzinfo=WIB),
            channel=Channel.X,
            closed_at=datetime(2025, 5, day, 15, tzinfo=WIB),
        )
    with CaptureQueriesContext(connection) as many:
        response = handler_client.get(STAFF_URL, MAY)

    assert response.context["report"].total == 31
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Downloads -------------------------------------------------------------------------------


def test_csv_download_holds_every_figure(handler_client, may):
    response = handler_client.get(f"{STAFF_URL}unduh/csv/", MAY)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="laporan-pengaduan-2025-05-01-2025-05-31.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Kategori", "Nilai", "Jumlah"]
    assert ["Periode", "1 Mei 2025 s.d. 31 Mei 2025", ""] in rows
    assert ["Ringkasan", "Pengaduan diterima", "3"] in rows
    assert ["Jenis", "Permintaan informasi", "1"] in rows
    assert ["Saluran", "SP4N-LAPOR!", "1"] in rows
    assert ["Status saat ini", "Selesai", "1"] in rows


def test_xlsx_download_opens_with_the_same_figures(handler_client, may, librarian_service):
    response = handler_client.get(
        f"{STAFF_URL}unduh/xlsx/", {**MAY, "layanan": librarian_service.slug}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{SERVICE_SLUG}.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Kategori", "Nilai", "Jumlah")
    assert ("Layanan", librarian_service.name, None) in rows
    assert ("Ringkasan", "Pengaduan diterima", 1) in rows
    assert ("Layanan", librarian_service.name, 1) in rows
    # Verified the next day and answered the day after: within 3 + 5 working days.
    assert ("Ringkasan", "Persentase tepat waktu (%)", 100) in rows


def test_pdf_download_states_the_period_and_the_totals(handler_client, may):
    response = handler_client.get(f"{STAFF_URL}unduh/pdf/", MAY)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Laporan Pengaduan" in text
    assert "1 Mei 2025 s.d. 31 Mei 2025" in text
    assert "Pengaduan diterima 3" in text
    assert "Permintaan informasi 1" in text


def test_an_unknown_download_format_is_not_found(handler_client):
    assert handler_client.get(f"{STAFF_URL}unduh/docx/", MAY).status_code == 404


# --- Public page -----------------------------------------------------------------------------


def test_public_page_shows_the_last_full_month_by_default(client):
    period = last_full_month(timezone.localdate())
    complaint(datetime.combine(period.start, datetime.min.time(), tzinfo=WIB).replace(hour=9))
    complaint(timezone.now())  # this month: not in the default period

    response = client.get(PUBLIC_URL)

    assert response.status_code == 200
    assert response.context["period"] == period
    assert response.context["report"].total == 1
    assert period.label in response.content.decode()


def test_public_page_shows_figures_but_nothing_of_any_complaint(client, may):
    response = client.get(PUBLIC_URL, {"periode": "2025-05"})

    html = response.content.decode()
    assert '<dd data-figure="total">3</dd>' in html
    for secret in _secrets(may):
        assert secret not in html


def test_public_page_counts_a_confidential_complaint_only_in_the_total(client, may):
    response = client.get(PUBLIC_URL, {"periode": "2025-05"})

    report = response.context["report"]
    assert (report.total, report.undisclosed) == (3, 1)
    assert dict(report.by_kind)["Permintaan informasi"] == 0  # the confidential one
    assert dict(report.by_channel)["E-mail"] == 0
    assert '<dd data-figure="undisclosed">1</dd>' in response.content.decode()


def test_public_page_offers_semesters_and_years(client, may):
    response = client.get(PUBLIC_URL, {"periode": "2025-S1"})

    assert response.context["report"].total == 4  # May's three and June's one
    assert response.context["report"].start == date(2025, 1, 1)
    assert client.get(PUBLIC_URL, {"periode": "2025-S2"}).context["report"].total == 0
    assert client.get(PUBLIC_URL, {"periode": "2025"}).context["report"].total == 4


def test_public_page_refuses_a_period_it_does_not_offer(client, may):
    response = client.get(PUBLIC_URL, {"periode": "1999-01"})

    assert response.status_code == 400
    assert "Pilih periode dari daftar." in response.content.decode()


def test_public_pdf_has_the_figures_and_nothing_of_any_complaint(client, may):
    response = client.get(f"{PUBLIC_URL}unduh.pdf", {"periode": "2025-05"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="laporan-pengaduan-2025-05.pdf"'
    text = _pdf_text(response.content)
    assert "Laporan Pengaduan Mei 2025" in text
    assert "Pengaduan diterima 3" in text
    for secret in _secrets(may):
        assert secret not in text


def test_public_page_takes_the_same_queries_for_many_complaints(client, may):
    with CaptureQueriesContext(connection) as few:
        client.get(PUBLIC_URL, {"periode": "2025-05"})
    for day in range(1, 29):
        complaint(datetime(2025, 5, day, 9, tzinfo=WIB), confidential=day % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        response = client.get(PUBLIC_URL, {"periode": "2025-05"})

    assert response.context["report"].total == 31
    assert len(many.captured_queries) == len(few.captured_queries)
