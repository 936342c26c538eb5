"""Tables as downloads: the same rows as CSV (UTF-8 with BOM, so Excel shows Indonesian text
right) or XLSX (openpyxl, bold header, frozen first row, widths to fit).

Guarantee: no cell of a download is a formula. Text comes from people (a candidate's profile, an
assessor's note, a service's name); a spreadsheet runs a cell starting with ``=`` (or ``+``,
``-``, ``@``) as a formula, and ``=HYPERLINK(...)`` can send the other rows off-site. Every
cell goes through cell_neutralise, in both formats, headers included; numbers and dates are not
text and stay what they are."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.downloads import file_response_secure

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60


# OWASP "CSV injection": the characters a spreadsheet starts a formula with. Tab and carriage
# return count too (some programs drop them and read on); so does leading white space, which
# some imports trim before they look.
FORMULA_STARTS = ("=", "+", "-", "@")
FORMULA_PREFIXES = ("\t", "\r")


def cell_neutralise(value):
    """The value a spreadsheet shows as text: text that would start a formula gets a leading
    apostrophe (what a person types in Excel to say "this is text"). Anything not text (numbers,
    including negative ones, dates, None) is returned as it is."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def _cell(value):
    """Aware datetimes become Asia/Jakarta wall-clock time (XLSX cannot store a time zone)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return "" if value is None else cell_neutralise(value)


def _text(value) -> str:
    value = _cell(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def table_csv(*, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_text(header) for header in headers])
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return "\ufeff".encode() + buffer.getvalue().encode()


def table_xlsx(*, headers: Sequence[str], rows: Iterable[Sequence], title: str = "Data") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet name
    _xlsx_row(sheet, 1, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(str(header)) for header in headers]
    for number, row in enumerate(rows, start=2):
        values = _xlsx_row(sheet, number, row)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], len(_text(value)))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_row(sheet, number: int, row: Sequence) -> list:
    """Write one row; text is always stored as text. openpyxl takes any str starting with "=" for
    a formula; cell_neutralise leaves none, and the data type is set anyway, so no path through
    this function can write one. Control characters a workbook cannot hold (openpyxl refuses
    them) are dropped."""
    values = []
    for column, raw in enumerate(row, start=1):
        if isinstance(raw, str | Promise):
            raw = ILLEGAL_CHARACTERS_RE.sub("", str(raw))
        value = _cell(raw)
        cell = sheet.cell(row=number, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        values.append(value)
    return values


def table_response(
    *, fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence], title: str = ""
) -> HttpResponse:
    """A download of the table; `filename` without extension, `fmt` one of FORMATS."""
    if fmt == "xlsx":
        content = table_xlsx(headers=headers, rows=rows, title=title or filename)
        content_type = XLSX_TYPE
    elif fmt == "csv":
        content = table_csv(headers=headers, rows=rows)
        content_type = "text/csv; charset=utf-8"
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return file_response_secure(response)
