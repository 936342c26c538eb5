"""Tables as downloads: the same rows as CSV (UTF-8 with BOM, so Excel shows Indonesian text
right) or XLSX (openpyxl, bold header, frozen first row, widths to fit)."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60


def _cell(value):
    """Aware datetimes become Asia/Jakarta wall-clock time (XLSX cannot store a time zone)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return "" if value is None else value


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
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return "\ufeff".encode() + buffer.getvalue().encode()


def table_xlsx(*, headers: Sequence[str], rows: Iterable[Sequence], title: str = "Data") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet name
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(str(header)) for header in headers]
    for row in rows:
        values = [_cell(value) for value in row]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], len(_text(value)))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
    return response
