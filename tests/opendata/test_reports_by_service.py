"""complaints.reports.complaint_reports_by_service: the public report's figures split by service,
each part judged by its own service's time limits, adding up to the whole report."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from complaints.constants import ComplaintStatus
from complaints.models import Complaint
from complaints.reports import CONFIDENTIAL, complaint_report, complaint_reports_by_service
from portal.constants import Stage
from portal.models import Provider, Service, ServiceTimeLimit
from tests.factories import PERPUSNAS, SERVICE_SLUG, ServiceFactory

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
TODAY = date(2025, 6, 30)


def at(day: int) -> datetime:
    return datetime(2025, 6, day, 10, 0, tzinfo=WIB)


def test_each_service_is_judged_by_its_own_limits_and_the_parts_add_up(
    django_assert_max_num_queries,
):
    provider = Provider.objects.get(slug=PERPUSNAS)
    librarian = Service.objects.get(slug=SERVICE_SLUG)  # 3 working days to verify
    quick = ServiceFactory(provider=provider)
    ServiceTimeLimit.objects.create(
        service=quick, stage=Stage.COMPLAINT_VERIFICATION, working_days=1
    )
    ServiceTimeLimit.objects.create(service=quick, stage=Stage.COMPLAINT_FOLLOW_UP, working_days=1)
    # Both received Mon 2 June, verified Thu 5 June (3 working days), answered and closed Fri 6.
    for number, service in enumerate((librarian, quick, None, librarian)):
        Complaint.objects.create(
            tracking_code=f"ADU-PART-{number}",
            subject="s",
            description="d",
            provider=provider,
            service=service,
            confidential=number == 3,
            status=ComplaintStatus.CLOSED,
            received_at=at(2),
            verified_at=at(5),
            first_answered_at=at(6),
            closed_at=at(6),
        )
    with django_assert_max_num_queries(4):
        parts = complaint_reports_by_service(
            start=date(2025, 6, 1), end=TODAY, provider=provider, public=True, today=TODAY
        )
    assert set(parts) == {librarian.pk, quick.pk, None, CONFIDENTIAL}
    assert (parts[librarian.pk].on_time, parts[librarian.pk].late) == (1, 0)
    assert (parts[quick.pk].on_time, parts[quick.pk].late) == (0, 1)
    assert parts[CONFIDENTIAL].by_status == [] and parts[CONFIDENTIAL].undisclosed == 1
    whole = complaint_report(
        start=date(2025, 6, 1), end=TODAY, provider=provider, public=True, today=TODAY
    )
    for name in ("total", "on_time", "late", "pending"):
        assert sum(getattr(part, name) for part in parts.values()) == getattr(whole, name)
