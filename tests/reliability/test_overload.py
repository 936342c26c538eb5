"""Far more requests than the portal can serve at once: each is served, or shed at once with the
429 "portal is busy" page and Retry-After; none gets a 5xx, the database never sees more than
the limit, and the portal serves normally afterwards."""

from concurrent.futures import ThreadPoolExecutor

import psycopg2
from django.conf import settings

from portal.models import Service
from tests.reliability.conftest import wait_for

LIMIT = 2  # PORTAL_MAX_CONCURRENT_REQUESTS, below the 4 threads: two threads shed
BURST = 30
# The complaint form about a service reads the services table on every request (the form alone
# reads its lists from the cache).
PAGE = "/pengaduan/?layanan=uji-kompetensi-pustakawan"


def database():
    db = settings.DATABASES["default"]
    return psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )


def requests_waiting_for_the_lock(cursor) -> int:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock' "
        "AND pid <> pg_backend_pid()"
    )
    return cursor.fetchone()[0]


def test_a_burst_beyond_capacity_is_served_or_shed_never_failed(start_web):
    web = start_web(threads=4, PORTAL_MAX_CONCURRENT_REQUESTS=LIMIT, PORTAL_QUEUE_WAIT_SECONDS=0.2)
    assert web.get(PAGE).status_code == 200

    # The database is slow: the services table is locked, so every request that gets a slot
    # holds it until the lock is released (like a long report or a vacuum would).
    blocker, observer = database(), database()
    observer.autocommit = True
    try:
        with blocker.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{Service._meta.db_table}" IN ACCESS EXCLUSIVE MODE')
        with ThreadPoolExecutor(max_workers=BURST) as pool:
            futures = [pool.submit(web.get, PAGE, timeout=30) for _ in range(BURST)]
            with observer.cursor() as cursor:
                seen = []

                def others_shed():
                    """the slots to fill and the other requests to be shed"""
                    seen.append(requests_waiting_for_the_lock(cursor))
                    return seen[-1] == LIMIT and sum(f.done() for f in futures) >= BURST // 2

                wait_for(others_shed, 30, others_shed.__doc__)
                # Never more than LIMIT requests of the process reached the database.
                assert max(seen) == LIMIT
                shed_while_locked = [f.result() for f in futures if f.done()]
            blocker.rollback()  # the database is fast again: the two waiting requests finish
            responses = [future.result() for future in futures]
    finally:
        blocker.close()
        observer.close()

    statuses = [response.status_code for response in responses]
    assert set(statuses) <= {200, 429}, statuses
    assert statuses.count(429) >= BURST // 2
    assert statuses.count(200) >= LIMIT
    assert {r.status_code for r in shed_while_locked} == {429}
    for response in responses:
        if response.status_code == 429:
            assert response.headers["Retry-After"] == "5"
            assert "Portal sedang sibuk" in response.text
            assert "Silakan coba lagi dalam 5 detik." in response.text

    # Afterwards the portal serves normally; the health check and static files were never shed.
    for _ in range(6):
        assert web.get(PAGE).status_code == 200
    assert web.get("/healthz").status_code == 200
    assert web.get("/static/css/portal.css").status_code == 200
    assert '" 500 ' not in web.process.log()


def test_the_health_check_is_answered_while_every_slot_is_taken(start_web):
    web = start_web(threads=3, PORTAL_MAX_CONCURRENT_REQUESTS=1, PORTAL_QUEUE_WAIT_SECONDS=0.1)
    blocker = database()
    try:
        with blocker.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{Service._meta.db_table}" IN ACCESS EXCLUSIVE MODE')
        with ThreadPoolExecutor(max_workers=1) as pool:
            stuck = pool.submit(web.get, PAGE, timeout=30)
            observer = database()
            observer.autocommit = True
            try:
                with observer.cursor() as cursor:
                    wait_for(
                        lambda: requests_waiting_for_the_lock(cursor) == 1,
                        30,
                        "the only slot to be taken",
                    )
            finally:
                observer.close()

            assert web.get(PAGE).status_code == 429
            assert web.get("/healthz", timeout=10).status_code == 200
            blocker.rollback()
            assert stuck.result().status_code == 200
    finally:
        blocker.close()
    assert web.get(PAGE).status_code == 200
