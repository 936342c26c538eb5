"""Sessions kept in the database and read from the cache: Django's cached_db, so a signed-in
request reads its session from Redis instead of PostgreSQL (one query fewer per request).

The cache fails open (portal.cache): while Redis is down, reads fall back to the database and
writes to the cache are dropped. A logout or a flushed session deletes the database row and
the cached copy; were Redis unreachable at that moment and back later with the old copy, that
copy would still sign the visitor in. So a cached copy lives at most SESSION_CACHE_SECONDS,
not the session's whole age: after an outage, a deleted session is gone within that time.
Password changes and deactivated accounts need no such care: Django checks the user's password
hash and is_active on every request, whatever the session store."""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(cached_db.SessionStore):
    def _cache_seconds(self, expiry_age: int) -> int:
        return max(0, min(expiry_age, settings.SESSION_CACHE_SECONDS))

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            data = None  # an invalid key (as Django's cached_db): the database decides
        if data is not None:
            return data
        row = self._get_session_from_db()
        if not row:
            return {}
        data = self.decode(row.session_data)
        self._cache.set(
            self.cache_key, data, self._cache_seconds(self.get_expiry_age(expiry=row.expire_date))
        )
        return data

    def save(self, must_create=False):
        # The database first (DBStore.save), then the cache, as Django's cached_db does.
        super(cached_db.SessionStore, self).save(must_create)
        try:
            self._cache.set(
                self.cache_key, self._session, self._cache_seconds(self.get_expiry_age())
            )
        except Exception:
            logger.exception("Error saving to cache (%s)", self._cache)
