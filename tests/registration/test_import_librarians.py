"""Importing the librarian registry from CSV/XLSX: all or nothing, idempotent, clear row reports."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from registration.models import Librarian
from registration.registry import LOOKUP_CHUNK_SIZE, registry_import
from registration.selectors import librarian_get_by_nip

pytestmark = pytest.mark.django_db

DEMO_FILE = Path(__file__).resolve().parents[2] / "data" / "demo" / "pustakawan.csv"
HEADER = ["nip", "nama", "instansi", "unit_kerja", "jenjang", "golongan"]
RINA = [
    "198609262015052001",
    "Rina Wulandari, S.I.Pust.",
    "Perpustakaan Nasional RI",
    "Pusat Pembinaan Pustakawan",
    "Pustakawan Ahli Pertama",
    "III/b",
]
BUDI = [
    "199001152014031002",
    "Budi Santoso, S.Sos., M.Hum.",
    "Dinas Perpustakaan dan Kearsipan Provinsi Jawa Barat",
    "Bidang Layanan dan Pelestarian Bahan Pustaka",
    "Pustakawan Ahli Muda",
    "III/c",
]
SITI = [
    "198207072009022005",
    "Siti Nurhasanah, S.I.P.",
    "Dinas Perpustakaan dan Kearsipan Provinsi Sulawesi Selatan",
    "Bidang Layanan dan Otomasi",
    "Pustakawan Ahli Muda",
    "III/c",
]
NOT_SAVED = "Tidak ada yang disimpan: perbaiki baris yang ditolak lalu impor ulang."


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", bom: bool = False):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path


def run_import(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_librarians", str(path), *args, stdout=out)
    return out.getvalue()


def run_refused_import(path: Path, *args: str) -> tuple[str, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_librarians", str(path), *args, stdout=out)
    return out.getvalue(), str(excinfo.value)


def test_good_csv_creates_every_row(tmp_path):
    path = write_csv(tmp_path / "registri.csv", [HEADER, RINA, BUDI])

    output = run_import(path)

    assert "Dibuat: 2" in output
    assert "Diperbarui: 0" in output
    assert "Tidak berubah: 0" in output
    assert "Ditolak: 0" in output
    assert "Berkas diimpor." in output
    rina = librarian_get_by_nip(nip="19860926 201505 2 001")
    assert rina.name == "Rina Wulandari, S.I.Pust."
    assert rina.institution == "Perpustakaan Nasional RI"
    assert rina.work_unit == "Pusat Pembinaan Pustakawan"
    assert rina.level.code == "ahli-pertama"
    assert rina.rank.code == "III/b"


def test_xlsx_file_is_imported_like_csv(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for row in [HEADER, RINA, BUDI, [None] * 6]:
        sheet.append(row)
    workbook.create_sheet("Catatan").append(["diabaikan"])
    path = tmp_path / "registri.xlsx"
    workbook.save(path)

    output = run_import(path)

    assert "Dibuat: 2" in output
    assert Librarian.objects.get(nip=BUDI[0]).level.code == "ahli-muda"


def test_nip_in_a_number_cell_of_xlsx_is_rejected_because_its_digits_are_lost(tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append([int(RINA[0]), *RINA[1:]])
    path = tmp_path / "registri.xlsx"
    workbook.save(path)

    output, _ = run_refused_import(path)

    assert "Baris 2 (NIP 1.98609262015052e+17): NIP terbaca sebagai angka" in output
    assert not Librarian.objects.exists()


def test_semicolon_csv_with_bom_is_imported(tmp_path):
    path = write_csv(tmp_path / "registri.csv", [HEADER, RINA, BUDI], delimiter=";", bom=True)

    output = run_import(path)

    assert "Dibuat: 2" in output
    assert Librarian.objects.get(nip=RINA[0]).name == "Rina Wulandari, S.I.Pust."


def test_column_aliases_and_loose_values_are_matched(tmp_path):
    header = ["NIP", "Name", "Institution", "Unit Kerja", "LEVEL", "Rank", "Keterangan"]
    rows = [
        header,
        ["19860926 201505 2 001", " Rina Wulandari ", "", "", "ahli pertama", "iii/b", "x"],
    ]
    path = write_csv(tmp_path / "registri.csv", rows)

    run_import(path)

    rina = Librarian.objects.get(nip=RINA[0])
    assert rina.name == "Rina Wulandari"
    assert (rina.level.code, rina.rank.code) == ("ahli-pertama", "III/b")


def test_only_nip_and_name_columns_are_required(tmp_path):
    path = write_csv(tmp_path / "registri.csv", [["nip", "nama"], RINA[:2]])

    run_import(path)

    rina = Librarian.objects.get(nip=RINA[0])
    assert (rina.institution, rina.level, rina.rank) == ("", None, None)


def test_missing_required_column_is_named(tmp_path):
    path = write_csv(tmp_path / "registri.csv", [["nip", "instansi"], [RINA[0], RINA[2]]])

    with pytest.raises(CommandError, match="Kolom wajib tidak ada pada baris judul: nama"):
        run_import(path)


def test_unsupported_file_type_is_refused_in_indonesian(tmp_path):
    path = tmp_path / "registri.xls"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match=r"Format berkas \.xls tidak didukung"):
        run_import(path)


def test_bad_nip_is_reported_with_row_number_and_nothing_is_saved(tmp_path):
    bad = [RINA[0][:-1], *BUDI[1:]]
    path = write_csv(tmp_path / "registri.csv", [HEADER, RINA, bad])

    output, error = run_refused_import(path)

    assert "Ditolak: 1" in output
    assert (
        "Baris 3 (NIP 19860926201505200): "
        "NIP harus terdiri dari 18 digit angka; yang diisi 17 digit."
    ) in output
    assert error == NOT_SAVED
    assert not Librarian.objects.exists()


def test_nip_mangled_by_excel_into_a_number_is_rejected_with_a_hint(tmp_path):
    path = write_csv(tmp_path / "registri.csv", [HEADER, ["1.98609E+17", *RINA[1:]]])

    output, _ = run_refused_import(path)

    assert "Baris 2 (NIP 1.98609E+17): NIP terbaca sebagai angka" in output
    assert not Librarian.objects.exists()


def test_row_without_name_is_rejected_and_nothing_is_saved(tmp_path):
    nameless = [BUDI[0], "", *BUDI[2:]]
    path = write_csv(tmp_path / "registri.csv", [HEADER, RINA, nameless])

    output, _ = run_refused_import(path)

    assert "Baris 3 (NIP 199001152014031002): Nama kosong" in output
    assert not Librarian.objects.exists()


def test_unknown_level_and_rank_are_rejected_with_the_value(tmp_path):
    wrong_level = [*BUDI[:4], "Pustakawan Ahli Muka", "III/c"]
    wrong_rank = [*SITI[:5], "III/f"]
    path = write_csv(tmp_path / "registri.csv", [HEADER, RINA, wrong_level, wrong_rank])

    output, _ = run_refused_import(path)

    assert "Ditolak: 2" in output
    assert "Baris 3 (NIP 199001152014031002): Jenjang tidak dikenal: Pustakawan Ahli Muka" in output
    assert "Baris 4 (NIP 198207072009022005): Golongan tidak dikenal: III/f" in output
    assert not Librarian.objects.exists()


def test_nip_twice_in_the_file_rejects_the_later_row(tmp_path):
    again = ["19860926 201505 2 001", "Rina W.", *RINA[2:]]
    path = write_csv(tmp_path / "registri.csv", [HEADER, RINA, BUDI, again])

    output, _ = run_refused_import(path)

    assert (
        "Baris 4 (NIP 198609262015052001): NIP ganda dalam berkas (sama dengan baris 2)"
    ) in output
    assert "Baris 2 " not in output
    assert not Librarian.objects.exists()


def test_all_problems_of_a_row_are_reported_together(tmp_path):
    path = write_csv(tmp_path / "registri.csv", [HEADER, ["123", "", "", "", "Kepala", "X"]])

    output, _ = run_refused_import(path)

    assert (
        "Baris 2 (NIP 123): NIP harus terdiri dari 18 digit angka; yang diisi 3 digit.; "
        "Nama kosong; Jenjang tidak dikenal: Kepala; Golongan tidak dikenal: X"
    ) in output


def test_blank_lines_are_skipped_but_keep_the_spreadsheet_row_numbers(tmp_path):
    nameless = [BUDI[0], "", *BUDI[2:]]
    path = write_csv(tmp_path / "registri.csv", [HEADER, RINA, [""] * 6, nameless])

    output, _ = run_refused_import(path)

    assert "Ditolak: 1" in output
    assert "Baris 4 (NIP 199001152014031002): Nama kosong" in output


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "registri.csv", [HEADER, RINA, BUDI])
    run_import(path)
    stamps = dict(Librarian.objects.values_list("nip", "updated_at"))

    output = run_import(path)

    assert "Dibuat: 0" in output
    assert "Diperbarui: 0" in output
    assert "Tidak berubah: 2" in output
    assert dict(Librarian.objects.values_list("nip", "updated_at")) == stamps


def test_changed_row_is_updated_and_its_timestamp_moves(tmp_path):
    run_import(write_csv(tmp_path / "lama.csv", [HEADER, RINA, BUDI]))
    before = Librarian.objects.get(nip=RINA[0]).updated_at
    budi_before = Librarian.objects.get(nip=BUDI[0]).updated_at
    promoted = [*RINA[:4], "Pustakawan Ahli Muda", "III/c"]

    output = run_import(write_csv(tmp_path / "baru.csv", [HEADER, promoted, BUDI, SITI]))

    assert "Dibuat: 1" in output
    assert "Diperbarui: 1" in output
    assert "Tidak berubah: 1" in output
    rina = Librarian.objects.get(nip=RINA[0])
    assert (rina.level.code, rina.rank.code) == ("ahli-muda", "III/c")
    assert rina.updated_at > before
    assert Librarian.objects.get(nip=BUDI[0]).updated_at == budi_before


def test_column_absent_from_the_file_leaves_the_field_alone(tmp_path):
    run_import(write_csv(tmp_path / "lengkap.csv", [HEADER, RINA]))

    output = run_import(write_csv(tmp_path / "ringkas.csv", [["nip", "nama"], RINA[:2]]))

    assert "Tidak berubah: 1" in output
    assert Librarian.objects.get(nip=RINA[0]).rank.code == "III/b"


def test_official_email_column_is_imported_lowercased(tmp_path):
    path = write_csv(
        tmp_path / "registri.csv",
        [[*HEADER, "E-mail Resmi"], [*RINA, " Rina.Wulandari@Perpusnas.Example.ID "], [*BUDI, ""]],
    )

    run_import(path)

    assert Librarian.objects.get(nip=RINA[0]).email == "rina.wulandari@perpusnas.example.id"
    assert Librarian.objects.get(nip=BUDI[0]).email == ""


def test_invalid_official_email_is_rejected_with_the_value(tmp_path):
    path = write_csv(tmp_path / "registri.csv", [[*HEADER, "email"], [*RINA, "rina@"]])

    output, error = run_refused_import(path)

    assert "Baris 2 (NIP 198609262015052001): E-mail resmi tidak valid: rina@" in output
    assert error == NOT_SAVED
    assert not Librarian.objects.exists()


def test_file_without_the_email_column_keeps_the_official_address(tmp_path):
    run_import(write_csv(tmp_path / "resmi.csv", [[*HEADER, "email"], [*RINA, "rina@contoh.id"]]))

    output = run_import(write_csv(tmp_path / "lama.csv", [HEADER, RINA]))

    assert "Tidak berubah: 1" in output
    assert Librarian.objects.get(nip=RINA[0]).email == "rina@contoh.id"


def test_dry_run_reports_but_saves_nothing(tmp_path):
    path = write_csv(tmp_path / "registri.csv", [HEADER, RINA, BUDI])

    output = run_import(path, "--dry-run")

    assert "Dibuat: 2" in output
    assert "Uji coba: tidak ada yang disimpan." in output
    assert not Librarian.objects.exists()


def test_demo_file_imports_cleanly():
    output = run_import(DEMO_FILE)

    assert "Ditolak: 0" in output
    assert Librarian.objects.count() == 40
    rina = Librarian.objects.get(nip="198609262015052001")
    assert rina.name == "Rina Wulandari, S.I.Pust."
    assert (rina.level.name, rina.rank.code) == ("Pustakawan Ahli Pertama", "III/b")
    # The demo NIP stays open to registration with any address; another has an official one.
    assert rina.email == ""
    assert Librarian.objects.get(nip="196804121993032001").email.endswith(".example.id")


def test_demo_file_ranks_fall_within_each_level(tmp_path):
    run_import(DEMO_FILE)

    for librarian in Librarian.objects.select_related("level__lowest_rank", "level__highest_rank"):
        level = librarian.level
        assert level.lowest_rank.order <= librarian.rank.order <= level.highest_rank.order


def test_service_accepts_plain_mappings_numbered_like_a_spreadsheet():
    report = registry_import(
        rows=[dict(zip(HEADER, RINA, strict=True)), {"nip": BUDI[0], "Nama": ""}],
        dry_run=True,
    )

    assert report.created == 1
    assert [(r.row, r.nip, r.reason) for r in report.rejected] == [(3, BUDI[0], "Nama kosong")]


def test_import_queries_do_not_grow_with_the_number_of_rows(django_assert_max_num_queries):
    # Two lookup chunks of existing rows, plus a few batched writes: never one query per row.
    rows = [
        {"nip": f"198609262015052{serial:03d}", "nama": f"Pustakawan {serial}", "jenjang": "mahir"}
        for serial in range(1, 1000)
    ]
    assert len(rows) > LOOKUP_CHUNK_SIZE
    registry_import(rows=rows[:500])

    with django_assert_max_num_queries(12):
        report = registry_import(rows=[{**row, "golongan": "III/a"} for row in rows])

    assert (report.created, report.updated) == (499, 500)
    assert Librarian.objects.filter(rank__code="III/a").count() == 999
