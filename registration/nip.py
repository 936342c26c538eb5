"""Validation and parsing of NIP (PNS) and NI PPPK numbers, so a typo is caught where it is typed.

A PNS NIP has 18 digits: birth date YYYYMMDD (digits 1-8), TMT CPNS YYYYMM (9-14), sex (15:
1 male, 2 female) and a serial NNN (16-18). An NI PPPK has the same shape, but digits 9-12 are
the year of appointment and 13-14 are "21", a month that cannot exist, which is how the two are
told apart. Pure Python: no database access, so forms, imports and APIs can all use it.
"""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext, ngettext

NIP_LENGTH = 18
# The "month" that marks an NI PPPK (Pegawai Pemerintah dengan Perjanjian Kerja) in BKN numbering.
PPPK_MARKER = "21"
EARLIEST_BIRTH_YEAR = 1940
EARLIEST_APPOINTMENT_YEAR = 1960
MINIMUM_AGE_AT_APPOINTMENT = 18

# People type NIPs grouped ("19860926 201505 2 001") or copy them from documents that use dots,
# dashes or non-breaking spaces; none of these carry meaning. Word processors turn "-" into
# Unicode dashes, hence the range U+2010..U+2015.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]+")


class NipPart(StrEnum):
    """Which part of the number is wrong, so a form can point at it."""

    LENGTH = "length"
    BIRTH_DATE = "birth_date"
    APPOINTMENT = "appointment"
    SEX = "sex"
    SERIAL = "serial"


class NipKind(StrEnum):
    PNS = "pns"
    PPPK = "pppk"


class NipError(ValueError):
    """A NIP that cannot be right; `message` is already translated for the person who typed it."""

    def __init__(self, part: NipPart, message: str) -> None:
        super().__init__(message)
        self.part = part
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # The default pickling would call NipError(message) and lose `part` (Celery pickles errors).
        return (type(self), (self.part, self.message))


@dataclass(frozen=True)
class ParsedNip:
    nip: str
    kind: NipKind
    birth_date: date
    appointment: date
    sex: str
    serial: int

    @property
    def formatted(self) -> str:
        return format_nip(self.nip)


def format_nip(nip: str) -> str:
    """The grouping printed on SK and ID cards: "19860926 201505 2 001"."""
    n = normalize_nip(nip)
    if len(n) != NIP_LENGTH:
        return nip
    return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"


def normalize_nip(raw: str) -> str:
    """Drop the spaces, dots and dashes people type between the groups of a NIP."""
    return _SEPARATORS.sub("", raw)


def parse_nip(raw: str, *, today: date | None = None) -> ParsedNip:
    """Return the parts of a NIP or NI PPPK, or raise NipError naming the first wrong part.

    Parts are checked in the order they are written (length, birth date, appointment, sex,
    serial), so the message always points at the leftmost mistake.
    """
    today = today or timezone.localdate()
    nip = normalize_nip(raw)
    _check_length(nip)
    birth_date = _parse_birth_date(nip[:8], today=today)
    kind, appointment = _parse_appointment(nip[8:14], birth_date=birth_date, today=today)
    sex = _parse_sex(nip[14])
    serial = _parse_serial(nip[15:])
    return ParsedNip(
        nip=nip,
        kind=kind,
        birth_date=birth_date,
        appointment=appointment,
        sex=sex,
        serial=serial,
    )


def _check_length(nip: str) -> None:
    # str.isdigit() accepts Arabic-Indic and other Unicode digits; a NIP is ASCII only.
    digits = sum(1 for char in nip if char in "0123456789")
    others = sorted({char for char in nip if char not in "0123456789"})
    if not others and digits == NIP_LENGTH:
        return
    if others:
        message = ngettext(
            "NIP harus terdiri dari 18 digit angka; yang diisi %(count)d digit dan karakter "
            "bukan angka: %(characters)s.",
            "NIP harus terdiri dari 18 digit angka; yang diisi %(count)d digit dan karakter "
            "bukan angka: %(characters)s.",
            digits,
        ) % {"count": digits, "characters": " ".join(others)}
    else:
        message = ngettext(
            "NIP harus terdiri dari 18 digit angka; yang diisi %(count)d digit.",
            "NIP harus terdiri dari 18 digit angka; yang diisi %(count)d digit.",
            digits,
        ) % {"count": digits}
    raise NipError(NipPart.LENGTH, message)


def _parse_birth_date(digits: str, *, today: date) -> date:
    try:
        birth_date = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise NipError(
            NipPart.BIRTH_DATE,
            gettext(
                "Tanggal lahir pada NIP (digit 1–8) tidak valid: %(value)s bukan tanggal yang ada."  # noqa: RUF001
            )
            % {"value": digits},
        ) from None
    if birth_date.year < EARLIEST_BIRTH_YEAR:
        raise NipError(
            NipPart.BIRTH_DATE,
            gettext(
                "Tanggal lahir pada NIP (digit 1–8) tidak valid: tahun %(year)d lebih awal "  # noqa: RUF001
                "dari %(earliest)d."
            )
            % {"year": birth_date.year, "earliest": EARLIEST_BIRTH_YEAR},
        )
    if birth_date > today:
        raise NipError(
            NipPart.BIRTH_DATE,
            gettext(
                "Tanggal lahir pada NIP (digit 1–8) tidak valid: %(value)s belum terjadi."  # noqa: RUF001
            )
            % {"value": birth_date.strftime("%d-%m-%Y")},
        )
    return birth_date


def _parse_appointment(digits: str, *, birth_date: date, today: date) -> tuple[NipKind, date]:
    year, month = int(digits[:4]), digits[4:6]
    if month == PPPK_MARKER:
        return NipKind.PPPK, _check_pppk_year(year, birth_date=birth_date, today=today)
    if not "01" <= month <= "12":
        raise NipError(
            NipPart.APPOINTMENT,
            gettext("TMT CPNS pada NIP (digit 9–14) tidak valid: bulan %(month)s tidak ada.")  # noqa: RUF001
            % {"month": month},
        )
    if year < EARLIEST_APPOINTMENT_YEAR:
        raise NipError(
            NipPart.APPOINTMENT,
            gettext(
                "TMT CPNS pada NIP (digit 9–14) tidak valid: tahun %(year)d lebih awal "  # noqa: RUF001
                "dari %(earliest)d."
            )
            % {"year": year, "earliest": EARLIEST_APPOINTMENT_YEAR},
        )
    appointment = date(year, int(month), 1)
    # The current month is allowed: a CPNS appointed this month gets the NIP this month.
    if appointment > today.replace(day=1):
        raise NipError(
            NipPart.APPOINTMENT,
            gettext("TMT CPNS pada NIP (digit 9–14) tidak valid: %(value)s belum terjadi.")  # noqa: RUF001
            % {"value": appointment.strftime("%m-%Y")},
        )
    # The TMT is only known to the month, so the rule is month-precise: the TMT month must not be
    # earlier than the month of the 18th birthday. Someone born on 26 September 1986 may have a
    # TMT of September 2004 even though the birthday falls late in that month.
    if (appointment.year, appointment.month) < (
        birth_date.year + MINIMUM_AGE_AT_APPOINTMENT,
        birth_date.month,
    ):
        raise NipError(
            NipPart.APPOINTMENT,
            gettext("TMT CPNS pada NIP (digit 9–14) lebih awal dari usia 18 tahun."),  # noqa: RUF001
        )
    return NipKind.PNS, appointment


def _check_pppk_year(year: int, *, birth_date: date, today: date) -> date:
    if year < EARLIEST_APPOINTMENT_YEAR:
        raise NipError(
            NipPart.APPOINTMENT,
            gettext(
                "Tahun pengangkatan pada NI PPPK (digit 9–12) tidak valid: tahun %(year)d "  # noqa: RUF001
                "lebih awal dari %(earliest)d."
            )
            % {"year": year, "earliest": EARLIEST_APPOINTMENT_YEAR},
        )
    if year > today.year:
        raise NipError(
            NipPart.APPOINTMENT,
            gettext(
                "Tahun pengangkatan pada NI PPPK (digit 9–12) tidak valid: %(year)d belum terjadi."  # noqa: RUF001
            )
            % {"year": year},
        )
    # Only the year is known, so the same lenient rule works by year: 18th birthday's year.
    if year < birth_date.year + MINIMUM_AGE_AT_APPOINTMENT:
        raise NipError(
            NipPart.APPOINTMENT,
            gettext("Tahun pengangkatan pada NI PPPK (digit 9–12) lebih awal dari usia 18 tahun."),  # noqa: RUF001
        )
    return date(year, 1, 1)


def _parse_sex(digit: str) -> str:
    if digit == "1":
        return "L"
    if digit == "2":
        return "P"
    raise NipError(
        NipPart.SEX,
        gettext("Kode jenis kelamin pada NIP (digit 15) harus 1 (laki-laki) atau 2 (perempuan)."),
    )


def _parse_serial(digits: str) -> int:
    serial = int(digits)
    if serial == 0:
        raise NipError(
            NipPart.SERIAL,
            gettext("Nomor urut pada NIP (digit 16–18) tidak boleh 000."),  # noqa: RUF001
        )
    return serial
