"""Values every visitor reads alike are kept in the process for a few seconds as well as in Redis
(portal.cache.NearCopies): read from Redis once per process and window, each read its own copy,
dropped at once by this process's writes, seen from another process's writes when the window
ends. Other keys go to Redis every time."""

import os
import re
import time

import pytest
from django.conf import settings
from django.urls import reverse

from portal import providers
from portal.cache import FailOpenRedisCache
from portal.catalogue import SERVICE_BY_FLOW_KEY

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL)")

NEAR = {"SECONDS": 5, "PREFIXES": ("near:",)}


def _redis_url() -> str:
    return settings.REDIS_URL or REDIS_URL  # this xdist worker's database


def _delete_prefixed(prefix: str) -> None:
    """The test's keys, not the database: it is this worker's Celery broker too."""
    client = FailOpenRedisCache(_redis_url(), {})._cache.get_client(write=True)
    keys = client.keys(f"{prefix}:*")
    if keys:
        client.delete(*keys)


@pytest.fixture
def prefix(request):
    return f"test-near-{os.getpid()}-{request.node.name}"


@pytest.fixture
def near(prefix):
    """A process's cache with near copies, and `other`: another process's, writing to Redis."""
    cache = FailOpenRedisCache(_redis_url(), {"KEY_PREFIX": prefix, "NEAR": NEAR})
    other = FailOpenRedisCache(_redis_url(), {"KEY_PREFIX": prefix})
    yield cache, other
    _delete_prefixed(prefix)


@pytest.fixture
def reads(monkeypatch):
    """The keys each round trip of a read of near keys asked Redis for."""
    asked = []
    real = FailOpenRedisCache._raw_get_many

    def recorded(self, made_keys):
        asked.append([key.split(":", 2)[2] for key in made_keys])  # prefix:version:key
        return real(self, made_keys)

    monkeypatch.setattr(FailOpenRedisCache, "_raw_get_many", recorded)
    return asked


def test_a_near_value_is_read_from_redis_once_until_its_seconds_end(near, reads, monkeypatch):
    cache, other = near
    other.set("near:a", {"n": 1})
    other.set("far:b", 1)

    assert cache.get("near:a") == {"n": 1}
    other.set("near:a", {"n": 2})  # another process's write
    other.set("far:b", 2)
    kept = (cache.get("near:a"), cache.get("far:b"))
    later = time.monotonic() + NEAR["SECONDS"] + 0.1
    monkeypatch.setattr(time, "monotonic", lambda: later)

    assert kept == ({"n": 1}, 2)  # the other key is read from Redis every time
    assert cache.get("near:a") == {"n": 2}
    assert reads == [["near:a"], ["near:a"]]


def test_each_read_is_its_own_copy(near):
    cache, other = near
    other.set("near:a", {"n": 1})

    cache.get("near:a")["n"] = 99

    assert cache.get("near:a") == {"n": 1}


def test_this_process_writes_and_deletes_drop_its_copy_at_once(near):
    cache, other = near
    other.set("near:a", 1)
    cache.get("near:a")

    cache.set("near:a", 2)
    after_set = cache.get("near:a")
    cache.delete("near:a")
    after_delete = cache.get("near:a", "gone")
    other.set("near:a", 3)
    cache.get("near:a")
    cache.delete_many(["near:a"])

    assert (after_set, after_delete, cache.get("near:a", "gone")) == (2, "gone", "gone")


def test_a_missing_value_is_not_kept(near, reads):
    cache, other = near

    first = cache.get("near:a", "none")
    other.set("near:a", 1)

    assert (first, cache.get("near:a")) == ("none", 1)
    assert reads == [["near:a"], ["near:a"]]


def test_get_many_asks_redis_only_for_what_is_not_kept_in_one_round_trip(near, reads):
    cache, other = near
    other.set_many({"near:a": 1, "near:b": 2, "far:c": 3})
    cache.get("near:a")
    reads.clear()

    found = cache.get_many(["near:a", "near:b", "far:c", "far:missing"])

    assert found == {"near:a": 1, "near:b": 2, "far:c": 3}
    assert reads == [["near:b", "far:c", "far:missing"]]


def test_an_unreachable_redis_still_fails_open():
    cache = FailOpenRedisCache(
        "redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 1}, "NEAR": NEAR}
    )
    assert cache.get("near:a", "none") == "none"
    assert cache.get_many(["near:a", "far:b"]) == {}
    cache.set("near:a", 1)  # dropped, with a warning


def test_the_catalogue_is_kept_near_and_the_generations_are_not():
    keys = {
        name: value
        for name, value in vars(providers).items()
        if name.endswith("_KEY") and isinstance(value, str)
    }
    keys["SERVICE_BY_FLOW_KEY"] = SERVICE_BY_FLOW_KEY
    generations = {name for name in keys if "GENERATION" in name}

    prefixes = settings.PORTAL_NEAR_CACHE_PREFIXES
    near = {name for name, key in keys.items() if key.startswith(prefixes)}

    assert generations == {"STANDARD_GENERATION_KEY"}
    assert near == keys.keys() - generations


def _without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.mark.django_db
def test_the_home_page_read_again_asks_redis_for_no_catalogue_value(client, settings, reads):
    """The settings' near prefixes, as a process of the portal reads the home page with them."""
    prefix = f"test-near-home-{os.getpid()}"
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": _redis_url(),
            "KEY_PREFIX": prefix,
            "NEAR": {"SECONDS": 60, "PREFIXES": settings.PORTAL_NEAR_CACHE_PREFIXES},
        }
    }
    try:
        first = client.get(reverse("home"))  # rendered, kept in Redis
        asked_first = [key for trip in reads for key in trip]
        client.get(reverse("home"))  # read from Redis, kept near
        reads.clear()
        again = client.get(reverse("home"))
    finally:
        _delete_prefixed(prefix)
        # Back to the suite's cache before the suite's own clear() at the test's end.
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    asked_again = [key for trip in reads for key in trip]
    assert _without_tokens(first) == _without_tokens(again)
    assert any(key.startswith("providers:footer:") for key in asked_first)
    assert asked_again == ["providers:standard-generation"]
