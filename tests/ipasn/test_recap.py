"""The IP-ASN recap spreadsheet: the portal's template, read back cell by cell, whole or nothing.

Each test fills the real template with openpyxl the way a Perangkat Daerah's operator would
(or spoils it the way one might) and reads the bytes with ipasn.recap.recap_read."""

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from ipasn.constants import (
    DisciplinePenalty,
    EducationLevel,
    PerformanceRating,
    PositionKind,
    TrainingKind,
)
from ipasn.recap import (
    MAX_FILE_BYTES,
    CellError,
    format_error,
    recap_read,
    recap_template,
)
from ipasn.records import EmployeeRecord, Position, Training

TODAY = date(2026, 12, 5)
RINA = "198609262015052001"  # born 26-09-1986, CPNS May 2015, female, no. 001
BUDI = "197503152000031002"
SITI = "199001012019022003"
PPPK = "199205102023211001"  # an NI PPPK (digits 13-14 are "21")


def employee(
    nip=RINA,
    name="Rina Wulandari, S.Sos.",
    education="S-1/D-IV (Sarjana/Diploma IV)",
    kind="Jabatan Fungsional",
    title="Analis Kepegawaian Ahli Muda",
    rating="Baik",
    penalty="Tidak pernah dijatuhi hukuman disiplin",
):
    return [nip, name, education, kind, title, rating, penalty]


def filled(employees=(), positions=(), trainings=(), *, template=None) -> bytes:
    """The portal's template with these rows appended under each sheet's header."""
    workbook = load_workbook(io.BytesIO(template or recap_template()))
    for title, rows in (
        ("Pegawai", employees),
        ("Riwayat Jabatan", positions),
        ("Diklat", trainings),
    ):
        for row in rows:
            workbook[title].append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(data: bytes, **kwargs):
    return recap_read(data, today=TODAY, **kwargs)


def only_error(result) -> CellError:
    assert result.records == []
    assert len(result.errors) == 1, [format_error(e) for e in result.errors]
    return result.errors[0]


# --- The template -------------------------------------------------------------------------------


def test_template_has_the_guide_and_the_three_data_sheets_with_their_headers():
    workbook = load_workbook(io.BytesIO(recap_template()))

    assert workbook.sheetnames == ["Petunjuk", "Pegawai", "Riwayat Jabatan", "Diklat"]
    headers = {
        title: [cell.value for cell in workbook[title][1] if cell.value]
        for title in workbook.sheetnames[1:]
    }
    assert headers == {
        "Pegawai": [
            "NIP",
            "Nama",
            "Pendidikan terakhir",
            "Jenis jabatan",
            "Jabatan saat ini",
            "Penilaian kinerja terakhir",
            "Hukuman disiplin",
        ],
        "Riwayat Jabatan": ["NIP", "Jabatan", "Jenis jabatan", "TMT jabatan"],
        "Diklat": [
            "NIP",
            "Jenis kegiatan",
            "Nama kegiatan",
            "Jam pelajaran (JP)",
            "Tanggal mulai",
            "Tanggal selesai",
        ],
    }
    for title in workbook.sheetnames[1:]:
        sheet = workbook[title]
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1] if cell.value)
        assert sheet.column_dimensions["A"].width >= 20
        assert sheet.column_dimensions["A"].number_format == "@"  # NIP as text
        assert sheet.max_row == 1  # no example row to be read back as data


def test_template_formats_dates_as_day_month_year():
    workbook = load_workbook(io.BytesIO(recap_template()))

    assert workbook["Riwayat Jabatan"].column_dimensions["D"].number_format == "DD/MM/YYYY"
    assert workbook["Diklat"].column_dimensions["E"].number_format == "DD/MM/YYYY"
    assert workbook["Diklat"].column_dimensions["F"].number_format == "DD/MM/YYYY"


def test_template_drop_downs_list_the_labels_written_on_the_guide():
    workbook = load_workbook(io.BytesIO(recap_template()))
    guide = workbook["Petunjuk"]

    def listed(sheet_title, column_letter):
        sheet = workbook[sheet_title]
        for validation in sheet.data_validations.dataValidation:
            if validation.type == "list" and any(
                str(cell_range).startswith(f"{column_letter}2:")
                for cell_range in validation.sqref.ranges
            ):
                match = re.fullmatch(
                    r"'Petunjuk'!\$([A-Z])\$(\d+):\$\1\$(\d+)", validation.formula1
                )
                assert match, validation.formula1
                letter, first, last = match.groups()
                return [guide[f"{letter}{row}"].value for row in range(int(first), int(last) + 1)]
        raise AssertionError(f"no drop-down on {sheet_title} {column_letter}")

    assert listed("Pegawai", "C") == [str(label) for label in EducationLevel.labels]
    assert listed("Pegawai", "D") == [str(label) for label in PositionKind.labels]
    assert listed("Pegawai", "F") == [str(label) for label in PerformanceRating.labels]
    assert listed("Pegawai", "G") == [str(label) for label in DisciplinePenalty.labels]
    assert listed("Riwayat Jabatan", "C") == [str(label) for label in PositionKind.labels]
    assert listed("Diklat", "B") == [str(label) for label in TrainingKind.labels]
    guide_text = " ".join(
        str(cell.value) for row in guide.iter_rows() for cell in row if cell.value
    )
    assert "satu baris untuk setiap ASN" in guide_text
    assert "Riwayat Jabatan" in guide_text and "Diklat" in guide_text


def test_template_round_trips_into_records():
    data = filled(
        employees=[
            employee(),
            employee(
                BUDI,
                "Budi Santoso",
                "S-2 (Magister)",
                "Jabatan Administrator",
                "Kepala Bagian Umum",
                "Sangat Baik",
                "Hukuman disiplin ringan",
            ),
        ],
        positions=[
            [RINA, "Pengelola Kepegawaian", "Jabatan Pelaksana", datetime(2015, 5, 1)],
            [RINA, "Analis Kepegawaian Ahli Muda", "Jabatan Fungsional", datetime(2021, 1, 4)],
        ],
        trainings=[
            [
                RINA,
                "Diklat/pelatihan teknis",
                "Bimtek SIASN",
                24,
                datetime(2024, 3, 4),
                datetime(2024, 3, 6),
            ],
            [
                BUDI,
                "Diklat/pelatihan kepemimpinan",
                "PKA Angkatan II",
                370,
                datetime(2023, 6, 1),
                datetime(2023, 9, 29),
            ],
        ],
    )

    result = read(data)

    assert result.errors == []
    assert result.ok
    assert result.records == [
        EmployeeRecord(
            row=2,
            nip=RINA,
            name="Rina Wulandari, S.Sos.",
            education=EducationLevel.S1,
            position_kind=PositionKind.FUNCTIONAL,
            position_title="Analis Kepegawaian Ahli Muda",
            performance=PerformanceRating.GOOD,
            discipline=DisciplinePenalty.NONE,
            positions=(
                Position("Pengelola Kepegawaian", PositionKind.EXECUTOR, date(2015, 5, 1)),
                Position("Analis Kepegawaian Ahli Muda", PositionKind.FUNCTIONAL, date(2021, 1, 4)),
            ),
            trainings=(
                Training(
                    TrainingKind.TECHNICAL, "Bimtek SIASN", 24, date(2024, 3, 4), date(2024, 3, 6)
                ),
            ),
        ),
        EmployeeRecord(
            row=3,
            nip=BUDI,
            name="Budi Santoso",
            education=EducationLevel.S2,
            position_kind=PositionKind.ADMINISTRATOR,
            position_title="Kepala Bagian Umum",
            performance=PerformanceRating.VERY_GOOD,
            discipline=DisciplinePenalty.LIGHT,
            trainings=(
                Training(
                    TrainingKind.LEADERSHIP,
                    "PKA Angkatan II",
                    370,
                    date(2023, 6, 1),
                    date(2023, 9, 29),
                ),
            ),
        ),
    ]


def test_optional_cells_left_blank_become_empty_values():
    data = filled(employees=[[RINA, "Rina", None, None, None, None, None], [PPPK, "Dewi", "-"]])

    result = read(data)

    assert result.errors == []
    assert [
        (r.nip, r.education, r.position_kind, r.performance, r.discipline) for r in result.records
    ] == [(RINA, "", "", "", ""), (PPPK, "", "", "", "")]


def test_blank_rows_between_employees_are_skipped_and_rows_keep_their_numbers():
    data = filled(employees=[employee(), [None] * 7, employee(BUDI, "Budi")])

    result = read(data)

    assert [(r.row, r.nip) for r in result.records] == [(2, RINA), (4, BUDI)]


# --- NIP ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["19860926 201505 2 001", "19860926.201505.2.001", " 198609262015052001 "]
)
def test_nip_typed_with_spaces_or_dots_is_read_as_its_digits(typed):
    result = read(filled(employees=[employee(nip=typed)]))

    assert result.errors == []
    assert result.records[0].nip == RINA


def nip_as_exact_number(nip: str) -> bytes:
    """The template with `nip` in a numeric cell written digit for digit, as some programs do
    (openpyxl, like Excel, would write an 18-digit number as a rounded double)."""
    data = filled(employees=[employee(nip=int(nip))])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet2.xml"] = re.sub(
        rb'(<c r="A2"[^>]*><v>)[^<]*(</v>)',
        rb"\g<1>" + nip.encode() + rb"\g<2>",
        parts["xl/worksheets/sheet2.xml"],
    )
    assert f"<v>{nip}</v>".encode() in parts["xl/worksheets/sheet2.xml"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_nip_in_a_numeric_cell_with_all_its_digits_is_accepted():
    result = read(nip_as_exact_number(RINA))

    assert result.errors == []
    assert result.records[0].nip == RINA


def test_nip_in_a_numeric_cell_that_a_double_holds_exactly_may_be_rounded():
    # 198609262015052032 is a multiple of 32, so a double holds it exactly: it may be what a
    # spreadsheet made of 198609262015052017, and is refused rather than trusted.
    nip = "198609262015052032"
    error = only_error(read(nip_as_exact_number(nip)))

    assert error.column == "NIP"
    assert "Simpan NIP sebagai teks" in error.message
    assert read(filled(employees=[employee(nip=nip)])).ok  # the same digits as text pass


def test_nip_saved_as_a_rounded_number_asks_for_text():
    error = only_error(read(filled(employees=[employee(nip=int(RINA))])))

    assert (error.sheet, error.row, error.column) == ("Pegawai", 2, "NIP")
    assert "Simpan NIP sebagai teks" in error.message
    assert error.value == "1.98609262015052e+17"


@pytest.mark.parametrize(
    ("nip", "part"),
    [
        ("19860926201505200", "18 digit"),
        ("198613262015052001", "Tanggal lahir pada NIP (digit 1–8)"),  # noqa: RUF001
        ("198609262015132001", "TMT CPNS pada NIP (digit 9–14)"),  # noqa: RUF001
        ("198609262015053001", "digit 15"),
        ("198609262015052000", "digit 16–18"),  # noqa: RUF001
    ],
)
def test_invalid_nip_says_which_part_is_wrong(nip, part):
    error = only_error(read(filled(employees=[employee(nip=nip)])))

    assert (error.sheet, error.row, error.column, error.value) == ("Pegawai", 2, "NIP", nip)
    assert error.message.startswith("NIP tidak sah: ")
    assert part in error.message


def test_nip_twice_on_the_employee_sheet_names_the_first_row():
    data = filled(employees=[employee(), employee(BUDI, "Budi"), employee(RINA, "Rina lagi")])

    error = only_error(read(data))

    assert (error.sheet, error.row, error.column) == ("Pegawai", 4, "NIP")
    assert "sudah ada di baris 2" in error.message


@pytest.mark.parametrize(
    ("sheet", "row"),
    [
        ("Riwayat Jabatan", [BUDI, "Analis", "Jabatan Fungsional", datetime(2020, 1, 1)]),
        ("Diklat", [BUDI, "Seminar", "Seminar SDM", 8, datetime(2024, 1, 9), datetime(2024, 1, 9)]),
    ],
)
def test_nip_on_a_detail_sheet_must_be_on_the_employee_sheet(sheet, row):
    kwargs = {"positions": [row]} if sheet == "Riwayat Jabatan" else {"trainings": [row]}

    error = only_error(read(filled(employees=[employee()], **kwargs)))

    assert (error.sheet, error.row, error.column, error.value) == (sheet, 2, "NIP", BUDI)
    assert "tidak ada di sheet “Pegawai”" in error.message


def test_detail_row_of_an_employee_whose_nip_is_wrong_is_not_blamed_twice():
    bad = "198613262015052001"
    data = filled(
        employees=[employee(nip=bad)],
        trainings=[[bad, "Seminar", "Seminar", 8, datetime(2024, 1, 9), datetime(2024, 1, 9)]],
    )

    error = only_error(read(data))

    assert (error.sheet, error.row) == ("Pegawai", 2)


# --- Required cells, choices, numbers and dates ----------------------------------------------


@pytest.mark.parametrize(("column", "index"), [("NIP", 0), ("Nama", 1)])
def test_required_cell_left_empty(column, index):
    row = employee()
    row[index] = None

    error = only_error(read(filled(employees=[row])))

    assert (error.sheet, error.row, error.column) == ("Pegawai", 2, column)
    assert error.message == f"Kolom {column} wajib diisi."


@pytest.mark.parametrize(
    ("index", "column", "value"),
    [
        (2, "Pendidikan terakhir", "S4"),
        (3, "Jenis jabatan", "Jabatan Rahasia"),
        (5, "Penilaian kinerja terakhir", "Luar biasa"),
        (6, "Hukuman disiplin", "Teguran keras sekali"),
    ],
)
def test_unknown_choice_on_the_employee_sheet_lists_what_is_allowed(index, column, value):
    row = employee()
    row[index] = value

    error = only_error(read(filled(employees=[row])))

    assert (error.sheet, error.row, error.column, error.value) == ("Pegawai", 2, column, value)
    assert error.message.startswith("Isian tidak dikenal. Pilih salah satu: ")


@pytest.mark.parametrize("typed", ["Baik sekali sekali", "Sedang-sedang saja"])
def test_short_choices_are_not_guessed_from_their_first_word(typed):
    row = employee()
    row[5] = typed

    error = only_error(read(filled(employees=[row])))

    assert error.column == "Penilaian kinerja terakhir"


def test_unknown_training_kind():
    data = filled(
        employees=[employee()],
        trainings=[
            [RINA, "Arisan", "Arisan kantor", 2, datetime(2024, 1, 9), datetime(2024, 1, 9)]
        ],
    )

    error = only_error(read(data))

    assert (error.sheet, error.row, error.column) == ("Diklat", 2, "Jenis kegiatan")
    assert "Seminar/workshop/magang/kursus/sejenisnya" in error.message


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("S1", EducationLevel.S1),
        ("s-1", EducationLevel.S1),
        ("D4", EducationLevel.S1),
        ("D-IV", EducationLevel.S1),
        ("Sarjana", EducationLevel.S1),
        ("S2", EducationLevel.S2),
        ("Magister", EducationLevel.S2),
        ("S3", EducationLevel.S3),
        ("Doktor", EducationLevel.S3),
        ("D-III", EducationLevel.D3),
        ("D3", EducationLevel.D3),
        ("d2", EducationLevel.D2),
        ("D-I", EducationLevel.D1),
        ("SMA", EducationLevel.SLTA),
        ("SLTA", EducationLevel.SLTA),
        ("SMK", EducationLevel.SLTA),
        ("  slta/SEDERAJAT ", EducationLevel.SLTA),
        ("SMP", EducationLevel.SLTP),
        ("SD", EducationLevel.SD),
        ("s1", EducationLevel.S1),  # the code itself
        ("S1 Manajemen", EducationLevel.S1),
        ("S-1/Sarjana Hukum", EducationLevel.S1),
        ("Diploma III Akuntansi", EducationLevel.D3),
        ("Sarjana Muda Teknik", EducationLevel.D3),
        ("SMK Negeri 1 Singkawang", EducationLevel.SLTA),
    ],
)
def test_education_written_the_usual_ways(typed, expected):
    row = employee()
    row[2] = typed

    result = read(filled(employees=[row]))

    assert result.errors == []
    assert result.records[0].education == expected


@pytest.mark.parametrize(
    ("index", "typed", "field", "expected"),
    [
        (3, "JFT", "position_kind", PositionKind.FUNCTIONAL),
        (3, "pelaksana", "position_kind", PositionKind.EXECUTOR),
        (3, "Eselon III", "position_kind", PositionKind.ADMINISTRATOR),
        (3, "JABATAN PIMPINAN TINGGI", "position_kind", PositionKind.JPT),
        (5, "butuh perbaikan", "performance", PerformanceRating.FAIR),
        (5, "sangat_baik", "performance", PerformanceRating.VERY_GOOD),
        (5, "Sangat Kurang", "performance", PerformanceRating.BAD),
        (3, "Jabatan Fungsional Umum", "position_kind", PositionKind.EXECUTOR),
        (5, "Baik Sekali", "performance", PerformanceRating.VERY_GOOD),
        (6, "Tidak ada", "discipline", DisciplinePenalty.NONE),
        (6, "Sedang", "discipline", DisciplinePenalty.MODERATE),
        (6, "hukuman disiplin berat", "discipline", DisciplinePenalty.HEAVY),
    ],
)
def test_other_choices_take_label_code_or_usual_spelling(index, typed, field, expected):
    row = employee()
    row[index] = typed

    result = read(filled(employees=[row]))

    assert result.errors == []
    assert getattr(result.records[0], field) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Bimtek", TrainingKind.TECHNICAL),
        ("workshop", TrainingKind.SEMINAR),
        ("Diklat PIM", TrainingKind.LEADERSHIP),
        ("fungsional", TrainingKind.FUNCTIONAL),
        ("Bimtek Pengelolaan Arsip Dinamis", TrainingKind.TECHNICAL),
        ("Pelatihan Kepemimpinan Administrator", TrainingKind.LEADERSHIP),
    ],
)
def test_training_kind_written_the_usual_ways(typed, expected):
    data = filled(
        employees=[employee()],
        trainings=[[RINA, typed, "Kegiatan", 8, datetime(2024, 1, 9), datetime(2024, 1, 9)]],
    )

    result = read(data)

    assert result.errors == []
    assert result.records[0].trainings[0].kind == expected


@pytest.mark.parametrize("hours", [0, -3, 2.5, "dua", "1,5"])
def test_hours_must_be_a_positive_whole_number(hours):
    data = filled(
        employees=[employee()],
        trainings=[[RINA, "Bimtek", "Bimtek", hours, datetime(2024, 1, 9), datetime(2024, 1, 9)]],
    )

    error = only_error(read(data))

    assert (error.sheet, error.row, error.column) == ("Diklat", 2, "Jam pelajaran (JP)")
    assert "bilangan bulat lebih dari 0" in error.message
    assert format_error(error).startswith("Sheet Diklat, baris 2, kolom Jam pelajaran (JP): ")


@pytest.mark.parametrize(("hours", "expected"), [(24, 24), (24.0, 24), ("32", 32), ("40 JP", 40)])
def test_hours_typed_as_text_or_whole_float_are_read(hours, expected):
    data = filled(
        employees=[employee()],
        trainings=[[RINA, "Bimtek", "Bimtek", hours, datetime(2024, 1, 9), datetime(2024, 1, 9)]],
    )

    assert read(data).records[0].trainings[0].hours == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09/01/2024", date(2024, 1, 9)),
        ("9-1-2024", date(2024, 1, 9)),
        ("2024-01-09", date(2024, 1, 9)),
        ("9 Januari 2024", date(2024, 1, 9)),
        ("17 Agt 2024", date(2024, 8, 17)),
    ],
)
def test_dates_typed_as_text_are_read_day_first(typed, expected):
    data = filled(employees=[employee()], trainings=[[RINA, "Seminar", "Seminar", 8, typed, typed]])

    result = read(data)

    assert result.errors == []
    assert result.records[0].trainings[0].start == expected


@pytest.mark.parametrize("typed", ["31/02/2024", "kemarin", 45300, "13/13/2024"])
def test_what_is_not_a_date_is_refused_with_the_format_to_use(typed):
    data = filled(
        employees=[employee()],
        trainings=[[RINA, "Seminar", "Seminar", 8, typed, datetime(2024, 1, 9)]],
    )

    error = only_error(read(data))

    assert (error.sheet, error.row, error.column) == ("Diklat", 2, "Tanggal mulai")
    assert "dd/mm/yyyy" in error.message


def test_dates_after_today_are_refused_on_both_detail_sheets():
    tomorrow = datetime(2026, 12, 6)
    data = filled(
        employees=[employee()],
        positions=[[RINA, "Analis", "Jabatan Fungsional", tomorrow]],
        trainings=[[RINA, "Seminar", "Seminar", 8, datetime(2026, 12, 5), tomorrow]],
    )

    result = read(data)

    assert result.records == []
    assert [(e.sheet, e.row, e.column, e.value) for e in result.errors] == [
        ("Riwayat Jabatan", 2, "TMT jabatan", "06/12/2026"),
        ("Diklat", 2, "Tanggal selesai", "06/12/2026"),
    ]
    assert all("masa depan" in e.message for e in result.errors)


def test_today_itself_is_not_in_the_future():
    data = filled(
        employees=[employee()],
        trainings=[[RINA, "Seminar", "Seminar", 8, datetime(2026, 12, 5), datetime(2026, 12, 5)]],
    )

    assert read(data).ok


def test_end_before_start():
    data = filled(
        employees=[employee()],
        trainings=[[RINA, "Bimtek", "Bimtek", 24, datetime(2024, 3, 6), datetime(2024, 3, 4)]],
    )

    error = only_error(read(data))

    assert (error.sheet, error.row, error.column) == ("Diklat", 2, "Tanggal selesai")
    assert "lebih awal dari tanggal mulai (06/03/2024)" in error.message


def test_the_same_activity_twice_for_one_person_would_count_its_hours_twice():
    bimtek = [RINA, "Bimtek", "Bimtek SIASN", 24, datetime(2024, 3, 4), datetime(2024, 3, 6)]
    data = filled(
        employees=[employee(), employee(BUDI, "Budi")],
        trainings=[
            bimtek,
            [BUDI, *bimtek[1:]],  # another person at the same activity: fine
            [RINA, "Bimtek", "Bimtek  siasn", 24, datetime(2024, 3, 4), datetime(2024, 3, 6)],
        ],
    )

    error = only_error(read(data))

    assert (error.sheet, error.row, error.column) == ("Diklat", 4, "Nama kegiatan")
    assert "sudah ada di baris 2" in error.message


def test_detail_rows_need_a_title_a_name_and_both_dates():
    data = filled(
        employees=[employee()],
        positions=[[RINA, None, "Jabatan Fungsional", None]],
        trainings=[[RINA, None, None, 8, None, None]],
    )

    result = read(data)

    assert [(e.sheet, e.column) for e in result.errors] == [
        ("Riwayat Jabatan", "Jabatan"),
        ("Diklat", "Jenis kegiatan"),
        ("Diklat", "Nama kegiatan"),
        ("Diklat", "Tanggal mulai"),
        ("Diklat", "Tanggal selesai"),
    ]


def test_name_longer_than_the_record_holds():
    row = employee()
    row[1] = "A" * 201

    error = only_error(read(filled(employees=[row])))

    assert error.column == "Nama"
    assert "lebih dari 200 karakter" in error.message


# --- Whole or nothing ---------------------------------------------------------------------------


def test_one_bad_cell_among_many_good_rows_gives_no_records():
    data = filled(
        employees=[employee(), employee(BUDI, "Budi"), employee(SITI, "Siti")],
        trainings=[
            [RINA, "Bimtek", "Bimtek", 24, datetime(2024, 3, 4), datetime(2024, 3, 6)],
            [SITI, "Seminar", "Seminar", 0, datetime(2024, 3, 4), datetime(2024, 3, 4)],
        ],
    )

    result = read(data)

    assert result.records == []
    assert not result.ok
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("Diklat", 3, "Jam pelajaran (JP)")
    ]


def test_every_bad_cell_is_reported_not_only_the_first():
    data = filled(
        employees=[
            employee(nip="123"),
            [BUDI, None, "S9", None, None, "Hebat", None],
        ]
    )

    result = read(data)

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "NIP"),
        (3, "Nama"),
        (3, "Pendidikan terakhir"),
        (3, "Penilaian kinerja terakhir"),
    ]


# --- Formulas -----------------------------------------------------------------------------------


def test_text_starting_with_equals_is_just_text():
    workbook = load_workbook(io.BytesIO(filled(employees=[employee()])))
    cell = workbook["Pegawai"]["E2"]
    cell.value = "=SUM(A1:A9)"
    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = read(buffer.getvalue())

    assert result.errors == []
    assert result.records[0].position_title == "=SUM(A1:A9)"


def test_formula_without_a_saved_value_is_an_error_not_a_blank():
    # openpyxl saves formulas without computing them, as a program generating the file would.
    data = filled(employees=[[RINA, "Rina", '=IF(1=1,"S1","S2")', None, None, None, None]])

    error = only_error(read(data))

    assert (error.sheet, error.row, error.column) == ("Pegawai", 2, "Pendidikan terakhir")
    assert "rumus" in error.message


def test_formula_without_a_saved_value_is_found_on_a_detail_sheet_below_good_rows():
    data = filled(
        employees=[employee(), employee(BUDI, "Budi")],
        trainings=[
            [RINA, "Bimtek", "Bimtek", 24, datetime(2024, 3, 4), datetime(2024, 3, 6)],
            [BUDI, "Bimtek", "Bimtek", 24, None, None],
            [BUDI, "Seminar", "Seminar", 8, datetime(2024, 3, 4), "=E4+1"],
        ],
    )

    result = read(data)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("Diklat", 3, "Tanggal mulai"),
        ("Diklat", 3, "Tanggal selesai"),
        ("Diklat", 4, "Tanggal selesai"),
    ]
    assert "wajib diisi" in result.errors[0].message
    assert "rumus" in result.errors[2].message


def test_formula_values_saved_by_the_spreadsheet_are_read_not_evaluated():
    data = filled(employees=[[RINA, "Rina", '=IF(1=1,"S2","S3")', None, None, None, None]])
    # What a spreadsheet application writes after calculating: the formula and its value "S1"
    # (deliberately not what the formula would give, to show the formula is not evaluated).
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(name for name, content in parts.items() if b"<f>IF(" in content)
    parts[sheet] = re.sub(
        rb'<c r="C2"([^>]*)><f>([^<]*)</f><v\s*/?>(</v>)?</c>',
        rb'<c r="C2"\1 t="str"><f>\2</f><v>S1</v></c>',
        parts[sheet],
    )
    assert b"<v>S1</v>" in parts[sheet]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)

    result = read(buffer.getvalue())

    assert result.errors == []
    assert result.records[0].education == EducationLevel.S1


# --- The file as a whole ------------------------------------------------------------------------


def test_template_without_employees_is_refused():
    error = only_error(read(recap_template()))

    assert (error.sheet, error.row, error.column) == ("Pegawai", None, "")
    assert "tidak berisi data pegawai" in error.message
    assert format_error(error).startswith("Sheet Pegawai: ")


def test_more_employees_than_allowed_is_refused():
    data = filled(employees=[employee(), employee(BUDI, "Budi"), employee(SITI, "Siti")])

    error = only_error(read(data, max_rows=2))

    assert error.sheet == "Pegawai"
    assert "lebih dari 2 pegawai" in error.message
    assert read(data, max_rows=3).ok


def test_missing_sheet_and_header_are_named_in_one_error():
    workbook = load_workbook(io.BytesIO(filled(employees=[employee()])))
    del workbook["Diklat"]
    workbook["Riwayat Jabatan"]["D1"] = "Tanggal"
    buffer = io.BytesIO()
    workbook.save(buffer)

    error = only_error(read(buffer.getvalue()))

    assert error.message.startswith("Berkas ini bukan templat rekapitulasi IP-ASN: ")
    assert "sheet “Diklat” tidak ada" in error.message
    assert "sheet “Riwayat Jabatan” tidak memuat kolom “TMT jabatan”" in error.message
    assert format_error(error) == error.message


def test_some_other_workbook_is_not_the_template():
    workbook = Workbook()
    workbook.active.append(["NIP", "Nama", "Jabatan"])
    workbook.active.append([RINA, "Rina", "Analis"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    error = only_error(read(buffer.getvalue()))

    assert "bukan templat rekapitulasi" in error.message
    assert "“Pegawai”" in error.message


def test_sheet_names_and_headers_are_found_whatever_their_case_and_order():
    workbook = Workbook()
    employees = workbook.active
    employees.title = "PEGAWAI"
    employees.append(
        [
            "nama",
            "nip",
            "Pendidikan Terakhir",
            "jenis jabatan",
            "Jabatan saat ini",
            "Penilaian kinerja terakhir",
            "Hukuman Disiplin",
        ]
    )
    employees.append(["Rina", RINA, "S1", None, None, None, None])
    workbook.create_sheet("riwayat jabatan").append(["NIP", "Jabatan", "Jenis jabatan", "TMT"])
    workbook.create_sheet("Diklat").append(
        ["NIP", "Jenis kegiatan", "Nama kegiatan", "JP", "Tanggal mulai", "Tanggal selesai"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = read(buffer.getvalue())

    assert result.errors == []
    assert (result.records[0].nip, result.records[0].name) == (RINA, "Rina")


@pytest.mark.parametrize(
    "content",
    [
        b"NIP;Nama\n198609262015052001;Rina\n",
        b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    ],
    ids=["csv", "pdf", "png"],
)
def test_other_files_renamed_xlsx_are_refused(content):
    error = only_error(read(content))

    assert error.sheet == "" and error.row is None
    assert "bukan lembar kerja XLSX" in error.message


def test_old_binary_xls_is_refused_with_what_to_do():
    error = only_error(read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512))

    assert ".xls" in error.message and ".xlsx" in error.message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")

    error = only_error(read(buffer.getvalue()))

    assert "tidak dapat dibaca" in error.message


def test_broken_sheet_xml_is_refused_not_raised():
    data = filled(employees=[employee()])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    # sheet2 is "Pegawai"; cut its XML short, as a broken download would.
    assert b"<row" in parts["xl/worksheets/sheet2.xml"]
    parts["xl/worksheets/sheet2.xml"] = parts["xl/worksheets/sheet2.xml"][:-40]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)

    error = only_error(read(buffer.getvalue()))

    assert "tidak dapat dibaca" in error.message


def test_empty_and_oversized_files_are_refused_before_parsing():
    assert only_error(read(b"")).message == "Berkas kosong."

    error = only_error(read(b"PK\x03\x04" + b"\x00" * MAX_FILE_BYTES))

    assert "lebih besar dari 5 MB" in error.message


def test_stray_cell_far_below_the_data_stops_the_reading():
    workbook = load_workbook(io.BytesIO(filled(employees=[employee()])))
    workbook["Pegawai"]["B5000"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)

    error = only_error(read(buffer.getvalue(), max_rows=2))

    assert error.sheet == "Pegawai" and error.row is None
    assert "Hapus baris yang tidak dipakai" in error.message


def test_format_error_names_sheet_row_column_and_value():
    error = CellError(
        sheet="Diklat", row=5, column="Jam pelajaran (JP)", value="0", message="Harus > 0."
    )

    assert (
        format_error(error) == "Sheet Diklat, baris 5, kolom Jam pelajaran (JP): “0” — Harus > 0."
    )
    assert (
        format_error(CellError("Pegawai", 3, "Nama", "", "Kolom Nama wajib diisi."))
        == "Sheet Pegawai, baris 3, kolom Nama: Kolom Nama wajib diisi."
    )
