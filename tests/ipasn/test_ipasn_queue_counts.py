"""Issue 19: the IP-ASN officials' queue and overview make the same queries with three times as
many reports, on page 1 and on the last page, and the agency recap with three times as many
years and laporan (tests/queue_counts.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ipasn import selectors
from ipasn.constants import ReportState
from ipasn.models import AgencySummary, Report
from portal.constants import Role
from tests.ipasn.test_staff_pages import submitted
from tests.queue_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow(ipasn_service, make_pd, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_PER_PAGE", 2)
    made = []

    def add(count):
        made.extend(submitted(ipasn_service, make_pd, count, start=len(made)))

    return add


def test_the_officials_queue(client, officials, grow):
    client.force_login(officials[Role.ADMIN_CLERK])
    assert_constant_queries(
        client,
        reverse("ipasn_staff_queue"),
        grow,
        page_of=lambda response: response.context["queue"].page,
    )


@pytest.mark.parametrize("params", [{}, {"status": "routing"}, {"cari": "daerah"}])
def test_the_overview(client, officials, grow, params):
    client.force_login(officials[Role.AGENCY_HEAD])
    assert_constant_queries(
        client,
        reverse("ipasn_staff_reports"),
        grow,
        params=params,
        page_of=lambda response: response.context["page"],
    )


def test_the_agency_recap(client, officials, ipasn_service, make_pd):
    """The agency's laporan per year: one row per year of completed reports and one per laporan
    made, in the same queries whatever their number."""
    made = []

    def add(count):
        for report in submitted(ipasn_service, make_pd, count, start=len(made)):
            year = 2000 + len(made)
            Report.objects.filter(pk=report.pk).update(
                state=ReportState.COMPLETED, closed_at=timezone.now(), year=year
            )
            AgencySummary.objects.create(
                service=ipasn_service, year=year, created_by=officials[Role.DIVISION_HEAD]
            )
            made.append(report)

    client.force_login(officials[Role.PERSONNEL_ANALYST])
    assert_constant_queries(
        client,
        reverse("ipasn_agency"),
        add,
        paged=False,
        shown=lambda response: len(response.context["rows"]),
    )
