"""The bench's seed 003 share (scripts/bench/ipasn.py) makes rows the models accept, at a small
scale, with the samples its probes need: reports waiting on the sampled official, an operator
with reports, the overview's last page."""

import random

import pytest
from django.utils import timezone

from ipasn.models import RecapEntry, Report
from ipasn.selectors import service_reports, staff_queue
from ipasn.views.staff import AGENCY_ROLES
from portal.constants import Role
from portal.models import StaffRole
from portal.roles import user_roles
from registration.models import User
from scripts.bench.ipasn import ipasn_probes, seed_ipasn
from scripts.bench.queues import LISTS, ipasn_sessions

pytestmark = pytest.mark.django_db


def test_the_bench_seed_makes_reports_and_samples():
    sessions = {}

    def login(user):
        sessions[f"session-{user.pk}"] = user
        return f"session-{user.pk}"

    samples = seed_ipasn(scale=0.02, rng=random.Random(3), now=timezone.now(), login=login)

    assert Report.objects.count() == samples["reports"] >= 30
    assert RecapEntry.objects.count() == samples["entries"]
    operator = sessions[samples["operator"]]
    report = Report.objects.get(public_id=samples["report"])
    assert report.institution.operators.filter(pk=operator.pk).exists()
    official = User.objects.get(pk=sessions[samples["official"]].pk)
    assert StaffRole.objects.filter(user=official).count() == 1
    queue = staff_queue(official)
    assert queue.total >= 1
    assert str(queue.mine[0].report.public_id) and queue.mine[0].waiting_since is not None
    page, _rows = service_reports(official, page_number=samples["last_page"])
    assert page.number == samples["last_page"]
    probes = ipasn_probes({"ipasn": samples})
    assert probes["ipasn: staff queue"] == [("/laporan-ip-asn/petugas/", samples["official"])]
    assert probes["ipasn: operator home"] == [("/laporan-ip-asn/", samples["operator"])]
    analyst = sessions[samples["analyst"]]
    assert StaffRole.objects.get(user=analyst).role == Role.PERSONNEL_ANALYST
    assert len(sessions) == 3


def test_the_agency_recap_is_probed_by_a_reader_it_is_for(client):
    """The agency recap is the Kabid's, the Kepala's and the Analis's (AGENCY_ROLES): probed as
    the sampled official (of whichever step had most reports waiting), it answered 403 on the
    small seed and the page on the big one, and the bench compared 2 queries with 6."""
    sessions = {}

    def login(user):
        sessions[f"session-{user.pk}"] = user
        return f"session-{user.pk}"

    samples = seed_ipasn(scale=0.02, rng=random.Random(3), now=timezone.now(), login=login)
    path, key = LISTS["ipasn: agency recap"]
    reader = sessions[ipasn_sessions(samples)[key]]

    assert set(user_roles(reader)) & set(AGENCY_ROLES)
    client.force_login(reader)
    assert client.get(path).status_code == 200
