"""gunicorn's gthread worker, taking a new connection only when it has a free slot for it
(`--worker-class portal.gunicorn_worker.ThreadWorker`, as the Dockerfile serves the portal).

gunicorn's own gthread worker accepts every connection it can while its threads are busy and
queues them in its thread pool. Its processes race for each new connection, and a busy one wins
as often as an idle one: on one server core the busy process's requests then share its one
interpreter lock while an idle process waits, and the request that finds every slot of its
process taken (PORTAL_MAX_CONCURRENT_REQUESTS, portal.middleware.LoadSheddingMiddleware) is
shed with the 429 page after PORTAL_QUEUE_WAIT_SECONDS though another process had room for it.

This worker stops listening while its slots are taken, so a new connection waits in the
listening socket's queue, which every process takes from, and goes to the first one with a
free slot. Shedding under overload stays as it was: when the listening queue has held a
connection for PORTAL_QUEUE_WAIT_SECONDS while every slot of this process is taken, the thread
kept free takes one, and LoadSheddingMiddleware answers it with the 429 page if no slot frees up
in time. A kept-alive connection's next request is the worker's own and is taken as before.
"""

import select
import time

from gunicorn.workers import gthread

# How often a process whose slots are taken looks whether connections wait for too long.
_BACKLOG_LOOK_SECONDS = 0.05


class ThreadWorker(gthread.ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_hand = 0  # requests given to the thread pool and not finished
        self.slots = self.cfg.threads
        self.queue_wait = 0.0
        self.backlog_since: float | None = None  # when connections were first seen waiting

    def run(self):
        # The application (so Django's settings) is loaded by now: init_process calls run().
        from django.conf import settings

        limit = settings.PORTAL_MAX_CONCURRENT_REQUESTS
        if limit and limit < self.cfg.threads:
            self.slots = limit
            self.queue_wait = settings.PORTAL_QUEUE_WAIT_SECONDS
        super().run()

    # All of these run in the worker's main thread (the thread pool's results come back to it
    # through gunicorn's method queue), so the count needs no lock.
    def enqueue_req(self, conn):
        self.in_hand += 1
        super().enqueue_req(conn)
        self.set_accept_enabled(self.nr_conns < self.worker_connections)

    def finish_request(self, conn, fs):
        self.in_hand -= 1
        super().finish_request(conn, fs)
        self.set_accept_enabled(self.nr_conns < self.worker_connections)

    def set_accept_enabled(self, enabled):
        # gunicorn's loop calls this with its own condition (connections below
        # worker_connections) when it differs from the listening state: a free slot is asked
        # for too, and a stopping worker never listens again.
        super().set_accept_enabled(enabled and self.alive and self.in_hand < self.slots)

    def wait_for_and_dispatch_events(self, timeout):
        if self.in_hand < self.slots:
            self.backlog_since = None
            super().wait_for_and_dispatch_events(timeout)
            return
        # Every slot is taken: not listening, but looking at the listening queue often enough to
        # hand a connection that waited too long to the free thread (which sheds it if need be).
        super().wait_for_and_dispatch_events(min(timeout, _BACKLOG_LOOK_SECONDS))
        if self.in_hand < self.slots or self.in_hand >= self.cfg.threads:
            self.backlog_since = None
            return
        waiting = [sock for sock in self.sockets if _readable(sock)]
        if not waiting:
            self.backlog_since = None
            return
        now = time.monotonic()
        if self.backlog_since is None:
            self.backlog_since = now
        elif now - self.backlog_since >= self.queue_wait:
            self.backlog_since = None
            self.accept(waiting[0])


def _readable(sock) -> bool:
    """Whether a connection waits in the listening socket's queue."""
    try:
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return False
