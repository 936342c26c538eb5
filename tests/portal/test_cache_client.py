"""The Redis cache builds one redis-py client per connection pool, not one per call
(portal.cache.ReusingRedisCacheClient), and still reads and writes through it."""

import os

import pytest

from portal.cache import FailOpenRedisCache

REDIS_URL = os.environ.get("REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL)")
def test_one_redis_client_serves_every_call():
    cache = FailOpenRedisCache(REDIS_URL, {"KEY_PREFIX": "test-cache-client"})
    try:
        cache.set("a", {"n": 1})
        assert cache.get("a") == {"n": 1}
        cache.set("a-count", 0)
        assert cache.incr("a-count") == 1
        first = cache._cache.get_client(write=True)
        assert cache._cache.get_client(write=True) is first
        assert cache._cache.get_client("a") is first  # one server: reads use the same pool
    finally:
        cache.delete_many(["a", "a-count"])


def test_a_cache_that_cannot_reach_redis_still_fails_open():
    cache = FailOpenRedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    assert cache.get("a", "none") == "none"
    assert cache._cache.get_client() is cache._cache.get_client()
