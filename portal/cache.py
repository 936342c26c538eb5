"""Redis as Django's cache, failing open: while Redis is unreachable the portal keeps serving.

The cache holds nothing that must survive (rate-limit counters, rendered public PDFs) and the
session lives in the database, so a read during an outage is a miss and a write is dropped,
with a warning, instead of an error page. Rate limits (ours and allauth's login limits) are then
not enforced until Redis is back: better than refusing every login.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _fail_open(fallback):
    """Run the cache operation; if Redis cannot be reached, log and return fallback(*args)."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                logger.warning("Cache unreachable, %s skipped: %s", method.__name__, exc)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, version=None):
    return default


def _missing_key(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unreachable)")


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis around the connection pool for every cache call,
    and redis-py fills 170 response callbacks into each one: more than half the CPU of a cache
    read. One redis.Redis per pool serves every call (redis-py's clients are thread-safe: each
    command takes a connection from the pool and gives it back)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._scripts = {}

    # add() answers "stored": callers that use it as a lock (allauth's rate limiter) go ahead
    # instead of waiting for a lock nobody can take.
    add = _fail_open(lambda *args, **kwargs: True)(RedisCache.add)
    get = _fail_open(_default)(RedisCache.get)
    set = _fail_open(lambda *args, **kwargs: None)(RedisCache.set)
    touch = _fail_open(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _fail_open(lambda *args, **kwargs: False)(RedisCache.delete)
    get_many = _fail_open(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _fail_open(lambda *args, **kwargs: False)(RedisCache.has_key)
    # Like a missing key: portal.ratelimit counts the hit as the first of its window.
    incr = _fail_open(_missing_key)(RedisCache.incr)
    set_many = _fail_open(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = _fail_open(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = _fail_open(lambda *args, **kwargs: False)(RedisCache.clear)

    def get_many_and_count(self, keys: list[str], key: str, *, timeout: int) -> tuple[dict, int]:
        """get_many(keys), then one added to the counter `key` (made 0 first, for `timeout`
        seconds, when missing): what portal.ratelimit asks of every hit, in one command to Redis
        instead of four (Django's get_many, add, and incr's EXISTS and INCRBY). A Lua script runs
        atomically: no other client's command runs between its MGET, SET NX and INCR, so the
        counter cannot expire between being made and being counted (an INCR of a missing key
        would make one that never expires). The keys are the portal's own (no validation
        warnings to ask for). Not failing open: the caller decides."""
        client = self._cache.get_client(key, write=True)
        script = self._scripts.get(client)
        if script is None:
            script = self._scripts[client] = client.register_script(_GET_MANY_AND_COUNT)
        counter = self.make_key(key)
        count, values = script(keys=[counter, *map(self.make_key, keys)], args=[timeout])
        loads = self._cache._serializer.loads
        found = {
            name: loads(value)
            for name, value in zip(keys, values, strict=True)
            if value is not None
        }
        return found, count


# KEYS[1] the counter, the others read; ARGV[1] the counter's lifetime (seconds) if it is made.
_GET_MANY_AND_COUNT = """
local values = {}
if #KEYS > 1 then values = redis.call('MGET', unpack(KEYS, 2)) end
redis.call('SET', KEYS[1], 0, 'NX', 'EX', ARGV[1])
return {redis.call('INCR', KEYS[1]), values}
"""
