"""portal.gunicorn_worker.ThreadWorker: a process whose slots are all taken leaves new
connections in the listening queue for a process with a free slot, instead of taking them and
shedding them with the 429 page; under a lasting overload it still sheds."""

import re
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from complaints.models import Complaint
from tests.reliability.conftest import wait_for
from tests.reliability.test_overload import database, requests_waiting_for_the_lock

HELD = "/pengaduan/lacak/ADU-2345-6789/"  # no such complaint: looked up in the locked table
PROBE = "/accounts/login/"  # reads nothing the test locks


def accept_queue(port: int) -> int:
    """Connections waiting in the listening socket's queue on port (Linux: a listening socket's
    rx_queue in /proc/net/tcp is its accept queue)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, state, queues = fields[1], fields[3], fields[4]
        if state == "0A" and int(local.split(":")[1], 16) == port:
            return int(queues.split(":")[1], 16)
    raise AssertionError(f"nothing listens on port {port}")


def hold_one_request(web, blocker):
    """Lock the complaints table and send a request that waits for it, holding a slot."""
    with blocker.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{Complaint._meta.db_table}" IN ACCESS EXCLUSIVE MODE')
    pool = ThreadPoolExecutor(max_workers=1)
    held = pool.submit(web.get, HELD, timeout=60)
    observer = database()
    observer.autocommit = True
    try:
        with observer.cursor() as cursor:
            wait_for(lambda: requests_waiting_for_the_lock(cursor) == 1, 30, "the request to hold")
    finally:
        observer.close()
    return pool, held


def served_by(web) -> dict[str, set[int]]:
    """The process ids that answered each path, from the access log."""
    answered: dict[str, set[int]] = {}
    for pid, path in re.findall(r'pid=<(\d+)> \S+ "GET (\S+) ', web.process.log()):
        answered.setdefault(path, set()).add(int(pid))
    return answered


def test_a_process_with_every_slot_taken_takes_no_new_connection(start_web):
    web = start_web(threads=2, PORTAL_MAX_CONCURRENT_REQUESTS=1, PORTAL_QUEUE_WAIT_SECONDS=30)
    assert web.get(PROBE).status_code == 200
    blocker = database()
    try:
        pool, held = hold_one_request(web, blocker)
        # gunicorn's gthread worker would hand this connection to its free thread at once, to
        # wait for the slot there; this one leaves it in the listening queue.
        probe = socket.create_connection(("127.0.0.1", web.port), timeout=30)
        probe.sendall(f"GET {PROBE} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        time.sleep(0.5)  # what the worker would need to take it, were it going to
        assert accept_queue(web.port) == 1
        blocker.rollback()
        assert held.result().status_code == 404
        pool.shutdown()
        # Once the slot is free the waiting connection is taken and served, not shed.
        assert probe.recv(64).startswith(b"HTTP/1.1 200 ")
        probe.close()
    finally:
        blocker.close()
    assert accept_queue(web.port) == 0


def test_connections_go_to_the_process_with_a_free_slot(start_web):
    web = start_web(
        threads=2, workers=2, PORTAL_MAX_CONCURRENT_REQUESTS=1, PORTAL_QUEUE_WAIT_SECONDS=30
    )
    for _ in range(4):
        assert web.get(PROBE).status_code == 200
    blocker = database()
    try:
        pool, held = hold_one_request(web, blocker)
        with ThreadPoolExecutor(max_workers=6) as probes:
            answers = list(probes.map(lambda _: web.get(PROBE).status_code, range(24)))
        assert answers == [200] * 24  # none waited for the held process's slot
        blocker.rollback()
        assert held.result().status_code == 404
        pool.shutdown()
    finally:
        blocker.close()
    wait_for(lambda: f'"GET {HELD} ' in web.process.log(), 10, "the held request's log line")
    (holder,) = served_by(web)[HELD]
    assert len(web.worker_pids()) == 2
    # Every probe sent while the slot was held went to the other process.
    log = web.process.log()
    held_at = log.index(f'"GET {HELD} ')
    while_held = re.findall(r'pid=<(\d+)> \S+ "GET ' + re.escape(PROBE), log[:held_at])[4:]
    assert len(while_held) == 24
    assert holder not in {int(pid) for pid in while_held}


def test_a_lasting_overload_is_still_shed(start_web):
    web = start_web(threads=2, PORTAL_MAX_CONCURRENT_REQUESTS=1, PORTAL_QUEUE_WAIT_SECONDS=0.2)
    blocker = database()
    try:
        pool, held = hold_one_request(web, blocker)
        # The slot stays taken: after the queue wait in the listening queue and again for the
        # slot, the free thread answers the waiting requests "portal sedang sibuk".
        with ThreadPoolExecutor(max_workers=3) as probes:
            answers = list(probes.map(lambda _: web.get(PROBE, timeout=30), range(3)))
        assert [answer.status_code for answer in answers] == [429] * 3
        assert all(answer.headers["Retry-After"] == "5" for answer in answers)
        blocker.rollback()
        assert held.result().status_code == 404
        pool.shutdown()
    finally:
        blocker.close()
    assert web.get(PROBE).status_code == 200
