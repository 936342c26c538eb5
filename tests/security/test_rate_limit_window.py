"""The portal's own rate limits (portal.ratelimit) count a sliding window: never more than the
limit in any span of its period, so a client cannot spend the limit at the end of one window and
again at the start of the next (a fixed window let 2x through within a second). The clock is
portal.ratelimit's own, replaced by a controlled one; the counting is the real cache's: the
suite's in-memory one, and Redis's (its one round trip per rate) where REDIS_URL is set."""

import os
import threading
import uuid

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from portal import ratelimit
from portal.cache import FailOpenRedisCache
from tests.security.hostile import FUZZ

ACTION = "certificate_verify"
REDIS_URL = os.environ.get("REDIS_URL")


class RedisCounts:
    """A Redis cache of its own key prefix standing in for portal.ratelimit's cache; clear()
    deletes only its keys (the Redis database may hold other data)."""

    def __init__(self):
        self.prefix = f"test-ratelimit-{uuid.uuid4().hex}"
        self.cache = FailOpenRedisCache(REDIS_URL, {"KEY_PREFIX": self.prefix})

    def clear(self):
        client = self.cache._cache.get_client(write=True)
        for name in client.scan_iter(match=f"{self.prefix}:*"):
            client.delete(name)


@pytest.fixture(
    autouse=True,
    params=[
        "memory",
        pytest.param(
            "redis", marks=pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")
        ),
    ],
)
def counts(request, monkeypatch):
    """Where the hits are counted: the suite's cache (in memory), or Redis."""
    if request.param == "memory":
        yield cache
        return
    redis = RedisCounts()
    assert hasattr(redis.cache, "get_many_and_count")  # the one-round-trip path is the one run
    monkeypatch.setattr(ratelimit, "cache", redis.cache)
    yield redis
    redis.clear()
    redis.cache._cache.get_client(write=True).connection_pool.disconnect()  # no socket left open


class Clock:
    """Stands in for the time module inside portal.ratelimit: time() is what the test says."""

    def __init__(self, now: float = 1_800_000_000.0):  # a whole multiple of every period
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(ratelimit, "time", clock)
    return clock


@pytest.fixture
def limit(settings):
    def set_limit(rate: str) -> None:
        settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, ACTION: rate}

    return set_limit


def request_from(address: str = "203.0.113.7"):
    return RequestFactory().get("/api/certificates/UKP/2026/000001/", REMOTE_ADDR=address)


def hit(address: str = "203.0.113.7") -> int:
    """One lookup; 0 when allowed, else the Retry-After in seconds."""
    return ratelimit.consume(request_from(address), ACTION)


def test_the_limit_spent_at_the_end_of_a_window_is_not_given_again_at_the_start_of_the_next(
    clock, limit
):
    limit("5/m/ip")
    start = clock.now

    clock.now = start + 59.5
    before = [hit() for _ in range(5)]
    clock.now = start + 60.5  # a second later, in the next minute
    after = [hit() for _ in range(5)]

    assert before == [0] * 5
    assert all(after), "a burst of twice the limit within one second"


def test_a_client_who_waits_gets_its_lookups_back_and_retry_after_says_when(clock, limit):
    limit("3/m/ip")
    start = clock.now

    assert [hit() for _ in range(3)] == [0, 0, 0]
    clock.now = start + 30
    retry_after = hit()

    assert 30 <= retry_after <= 30 + 60 // 5  # the period's end, give or take a little
    clock.now = start + 30 + retry_after - 1
    assert hit() > 0
    clock.now = start + 30 + retry_after
    assert hit() == 0


def test_refused_lookups_do_not_lengthen_the_wait(clock, limit):
    limit("2/m/ip")
    start = clock.now
    assert [hit(), hit()] == [0, 0]
    first_refusal = hit()

    for second in range(1, first_refusal):  # a client that keeps pressing reload
        clock.now = start + second
        assert hit() > 0
    clock.now = start + first_refusal

    assert hit() == 0


def test_each_address_has_its_own_window_and_ipv6_counts_per_network(clock, limit):
    limit("2/h/ip")

    assert [hit("2001:db8:1:2::1"), hit("2001:db8:1:2::ffff")] == [0, 0]
    assert hit("2001:db8:1:2:abcd::9") > 0  # the same /64: one household or one server
    assert hit("2001:db8:1:3::1") == 0
    assert hit("198.51.100.20") == 0


def test_several_rates_apply_together_and_a_refused_hit_counts_against_none(clock, limit):
    limit("3/m/ip,5/h/ip")
    start = clock.now

    minute = [hit() for _ in range(4)]  # the fourth is refused by the minute rate
    clock.now = start + 120
    later = [hit() for _ in range(3)]  # the hour rate has 2 left, not 1

    assert minute[:3] == [0, 0, 0] and minute[3] > 0
    assert later[:2] == [0, 0] and later[2] > 0
    assert later[2] >= 3600 - 120 - 360  # the hour, not the minute


def test_concurrent_hits_never_pass_more_than_the_limit(clock, limit):
    limit("5/m/ip")
    barrier = threading.Barrier(20)
    waits = []

    def one():
        barrier.wait()
        waits.append(hit())

    threads = [threading.Thread(target=one) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert waits.count(0) == 5


@FUZZ
@given(
    gaps=st.lists(st.floats(min_value=0, max_value=40, allow_nan=False), max_size=40),
    amount=st.integers(min_value=1, max_value=4),
)
def test_never_more_than_the_limit_within_any_period(limit, monkeypatch, counts, gaps, amount):
    clock = Clock(1_800_000_000.0 + 17.25)  # any phase of the window
    monkeypatch.setattr(ratelimit, "time", clock)
    limit(f"{amount}/m/ip")
    counts.clear()
    allowed = []

    for gap in gaps:
        clock.now += gap
        if hit() == 0:
            allowed.append(clock.now)

    for index, moment in enumerate(allowed):
        within = [other for other in allowed[: index + 1] if other > moment - 60]
        assert len(within) <= amount, (moment, allowed)


def test_every_count_kept_in_redis_expires(clock, limit, counts):
    if not isinstance(counts, RedisCounts):
        pytest.skip("Redis only: the in-memory cache expires what add() made")
    limit("5/m/ip,50/h/ip")
    for _ in range(7):
        hit()
    client = counts.cache._cache.get_client(write=True)
    names = list(client.scan_iter(match=f"{counts.prefix}:*"))
    assert len(names) == 2  # one bucket per rate
    assert all(0 < client.ttl(name) <= 3600 + 720 for name in names)
    # Five let through by the minute's rate; the refused two counted against neither.
    assert sorted(int(client.get(name)) for name in names) == [5, 5]
