"""What the recap says about one employee, as plain values: ipasn.recap reads a spreadsheet into
these, ipasn.index scores them, ipasn.models.RecapEntry stores them (positions and trainings
as JSON lists of these fields)."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Position:
    """A position held (sheet "Riwayat Jabatan")."""

    title: str
    kind: str  # ipasn.constants.PositionKind
    since: date | None = None  # TMT jabatan


@dataclass(frozen=True)
class Training:
    """A training, workshop or seminar attended (sheet "Diklat")."""

    kind: str  # ipasn.constants.TrainingKind
    name: str
    hours: int  # jam pelajaran (JP)
    start: date
    end: date


@dataclass(frozen=True)
class EmployeeRecord:
    """One row of the recap's main sheet "Pegawai" with its positions and trainings. An empty
    string is a value the recap left blank (the index reports it as incomplete data)."""

    row: int  # spreadsheet row on the main sheet, for messages
    nip: str
    name: str
    education: str  # ipasn.constants.EducationLevel, or ""
    position_kind: str  # current position's kind, ipasn.constants.PositionKind, or ""
    position_title: str
    performance: str  # ipasn.constants.PerformanceRating, or ""
    discipline: str  # ipasn.constants.DisciplinePenalty, or ""
    positions: tuple[Position, ...] = field(default_factory=tuple)
    trainings: tuple[Training, ...] = field(default_factory=tuple)
