"""NIP and NI PPPK validation: every wrong part has its own message, valid numbers round-trip."""

import contextlib
from datetime import date

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from registration.nip import NipError, NipKind, NipPart, normalize_nip, parse_nip

TODAY = date(2026, 3, 15)


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def error_of(raw: str, today: date = TODAY) -> NipError:
    with pytest.raises(NipError) as excinfo:
        parse_nip(raw, today=today)
    return excinfo.value


def test_valid_nip_is_split_into_its_parts():
    parsed = parse_nip("198609262015052001", today=TODAY)

    assert parsed.nip == "198609262015052001"
    assert parsed.kind == NipKind.PNS
    assert parsed.birth_date == date(1986, 9, 26)
    assert parsed.appointment == date(2015, 5, 1)
    assert parsed.sex == "P"
    assert parsed.serial == 1
    assert parsed.formatted == "19860926 201505 2 001"


def test_sex_digit_one_is_male():
    assert parse_nip("199001152014031002", today=TODAY).sex == "L"


@pytest.mark.parametrize(
    "typed",
    [
        "19860926 201505 2 001",
        " 19860926.201505.2.001 ",
        "19860926-201505-2-001",
        "19860926\u00a0201505\u00a02\u00a0001",
        "19860926\u2013201505\u20132\u2013001",
    ],
)
def test_nip_typed_with_separators_is_accepted(typed):
    assert parse_nip(typed, today=TODAY).nip == "198609262015052001"


def test_normalize_nip_only_drops_separators():
    assert normalize_nip(" 1986 09.26-2015 ") == "19860926" + "2015"
    assert normalize_nip("1986A") == "1986A"


def test_pppk_number_is_recognised_by_month_21():
    parsed = parse_nip("19900115 202121 1 003", today=TODAY)

    assert parsed.kind == NipKind.PPPK
    assert parsed.appointment == date(2021, 1, 1)
    assert parsed.sex == "L"
    assert parsed.serial == 3
    assert parsed.formatted == "19900115 202121 1 003"


def test_short_nip_says_how_many_digits_were_typed():
    error = error_of("19860926201505200")

    assert error.part == NipPart.LENGTH
    assert error.message == "NIP harus terdiri dari 18 digit angka; yang diisi 17 digit."
    assert str(error) == error.message


def test_empty_nip_is_a_length_error():
    assert error_of("").message == "NIP harus terdiri dari 18 digit angka; yang diisi 0 digit."


def test_non_digit_characters_are_named_in_the_length_error():
    error = error_of("19860926201505200A")

    assert error.part == NipPart.LENGTH
    assert error.message == (
        "NIP harus terdiri dari 18 digit angka; yang diisi 17 digit dan karakter bukan angka: A."
    )


def test_eighteen_digits_with_a_letter_are_still_refused():
    assert error_of("198609262015052001x").part == NipPart.LENGTH


def test_non_ascii_digits_are_not_accepted():
    # Arabic-Indic digits pass str.isdigit(), but no registry stores them.
    assert error_of("١٩٨٦٠٩٢٦٢٠١٥٠٥٢٠٠١").part == NipPart.LENGTH


def test_impossible_birth_date_is_named():
    error = error_of("198613322015052001")

    assert error.part == NipPart.BIRTH_DATE
    assert error.message == (
        "Tanggal lahir pada NIP (digit 1–8) tidak valid: 19861332 bukan tanggal yang ada."  # noqa: RUF001
    )


def test_february_29_exists_only_in_leap_years():
    assert parse_nip("198802292012032001", today=TODAY).birth_date == date(1988, 2, 29)
    assert error_of("198702292012032001").part == NipPart.BIRTH_DATE


def test_birth_year_before_1940_is_refused():
    error = error_of("193912312015052001")

    assert error.part == NipPart.BIRTH_DATE
    assert "1939" in error.message


def test_birth_date_in_the_future_is_refused():
    error = error_of("202603162015052001")

    assert error.part == NipPart.BIRTH_DATE
    assert error.message == (
        "Tanggal lahir pada NIP (digit 1–8) tidak valid: 16-03-2026 belum terjadi."  # noqa: RUF001
    )


@pytest.mark.parametrize("month", ["00", "13", "20", "22", "99"])
def test_appointment_month_that_does_not_exist_is_refused(month):
    error = error_of(f"19860926 2015{month} 2 001")

    assert error.part == NipPart.APPOINTMENT
    assert error.message == (
        f"TMT CPNS pada NIP (digit 9–14) tidak valid: bulan {month} tidak ada."  # noqa: RUF001
    )


def test_appointment_year_before_1960_is_refused():
    error = error_of("194001011959012001")

    assert error.part == NipPart.APPOINTMENT
    assert "1959" in error.message


def test_appointment_in_the_current_month_is_allowed():
    assert parse_nip("20000101 202603 1 001", today=TODAY).appointment == date(2026, 3, 1)


def test_appointment_after_the_current_month_is_refused():
    error = error_of("20000101 202604 1 001")

    assert error.part == NipPart.APPOINTMENT
    assert error.message == "TMT CPNS pada NIP (digit 9–14) tidak valid: 04-2026 belum terjadi."  # noqa: RUF001


def test_appointment_before_age_18_is_refused():
    error = error_of("19860926 200408 2 001")

    assert error.part == NipPart.APPOINTMENT
    assert error.message == "TMT CPNS pada NIP (digit 9–14) lebih awal dari usia 18 tahun."  # noqa: RUF001


def test_appointment_in_the_month_of_the_18th_birthday_is_allowed():
    # The TMT is known only to the month, so the rule is month-precise (see nip.py).
    assert parse_nip("19860926 200409 2 001", today=TODAY).appointment == date(2004, 9, 1)


def test_pppk_appointment_before_age_18_is_refused():
    error = error_of("20050101 202221 1 001")

    assert error.part == NipPart.APPOINTMENT
    assert "PPPK" in error.message


def test_pppk_appointment_in_a_future_year_is_refused():
    assert error_of("19900115 202721 1 003").part == NipPart.APPOINTMENT


@pytest.mark.parametrize("digit", "0345789")
def test_sex_digit_other_than_1_or_2_is_refused(digit):
    error = error_of(f"19860926 201505 {digit} 001")

    assert error.part == NipPart.SEX
    assert error.message == (
        "Kode jenis kelamin pada NIP (digit 15) harus 1 (laki-laki) atau 2 (perempuan)."
    )


def test_serial_000_is_refused():
    error = error_of("19860926 201505 2 000")

    assert error.part == NipPart.SERIAL
    assert error.message == "Nomor urut pada NIP (digit 16–18) tidak boleh 000."  # noqa: RUF001


def test_first_wrong_part_from_the_left_is_reported():
    # Wrong birth date, month, sex and serial at once: the birth date is named.
    assert error_of("198613322015139000").part == NipPart.BIRTH_DATE
    assert error_of("198609262015139000").part == NipPart.APPOINTMENT
    assert error_of("198609262015059000").part == NipPart.SEX


def test_today_defaults_to_the_local_date():
    assert parse_nip("198609262015052001").nip == "198609262015052001"


def test_errors_are_raised_the_same_way_when_english_is_active():
    # The message is translated at raise time, in whatever language is active then.
    with translation.override("en"):
        assert error_of("123").part == NipPart.LENGTH


# --- properties -------------------------------------------------------------------------------


@st.composite
def valid_nips(draw) -> tuple[str, NipKind, date, date, str, int]:
    kind = draw(st.sampled_from(NipKind))
    # Late enough in the month range that someone born then is 18 by TODAY's month.
    birth = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(TODAY.year - 18, 3, 1)))
    sex = draw(st.sampled_from("12"))
    serial = draw(st.integers(min_value=1, max_value=999))
    if kind == NipKind.PNS:
        earliest = max((1960, 1), (birth.year + 18, birth.month))
        first = earliest[0] * 12 + earliest[1] - 1
        last = TODAY.year * 12 + TODAY.month - 1
        index = draw(st.integers(min_value=first, max_value=last))
        appointment = date(index // 12, index % 12 + 1, 1)
        tmt = appointment.strftime("%Y%m")
    else:
        year = draw(st.integers(min_value=max(1960, birth.year + 18), max_value=TODAY.year))
        appointment = date(year, 1, 1)
        tmt = f"{year}21"
    nip = f"{birth:%Y%m%d}{tmt}{sex}{serial:03d}"
    return nip, kind, birth, appointment, "L" if sex == "1" else "P", serial


@settings(deadline=None)
@given(valid_nips())
def test_any_valid_nip_parses_back_to_its_parts(case):
    nip, kind, birth, appointment, sex, serial = case

    parsed = parse_nip(nip, today=TODAY)

    assert (parsed.nip, parsed.kind, parsed.birth_date) == (nip, kind, birth)
    assert (parsed.appointment, parsed.sex, parsed.serial) == (appointment, sex, serial)


@settings(deadline=None)
@given(valid_nips())
def test_formatted_nip_parses_to_the_same_nip(case):
    parsed = parse_nip(case[0], today=TODAY)

    assert parse_nip(parsed.formatted, today=TODAY) == parsed


@settings(deadline=None)
@given(st.text(alphabet="0123456789", min_size=18, max_size=18))
def test_any_18_digit_string_either_parses_or_raises_nip_error(digits):
    try:
        parsed = parse_nip(digits, today=TODAY)
    except NipError as exc:
        assert exc.part in set(NipPart)
        assert exc.message
    else:
        assert parsed.nip == digits


@settings(deadline=None)
@given(st.text(max_size=30))
def test_any_text_either_parses_or_raises_nip_error(text):
    # Anything else (IndexError, TypeError, ...) escapes and fails the test.
    with contextlib.suppress(NipError):
        parse_nip(text, today=TODAY)


@settings(deadline=None)
@given(valid_nips(), st.sampled_from("03456789"))
def test_changing_the_sex_digit_to_anything_but_1_or_2_fails_on_sex(case, digit):
    nip = case[0]

    assert error_of(nip[:14] + digit + nip[15:]).part == NipPart.SEX
