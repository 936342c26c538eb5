"""Values kept in the cache while a generation lasts: a page's parts that many visitors read and
few changes touch. A change drops the generation (one key) instead of finding every value kept
under it (a renamed service's old slug, each period and language of a report), and a value is
read with its generation in one round trip to the cache."""

import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache


def _generation(generation_key: str, timeout: int) -> str:
    generation = secrets.token_hex(8)
    if not cache.add(generation_key, generation, timeout):
        generation = cache.get(generation_key, generation)
    return generation


def kept(key: str, build: Callable[[], Any], *, generation_key: str, timeout: int) -> Any:
    """What build() returned, kept under `key` while `generation_key` holds the generation it
    was kept in, and at most `timeout` seconds (0: never kept). build() runs when there is none;
    what it returns is kept unless None (e.g. nothing found: unknown keys are not kept)."""
    found = cache.get_many([key, generation_key])
    generation, entry = found.get(generation_key), found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    if generation is None:
        generation = _generation(generation_key, timeout)
    value = build()
    if value is not None:
        cache.set(key, (generation, value), timeout)
    return value


def generation_drop(generation_key: str) -> None:
    """Every value kept under the generation is built again on its next read."""
    cache.delete(generation_key)
