"""Tables download as CSV and XLSX with the same content."""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from portal.exports import table_csv, table_response, table_xlsx

HEADERS = ["NIP", "Nama", "Mulai"]
ROWS = [
    ["198609262015052001", "Rina Wulandari, S.I.Pust.", datetime(2026, 12, 7, 2, 0, tzinfo=UTC)]
]


def test_csv_has_a_bom_for_excel_and_local_time():
    content = table_csv(headers=HEADERS, rows=ROWS)

    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [
        HEADERS,
        ["198609262015052001", "Rina Wulandari, S.I.Pust.", "2026-12-07 09:00"],
    ]


def test_xlsx_holds_the_same_rows_with_a_bold_frozen_header():
    sheet = load_workbook(io.BytesIO(table_xlsx(headers=HEADERS, rows=ROWS, title="Daftar"))).active

    assert sheet.title == "Daftar"
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet["C2"].value == datetime(2026, 12, 7, 9, 0)  # WIB wall-clock time


def test_response_names_the_file_and_refuses_unknown_formats():
    response = table_response(fmt="xlsx", filename="peserta", headers=HEADERS, rows=ROWS)

    assert response["Content-Disposition"] == 'attachment; filename="peserta.xlsx"'
    with pytest.raises(ValueError, match="pdf"):
        table_response(fmt="pdf", filename="peserta", headers=HEADERS, rows=ROWS)
