"""Sliding-window rate limits for the portal's own public endpoints (allauth guards its own).

A limit is one or more rates in allauth's notation, "20/m/ip,500/d/ip", and every rate holds:

- **Never more than the limit within any span of its period**, wherever the span starts. Each
  rate counts hits per client address in ten buckets of a tenth of its period, and a hit is
  judged by the current bucket plus the ten before it: that range always covers the last full
  period, so a client cannot spend the limit at the end of one window and again at the start of
  the next (a fixed window let twice the limit through within a second). The price: a hit is
  remembered up to a tenth of the period longer than strictly needed.
- **Atomic under concurrency.** The current bucket is counted with the cache's add() and incr(),
  atomic in locmem, and in Redis one script with the read of the older buckets (portal.cache's
  get_many_and_count); each hit sees its own count, so concurrent hits never pass more than the
  limit. The older buckets are only read.
- **A refused hit counts against nothing** (its increment is taken back, in every rate of the
  limit): a visitor who keeps pressing reload waits no longer than Retry-After said.
- **Fails open**: while the cache (Redis) is down, hits are let through with a warning; the page
  matters more than the limit.

IPv6 addresses count per network (allauth's RATE_LIMIT_IPV6_PREFIX, a /64 by default), as a
single household or server gets a whole /64 and could otherwise change address at every hit."""

import functools
import ipaddress
import logging
import math
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
BUCKETS = 10  # per period: the finer, the closer the wait is to the period, the more keys


@dataclass(frozen=True)
class Rate:
    amount: int
    period: int  # seconds

    def __str__(self) -> str:
        return f"{self.amount}/{self.period}s"


def _parse(rates: str) -> list[Rate]:
    """ "20/m/ip,500/d/ip" → [Rate(20, 60), Rate(500, 86400)]. Only per-IP limits: the
    endpoints are anonymous."""
    parsed = []
    for rate in rates.split(","):
        amount, period, *per = rate.strip().split("/")
        if per not in ([], ["ip"]) or period not in _PERIODS:
            raise ValueError(f"Unsupported rate {rate!r}")
        parsed.append(Rate(int(amount), _PERIODS[period]))
    return parsed


def client_address(request: HttpRequest) -> str:
    """The address a limit counts: the client's IP (behind TRUSTED_PROXY_COUNT proxies), an
    IPv6 address as its network."""
    address = get_adapter().get_client_ip(request)
    with suppress(ValueError):
        if ipaddress.ip_address(address).version == 6:
            prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
            return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
    return address


def consume(request: HttpRequest, action: str) -> int:
    """Count one hit against every rate of the action's limit; return 0 when allowed, else the
    seconds until it would be (and the hit counts against none of them)."""
    rates = _parse(settings.PORTAL_RATE_LIMITS[action])
    address = client_address(request)
    now = time.time()
    counted: list[str] = []
    retry_after = 0
    try:
        for rate in rates:
            key, wait = _hit(f"rl:{action}:{rate}:{address}", rate, now)
            if key:
                counted.append(key)
            retry_after = max(retry_after, wait)
        if retry_after:
            for key in counted:
                _take_back(key)
    except Exception as exc:  # the cache (Redis) is down: fail open, the page matters more
        logger.warning("Rate limit %r not applied, the cache failed: %r", action, exc)
        return 0
    return retry_after


def _hit(prefix: str, rate: Rate, now: float) -> tuple[str | None, int]:
    """Count the hit in the current bucket: (its key, 0) when the rate allows it, else (None,
    the wait) with the count taken back."""
    size = rate.period / BUCKETS
    current = int(now // size)
    older = [f"{prefix}:{index}" for index in range(current - BUCKETS, current)]
    key = f"{prefix}:{current}"
    timeout = math.ceil(rate.period + 2 * size)
    # The Redis cache reads and counts in one round trip (portal.cache); others in three steps.
    read_and_count = getattr(cache, "get_many_and_count", None)
    if read_and_count is not None:
        stored, count = read_and_count(older, key, timeout=timeout)
    else:
        stored = cache.get_many(older)
        count = _count(key, timeout=timeout)
    kept = [int(stored.get(name) or 0) for name in older]
    if sum(kept) + count <= rate.amount:
        return key, 0
    _take_back(key)
    return None, _wait(rate, [*kept, count - 1], current, now)


def _wait(rate: Rate, counts: list[int], current: int, now: float) -> int:
    """Seconds until one more hit fits, if nobody else comes: the bucket counts (oldest first,
    the current one last) drop out of the range one by one at the next bucket boundaries."""
    size = rate.period / BUCKETS
    remaining = sum(counts)
    for dropped, count in enumerate(counts):
        remaining -= count
        if remaining < rate.amount:
            return max(1, math.ceil((current + 1 + dropped) * size - now))
    return rate.period  # a limit of 0 never lets anything through


def _count(key: str, *, timeout: int) -> int:
    # add() is a no-op when the key exists; incr() is atomic in Redis and in locmem.
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, timeout=timeout)
        return 1


def _take_back(key: str) -> None:
    with suppress(ValueError):  # expired meanwhile: nothing left to take back
        cache.decr(key)


def rate_limited(action: str, *, when: Callable[[HttpRequest], bool]) -> Callable:
    """Decorate a view: requests for which when(request) holds count against the limit."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if when(request):
                retry_after = consume(request, action)
                if retry_after:
                    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
                    response["Retry-After"] = str(retry_after)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
