"""Import of the librarian registry (database Pustakawan) from the national registry's export.

Reading a file (`registry_rows_from_file`) is kept apart from the upsert (`registry_import`) so
other sources (an API, a test) can feed rows without a file. The import is all-or-nothing: one
rejected row and nothing is written, because a half-imported registry is harder to repair than
a file with one bad line.
"""

import csv
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from registration.models import Level, Librarian, Rank
from registration.nip import NipError, parse_nip

# Header spellings seen in exports, mapped to the column each one means.
COLUMN_ALIASES = {
    "nip": "nip",
    "nama": "nama",
    "name": "nama",
    "instansi": "instansi",
    "institution": "instansi",
    "unit_kerja": "unit_kerja",
    "unit kerja": "unit_kerja",
    "work_unit": "unit_kerja",
    "jenjang": "jenjang",
    "level": "jenjang",
    "golongan": "golongan",
    "rank": "golongan",
    # The official address: where registration links for the NIP go (optional).
    "email": "email",
    "e-mail": "email",
    "email resmi": "email",
    "e-mail resmi": "email",
    "email_resmi": "email",
    "surel": "email",
}
REQUIRED_COLUMNS = ("nip", "nama")
LEVEL_NAME_PREFIX = "pustakawan "

BATCH_SIZE = 1000
# Older SQLite builds allow 999 parameters per query; one chunk of NIPs stays under that.
LOOKUP_CHUNK_SIZE = 900

# Excel turns an 18-digit NIP into a floating-point number ("1.98609E+17") unless the column is
# text; the last digits are gone by then, so such a value must be rejected, never "repaired".
_SCIENTIFIC_NOTATION = re.compile(r"^\d([.,]\d+)?[eE]\+?\d+$")
_TEXT_FIELDS = {"nama": "name", "instansi": "institution", "unit_kerja": "work_unit"}
_MAX_LENGTHS = {name: Librarian._meta.get_field(name).max_length for name in _TEXT_FIELDS.values()}


class RegistryFileError(Exception):
    """The file as a whole cannot be read; the message is translated and names the problem."""


@dataclass(frozen=True)
class RejectedRow:
    row: int
    nip: str
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


@dataclass
class _Entry:
    row: int
    nip: str
    # Model attnames -> values, only for the columns the row has: a column missing from the file
    # leaves that field as it is, while an empty cell in a present column clears it.
    values: dict[str, Any]


def registry_rows_from_file(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (spreadsheet row number, {column: text}) for each non-blank data row of a file.

    Columns are named by their canonical key (see COLUMN_ALIASES); unknown columns are ignored.
    The header is row 1. Raises RegistryFileError when the file cannot be used at all.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        raise RegistryFileError(
            gettext("Format berkas %(suffix)s tidak didukung; gunakan .csv atau .xlsx.")
            % {"suffix": suffix or gettext("(tanpa ekstensi)")}
        )
    header = next(rows, None)
    if header is None:
        raise RegistryFileError(gettext("Berkas kosong: baris judul kolom tidak ada."))
    columns = _columns_from_header(header)
    for number, cells in enumerate(rows, start=2):
        row = {key: cells[index] if index < len(cells) else "" for index, key in columns.items()}
        if any(row.values()):
            yield number, row


def registry_import(
    *,
    rows: Iterable[Mapping[str, str] | tuple[int, Mapping[str, str]]],
    dry_run: bool = False,
) -> ImportReport:
    """Create, update or leave alone one Librarian per row, keyed by NIP; all or nothing.

    `rows` are mappings keyed by column name (aliases accepted, any case), or (row number,
    mapping) pairs as yielded by `registry_rows_from_file`; a bare mapping's row number is its
    position counted as in a spreadsheet with a header (the first mapping is row 2).
    Nothing is written when `dry_run` is set or any row is rejected; the counts then say what
    the import would have done.
    """
    levels = _level_lookup()
    ranks = _rank_lookup()
    entries: dict[str, _Entry] = {}
    first_row_of_nip: dict[str, int] = {}
    rejected: list[RejectedRow] = []

    for position, item in enumerate(rows, start=2):
        number, row = item if isinstance(item, tuple) else (position, item)
        row = {COLUMN_ALIASES.get(_header_key(key), key): _cell_text(v) for key, v in row.items()}
        raw_nip = row.get("nip", "")
        reasons: list[str] = []
        nip = _nip_or_reason(raw_nip, reasons)
        if nip is not None:
            if nip in first_row_of_nip:
                reasons.append(
                    gettext("NIP ganda dalam berkas (sama dengan baris %(row)d)")
                    % {"row": first_row_of_nip[nip]}
                )
            else:
                first_row_of_nip[nip] = number
        values = _values_or_reasons(row, levels=levels, ranks=ranks, reasons=reasons)
        if reasons:
            rejected.append(RejectedRow(row=number, nip=nip or raw_nip, reason="; ".join(reasons)))
        else:
            entries[nip] = _Entry(row=number, nip=nip, values=values)

    report = ImportReport(rejected=rejected)
    if dry_run or rejected:
        _plan(entries, _librarians_by_nip(entries, lock=False), report)
        return report
    with transaction.atomic():
        # Locked so an edit made between reading and writing is not silently overwritten.
        existing = _librarians_by_nip(entries, lock=True)
        to_create, to_update, changed_fields = _plan(entries, existing, report)
        Librarian.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            # bulk_update() skips auto_now, so the timestamp is set here, only on changed rows.
            now = timezone.now()
            for librarian in to_update:
                librarian.updated_at = now
            Librarian.objects.bulk_update(
                to_update, [*sorted(changed_fields), "updated_at"], batch_size=BATCH_SIZE
            )
    return report


def _plan(
    entries: dict[str, _Entry], existing: dict[str, Librarian], report: ImportReport
) -> tuple[list[Librarian], list[Librarian], set[str]]:
    """Sort entries into new and changed Librarians, counting them (and the unchanged) in report."""
    to_create: list[Librarian] = []
    to_update: list[Librarian] = []
    changed_fields: set[str] = set()
    for nip, entry in entries.items():
        librarian = existing.get(nip)
        if librarian is None:
            to_create.append(Librarian(nip=nip, **entry.values))
            continue
        changed = {
            attname
            for attname, value in entry.values.items()
            if getattr(librarian, attname) != value
        }
        if not changed:
            report.unchanged += 1
            continue
        for attname in changed:
            setattr(librarian, attname, entry.values[attname])
        changed_fields |= {_field_name(attname) for attname in changed}
        to_update.append(librarian)
    report.created = len(to_create)
    report.updated = len(to_update)
    return to_create, to_update, changed_fields


def _librarians_by_nip(entries: dict[str, _Entry], *, lock: bool) -> dict[str, Librarian]:
    found: dict[str, Librarian] = {}
    nips = iter(entries)
    while chunk := list(islice(nips, LOOKUP_CHUNK_SIZE)):
        queryset = Librarian.objects.filter(nip__in=chunk).order_by()
        if lock:
            queryset = queryset.select_for_update()
        found.update((librarian.nip, librarian) for librarian in queryset)
    return found


def _nip_or_reason(raw_nip: str, reasons: list[str]) -> str | None:
    if not raw_nip:
        reasons.append(gettext("NIP kosong"))
        return None
    if _SCIENTIFIC_NOTATION.match(raw_nip):
        reasons.append(
            gettext(
                "NIP terbaca sebagai angka (%(value)s) sehingga digit terakhirnya hilang; "
                "format kolom NIP sebagai teks lalu ekspor ulang"
            )
            % {"value": raw_nip}
        )
        return None
    try:
        return parse_nip(raw_nip).nip
    except NipError as exc:
        reasons.append(exc.message)
        return None


def _values_or_reasons(
    row: dict[str, str],
    *,
    levels: dict[str, Level],
    ranks: dict[str, Rank],
    reasons: list[str],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if not row.get("nama"):
        reasons.append(gettext("Nama kosong"))
    for column, field_name in _TEXT_FIELDS.items():
        if column not in row:
            continue
        text = row[column]
        if len(text) > _MAX_LENGTHS[field_name]:
            reasons.append(
                gettext("Kolom %(column)s lebih dari %(limit)d karakter")
                % {"column": column, "limit": _MAX_LENGTHS[field_name]}
            )
        values[field_name] = text
    if "jenjang" in row:
        text = row["jenjang"]
        level = levels.get(_level_key(text)) if text else None
        if text and level is None:
            reasons.append(gettext("Jenjang tidak dikenal: %(value)s") % {"value": text})
        values["level_id"] = level.pk if level else None
    if "email" in row:
        text = row["email"].lower()
        if text:
            try:
                validate_email(text)
            except ValidationError:
                reasons.append(gettext("E-mail resmi tidak valid: %(value)s") % {"value": text})
        values["email"] = text
    if "golongan" in row:
        text = row["golongan"]
        rank = ranks.get(_rank_key(text)) if text else None
        if text and rank is None:
            reasons.append(gettext("Golongan tidak dikenal: %(value)s") % {"value": text})
        values["rank_id"] = rank.pk if rank else None
    return values


def _level_lookup() -> dict[str, Level]:
    """Level by code, by name and by name without "Pustakawan " ("Ahli Muda"), case-folded."""
    lookup: dict[str, Level] = {}
    for level in Level.objects.all():
        name = _level_key(level.name)
        lookup[name] = lookup[level.code.casefold()] = level
        lookup[name.removeprefix(LEVEL_NAME_PREFIX)] = level
    return lookup


def _rank_lookup() -> dict[str, Rank]:
    return {_rank_key(rank.code): rank for rank in Rank.objects.all()}


def _level_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _rank_key(text: str) -> str:
    # "III / a" and "iii/a" are the same golongan.
    return "".join(text.split()).casefold()


def _header_key(text: str) -> str:
    return " ".join(str(text).replace("\ufeff", "").split()).casefold()


def _field_name(attname: str) -> str:
    return attname.removesuffix("_id") if attname in {"level_id", "rank_id"} else attname


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        # A whole number Excel stored as float (e.g. a unit code); exact below 2**53.
        return str(int(value))
    return str(value).strip()


def _columns_from_header(header: list[str]) -> dict[int, str]:
    """Map cell positions to canonical column keys; refuse files missing or repeating a column."""
    columns: dict[int, str] = {}
    for index, title in enumerate(header):
        key = COLUMN_ALIASES.get(_header_key(title))
        if key is None:
            continue
        if key in columns.values():
            raise RegistryFileError(
                gettext("Kolom %(column)s muncul lebih dari sekali pada baris judul.")
                % {"column": key}
            )
        columns[index] = key
    missing = [key for key in REQUIRED_COLUMNS if key not in columns.values()]
    if missing:
        raise RegistryFileError(
            gettext("Kolom wajib tidak ada pada baris judul: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return columns


def _csv_rows(path: Path) -> Iterator[list[str]]:
    try:
        # utf-8-sig drops the byte-order mark Excel writes in front of "CSV UTF-8" files.
        with path.open(encoding="utf-8-sig", newline="") as file:
            header_line = file.readline()
            # Excel with Indonesian regional settings saves CSV with ";" (the decimal mark is ",").
            delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
            for cells in csv.reader(chain([header_line], file), delimiter=delimiter):
                yield [_cell_text(cell) for cell in cells]
    except FileNotFoundError:
        raise RegistryFileError(
            gettext("Berkas tidak ditemukan: %(path)s") % {"path": path}
        ) from None
    except UnicodeDecodeError:
        raise RegistryFileError(
            gettext("Berkas CSV bukan UTF-8; simpan ulang dengan format CSV UTF-8.")
        ) from None


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    # Imported here: openpyxl is only needed by this command, not by every web process.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise RegistryFileError(
            gettext("Berkas tidak ditemukan: %(path)s") % {"path": path}
        ) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise RegistryFileError(
            gettext("Berkas XLSX tidak dapat dibaca; pastikan berkas disimpan dari Excel (.xlsx).")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for cells in sheet.iter_rows(values_only=True):
            yield [_cell_text(cell) for cell in cells]
    finally:
        workbook.close()
