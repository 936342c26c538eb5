"""Fixed-window rate limits for the portal's own public endpoints (allauth guards its own)."""

import functools
import logging
import time
from collections.abc import Callable

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _parse(rate: str) -> tuple[int, int]:
    """ "20/m/ip" → (20, 60). Only per-IP limits are used for anonymous endpoints."""
    amount, period, *per = rate.split("/")
    if per not in ([], ["ip"]) or period not in _PERIODS:
        raise ValueError(f"Unsupported rate {rate!r}")
    return int(amount), _PERIODS[period]


def consume(request: HttpRequest, action: str) -> int:
    """Count one hit; return 0 when allowed, else the seconds until the window ends."""
    amount, period = _parse(settings.PORTAL_RATE_LIMITS[action])
    window = int(time.time() // period)
    key = f"rl:{action}:{get_adapter().get_client_ip(request)}:{window}"
    try:
        count = _count(key, period)
    except Exception as exc:  # the cache (Redis) is down: fail open, the page matters more
        logger.warning("Rate limit %r not applied, the cache failed: %r", action, exc)
        return 0
    if count <= amount:
        return 0
    return max(1, (window + 1) * period - int(time.time()))


def _count(key: str, period: int) -> int:
    # add() is a no-op when the key exists; incr() is atomic in Redis and in locmem.
    cache.add(key, 0, timeout=period + 1)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, timeout=period + 1)
        return 1


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
