"""The recap on a report: a filled template is accepted whole, each employee stored with the
index computed from the seeded tables; a recap with one bad cell is refused whole and the
report keeps the recap it had."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ipasn.services import reports as services
from tests.ipasn.test_recap import employee, filled

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(data: bytes):
    return SimpleUploadedFile("rekap.xlsx", data, content_type=XLSX)


def test_an_accepted_recap_replaces_the_entries_scored(make_report, pd_operator):
    report = make_report(1)
    data = filled(
        [
            # S-3, Sangat Baik, never disciplined, a JPT with leadership training.
            employee(
                "198609262015052001",
                "Dr. Rina",
                education="S-3 (Doktor)",
                kind="Jabatan Pimpinan Tinggi",
                rating="Sangat Baik",
            ),
            employee("199001152014031002", "Budi", education="", rating=""),
        ],
        trainings=[
            [
                "198609262015052001",
                "Diklat/pelatihan kepemimpinan",
                "PKN II",
                200,
                "01/03/2024",
                "30/06/2024",
            ],
        ],
    )
    services.report_recap_attach(report=report, actor=pd_operator, file=upload(data))
    entries = {e.nip: e for e in report.entries.all()}
    assert set(entries) == {"198609262015052001", "199001152014031002"}
    rina = entries["198609262015052001"]
    # Kualifikasi 25 (S-3) + kompetensi 15 (leadership training for a JPT) + kinerja 30
    # (Sangat Baik) + disiplin 5 (never) = 75: "sedang" (71-80).
    assert (rina.qualification_score, rina.competence_score) == (Decimal(25), Decimal(15))
    assert rina.index == Decimal(75) and rina.category == "sedang"
    assert rina.trainings[0]["hours"] == 200
    assert set(entries["199001152014031002"].missing) >= {
        "pendidikan terakhir",
        "penilaian kinerja",
    }


def test_a_refused_recap_keeps_the_previous_one(make_report, pd_operator):
    report = make_report(1)  # three entries already accepted
    before = list(report.entries.values_list("nip", flat=True))
    bad = filled([employee("19860926201505", "NIP pendek")])
    with pytest.raises(services.RecapRefused) as refused:
        services.report_recap_attach(report=report, actor=pd_operator, file=upload(bad))
    assert refused.value.errors[0].sheet == "Pegawai"
    assert list(report.entries.values_list("nip", flat=True)) == before
