"""The bench's seed 004 share (scripts/bench/assessments.py) makes rows the models accept, at a
small scale, with the samples its probes need."""

import itertools
import random

import pytest
from django.utils import timezone

from assessments.models import Engagement, Participant, Report
from scripts.bench.assessments import assessment_probes, seed_assessments

pytestmark = pytest.mark.django_db


def _nips():
    for number in itertools.count(1):
        yield f"19850101201001{number:04d}"


def test_the_bench_seed_makes_engagements_and_samples():
    sessions = []

    def login(user):
        sessions.append(user.pk)
        return f"session-{user.pk}"

    samples = seed_assessments(
        scale=0.02, rng=random.Random(4), now=timezone.now(), nips=_nips(), login=login
    )

    assert Engagement.objects.count() == samples["engagements"] >= 20
    assert Participant.objects.count() == samples["participants"]
    assert Report.objects.count() == samples["reports"]
    engagement = Engagement.objects.get(public_id=samples["engagement"])
    assert engagement.participants.filter(account__isnull=False).exists()
    probes = assessment_probes({"assessments": samples})
    assert probes["assessment: asesi home"] == [("/penilaian-kompetensi/asesi/", samples["asesi"])]
    # The Panitia, the operator, the asesi and LAN's verifier (the institutions to verify).
    assert len(sessions) == 4
    assert samples["verifier"] == f"session-{sessions[-1]}"
