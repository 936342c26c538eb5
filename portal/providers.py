"""Reads about providers (penyelenggara): the agencies that run the services of the portal."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from portal.models import ServiceHours


@dataclass(frozen=True)
class HoursRow:
    """Service hours shared by a run of consecutive weekdays ("Senin-Kamis")."""

    days: str
    opens: time
    closes: time
    break_starts: time | None
    break_ends: time | None


def hours_rows(hours: Sequence[ServiceHours]) -> list[HoursRow]:
    """The service hours with consecutive weekdays of the same times merged, as seed 003 writes
    them: Monday to Thursday on one line, Friday (with its longer break) on its own."""
    groups: list[list[ServiceHours]] = []
    for row in sorted(hours, key=lambda row: row.weekday):
        times = (row.opens, row.closes, row.break_starts, row.break_ends)
        previous = groups[-1][-1] if groups else None
        if (
            previous is not None
            and previous.weekday == row.weekday - 1
            and (previous.opens, previous.closes, previous.break_starts, previous.break_ends)
            == times
        ):
            groups[-1].append(row)
        else:
            groups.append([row])
    rows = []
    for group in groups:
        first, last = group[0], group[-1]
        days = first.get_weekday_display()
        if last is not first:
            days = f"{days}\u2013{last.get_weekday_display()}"  # en dash
        rows.append(HoursRow(days, first.opens, first.closes, first.break_starts, first.break_ends))
    return rows
