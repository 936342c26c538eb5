"""Redis as Django's cache, failing open: while Redis is unreachable the portal keeps serving.

The cache holds nothing that must survive (rate-limit counters, rendered public PDFs) and the
session lives in the database, so a read during an outage is a miss and a write is dropped,
with a warning, instead of an error page. Rate limits (ours and allauth's login limits) are then
not enforced until Redis is back: better than refusing every login.

Values that every visitor reads alike (the catalogue's parts, the providers' cards and footers:
CACHES' NEAR prefixes) are also kept in the process that read them, for NEAR's few seconds, so
that most pages read them without a round trip to Redis (NearCopies).
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
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


class NearCopies:
    """Values as Redis stored them (the serializer's bytes), each kept in this process for
    `seconds` after it was read. A read unpickles its own copy, as a read from Redis does, so a
    caller may change what it gets. This process's writes and deletes drop its copy at once;
    another process's are seen here at most `seconds` late."""

    MAX_ENTRIES = 2000  # the catalogue's keys are a few hundred; past this, the expired go

    def __init__(self, seconds: float, prefixes: tuple[str, ...]):
        self.seconds = seconds
        self.prefixes = prefixes
        self._entries: dict[str, tuple[float, bytes | int]] = {}
        self._lock = threading.Lock()

    def wanted(self, key: str) -> bool:
        return self.seconds > 0 and key.startswith(self.prefixes)

    def get(self, made_key: str) -> bytes | int | None:
        entry = self._entries.get(made_key)
        if entry is None or entry[0] <= time.monotonic():
            return None
        return entry[1]

    def put(self, made_key: str, raw: bytes | int) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries = {k: e for k, e in self._entries.items() if e[0] > now}
            self._entries[made_key] = (now + self.seconds, raw)

    def drop(self, made_keys) -> None:
        with self._lock:
            for made_key in made_keys:
                self._entries.pop(made_key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries = {}


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, failing open, with NearCopies of the keys under params' NEAR
    PREFIXES for NEAR SECONDS (none without NEAR)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._scripts = {}
        near = params.get("NEAR") or {}
        self._near = NearCopies(near.get("SECONDS", 0), tuple(near.get("PREFIXES", ())))

    # add() answers "stored": callers that use it as a lock (allauth's rate limiter) go ahead
    # instead of waiting for a lock nobody can take.
    _add = _fail_open(lambda *args, **kwargs: True)(RedisCache.add)
    _get = _fail_open(_default)(RedisCache.get)
    _set = _fail_open(lambda *args, **kwargs: None)(RedisCache.set)
    _touch = _fail_open(lambda *args, **kwargs: False)(RedisCache.touch)
    _delete = _fail_open(lambda *args, **kwargs: False)(RedisCache.delete)
    _get_many = _fail_open(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _fail_open(lambda *args, **kwargs: False)(RedisCache.has_key)
    # Like a missing key: portal.ratelimit counts the hit as the first of its window.
    _incr = _fail_open(_missing_key)(RedisCache.incr)
    _set_many = _fail_open(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    _delete_many = _fail_open(lambda *args, **kwargs: None)(RedisCache.delete_many)
    _clear = _fail_open(lambda *args, **kwargs: False)(RedisCache.clear)

    @_fail_open(lambda made_keys: [None] * len(made_keys))
    def _raw_get_many(self, made_keys: list[str]) -> list:
        """The values of the made keys as Redis stores them, None where missing."""
        return self._cache.get_client(made_keys[0]).mget(made_keys)

    def _near_drop(self, keys, version=None) -> None:
        wanted = [key for key in keys if self._near.wanted(key)]
        if wanted:
            self._near.drop(self.make_and_validate_key(key, version=version) for key in wanted)

    def get(self, key, default=None, version=None):
        if not self._near.wanted(key):
            return self._get(key, default, version)
        return self.get_many([key], version=version).get(key, default)

    def get_many(self, keys, version=None):
        if not self._near.seconds:
            return self._get_many(keys, version)
        found, missing = {}, {}
        for key in keys:
            made = self.make_and_validate_key(key, version=version)
            raw = self._near.get(made) if self._near.wanted(key) else None
            if raw is None:
                missing[made] = key
            else:
                found[key] = self._cache._serializer.loads(raw)
        if missing:
            for made, raw in zip(missing, self._raw_get_many(list(missing)), strict=True):
                if raw is not None:
                    key = missing[made]
                    if self._near.wanted(key):
                        self._near.put(made, raw)
                    found[key] = self._cache._serializer.loads(raw)
        return found

    # A write drops this process's copy: the next read takes what Redis then holds.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._near_drop([key], version)
        return self._add(key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._near_drop([key], version)
        return self._set(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        self._near_drop([key], version)
        return self._touch(key, timeout, version)

    def delete(self, key, version=None):
        self._near_drop([key], version)
        return self._delete(key, version)

    def incr(self, key, delta=1, version=None):
        self._near_drop([key], version)
        return self._incr(key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        self._near_drop(list(data), version)
        return self._set_many(data, timeout, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._near_drop(keys, version)
        return self._delete_many(keys, version)

    def clear(self):
        self._near.clear()
        return self._clear()

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
