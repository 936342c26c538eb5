"""The institution's participant file (daftar asesi), read and checked row by row.

An XLSX workbook (its first sheet) or a CSV text (UTF-8 with or without BOM, comma or
semicolon) whose first row names the columns NIP, Nama, Jabatan, Unit Kerja and E-mail (in any
order, any case or spacing). What the file is comes from its content, never its name: an XLSX
is a ZIP that openpyxl opens; a CSV is UTF-8 text without NUL bytes.

Pure: no database. `participant_file_read` gives the rows or raises ParticipantFileError (the
file as a whole cannot be used); `participant_rows_check` gives the rows to add and every bad
row's message ("Baris 7: ...")."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from assessments.constants import MAX_PARTICIPANTS
from registration.nip import NipError, normalize_nip, parse_nip

# A participant file is a list of names: 2 MB holds thousands of rows.
MAX_FILE_BYTES = 2 * 1024 * 1024
ZIP_SIGNATURE = b"PK\x03\x04"

# The columns, keyed by their name with case, spaces, hyphens and underscores removed.
COLUMNS = {
    "nip": "nip",
    "nama": "name",
    "jabatan": "position",
    "unitkerja": "work_unit",
    "email": "email",
}
COLUMN_LABELS = {
    "nip": "NIP",
    "name": "Nama",
    "position": "Jabatan",
    "work_unit": "Unit Kerja",
    "email": "E-mail",
}
TEMPLATE_HEADER = ["NIP", "Nama", "Jabatan", "Unit Kerja", "E-mail"]
TEMPLATE_EXAMPLE = [
    "198609262015052001",
    "Rina Wulandari, S.Sos.",
    "Analis Kebijakan Ahli Muda",
    "Bagian Organisasi",
    "rina.wulandari@example.go.id",
]


class ParticipantFileError(Exception):
    """The file cannot be used at all (wrong kind, unreadable, a column missing, too many
    rows); the message says why in plain words."""


@dataclass(frozen=True)
class FileRow:
    line: int  # the row's number as the spreadsheet shows it (the header is row 1)
    values: dict[str, str]


@dataclass(frozen=True)
class ParticipantRow:
    line: int
    nip: str
    name: str
    position: str
    work_unit: str
    email: str


def _header_key(value) -> str:
    return re.sub(r"[\s\-_.]+", "", str(value or "")).lower()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # A NIP typed as a number in a spreadsheet.
        value = int(value)
    return str(value).strip()


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ParticipantFileError(
            _(
                "Berkas XLSX tidak dapat dibaca (rusak atau bukan lembar kerja Excel). Simpan "
                "ulang dari aplikasi lembar kerja sebagai .xlsx, lalu unggah lagi."
            )
        ) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return []
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_PARTICIPANTS + 50:
                break
        return rows
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> list[list]:
    if b"\x00" in content:
        raise _not_a_list()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParticipantFileError(
            _(
                "Berkas CSV tidak dalam pengodean UTF-8. Simpan ulang sebagai “CSV UTF-8”, "
                "lalu unggah lagi."
            )
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise ParticipantFileError(
            _("Berkas CSV tidak dapat dibaca: %(error)s.") % {"error": error}
        ) from error


def _not_a_list() -> ParticipantFileError:
    return ParticipantFileError(
        _(
            "Berkas ini bukan lembar kerja XLSX atau teks CSV. Gunakan templat daftar asesi, "
            "simpan sebagai .xlsx atau .csv, lalu unggah lagi."
        )
    )


def participant_file_read(file) -> list[FileRow]:
    """The data rows of the file (empty rows skipped), each with its values by column."""
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > MAX_FILE_BYTES:
        raise ParticipantFileError(_("Berkas daftar asesi lebih besar dari 2 MB."))
    file.seek(0)
    content = file.read(MAX_FILE_BYTES + 1)
    file.seek(0)
    if not content:
        raise ParticipantFileError(_("Berkas kosong."))
    if len(content) > MAX_FILE_BYTES:
        raise ParticipantFileError(_("Berkas daftar asesi lebih besar dari 2 MB."))
    if content.startswith(ZIP_SIGNATURE):
        rows = _xlsx_rows(content)
    elif content.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")):
        # PDF, images and the old binary .xls: say plainly what to send instead.
        raise _not_a_list()
    else:
        rows = _csv_rows(content)

    # The header: the first row that is not empty.
    rows_numbered = [(index + 1, row) for index, row in enumerate(rows)]
    while rows_numbered and not any(_cell(value) for value in rows_numbered[0][1]):
        rows_numbered.pop(0)
    if not rows_numbered:
        raise ParticipantFileError(_("Berkas tidak berisi baris judul kolom maupun data."))
    _header_line, header = rows_numbered.pop(0)
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        field = COLUMNS.get(_header_key(value))
        if field is not None and field not in positions:
            positions[field] = index
    missing = [COLUMN_LABELS[field] for field in COLUMN_LABELS if field not in positions]
    if missing:
        raise ParticipantFileError(
            _(
                "Kolom %(columns)s tidak ditemukan di baris judul. Baris pertama harus memuat "
                "kolom NIP, Nama, Jabatan, Unit Kerja dan E-mail (lihat templat)."
            )
            % {"columns": ", ".join(f"“{label}”" for label in missing)}
        )

    data = []
    for line, row in rows_numbered:
        values = {
            field: _cell(row[index]) if index < len(row) else ""
            for field, index in positions.items()
        }
        if not any(values.values()):
            continue
        data.append(FileRow(line=line, values=values))
    if not data:
        raise ParticipantFileError(_("Berkas tidak berisi data asesi di bawah baris judul."))
    if len(data) > MAX_PARTICIPANTS:
        raise ParticipantFileError(
            _("Berkas berisi lebih dari %(max)s asesi. Bagi daftar menjadi beberapa permohonan.")
            % {"max": MAX_PARTICIPANTS}
        )
    return data


def participant_rows_check(
    rows: list[FileRow], *, existing_nips: set[str], capacity: int
) -> tuple[list[ParticipantRow], list[str]]:
    """The rows as participants, and every problem found ("Baris 7: ..."). `capacity` is how
    many more asesi the SPK allows."""
    accepted: list[ParticipantRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for row in rows:
        values = row.values
        problems = []
        raw_nip = values["nip"]
        nip = ""
        if not raw_nip:
            problems.append(_("NIP kosong"))
        else:
            try:
                nip = parse_nip(raw_nip).nip
            except NipError as error:
                problems.append(
                    _("NIP %(nip)s tidak sah: %(error)s")
                    % {"nip": raw_nip, "error": str(error).rstrip(".")}
                )
        if nip:
            if nip in seen:
                problems.append(
                    _("NIP %(nip)s sudah ada di baris %(line)s berkas ini")
                    % {"nip": nip, "line": seen[nip]}
                )
            elif nip in existing_nips:
                problems.append(
                    _("NIP %(nip)s sudah ada di daftar asesi permohonan ini") % {"nip": nip}
                )
            else:
                seen[nip] = row.line
        for field, label in (
            ("name", _("Nama")),
            ("position", _("Jabatan")),
            ("work_unit", _("Unit Kerja")),
        ):
            if not values[field]:
                problems.append(_("%(column)s kosong") % {"column": label})
            elif len(values[field]) > 200:
                problems.append(_("%(column)s lebih dari 200 huruf") % {"column": label})
        email = values["email"]
        if not email:
            problems.append(_("E-mail kosong"))
        else:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("E-mail %(email)s tidak sah") % {"email": email})
        if problems:
            errors.append(
                _("Baris %(line)s: %(problems)s.")
                % {"line": row.line, "problems": "; ".join(problems)}
            )
            continue
        accepted.append(
            ParticipantRow(
                line=row.line,
                nip=normalize_nip(nip),
                name=values["name"],
                position=values["position"],
                work_unit=values["work_unit"],
                email=email.lower(),
            )
        )
    if len(rows) > capacity:
        errors.append(
            _(
                "Jumlah asesi melebihi SPK: berkas berisi %(rows)s asesi, sedangkan SPK masih "
                "memungkinkan %(capacity)s asesi lagi."
            )
            % {"rows": len(rows), "capacity": max(capacity, 0)}
        )
    return accepted, errors


def template_csv() -> str:
    """The template: the header and one example row, semicolon-separated (Excel in Indonesian
    settings opens it into columns)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(TEMPLATE_EXAMPLE)
    return buffer.getvalue()
