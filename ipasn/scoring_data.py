"""The IP-ASN scoring tables as plain data: the four dimensions with their weights, the points of
each indicator (ipasn.ScoreRule) and the categories with their bounds, each entry with the
article it comes from and whether that article's text was read (confirmed) or only secondary
material was (confirmed=False, the note says what was found where).

What was read, December 2026 (the portal had no copy of either regulation):
- Peraturan BKN Nomor 8 Tahun 2019, Pasal 8 (Dimensi Kompetensi), ayat (1) to (6) huruf a, on
  pasal.id (its text of the regulation with the source PDF):
  https://pasal.id/peraturan/perban/peraturan-bkn-no-8-tahun-2019/koreksi/8136604 — the rest of
  ayat (6) and the later ayat were cut off in the copy at hand.
- News reports quoting Peraturan BKN 8/2019: lelemuku.com (12 June 2019: the qualification
  dimension's 25 %, "a. ... 25 ... S-3; b. ... 20 ..." then cut off) and kontan.co.id ("Berikut
  rumus pengukuran indeks profesionalitas ASN", page 3: the five categories and their ranges).
- A public IP-ASN calculator, github.com/feryanuar24/sim-ip-asn (app/Http/Controllers/
  Kualifikasi-, Kompetensi-, Kinerja-, DisiplinController.php): the points per education level,
  the technical training and seminar points of a Jabatan Pelaksana (22.5 and 17.5), the seminar's
  "dalam 2 tahun terakhir", the points per performance predicate and per penalty.
- PermenPANRB Nomor 38 Tahun 2018: only its opening pages (id.scribd.com, document 505527199);
  the articles with the weights and categories were not in the copy.

Keys are the codes of ipasn.constants. ipasn/migrations/0003_scoring_tables.py holds a copy of
these tables as they were when it was written (a later change here needs a migration of its own;
tests/ipasn/test_index.py compares the two)."""

from decimal import Decimal

from ipasn.constants import (
    Dimension,
    DisciplinePenalty,
    EducationLevel,
    IndexCategoryCode,
    PerformanceRating,
    PositionKind,
    TrainingKind,
)

BKN = "Peraturan BKN Nomor 8 Tahun 2019"
PANRB = "PermenPANRB Nomor 38 Tahun 2018"
PASAL_ID = "pasal.id (teks Pasal 8 Peraturan BKN 8/2019 dengan PDF sumbernya)"
CALCULATOR = "kalkulator IP-ASN publik github.com/feryanuar24/sim-ip-asn"
NOT_READ = "Teks peraturannya sendiri tidak ditemukan: tidak terkonfirmasi."

STRUCTURAL = [PositionKind.JPT, PositionKind.ADMINISTRATOR, PositionKind.SUPERVISOR]
NOT_EXECUTOR = [*STRUCTURAL, PositionKind.FUNCTIONAL]
EXECUTOR = [PositionKind.EXECUTOR]

DIMENSIONS = [
    {
        "code": Dimension.QUALIFICATION,
        "order": 1,
        "weight": Decimal("25"),
        "source": f"{PANRB}; {BKN}, pasal Dimensi Kualifikasi (nomor pasal tidak terkonfirmasi)",
        "confirmed": False,
        "note": "25% dikutip dari Peraturan BKN 8/2019 oleh lelemuku.com (12 Juni 2019) dan "
        "disebut laman BKPSDM Kab. Buleleng. " + NOT_READ,
    },
    {
        "code": Dimension.COMPETENCE,
        "order": 2,
        "weight": Decimal("40"),
        "source": f"{BKN}, Pasal 8 ayat (2)",
        "confirmed": True,
        "note": f"Dibaca pada {PASAL_ID}: Dimensi Kompetensi diperhitungkan sebesar 40% dari "
        "keseluruhan Pengukuran.",
    },
    {
        "code": Dimension.PERFORMANCE,
        "order": 3,
        "weight": Decimal("30"),
        "source": f"{PANRB}; {BKN}, pasal Dimensi Kinerja (nomor pasal tidak terkonfirmasi)",
        "confirmed": False,
        "note": "30% hanya dari bahan sekunder (isu 17, kalkulator IP-ASN publik). " + NOT_READ,
    },
    {
        "code": Dimension.DISCIPLINE,
        "order": 4,
        "weight": Decimal("5"),
        "source": f"{PANRB}; {BKN}, pasal Dimensi Disiplin (nomor pasal tidak terkonfirmasi)",
        "confirmed": False,
        "note": "5% hanya dari bahan sekunder (isu 17, kalkulator IP-ASN publik). " + NOT_READ,
    },
]


def _rule(dimension, indicator, key, label, points, order, source, confirmed, note, **extra):
    return {
        "dimension": dimension,
        "indicator": indicator,
        "key": key,
        "label": label,
        "points": Decimal(points),
        "min_hours": extra.get("min_hours"),
        "within_years": extra.get("within_years"),
        "position_kinds": list(extra.get("position_kinds", [])),
        "order": order,
        "source": source,
        "confirmed": confirmed,
        "note": note,
    }


QUALIFICATION_SOURCE = f"{BKN}, instrumen Dimensi Kualifikasi (nomor pasal tidak terkonfirmasi)"
QUOTED = "Dikutip lelemuku.com (12 Juni 2019) dari Peraturan BKN 8/2019 (huruf a dan b) dan "
ONLY_CALCULATOR = f"Hanya dari {CALCULATOR} (KualifikasiController). "

QUALIFICATION = [
    (EducationLevel.S3, "S-3 (Doktor)", "25", QUOTED + f"sama di {CALCULATOR}. " + NOT_READ),
    (EducationLevel.S2, "S-2 (Magister)", "20", QUOTED + f"sama di {CALCULATOR}. " + NOT_READ),
    (EducationLevel.S1, "S-1/D-IV", "15", ONLY_CALCULATOR + NOT_READ),
    (EducationLevel.D3, "D-III", "10", ONLY_CALCULATOR + NOT_READ),
    (
        EducationLevel.D2,
        "D-II",
        "5",
        ONLY_CALCULATOR
        + "Kalkulator itu menggolongkan SLTA/D-II/D-I/sederajat bersama. "
        + NOT_READ,
    ),
    (
        EducationLevel.D1,
        "D-I",
        "5",
        ONLY_CALCULATOR
        + "Kalkulator itu menggolongkan SLTA/D-II/D-I/sederajat bersama. "
        + NOT_READ,
    ),
    (
        EducationLevel.SLTA,
        "SLTA/sederajat",
        "5",
        ONLY_CALCULATOR
        + "Kalkulator itu menggolongkan SLTA/D-II/D-I/sederajat bersama. "
        + NOT_READ,
    ),
    (
        EducationLevel.SLTP,
        "Di bawah SLTA: SLTP/sederajat",
        "1",
        ONLY_CALCULATOR + "Kalkulator itu memberi 1 untuk pendidikan di bawah SLTA. " + NOT_READ,
    ),
    (
        EducationLevel.SD,
        "Di bawah SLTA: SD/sederajat",
        "1",
        ONLY_CALCULATOR + "Kalkulator itu memberi 1 untuk pendidikan di bawah SLTA. " + NOT_READ,
    ),
]

COMPETENCE = [
    _rule(
        Dimension.COMPETENCE,
        "diklat_kepemimpinan",
        TrainingKind.LEADERSHIP,
        "Telah mengikuti diklat kepemimpinan sesuai jabatan yang diduduki (JPT, administrator, "
        "pengawas)",
        "15",
        1,
        f"{BKN}, Pasal 8 ayat (4) huruf a",
        True,
        f"Dibaca pada {PASAL_ID}. Huruf b: 0 bagi yang belum mengikutinya. Kesesuaian diklat "
        "dengan jabatan tidak dapat diperiksa dari rekap: portal menghitung diklat kepemimpinan "
        "apa pun yang tercatat, tanpa batas waktu.",
        position_kinds=STRUCTURAL,
    ),
    _rule(
        Dimension.COMPETENCE,
        "diklat_fungsional",
        TrainingKind.FUNCTIONAL,
        "Telah mengikuti diklat fungsional sesuai jabatan yang diduduki (jabatan fungsional)",
        "15",
        1,
        f"{BKN}, Pasal 8 ayat (5) huruf a",
        True,
        f"Dibaca pada {PASAL_ID}. Huruf b: 0 bagi yang belum mengikutinya. Kesesuaian diklat "
        "dengan jabatan tidak dapat diperiksa dari rekap: portal menghitung diklat fungsional "
        "apa pun yang tercatat, tanpa batas waktu.",
        position_kinds=[PositionKind.FUNCTIONAL],
    ),
    _rule(
        Dimension.COMPETENCE,
        "diklat_teknis",
        TrainingKind.TECHNICAL,
        "Diklat teknis paling sedikit 20 JP (JPT, administrator, pengawas, fungsional)",
        "15",
        1,
        f"{BKN}, Pasal 8 ayat (6) huruf a",
        False,
        f"Dibaca pada {PASAL_ID}: paling sedikit 20 JP, 15 bagi JPT, administrator, pengawas dan "
        "fungsional; akhir kalimat huruf a (syarat lain, mis. jangka waktu) terpotong pada salinan "
        "itu, sehingga entri belum terkonfirmasi penuh. Portal menjumlahkan JP semua diklat "
        "teknis yang tercatat, tanpa batas waktu.",
        min_hours=20,
        position_kinds=NOT_EXECUTOR,
    ),
    _rule(
        Dimension.COMPETENCE,
        "diklat_teknis",
        TrainingKind.TECHNICAL,
        "Diklat teknis paling sedikit 20 JP (jabatan pelaksana)",
        "22.5",
        2,
        f"{BKN}, Pasal 8 ayat (6) huruf b (tidak terbaca)",
        False,
        f"22,5 bagi jabatan pelaksana hanya dari {CALCULATOR} (KompetensiController); "
        "22,5 + 17,5 = 40 sama dengan bobot dimensi. " + NOT_READ,
        min_hours=20,
        position_kinds=EXECUTOR,
    ),
    _rule(
        Dimension.COMPETENCE,
        "seminar",
        TrainingKind.SEMINAR,
        "Seminar/workshop/magang/kursus/sejenisnya dalam 2 tahun terakhir (JPT, administrator, "
        "pengawas, fungsional)",
        "10",
        1,
        f"{BKN}, Pasal 8 ayat (3) huruf d; ayat instrumennya tidak terbaca",
        False,
        f"Ayat (3) huruf d (terbaca) hanya menyebut indikatornya. 10 poin dan 'dalam 2 tahun "
        f"terakhir' dari {CALCULATOR}. " + NOT_READ,
        within_years=2,
        position_kinds=NOT_EXECUTOR,
    ),
    _rule(
        Dimension.COMPETENCE,
        "seminar",
        TrainingKind.SEMINAR,
        "Seminar/workshop/magang/kursus/sejenisnya dalam 2 tahun terakhir (jabatan pelaksana)",
        "17.5",
        2,
        f"{BKN}, Pasal 8 ayat (3) huruf d; ayat instrumennya tidak terbaca",
        False,
        f"17,5 bagi jabatan pelaksana dan 'dalam 2 tahun terakhir' dari {CALCULATOR}. " + NOT_READ,
        within_years=2,
        position_kinds=EXECUTOR,
    ),
]

PERFORMANCE_SOURCE = f"{BKN}, instrumen Dimensi Kinerja (nomor pasal tidak terkonfirmasi)"
PERFORMANCE_NOTE = (
    f"Hanya dari {CALCULATOR} (KinerjaController: Sangat Baik 30, Baik 25, Cukup 15, Kurang 5, "
    "lainnya 1). Predikat PermenPANRB 6/2022 dibaca pada urutan yang sama (bacaan portal). "
    + NOT_READ
)
PERFORMANCE = [
    (PerformanceRating.VERY_GOOD, "Sangat Baik", "30"),
    (PerformanceRating.GOOD, "Baik", "25"),
    (PerformanceRating.FAIR, "Cukup / Butuh Perbaikan", "15"),
    (PerformanceRating.POOR, "Kurang", "5"),
    (PerformanceRating.BAD, "Buruk / Sangat Kurang", "1"),
]

DISCIPLINE_SOURCE = f"{BKN}, instrumen Dimensi Disiplin (nomor pasal tidak terkonfirmasi)"
DISCIPLINE_NOTE = (
    f"Hanya dari {CALCULATOR} (DisiplinController: tidak pernah 5, ringan 3, sedang 2, "
    "lainnya 1). Tingkat hukuman dibaca menurut PP 94/2021. " + NOT_READ
)
DISCIPLINE = [
    (DisciplinePenalty.NONE, "Tidak pernah dijatuhi hukuman disiplin", "5"),
    (DisciplinePenalty.LIGHT, "Hukuman disiplin ringan", "3"),
    (DisciplinePenalty.MODERATE, "Hukuman disiplin sedang", "2"),
    (DisciplinePenalty.HEAVY, "Hukuman disiplin berat", "1"),
]

RULES = (
    [
        _rule(
            Dimension.QUALIFICATION,
            "pendidikan",
            key,
            label,
            points,
            order,
            QUALIFICATION_SOURCE,
            False,
            note,
        )
        for order, (key, label, points, note) in enumerate(QUALIFICATION, 1)
    ]
    + COMPETENCE
    + [
        _rule(
            Dimension.PERFORMANCE,
            "penilaian_kinerja",
            key,
            label,
            points,
            order,
            PERFORMANCE_SOURCE,
            False,
            PERFORMANCE_NOTE,
        )
        for order, (key, label, points) in enumerate(PERFORMANCE, 1)
    ]
    + [
        _rule(
            Dimension.DISCIPLINE,
            "hukuman_disiplin",
            key,
            label,
            points,
            order,
            DISCIPLINE_SOURCE,
            False,
            DISCIPLINE_NOTE,
        )
        for order, (key, label, points) in enumerate(DISCIPLINE, 1)
    ]
)

CATEGORY_SOURCE = (
    f"{BKN}, pasal kategori tingkat Profesionalitas ASN (nomor pasal tidak terkonfirmasi)"
)
CATEGORY_NOTE = (
    "Rentang 91-100, 81-90, 71-80, 61-70 dan 60 ke bawah dikutip kontan.co.id dari Peraturan "
    "BKN 8/2019. " + NOT_READ + " Peraturan menulis bilangan bulat; nilai pecahan (mis. 90,50) "
    "masuk kategori yang batas bawahnya sudah tercapai, sehingga batas atas ditulis ,99."
)
CATEGORIES = [
    {
        "code": code,
        "lower": Decimal(lower),
        "upper": Decimal(upper),
        "source": CATEGORY_SOURCE,
        "confirmed": False,
        "note": CATEGORY_NOTE,
    }
    for code, lower, upper in [
        (IndexCategoryCode.VERY_HIGH, "91", "100"),
        (IndexCategoryCode.HIGH, "81", "90.99"),
        (IndexCategoryCode.MEDIUM, "71", "80.99"),
        (IndexCategoryCode.LOW, "61", "70.99"),
        (IndexCategoryCode.VERY_LOW, "0", "60.99"),
    ]
]
