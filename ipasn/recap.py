"""The recap spreadsheet of an IP-ASN report: the portal's XLSX template, and its reading cell by
cell into ipasn.records.EmployeeRecord, accepted whole or not at all.

The template has the sheets "Petunjuk" (how to fill it, with the allowed values), "Pegawai" (one
row per ASN), "Riwayat Jabatan" and "Diklat" (any number of rows per ASN, keyed by NIP).

Guarantees of `recap_read`:
- Pure: bytes in, a RecapResult out; no database, no files, never raises on bad input.
- Whole or nothing: when `errors` is non-empty, `records` is empty.
- Every bad cell gets its own error naming the sheet, the row as the spreadsheet shows it, the
  column header and what the cell held, with a message in Indonesian saying how to fix it.
- Formulas are never evaluated: the value the spreadsheet application saved is read (openpyxl
  data_only). A formula with no saved value is an error, not a blank, so nothing is lost
  silently. Text that starts with "=" is just text.
- Bounded work: files over MAX_FILE_BYTES, ZIPs that unpack to more than MAX_UNPACKED_BYTES,
  and sheets with more rows than allowed are refused before or while reading (openpyxl
  read_only, stopping at the limit). A stray cell far below the data, which openpyxl reaches
  through empty rows, stops the reading at a margin past the limit.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import translation
from django.utils.translation import gettext as _

from ipasn.constants import (
    DisciplinePenalty,
    EducationLevel,
    PerformanceRating,
    PositionKind,
    TrainingKind,
)
from ipasn.records import EmployeeRecord, Position, Training
from registration.nip import NipError, normalize_nip, parse_nip

MAX_FILE_BYTES = 5 * 1024 * 1024
# What the XLSX (a ZIP) may unpack to: openpyxl keeps shared strings in memory even in read_only
# mode, so a small file that unpacks to gigabytes must be refused before it is opened.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 2000
# "Riwayat Jabatan" and "Diklat" hold several rows per employee.
DETAIL_ROWS_PER_EMPLOYEE = 25
# Columns read per row: the template has at most seven; a few spare for columns users add.
MAX_COLUMNS = 40
NAME_MAX_LENGTH = 200  # ipasn.RecapEntry.name
TITLE_MAX_LENGTH = 300  # ipasn.RecapEntry.position_title
TEXT_MAX_LENGTH = 300
DATE_FORMAT = "DD/MM/YYYY"

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary .xls

# The template's structure. Not translated: the reader finds the sheets and columns by these
# names whatever language the page was in.
SHEET_GUIDE = "Petunjuk"
SHEET_EMPLOYEES = "Pegawai"
SHEET_POSITIONS = "Riwayat Jabatan"
SHEET_TRAININGS = "Diklat"

COL_NIP = "NIP"
COL_NAME = "Nama"
COL_EDUCATION = "Pendidikan terakhir"
COL_POSITION_KIND = "Jenis jabatan"
COL_CURRENT_POSITION = "Jabatan saat ini"
COL_PERFORMANCE = "Penilaian kinerja terakhir"
COL_DISCIPLINE = "Hukuman disiplin"
COL_POSITION = "Jabatan"
COL_TMT = "TMT jabatan"
COL_TRAINING_KIND = "Jenis kegiatan"
COL_TRAINING_NAME = "Nama kegiatan"
COL_HOURS = "Jam pelajaran (JP)"
COL_START = "Tanggal mulai"
COL_END = "Tanggal selesai"

EMPLOYEE_COLUMNS = (
    COL_NIP,
    COL_NAME,
    COL_EDUCATION,
    COL_POSITION_KIND,
    COL_CURRENT_POSITION,
    COL_PERFORMANCE,
    COL_DISCIPLINE,
)
POSITION_COLUMNS = (COL_NIP, COL_POSITION, COL_POSITION_KIND, COL_TMT)
TRAINING_COLUMNS = (
    COL_NIP,
    COL_TRAINING_KIND,
    COL_TRAINING_NAME,
    COL_HOURS,
    COL_START,
    COL_END,
)
SHEETS = {
    SHEET_EMPLOYEES: EMPLOYEE_COLUMNS,
    SHEET_POSITIONS: POSITION_COLUMNS,
    SHEET_TRAININGS: TRAINING_COLUMNS,
}
COLUMN_WIDTHS = {
    COL_NIP: 24,
    COL_NAME: 34,
    COL_EDUCATION: 30,
    COL_POSITION_KIND: 26,
    COL_CURRENT_POSITION: 40,
    COL_PERFORMANCE: 26,
    COL_DISCIPLINE: 38,
    COL_POSITION: 40,
    COL_TMT: 16,
    COL_TRAINING_KIND: 40,
    COL_TRAINING_NAME: 44,
    COL_HOURS: 20,
    COL_START: 16,
    COL_END: 16,
}
DATE_COLUMNS = frozenset({COL_TMT, COL_START, COL_END})
# Headers people write differently from the template, keyed like _key().
HEADER_ALIASES = {
    "jp": COL_HOURS,
    "jampelajaran": COL_HOURS,
    "jumlahjp": COL_HOURS,
    "tmt": COL_TMT,
}

# The ways people write the choices, keyed like _key(), beside each choice's code and label.
SYNONYMS: dict[type, dict[str, tuple[str, ...]]] = {
    EducationLevel: {
        EducationLevel.S3: ("s3", "strata3", "doktor", "doktoral", "phd"),
        EducationLevel.S2: ("s2", "strata2", "magister", "master", "pascasarjana"),
        EducationLevel.S1: (
            "s1",
            "strata1",
            "sarjana",
            "d4",
            "div",
            "diploma4",
            "diplomaiv",
            "sarjanaterapan",
            "s1/d4",
            "s1/div",
        ),
        EducationLevel.D3: ("d3", "diii", "diploma3", "diplomaiii", "ahlimadya", "sarjanamuda"),
        EducationLevel.D2: ("d2", "dii", "diploma2", "diplomaii"),
        EducationLevel.D1: ("d1", "di", "diploma1", "diplomai", "ahlipratama"),
        EducationLevel.SLTA: (
            "slta",
            "sma",
            "smu",
            "smk",
            "ma",
            "stm",
            "smea",
            "spg",
            "sma/smk",
            "paketc",
        ),
        EducationLevel.SLTP: ("sltp", "smp", "mts", "paketb"),
        EducationLevel.SD: ("sd", "mi", "paketa"),
    },
    PositionKind: {
        PositionKind.JPT: (
            "jpt",
            "pimpinantinggi",
            "jptutama",
            "jptmadya",
            "jptpratama",
            "eselon1",
            "eseloni",
            "eselon2",
            "eselonii",
        ),
        PositionKind.ADMINISTRATOR: ("administrator", "eselon3", "eseloniii"),
        PositionKind.SUPERVISOR: ("pengawas", "eselon4", "eseloniv"),
        PositionKind.FUNCTIONAL: (
            "fungsional",
            "jft",
            "fungsionaltertentu",
            "jabatanfungsionaltertentu",
        ),
        PositionKind.EXECUTOR: ("pelaksana", "jfu", "fungsionalumum", "jabatanfungsionalumum"),
    },
    TrainingKind: {
        TrainingKind.LEADERSHIP: (
            "kepemimpinan",
            "diklatkepemimpinan",
            "pelatihankepemimpinan",
            "diklatpim",
            "pim",
        ),
        TrainingKind.FUNCTIONAL: ("fungsional", "diklatfungsional", "pelatihanfungsional"),
        TrainingKind.TECHNICAL: (
            "teknis",
            "diklatteknis",
            "pelatihanteknis",
            "bimtek",
            "bimbinganteknis",
        ),
        TrainingKind.SEMINAR: (
            "seminar",
            "webinar",
            "workshop",
            "lokakarya",
            "magang",
            "kursus",
            "seminar/workshop",
        ),
    },
    PerformanceRating: {
        PerformanceRating.VERY_GOOD: ("sangatbaik", "baiksekali", "amatbaik"),
        PerformanceRating.GOOD: ("baik",),
        PerformanceRating.FAIR: ("cukup", "butuhperbaikan"),
        PerformanceRating.POOR: ("kurang",),
        PerformanceRating.BAD: ("buruk", "sangatkurang"),
    },
    DisciplinePenalty: {
        DisciplinePenalty.NONE: (
            "tidakpernah",
            "tidakada",
            "tidak",
            "nihil",
            "tanpahukuman",
            "bebas",
        ),
        DisciplinePenalty.LIGHT: ("ringan", "hdringan", "hukumanringan"),
        DisciplinePenalty.MODERATE: ("sedang", "hdsedang", "hukumansedang"),
        DisciplinePenalty.HEAVY: ("berat", "hdberat", "hukumanberat"),
    },
}

# Choices whose cell may carry more words after the value (a subject, a programme's name).
PREFIX_CHOICES = (EducationLevel, TrainingKind)

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agus": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "nop": 11,
    "desember": 12,
    "des": 12,
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_DAY_MONTHNAME_YEAR = re.compile(r"^(\d{1,2})[\s\-/.]+([A-Za-z]+)\.?[\s\-/.]+(\d{4})$")
_WHOLE_NUMBER = re.compile(r"^\+?(\d+)(?:\s*jp)?$", re.IGNORECASE)
_WORDS = re.compile(r"[\s/,;()]+")
_KEY_DROP = re.compile(r"[\s\-_.\u2010-\u2015]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANK_MARKS = frozenset({"-", "–", "—"})  # noqa: RUF001 (dashes people type for "nothing")


@dataclass(frozen=True)
class CellError:
    """One problem with the recap. `row` and `column` are None/"" when the problem is the file or
    a whole sheet; `value` is the cell as the reader saw it (for the message)."""

    sheet: str
    row: int | None
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class RecapResult:
    records: list[EmployeeRecord] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def format_error(error: CellError) -> str:
    """One line for a page or a return note: "Sheet Diklat, baris 5, kolom Jam pelajaran (JP):
    “0” — Jam pelajaran (JP) harus bilangan bulat lebih dari 0."."""
    if error.sheet and error.row and error.column:
        where = _("Sheet %(sheet)s, baris %(row)s, kolom %(column)s") % {
            "sheet": error.sheet,
            "row": error.row,
            "column": error.column,
        }
    elif error.sheet and error.row:
        where = _("Sheet %(sheet)s, baris %(row)s") % {"sheet": error.sheet, "row": error.row}
    elif error.sheet:
        where = _("Sheet %(sheet)s") % {"sheet": error.sheet}
    else:
        return error.message
    if error.value:
        shown = error.value if len(error.value) <= 60 else error.value[:57] + "…"
        return f"{where}: “{shown}” — {error.message}"
    return f"{where}: {error.message}"


# --- The template -------------------------------------------------------------------------------


def _choice_lists() -> list[tuple[str, type]]:
    return [
        (COL_EDUCATION, EducationLevel),
        (COL_POSITION_KIND, PositionKind),
        (COL_TRAINING_KIND, TrainingKind),
        (COL_PERFORMANCE, PerformanceRating),
        (COL_DISCIPLINE, DisciplinePenalty),
    ]


def recap_template(*, max_rows: int = MAX_ROWS) -> bytes:
    """The portal's XLSX template: the guide with the allowed values, and the three data sheets
    with bold frozen headers, set widths, drop-down lists, text-formatted NIP and dd/mm/yyyy
    dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    workbook = Workbook()
    guide = workbook.active
    guide.title = SHEET_GUIDE

    guide["A1"] = _("Templat Rekapitulasi Data IP-ASN")
    guide["A1"].font = Font(bold=True, size=14)
    lines = [
        _(
            "Isi satu baris untuk setiap ASN pada sheet “Pegawai”. NIP dan Nama wajib diisi. "
            "Kolom lain boleh kosong, tetapi pegawai itu akan dilaporkan sebagai data belum "
            "lengkap dan nilai dimensinya tidak dihitung penuh."
        ),
        _(
            "Pegawai yang tidak pernah dijatuhi hukuman disiplin diisi “%(none)s”, bukan "
            "dikosongkan: sel kosong (atau berisi “-”) dibaca sebagai data belum lengkap."
        )
        % {"none": DisciplinePenalty.NONE.label},
        _(
            "Tulis NIP 18 digit sebagai teks (kolom NIP sudah berformat teks), boleh dengan "
            "spasi atau titik, mis. 19860926 201505 2 001. NIP yang disimpan sebagai angka "
            "kehilangan digit terakhirnya."
        ),
        _(
            "Sheet “Riwayat Jabatan”: satu baris untuk setiap jabatan yang pernah atau sedang "
            "dipegang, dengan NIP pegawai yang sama seperti di sheet “Pegawai”."
        ),
        _(
            "Sheet “Diklat”: satu baris untuk setiap diklat/pelatihan, bimtek, workshop, "
            "seminar, magang atau kursus, dengan NIP pegawai, jumlah jam pelajaran (JP, "
            "bilangan bulat) dan tanggal mulai serta tanggal selesai."
        ),
        _(
            "Tanggal ditulis dd/mm/yyyy (mis. 17/08/2024) dan tidak boleh setelah tanggal "
            "rekapitulasi diunggah."
        ),
        _(
            "Kolom pilihan diisi dari daftar turun (drop-down); nilai yang boleh tercantum di "
            "bawah. Singkatan yang lazim juga diterima, mis. S1, D4, S2, SMA, SMK, JFT, "
            "Bimtek."
        ),
        _(
            "Jangan mengubah nama sheet atau judul kolom. Rumus boleh dipakai, tetapi yang "
            "dibaca adalah nilai hasilnya: simpan berkas dari aplikasi lembar kerja sebelum "
            "mengunggah."
        ),
        _(
            "Rekapitulasi diterima utuh atau ditolak utuh: bila satu sel salah, seluruh berkas "
            "ditolak dengan daftar sel yang perlu diperbaiki. Paling banyak %(max)s pegawai; "
            "ukuran berkas paling besar 5 MB."
        )
        % {"max": max_rows},
    ]
    for index, text in enumerate(lines, start=3):
        guide.cell(row=index, column=1, value=f"{index - 2}. {text}")
        guide.cell(row=index, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        guide.merge_cells(start_row=index, start_column=1, end_row=index, end_column=5)
        guide.row_dimensions[index].height = 45

    list_header_row = len(lines) + 4
    guide.cell(row=list_header_row - 1, column=1, value=_("Nilai yang boleh diisi")).font = bold
    ranges: dict[str, str] = {}
    for column, (header, choices) in enumerate(_choice_lists(), start=1):
        cell = guide.cell(row=list_header_row, column=column, value=header)
        cell.font = bold
        cell.fill = header_fill
        for offset, label in enumerate(choices.labels, start=1):
            guide.cell(row=list_header_row + offset, column=column, value=str(label))
        letter = get_column_letter(column)
        first, last = list_header_row + 1, list_header_row + len(choices.labels)
        ranges[header] = f"'{SHEET_GUIDE}'!${letter}${first}:${letter}${last}"
        guide.column_dimensions[letter].width = 42

    limits = {
        SHEET_EMPLOYEES: max_rows + 1,
        SHEET_POSITIONS: max_rows * DETAIL_ROWS_PER_EMPLOYEE + 1,
        SHEET_TRAININGS: max_rows * DETAIL_ROWS_PER_EMPLOYEE + 1,
    }
    for title, columns in SHEETS.items():
        sheet = workbook.create_sheet(title)
        last_row = limits[title]
        for index, header in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index, value=header)
            cell.font = bold
            cell.fill = header_fill
            letter = get_column_letter(index)
            dimension = sheet.column_dimensions[letter]
            dimension.width = COLUMN_WIDTHS[header]
            cell_range = f"{letter}2:{letter}{last_row}"
            if header == COL_NIP:
                # Column style: what is typed into the column stays text, all 18 digits.
                dimension.number_format = "@"
            elif header in DATE_COLUMNS:
                dimension.number_format = DATE_FORMAT
                validation = DataValidation(
                    type="date",
                    operator="greaterThan",
                    formula1="1",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle=_("Bukan tanggal"),
                    error=_("Tulis tanggal sebagai dd/mm/yyyy, mis. 17/08/2024."),
                )
                validation.add(cell_range)
                sheet.add_data_validation(validation)
            elif header == COL_HOURS:
                validation = DataValidation(
                    type="whole",
                    operator="greaterThanOrEqual",
                    formula1="1",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=_("Jam pelajaran tidak sah"),
                    error=_("Jam pelajaran (JP) harus bilangan bulat lebih dari 0."),
                )
                validation.add(cell_range)
                sheet.add_data_validation(validation)
            if header in ranges:
                # A warning, not a stop: the reader also takes the usual abbreviations.
                validation = DataValidation(
                    type="list",
                    formula1=ranges[header],
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle=_("Nilai tidak ada di daftar"),
                    error=_("Pilih salah satu nilai dari daftar (lihat sheet Petunjuk)."),
                )
                validation.add(cell_range)
                sheet.add_data_validation(validation)
        sheet.freeze_panes = "A2"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Reading ------------------------------------------------------------------------------------


class _Refused(Exception):
    """The file as a whole cannot be read; carries the one error to report."""

    def __init__(self, error: CellError) -> None:
        super().__init__(error.message)
        self.error = error


def _file_error(message: str, *, sheet: str = "") -> _Refused:
    return _Refused(CellError(sheet=sheet, row=None, column="", value="", message=message))


def _key(value) -> str:
    return _KEY_DROP.sub("", str(value or "")).lower()


def _choice_index(choices: type) -> dict[str, str]:
    """Every accepted spelling (keyed by _key) → the choice's code: the code, the label in
    Indonesian and in the active language, and the usual abbreviations."""
    index: dict[str, str] = {}
    for code, spellings in SYNONYMS.get(choices, {}).items():
        for spelling in spellings:
            index[spelling] = str(code)
    with translation.override("id"):
        labels_id = {str(code): str(label) for code, label in choices.choices}
    for code, label in choices.choices:
        index[_key(code)] = str(code)
        index[_key(label)] = str(code)
        index[_key(labels_id[str(code)])] = str(code)
    return index


def _text(value) -> str:
    """A cell as text, as a person reads it: numbers without a trailing ".0", spaces tidied."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == time(0, 0) else value
    if isinstance(value, date | datetime):
        return value.strftime("%d/%m/%Y %H:%M" if isinstance(value, datetime) else "%d/%m/%Y")
    text = _CONTROL.sub("", str(value))
    return " ".join(text.split())


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class _Row:
    number: int  # as the spreadsheet shows it
    cells: dict[str, object]  # header → raw value


@dataclass
class _Sheet:
    title: str
    columns: dict[str, int]  # header → index in the row (0-based)
    rows: list[_Row]
    formulas: set[tuple[int, str]] = field(default_factory=set)  # (row, header) without value


def _check_container(data: bytes) -> None:
    if not data:
        raise _file_error(_("Berkas kosong."))
    if len(data) > MAX_FILE_BYTES:
        raise _file_error(
            _("Berkas rekapitulasi lebih besar dari %(size)s MB. Hapus isi yang tidak perlu.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if data.startswith(OLE_SIGNATURE):
        raise _file_error(
            _(
                "Berkas ini format Excel lama (.xls). Simpan ulang sebagai Excel Workbook "
                "(.xlsx) dari templat rekapitulasi, lalu unggah lagi."
            )
        )
    not_xlsx = _(
        "Berkas ini bukan lembar kerja XLSX (mungkin PDF, CSV atau dokumen lain yang diberi "
        "nama .xlsx). Unduh templat rekapitulasi dari portal, isi, simpan sebagai .xlsx, lalu "
        "unggah lagi."
    )
    if not data.startswith(ZIP_SIGNATURE):
        raise _file_error(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _file_error(not_xlsx) from None
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
        raise _file_error(not_xlsx)
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES or len(members) > 1000:
        raise _file_error(
            _("Isi berkas XLSX terlalu besar untuk rekapitulasi. Gunakan templat dari portal.")
        )


def _unreadable() -> _Refused:
    return _file_error(
        _(
            "Berkas XLSX tidak dapat dibaca (rusak atau bukan lembar kerja Excel). Simpan "
            "ulang dari aplikasi lembar kerja sebagai .xlsx, lalu unggah lagi."
        )
    )


def _open(data: bytes, *, data_only: bool):
    from openpyxl import load_workbook

    try:
        return load_workbook(
            io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False
        )
    except Exception:
        # openpyxl raises many kinds (KeyError, ValueError, TypeError, XML errors) for a ZIP
        # that is not a workbook it understands; for the user they all mean the same thing.
        raise _unreadable() from None


def _sheet_rows(worksheet, *, min_row: int = 1) -> Iterator[tuple[int, tuple]]:
    # max_col bounds each row whatever width the sheet claims; the caller bounds the rows.
    yield from enumerate(
        worksheet.iter_rows(min_row=min_row, max_col=MAX_COLUMNS, values_only=True),
        start=min_row,
    )


def _find_sheets(workbook) -> dict[str, object]:
    by_key = {_key(name): name for name in workbook.sheetnames}
    return {title: workbook[by_key[_key(title)]] for title in SHEETS if _key(title) in by_key}


def _read_sheet(worksheet, title: str, *, limit: int) -> tuple[_Sheet | None, list[str]]:
    """The sheet's data rows by header, or the headers it lacks. The header row is the first
    non-empty row; data rows are the non-empty rows below it."""
    wanted = {_key(header): header for header in SHEETS[title]}
    wanted.update({alias: header for alias, header in HEADER_ALIASES.items()})
    positions: dict[str, int] = {}
    rows: list[_Row] = []
    header_found = False
    # Rows a person could not see as data (blank but present in the file) are allowed up to a
    # margin; past it the sheet is refused rather than walked to the end.
    scan_limit = limit * 2 + 1000
    for number, values in _sheet_rows(worksheet):
        if number > scan_limit:
            raise _file_error(
                _(
                    "Sheet ini berisi baris sampai lebih dari baris %(limit)s. Hapus baris yang "
                    "tidak dipakai di bawah data, lalu unggah lagi."
                )
                % {"limit": scan_limit},
                sheet=title,
            )
        if not header_found:
            if all(_is_blank(value) for value in values):
                continue
            header_found = True
            for index, value in enumerate(values):
                header = wanted.get(_key(value))
                if header is not None and header in SHEETS[title] and header not in positions:
                    positions[header] = index
            missing = [header for header in SHEETS[title] if header not in positions]
            if missing:
                return None, missing
            continue
        cells = {header: values[index] for header, index in positions.items()}
        if all(_is_blank(value) for value in cells.values()):
            continue
        rows.append(_Row(number=number, cells=cells))
        if len(rows) > limit:
            break
    if not header_found:
        return None, list(SHEETS[title])
    return _Sheet(title=title, columns=positions, rows=rows), []


def _formula_cells(data: bytes, sheets: dict[str, _Sheet]) -> None:
    """Mark the cells that hold a formula but no saved value (a file written by a program, or
    saved without recalculation): read with data_only they look blank, and a blank is not what
    the person meant."""
    candidates = {
        title: {
            row.number: [header for header, value in row.cells.items() if value is None]
            for row in sheet.rows
        }
        for title, sheet in sheets.items()
    }
    candidates = {
        title: {number: headers for number, headers in rows.items() if headers}
        for title, rows in candidates.items()
    }
    if not any(candidates.values()):
        return
    workbook = _open(data, data_only=False)
    try:
        found = _find_sheets(workbook)
        for title, rows in candidates.items():
            if not rows:
                continue
            sheet = sheets[title]
            for number, cells in enumerate(
                found[title].iter_rows(min_row=min(rows), max_row=max(rows), max_col=MAX_COLUMNS),
                start=min(rows),
            ):
                for header in rows.get(number, ()):
                    index = sheet.columns[header]
                    cell = cells[index] if index < len(cells) else None
                    if getattr(cell, "data_type", None) == "f":
                        sheet.formulas.add((number, header))
    finally:
        workbook.close()


class _Checker:
    """Checks cells one by one, collecting every error."""

    def __init__(self, *, today: date) -> None:
        self.today = today
        self.errors: list[CellError] = []
        self.choices = {
            kind: _choice_index(kind)
            for kind in (
                EducationLevel,
                PositionKind,
                TrainingKind,
                PerformanceRating,
                DisciplinePenalty,
            )
        }

    def error(self, sheet: _Sheet, row: _Row, column: str, message: str) -> None:
        self.errors.append(
            CellError(
                sheet=sheet.title,
                row=row.number,
                column=column,
                value=_text(row.cells.get(column)),
                message=message,
            )
        )

    def blank(self, sheet: _Sheet, row: _Row, column: str, *, required: bool) -> bool:
        """Whether the cell is empty; an error when it is required, or holds a formula whose
        value was never saved."""
        value = row.cells.get(column)
        if (row.number, column) in sheet.formulas:
            self.error(
                sheet,
                row,
                column,
                _(
                    "Sel ini berisi rumus yang nilainya belum tersimpan. Buka berkas di aplikasi "
                    "lembar kerja, simpan ulang (atau ketik nilainya langsung), lalu unggah lagi."
                ),
            )
            return True
        if _is_blank(value) or (
            not required and isinstance(value, str) and value.strip() in _BLANK_MARKS
        ):
            if required:
                self.error(
                    sheet, row, column, _("Kolom %(column)s wajib diisi.") % {"column": column}
                )
            return True
        return False

    def nip(self, sheet: _Sheet, row: _Row) -> str | None:
        if self.blank(sheet, row, COL_NIP, required=True):
            return None
        value = row.cells[COL_NIP]
        if isinstance(value, float) or (
            isinstance(value, int) and not isinstance(value, bool) and _rounded(value)
        ):
            self.error(
                sheet,
                row,
                COL_NIP,
                _(
                    "NIP tersimpan sebagai angka, sehingga digit terakhirnya bisa berubah. "
                    "Simpan NIP sebagai teks (format sel Teks, atau awali dengan tanda ') lalu "
                    "ketik ulang 18 digitnya."
                ),
            )
            return None
        try:
            return parse_nip(_text(value), today=self.today).nip
        except NipError as error:
            self.error(
                sheet, row, COL_NIP, _("NIP tidak sah: %(error)s") % {"error": error.message}
            )
            return None

    def text(
        self, sheet: _Sheet, row: _Row, column: str, *, required: bool, max_length: int
    ) -> str:
        if self.blank(sheet, row, column, required=required):
            return ""
        text = _text(row.cells[column])
        if isinstance(row.cells[column], date | time | timedelta):
            self.error(sheet, row, column, _("Kolom ini diisi teks, bukan tanggal atau waktu."))
            return ""
        if len(text) > max_length:
            self.error(
                sheet,
                row,
                column,
                _("Isian lebih dari %(max)s karakter; singkatlah.") % {"max": max_length},
            )
            return ""
        return text

    def choice(
        self, sheet: _Sheet, row: _Row, column: str, choices: type, *, required: bool
    ) -> str:
        if self.blank(sheet, row, column, required=required):
            return ""
        code = _lookup(self.choices[choices], _text(row.cells[column]), choices=choices)
        if code is None:
            self.error(
                sheet,
                row,
                column,
                _("Isian tidak dikenal. Pilih salah satu: %(labels)s.")
                % {"labels": "; ".join(str(label) for label in choices.labels)},
            )
            return ""
        return code

    def day(self, sheet: _Sheet, row: _Row, column: str, *, required: bool) -> date | None:
        if self.blank(sheet, row, column, required=required):
            return None
        value = _date(row.cells[column])
        if value is None:
            self.error(
                sheet,
                row,
                column,
                _("Bukan tanggal yang sah. Tulis tanggal sebagai dd/mm/yyyy, mis. 17/08/2024."),
            )
            return None
        if value > self.today:
            self.error(
                sheet,
                row,
                column,
                _("Tanggal ini setelah hari ini (%(today)s); tanggal tidak boleh di masa depan.")
                % {"today": self.today.strftime("%d/%m/%Y")},
            )
            return None
        return value

    def hours(self, sheet: _Sheet, row: _Row) -> int | None:
        if self.blank(sheet, row, COL_HOURS, required=True):
            return None
        value = row.cells[COL_HOURS]
        hours = None
        if isinstance(value, bool):
            hours = None
        elif isinstance(value, int):
            hours = value
        elif isinstance(value, float) and value.is_integer():
            hours = int(value)
        elif isinstance(value, str) and (match := _WHOLE_NUMBER.match(value.strip())):
            hours = int(match.group(1))
        if hours is None or hours < 1:
            self.error(
                sheet,
                row,
                COL_HOURS,
                _("Jam pelajaran (JP) harus bilangan bulat lebih dari 0, mis. 24."),
            )
            return None
        return hours


def _lookup(index: dict[str, str], text: str, *, choices: type) -> str | None:
    """The code for what was written: the whole cell, or for an education level or a kind of
    training its longest leading words that name one ("S1 Manajemen", "Diploma III
    Akuntansi", "Bimtek Pengelolaan Arsip"). Longest first, so "Sarjana Muda" (a D-III) is not
    read as "Sarjana". The other choices are short words where a prefix could mislead ("Baik
    sekali" is not "Baik"), so they match whole only."""
    code = index.get(_key(text))
    if code is not None or choices not in PREFIX_CHOICES:
        return code
    words = [word for word in _WORDS.split(text) if word]
    for length in range(len(words) - 1, 0, -1):
        code = index.get(_key("".join(words[:length])))
        if code is not None:
            return code
    return None


def _rounded(number: int) -> bool:
    """Whether an integer cell may be a spreadsheet's rounding of what was typed: an 18-digit
    number that a double holds exactly (only one in 32 does at that size, and every number
    Excel stores does). openpyxl writes Python integers exactly, so those pass."""
    return abs(number) >= 10**15 and int(float(number)) == number


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        # A bare number may be a date serial or a year; guessing would put a wrong date in the
        # report, so it is refused with the format to use.
        return None
    text = value.strip()
    try:
        if match := _DAY_MONTH_YEAR.match(text):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _ISO_DATE.match(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _DAY_MONTHNAME_YEAR.match(text):
            month = MONTHS.get(match.group(2).lower())
            if month is None:
                return None
            return date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None
    return None


def recap_read(data: bytes, *, today: date, max_rows: int = MAX_ROWS) -> RecapResult:
    """The employees of a recap filled in the portal's template, or every error found in it
    (then no records: the recap is accepted whole or not at all)."""
    try:
        return _read(data, today=today, max_rows=max_rows)
    except _Refused as refused:
        return RecapResult(records=[], errors=[refused.error])


def _parsing(function, *args, **kwargs):
    """Run a step that walks the sheets' XML: a sheet part that is broken (bad XML, a cell
    openpyxl cannot convert) refuses the file instead of failing the upload."""
    try:
        return function(*args, **kwargs)
    except _Refused:
        raise
    except Exception:
        raise _unreadable() from None


def _read(data: bytes, *, today: date, max_rows: int) -> RecapResult:
    _check_container(data)
    workbook = _open(data, data_only=True)
    try:
        found = _find_sheets(workbook)
        missing_sheets = [title for title in SHEETS if title not in found]
        problems: list[str] = []
        if missing_sheets:
            problems.append(
                _("sheet %(sheets)s tidak ada")
                % {"sheets": ", ".join(f"“{title}”" for title in missing_sheets)}
            )
        limits = {
            SHEET_EMPLOYEES: max_rows,
            SHEET_POSITIONS: max_rows * DETAIL_ROWS_PER_EMPLOYEE,
            SHEET_TRAININGS: max_rows * DETAIL_ROWS_PER_EMPLOYEE,
        }
        sheets: dict[str, _Sheet] = {}
        for title, worksheet in found.items():
            sheet, missing = _parsing(_read_sheet, worksheet, title, limit=limits[title])
            if missing:
                problems.append(
                    _("sheet “%(sheet)s” tidak memuat kolom %(columns)s")
                    % {
                        "sheet": title,
                        "columns": ", ".join(f"“{header}”" for header in missing),
                    }
                )
            elif sheet is not None:
                sheets[title] = sheet
    finally:
        workbook.close()
    if problems:
        raise _file_error(
            _(
                "Berkas ini bukan templat rekapitulasi IP-ASN: %(problems)s. Unduh templat dari "
                "portal, salin datanya ke sana tanpa mengubah nama sheet dan judul kolom, lalu "
                "unggah lagi."
            )
            % {"problems": "; ".join(problems)}
        )

    employees = sheets[SHEET_EMPLOYEES]
    if not employees.rows:
        raise _file_error(
            _("Sheet ini tidak berisi data pegawai di bawah baris judul."), sheet=SHEET_EMPLOYEES
        )
    for title, sheet in sheets.items():
        if len(sheet.rows) > limits[title]:
            if title == SHEET_EMPLOYEES:
                message = _(
                    "Sheet ini berisi lebih dari %(max)s pegawai. Bagi rekapitulasi menjadi "
                    "beberapa laporan."
                ) % {"max": limits[title]}
            else:
                message = _("Sheet ini berisi lebih dari %(max)s baris.") % {"max": limits[title]}
            raise _file_error(message, sheet=title)

    _parsing(_formula_cells, data, sheets)
    return _check(sheets, today=today)


def _check(sheets: dict[str, _Sheet], *, today: date) -> RecapResult:
    check = _Checker(today=today)
    employees = sheets[SHEET_EMPLOYEES]
    # Every NIP written on "Pegawai", valid or not, so a detail row is not also blamed for an
    # employee row's mistake.
    written: set[str] = set()
    seen: dict[str, int] = {}
    people: dict[str, dict] = {}
    for row in employees.rows:
        raw = row.cells.get(COL_NIP)
        if not _is_blank(raw) and not isinstance(raw, float):
            written.add(normalize_nip(_text(raw)))
        nip = check.nip(employees, row)
        if nip is not None:
            if nip in seen:
                check.error(
                    employees,
                    row,
                    COL_NIP,
                    _("NIP ini sudah ada di baris %(row)s; satu pegawai satu baris.")
                    % {"row": seen[nip]},
                )
                nip = None
            else:
                seen[nip] = row.number
        values = {
            "row": row.number,
            "name": check.text(employees, row, COL_NAME, required=True, max_length=NAME_MAX_LENGTH),
            "education": check.choice(
                employees, row, COL_EDUCATION, EducationLevel, required=False
            ),
            "position_kind": check.choice(
                employees, row, COL_POSITION_KIND, PositionKind, required=False
            ),
            "position_title": check.text(
                employees, row, COL_CURRENT_POSITION, required=False, max_length=TITLE_MAX_LENGTH
            ),
            "performance": check.choice(
                employees, row, COL_PERFORMANCE, PerformanceRating, required=False
            ),
            "discipline": check.choice(
                employees, row, COL_DISCIPLINE, DisciplinePenalty, required=False
            ),
            "positions": [],
            "trainings": [],
        }
        if nip is not None:
            people[nip] = values

    def owner(sheet: _Sheet, row: _Row) -> str | None:
        raw = row.cells.get(COL_NIP)
        if (
            not _is_blank(raw)
            and not isinstance(raw, float)
            and normalize_nip(_text(raw)) in written
            and normalize_nip(_text(raw)) not in people
        ):
            return None  # the employee row's NIP is already reported
        nip = check.nip(sheet, row)
        if nip is not None and nip not in people:
            check.error(
                sheet,
                row,
                COL_NIP,
                _("NIP ini tidak ada di sheet “%(sheet)s”. Tambahkan pegawainya di sana dahulu.")
                % {"sheet": SHEET_EMPLOYEES},
            )
            return None
        return nip

    positions = sheets[SHEET_POSITIONS]
    for row in positions.rows:
        nip = owner(positions, row)
        title = check.text(positions, row, COL_POSITION, required=True, max_length=TITLE_MAX_LENGTH)
        kind = check.choice(positions, row, COL_POSITION_KIND, PositionKind, required=False)
        since = check.day(positions, row, COL_TMT, required=False)
        if nip is not None:
            people[nip]["positions"].append(Position(title=title, kind=kind, since=since))

    trainings = sheets[SHEET_TRAININGS]
    # The index sums a person's hours, so the same activity written twice would count twice.
    activities: dict[tuple, int] = {}
    for row in trainings.rows:
        nip = owner(trainings, row)
        kind = check.choice(trainings, row, COL_TRAINING_KIND, TrainingKind, required=True)
        name = check.text(
            trainings, row, COL_TRAINING_NAME, required=True, max_length=TEXT_MAX_LENGTH
        )
        hours = check.hours(trainings, row)
        start = check.day(trainings, row, COL_START, required=True)
        end = check.day(trainings, row, COL_END, required=True)
        if start is not None and end is not None and end < start:
            check.error(
                trainings,
                row,
                COL_END,
                _("Tanggal selesai lebih awal dari tanggal mulai (%(start)s).")
                % {"start": start.strftime("%d/%m/%Y")},
            )
        elif nip is not None and hours is not None and start is not None and end is not None:
            activity = (nip, kind, _key(name), start, end)
            if activity in activities:
                check.error(
                    trainings,
                    row,
                    COL_TRAINING_NAME,
                    _(
                        "Kegiatan ini sudah ada di baris %(row)s untuk NIP yang sama (jenis, nama "
                        "dan tanggal sama); hapus salah satunya agar JP tidak terhitung dua kali."
                    )
                    % {"row": activities[activity]},
                )
            else:
                activities[activity] = row.number
                people[nip]["trainings"].append(
                    Training(kind=kind, name=name, hours=hours, start=start, end=end)
                )

    if check.errors:
        return RecapResult(records=[], errors=check.errors)
    records = [
        EmployeeRecord(
            row=values["row"],
            nip=nip,
            name=values["name"],
            education=values["education"],
            position_kind=values["position_kind"],
            position_title=values["position_title"],
            performance=values["performance"],
            discipline=values["discipline"],
            positions=tuple(values["positions"]),
            trainings=tuple(values["trainings"]),
        )
        for nip, values in people.items()
    ]
    return RecapResult(records=records, errors=[])
