"""scripts/bench/queues.py (issue 19): its page sizes are the views', and its probes give page 1
and a deep page of every staff queue, the deep page no further than the queue's last page."""

from assessments.constants import OPEN_STATES
from assessments.selectors import queue as assessment_queue
from casework import selectors as casework_selectors
from certificates import staff_views as certificate_views
from complaints import staff_views as complaint_views
from ipasn import selectors as ipasn_selectors
from objections import views as objection_views
from scheduling import staff_views as scheduling_views
from scripts.bench.queues import ENGAGEMENT_OPEN, LISTS, QUEUES, queue_probes
from verification import account_claim_views
from verification import views as verification_views

PAGE_SIZES = {
    "verifier queue": verification_views.PAGE_SIZE,
    "claims list": account_claim_views.PAGE_SIZE,
    "objections queue": objection_views.PAGE_SIZE,
    "complaints queue": complaint_views.PAGE_SIZE,
    "certificates queue": certificate_views.PAGE_SIZE,
    "exam sessions (committee)": scheduling_views.PAGE_SIZE,
    "engine: staff queue": casework_selectors.QUEUE_PER_PAGE,
    "assessment: staff queue": assessment_queue.PER_PAGE,
    "ipasn: staff queue": ipasn_selectors.QUEUE_PER_PAGE,
    "ipasn: staff overview": ipasn_selectors.QUEUE_PER_PAGE,
}


def test_the_bench_pages_by_the_views_page_sizes():
    assert {name: spec[2] for name, spec in QUEUES.items()} == PAGE_SIZES
    assert set(ENGAGEMENT_OPEN) == set(OPEN_STATES)


def _samples(rows: int) -> dict:
    keys = {spec[3] for spec in QUEUES.values()} | {spec[1] for spec in LISTS.values()}
    return {
        "queues": {
            "sessions": {key: f"session-{key}" for key in keys} | {"seat_session": 7},
            "rows": dict.fromkeys(QUEUES, rows),
        }
    }


def test_every_queue_has_page_one_and_its_deep_page():
    probes = queue_probes(_samples(rows=60_000), 1000)

    for name, (path, query, _per_page, key) in QUEUES.items():
        ((first, session),) = probes[f"{name} page 1"]
        ((deep, deep_session),) = probes[f"{name} deep page"]
        assert first == (f"{path}?{query}" if query else path)
        assert deep.startswith(path) and deep.endswith("halaman=1000")
        assert session == deep_session == f"session-{key}"
    assert probes["exam session seat list"] == [("/penjadwalan/sesi/7/", "session-scheduler")]
    assert set(LISTS) <= set(probes)


def test_a_short_queue_is_probed_at_its_last_page():
    probes = queue_probes(_samples(rows=101), 1000)

    assert probes["verifier queue deep page"][0][0].endswith("halaman=5")  # 101 rows, 25 a page
    assert probes["engine: staff queue deep page"][0][0].endswith("halaman=3")  # 50 a page


def test_a_queue_without_a_reader_is_left_out():
    samples = _samples(rows=100)
    del samples["queues"]["sessions"]["complaint_handler"]

    probes = queue_probes(samples, 1000)

    assert "complaints queue page 1" not in probes
    assert "survey results" not in probes
    assert "verifier queue page 1" in probes
