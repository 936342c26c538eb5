"""Choices of the IP-ASN report (seed 003: BKPSDM Kota Singkawang's standard for processing a
Perangkat Daerah's report of its employees' Indeks Profesionalitas ASN) and of the index
itself (PermenPANRB 38/2018, Peraturan BKN 8/2019). The points each choice earns are data
(ipasn.ScoreRule), never here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    """Where a Perangkat Daerah's report stands. Moves only through
    ipasn.services.reports.report_transition (the table is ipasn.workflow.TRANSITIONS); which
    official holds it is its current step (portal.ServiceStep)."""

    DRAFT = "draft", _("Draf")
    ROUTING = "routing", _("Dalam proses")
    RETURNED = "returned", _("Dikembalikan ke perangkat daerah")
    COMPLETED = "completed", _("Selesai")
    WITHDRAWN = "withdrawn", _("Ditarik")


OPEN_STATES = frozenset({ReportState.ROUTING, ReportState.RETURNED})
CLOSED_STATES = frozenset({ReportState.COMPLETED, ReportState.WITHDRAWN})


class Dimension(models.TextChoices):
    """The four dimensions of PermenPANRB 38/2018 (their weights are data: ScoringDimension)."""

    QUALIFICATION = "kualifikasi", _("Kualifikasi")
    COMPETENCE = "kompetensi", _("Kompetensi")
    PERFORMANCE = "kinerja", _("Kinerja")
    DISCIPLINE = "disiplin", _("Disiplin")


class EducationLevel(models.TextChoices):
    """The last formal education, highest first (the recap's column "Pendidikan terakhir")."""

    S3 = "s3", _("S-3 (Doktor)")
    S2 = "s2", _("S-2 (Magister)")
    S1 = "s1", _("S-1/D-IV (Sarjana/Diploma IV)")
    D3 = "d3", _("D-III (Diploma III)")
    D2 = "d2", _("D-II (Diploma II)")
    D1 = "d1", _("D-I (Diploma I)")
    SLTA = "slta", _("SLTA/sederajat")
    SLTP = "sltp", _("SLTP/sederajat")
    SD = "sd", _("SD/sederajat")


class PositionKind(models.TextChoices):
    """Kinds of position (jabatan) an ASN holds (UU 5/2014)."""

    JPT = "jpt", _("Jabatan Pimpinan Tinggi")
    ADMINISTRATOR = "administrator", _("Jabatan Administrator")
    SUPERVISOR = "pengawas", _("Jabatan Pengawas")
    FUNCTIONAL = "fungsional", _("Jabatan Fungsional")
    EXECUTOR = "pelaksana", _("Jabatan Pelaksana")


class TrainingKind(models.TextChoices):
    """Kinds of development activity the competence dimension counts."""

    LEADERSHIP = "kepemimpinan", _("Diklat/pelatihan kepemimpinan")
    FUNCTIONAL = "fungsional", _("Diklat/pelatihan fungsional")
    TECHNICAL = "teknis", _("Diklat/pelatihan teknis")
    SEMINAR = "seminar", _("Seminar/workshop/magang/kursus/sejenisnya")


class PerformanceRating(models.TextChoices):
    """The latest performance rating's predicate: PP 46/2011's five (Sangat Baik, Baik, Cukup,
    Kurang, Buruk), and PermenPANRB 6/2022's five (Sangat Baik, Baik, Butuh Perbaikan, Kurang,
    Sangat Kurang) read in the same order — the portal's own reading, said so on the scoring
    tables. Their points are ipasn.ScoreRule entries (indicator "penilaian_kinerja"), not
    confirmed against the text of Peraturan BKN 8/2019 (see each entry's note)."""

    VERY_GOOD = "sangat_baik", _("Sangat Baik")
    GOOD = "baik", _("Baik")
    FAIR = "cukup", _("Cukup / Butuh Perbaikan")
    POOR = "kurang", _("Kurang")
    BAD = "buruk", _("Buruk / Sangat Kurang")


class DisciplinePenalty(models.TextChoices):
    """The heaviest disciplinary penalty on record (PP 94/2021 levels), or none."""

    NONE = "tidak_pernah", _("Tidak pernah dijatuhi hukuman disiplin")
    LIGHT = "ringan", _("Hukuman disiplin ringan")
    MODERATE = "sedang", _("Hukuman disiplin sedang")
    HEAVY = "berat", _("Hukuman disiplin berat")


class IndexCategoryCode(models.TextChoices):
    """The index's categories (PermenPANRB 38/2018); their bounds are data (IndexCategory)."""

    VERY_HIGH = "sangat_tinggi", _("Sangat tinggi")
    HIGH = "tinggi", _("Tinggi")
    MEDIUM = "sedang", _("Sedang")
    LOW = "rendah", _("Rendah")
    VERY_LOW = "sangat_rendah", _("Sangat rendah")
