"""The complaint report ("Laporan Pengaduan", seed 001): per period, how many complaints came in,
of which kind, through which channel, about which service, where they stand now, and how fast the
team handled them. The staff page, its downloads and the public page all show one Report.

Everything is aggregated: no subject, description or reporter ever leaves this module."""

import statistics
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from complaints.constants import Channel, ComplaintKind, ComplaintStatus
from complaints.models import Complaint
from complaints.workflow import DEFAULT_STAGE_DAYS
from portal import calendar
from portal.constants import Stage
from portal.kept import generation_drop
from portal.models import Provider, Service, ServiceTimeLimit

# Complaints about no particular service, or a service without configured complaint limits,
# are held to the same defaults as their due dates (3 working days to verify, 5 to follow up).
DEFAULT_VERIFICATION_DAYS = DEFAULT_STAGE_DAYS[Stage.COMPLAINT_VERIFICATION]
DEFAULT_FOLLOW_UP_DAYS = DEFAULT_STAGE_DAYS[Stage.COMPLAINT_FOLLOW_UP]

ON_TIME, LATE, PENDING = "on_time", "late", "pending"

ONE_DAY = timedelta(days=1)


# The public report's kept figures live while this generation does (complaints.report_views).
PUBLIC_REPORT_GENERATION_KEY = "complaints:public-report-generation"


def public_report_drop() -> None:
    """A complaint changed: the public report's figures are computed again."""
    generation_drop(PUBLIC_REPORT_GENERATION_KEY)


@dataclass(frozen=True)
class Report:
    """The figures of one period (by the Asia/Jakarta date a complaint was received).

    `undisclosed` is how many confidential complaints the public report leaves out of every
    breakdown: they count in the totals and the timeliness figures only. The staff report
    breaks down every complaint (undisclosed == 0)."""

    start: date
    end: date
    service: Service | None
    total: int
    on_time: int
    late: int
    pending: int
    median_days_to_first_answer: float | None
    median_days_to_closure: float | None
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_service: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    undisclosed: int = 0
    provider: Provider | None = None
    # Complaints handled together (complaints.models.ComplaintCluster): how many of the
    # period's complaints are in a cluster, and in how many clusters.
    clustered: int = 0
    clusters: int = 0

    @property
    def on_time_percent(self) -> float | None:
        """Share handled within the time limit, in percent (one decimal), over the complaints
        whose outcome is known; None when there is none yet."""
        decided = self.on_time + self.late
        return round(100 * self.on_time / decided, 1) if decided else None

    def sections(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """The breakdowns as (title, rows), in the order every format shows them."""
        return [
            (_("Jenis"), self.by_kind),
            (_("Saluran"), self.by_channel),
            (_("Layanan"), self.by_service),
            (_("Status saat ini"), self.by_status),
        ]

    def summary(self) -> list[tuple[str, int | float | None]]:
        return [
            (_("Pengaduan diterima"), self.total),
            (_("Pengaduan yang ditangani berkelompok"), self.clustered),
            (_("Kelompok pengaduan"), self.clusters),
            (_("Ditangani tepat waktu"), self.on_time),
            (_("Ditangani melewati batas waktu"), self.late),
            (_("Belum jatuh tempo"), self.pending),
            (_("Persentase tepat waktu (%)"), self.on_time_percent),
            (_("Median hari kerja sampai jawaban pertama"), self.median_days_to_first_answer),
            (_("Median hari kerja sampai selesai"), self.median_days_to_closure),
        ]

    @property
    def period_label(self) -> str:
        return _("%(start)s s.d. %(end)s") % {
            "start": date_format(self.start, "j F Y"),
            "end": date_format(self.end, "j F Y"),
        }

    def table_rows(self) -> list[tuple[str, str, int | float | None]]:
        """One table (kategori, nilai, jumlah) for the CSV and XLSX downloads."""
        rows: list[tuple[str, str, int | float | None]] = [
            (_("Periode"), self.period_label, None),
            (_("Layanan"), self.service.name if self.service else _("Semua layanan"), None),
        ]
        if self.provider is not None:
            rows.insert(1, (_("Penyelenggara"), self.provider.name, None))
        rows += [(_("Ringkasan"), label, value) for label, value in self.summary()]
        for title, breakdown in self.sections():
            rows += [(title, label, count) for label, count in breakdown]
        if self.undisclosed:
            rows.append((_("Ringkasan"), _("Laporan rahasia (tidak dirinci)"), self.undisclosed))
        return rows


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The instants where the period's first WIB day starts and the day after its last starts."""
    tz = timezone.get_default_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + ONE_DAY, time.min, tzinfo=tz),
    )


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment, timezone.get_default_timezone()).date() if moment else None


def _limits(service_ids: Iterable[int]) -> dict[int | None, tuple[int, int]]:
    """(verification, follow-up) working days per service, as configured for the service
    (what portal.catalogue.service_time_limit reads), in one query. A stage without a row gets
    the default, as complaints.services does for the due dates."""
    configured = {
        (row.service_id, row.stage): row.working_days
        for row in ServiceTimeLimit.objects.filter(
            service_id__in=list(service_ids),
            stage__in=[Stage.COMPLAINT_VERIFICATION, Stage.COMPLAINT_FOLLOW_UP],
        )
    }
    limits: dict[int | None, tuple[int, int]] = {
        None: (DEFAULT_VERIFICATION_DAYS, DEFAULT_FOLLOW_UP_DAYS)
    }
    for service_id in service_ids:
        limits[service_id] = (
            configured.get((service_id, Stage.COMPLAINT_VERIFICATION), DEFAULT_VERIFICATION_DAYS),
            configured.get((service_id, Stage.COMPLAINT_FOLLOW_UP), DEFAULT_FOLLOW_UP_DAYS),
        )
    return limits


def _timeliness(
    *,
    received: date,
    settled: date | None,
    handled: date | None,
    limits: tuple[int, int],
    today: date,
    between: Callable[[date, date], int],
) -> str:
    """ON_TIME, LATE or PENDING (still within its time limits, not handled yet)."""
    verification, follow_up = limits
    for done, limit in ((settled, verification), (handled, verification + follow_up)):
        if done is None:
            return LATE if between(received, today) > limit else PENDING
        if between(received, done) > limit:
            return LATE
    return ON_TIME


def _counter(moments: list[tuple], today: date) -> Callable[[date, date], int]:
    """A working-day counter over the WIB days of `moments` (rows of instants or None) and
    `today` (one query: the closures between them)."""
    days = [_local_day(moment) for row in moments for moment in row if moment is not None]
    return calendar.working_days_counter(min(days), max([*days, today]))


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _breakdown(counts: Counter, choices: Iterable[tuple[str, Promise]]) -> list[tuple[str, int]]:
    """Every choice in its defined order, zeros included: the reader sees what was possible."""
    return [(str(label), counts[value]) for value, label in choices]


def complaint_report(
    *,
    start: date,
    end: date,
    service: Service | None = None,
    provider: Provider | None = None,
    provider_ids: Collection[int] | None = None,
    public: bool = False,
    today: date | None = None,
) -> Report:
    """The figures of the complaints received from `start` to `end` (inclusive, WIB dates),
    optionally only about `service`, or only those of `provider` (about its services, or
    brought to it about none), or only those of the providers `provider_ids` (a staff reader's
    own). `public` leaves confidential complaints out of the breakdowns (see
    Report.undisclosed).

    Timeliness, in working days (portal.calendar) counted from the WIB date of receipt, with
    the complaint's service's limits V (Stage.COMPLAINT_VERIFICATION) and F
    (Stage.COMPLAINT_FOLLOW_UP), or 3 and 5 for a complaint about no particular service:

    - *settled* is when it was verified, or else when it ended (forwarded, rejected or marked a
      duplicate straight from "received": that decision is its verification);
    - *handled* is the earlier of its first answer and the moment it ended;
    - it is **on time** when settled within V working days and handled within V + F (an answer
      on a weekend right after the last working day is still within V + F working days);
    - **late** when either step took longer, or has not happened although its limit passed
      before `today`;
    - **pending** otherwise (not yet handled, limit not yet passed): left out of the share.

    The medians are over the complaints of the period that have a first answer, and those that
    ended (closed_at), in working days from receipt.

    At most four queries whatever the number of complaints: the breakdowns (one GROUP BY, the
    services' names joined), the dates, the time limits and the closures."""
    today = today or timezone.localdate()
    since, until = _bounds(start, end)
    complaints = Complaint.objects.filter(received_at__gte=since, received_at__lt=until)
    if service is not None:
        complaints = complaints.filter(service=service)
    if provider is not None:
        complaints = complaints.filter(provider=provider)
    if provider_ids is not None:
        complaints = complaints.filter(provider_id__in=provider_ids)

    groups = _groups(complaints)
    dates = list(
        complaints.order_by().values_list(
            "service_id", "received_at", "verified_at", "first_answered_at", "closed_at"
        )
    )
    limits = _limits({row[0] for row in dates if row[0] is not None}) if dates else {}
    return _figures(
        start=start,
        end=end,
        service=service,
        provider=provider,
        groups=groups,
        dates=dates,
        limits=limits,
        public=public,
        today=today,
    )


def _groups(complaints) -> list[dict]:
    """How many of `complaints` share each kind, channel, status, service and confidentiality
    (the breakdowns' counts)."""
    return list(
        complaints.order_by()
        .values(
            "kind", "channel", "status", "service_id", "service__name", "confidential", "cluster_id"
        )
        .annotate(count=Count("id"))
    )


# The key of complaint_reports_by_service's part for the confidential complaints.
CONFIDENTIAL = "confidential"


def complaint_reports_by_service(
    *, start: date, end: date, provider: Provider, public: bool = False, today: date | None = None
) -> dict[int | str | None, Report]:
    """complaint_report of `provider` for each service its complaints of the period are about,
    in one go (four queries, whatever the number of complaints or services): keyed by the
    service's id, None for the complaints about no particular service. With `public`, the
    confidential complaints are one part of their own, keyed CONFIDENTIAL, and no service's:
    the public report does not say which service they are about either. The parts' totals and
    timeliness figures add up to complaint_report's with the same arguments; each part's
    `by_service` names its service."""
    today = today or timezone.localdate()
    since, until = _bounds(start, end)
    complaints = Complaint.objects.filter(
        received_at__gte=since, received_at__lt=until, provider=provider
    )
    groups = _groups(complaints)
    dates = list(
        complaints.order_by().values_list(
            "service_id",
            "received_at",
            "verified_at",
            "first_answered_at",
            "closed_at",
            "confidential",
        )
    )
    limits = _limits({row[0] for row in dates if row[0] is not None}) if dates else {}
    between = _counter([row[1:5] for row in dates], today) if dates else None

    def part(service_id: int | None, confidential: bool) -> int | str | None:
        return CONFIDENTIAL if public and confidential else service_id

    parted_groups: dict[int | str | None, list[dict]] = {}
    for group in groups:
        parted_groups.setdefault(part(group["service_id"], group["confidential"]), []).append(
            {**group, "confidential": False}
        )
    parted_dates: dict[int | str | None, list[tuple]] = {}
    for *row, confidential in dates:
        parted_dates.setdefault(part(row[0], confidential), []).append(tuple(row))
    reports = {
        key: _figures(
            start=start,
            end=end,
            service=None,
            provider=provider,
            groups=members,
            dates=parted_dates.get(key, []),
            limits=limits,
            public=False,
            today=today,
            between=between,
        )
        for key, members in parted_groups.items()
    }
    if CONFIDENTIAL in reports:
        # Its figures are the totals and the timeliness only, as on the public report.
        reports[CONFIDENTIAL] = replace(
            reports[CONFIDENTIAL],
            by_kind=[],
            by_channel=[],
            by_service=[],
            by_status=[],
            undisclosed=reports[CONFIDENTIAL].total,
        )
    return reports


def _figures(
    *,
    start: date,
    end: date,
    service: Service | None,
    provider: Provider | None,
    groups: list[dict],
    dates: list[tuple],
    limits: dict[int | None, tuple[int, int]],
    public: bool,
    today: date,
    between: Callable[[date, date], int] | None = None,
) -> Report:
    """The Report of the complaints whose breakdown rows are `groups` and whose (service id,
    received, verified, first answered, closed) are `dates`; one query (the closures), none
    when `between` (a working-day counter over every date of `dates`) is given."""
    total = undisclosed = clustered = 0
    kinds, channels, statuses, services = Counter(), Counter(), Counter(), Counter()
    service_names: dict[int | None, str] = {}
    clusters: set[int] = set()
    for group in groups:
        total += group["count"]
        if group.get("cluster_id") is not None:
            clustered += group["count"]
            clusters.add(group["cluster_id"])
        if public and group["confidential"]:
            undisclosed += group["count"]
            continue
        kinds[group["kind"]] += group["count"]
        channels[group["channel"]] += group["count"]
        statuses[group["status"]] += group["count"]
        services[group["service_id"]] += group["count"]
        service_names[group["service_id"]] = group["service__name"]

    outcome: Counter = Counter()
    to_first_answer, to_closure = [], []
    if dates:
        rows = [(service_id, *map(_local_day, moments)) for service_id, *moments in dates]
        between = between or _counter([row[1:] for row in dates], today)
        for service_id, received, verified, answered, closed in rows:
            handled = min((day for day in (answered, closed) if day is not None), default=None)
            outcome[
                _timeliness(
                    received=received,
                    settled=verified or closed,
                    handled=handled,
                    limits=limits.get(
                        service_id, (DEFAULT_VERIFICATION_DAYS, DEFAULT_FOLLOW_UP_DAYS)
                    ),
                    today=today,
                    between=between,
                )
            ] += 1
            if answered is not None:
                to_first_answer.append(between(received, answered))
            if closed is not None:
                to_closure.append(between(received, closed))

    return Report(
        start=start,
        end=end,
        service=service,
        total=total,
        on_time=outcome[ON_TIME],
        late=outcome[LATE],
        pending=outcome[PENDING],
        median_days_to_first_answer=_median(to_first_answer),
        median_days_to_closure=_median(to_closure),
        by_kind=_breakdown(kinds, ComplaintKind.choices),
        by_channel=_breakdown(channels, Channel.choices),
        by_service=sorted(
            (
                (service_names[key] or _("Tanpa layanan tertentu"), count)
                for key, count in services.items()
            ),
            key=lambda row: (-row[1], row[0]),
        ),
        by_status=_breakdown(statuses, ComplaintStatus.choices),
        undisclosed=undisclosed,
        provider=provider,
        clustered=clustered,
        clusters=len(clusters),
    )


# --- Periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A reporting period; `key` names it in a URL: "2026-03", "2026-S1" or "2026"."""

    key: str
    label: str
    start: date
    end: date


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - ONE_DAY


def month_period(year: int, month: int) -> Period:
    first = date(year, month, 1)
    return Period(f"{year}-{month:02d}", date_format(first, "F Y"), first, _month_end(year, month))


def semester_period(year: int, half: int) -> Period:
    first_month = 1 if half == 1 else 7
    return Period(
        f"{year}-S{half}",
        _("Semester %(half)s %(year)s") % {"half": "I" if half == 1 else "II", "year": year},
        date(year, first_month, 1),
        _month_end(year, first_month + 5),
    )


def year_period(year: int) -> Period:
    return Period(
        str(year), _("Tahun %(year)s") % {"year": year}, date(year, 1, 1), date(year, 12, 31)
    )


def last_full_month(today: date) -> Period:
    previous = today.replace(day=1) - ONE_DAY
    return month_period(previous.year, previous.month)


def staff_presets(today: date) -> list[tuple[str, Period]]:
    """The period shortcuts of the staff page, with their names."""
    half = 1 if today.month <= 6 else 2
    return [
        (_("Bulan ini"), month_period(today.year, today.month)),
        (_("Bulan lalu"), last_full_month(today)),
        (_("Semester ini"), semester_period(today.year, half)),
        (_("Tahun ini"), year_period(today.year)),
    ]


def complaint_first_year() -> int | None:
    """The year (WIB) the first complaint was received: the public page offers periods from
    then on."""
    first = Complaint.objects.aggregate(first=Min("received_at"))["first"]
    return _local_day(first).year if first else None


def complaint_latest_period(*, today: date) -> Period | None:
    """The month the public page opens on: the latest ended month (WIB) with a complaint, whose
    figures no longer change; when no ended month has one, the current month if it has; None
    when there is no complaint yet. Never an empty month while figures exist elsewhere."""
    this_month = month_period(today.year, today.month)
    month_start, _next = _bounds(this_month.start, this_month.start)
    _today, tomorrow = _bounds(today, today)
    latest = Complaint.objects.aggregate(
        ended=Max("received_at", filter=Q(received_at__lt=month_start)),
        current=Max("received_at", filter=Q(received_at__lt=tomorrow)),
    )
    moment = latest["ended"] or latest["current"]
    if moment is None:
        return None
    day = _local_day(moment)
    return month_period(day.year, day.month)


def public_periods(*, today: date, first_year: int) -> dict[str, list[Period]]:
    """The periods the public page offers, newest first, by kind: every month, semester and
    year from `first_year` that has begun by `today`."""
    years = range(today.year, first_year - 1, -1)
    return {
        _("Bulan"): [
            month_period(year, month)
            for year in years
            for month in range(12, 0, -1)
            if date(year, month, 1) <= today
        ],
        _("Semester"): [
            semester_period(year, half)
            for year in years
            for half in (2, 1)
            if date(year, 1 if half == 1 else 7, 1) <= today
        ],
        _("Tahun"): [year_period(year) for year in years],
    }
