"""Redis down under a running portal: pages are still served (the rate limits, kept in the
Redis cache, fail open), the mail that would have been queued waits in the outbox, and once
Redis is back the beat's re-drive sends every message through a real worker exactly once."""

import re

import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from portal.constants import EmailStatus
from portal.models import OutboundEmail
from portal.tasks import resend_pending_email
from tests.complaints.test_complaint_public import form_data
from tests.factories import LibrarianFactory
from tests.reliability.conftest import wait_for

NIP = "198609262015052001"
PUBLIC_PAGES = [
    "/",
    "/layanan/",
    "/cek-nip/",
    "/register/",
    "/pengaduan/",
    "/pengaduan/lacak/",
    "/certificates/verify/",
    "/accounts/login/",
]


def csrf_token(session: requests.Session, url: str) -> str:
    response = session.get(url, timeout=10)
    assert response.status_code == 200
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def post_form(web, path: str, data: dict) -> requests.Response:
    """Fill in a form like a browser: GET it (CSRF cookie and token), then POST. Each call is
    bounded: enqueueing mail with the broker down must not hang the request."""
    with requests.Session() as session:
        token = csrf_token(session, web.url + path)
        return session.post(
            web.url + path,
            data={"csrfmiddlewaretoken": token, **data},
            timeout=10,
            allow_redirects=False,
        )


def complaint(subject: str, email: str) -> dict:
    return form_data(subject=subject, reporter_email=email)


def test_with_redis_down_pages_are_served_and_mail_goes_out_once_when_it_is_back(
    private_redis,
    smtp_sink,
    start_web,
    start_worker,
    send_task,
    verifier,
    password,
):
    LibrarianFactory(nip=NIP)
    smtp_sink.start()
    services = {
        "REDIS_URL": private_redis.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": smtp_sink.port,
        "EMAIL_TIMEOUT": 5,
    }
    web = start_web(**services)
    assert web.get("/healthz").json()["checks"]["redis"]["ok"] is True

    private_redis.stop()

    health = web.get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"]["redis"]["ok"] is False
    assert health.json()["checks"]["database"]["ok"] is True
    for path in PUBLIC_PAGES:
        assert web.get(path).status_code == 200, path
    # 25 NIP checks: beyond the 20 a minute, but the counter lives in Redis: fail open.
    for _ in range(25):
        response = web.get(f"/cek-nip/?nip={NIP}")
        assert response.status_code == 200
    assert "Rina Wulandari" in response.text
    # allauth's login limits use the cache too. (The web process knows only the production
    # password hashers, not the tests' fast one.)
    verifier.password = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt())
    verifier.save(update_fields=["password"])
    login = post_form(web, "/accounts/login/", {"login": verifier.username, "password": password})
    assert login.status_code == 302
    assert login.headers["Location"] == "/dashboard/"
    # Two actions that send mail: registering (the confirmation link) and a complaint.
    registered = post_form(
        web, "/register/", {"nip": NIP, "email": "rina@perpusnas.example.id", "confirm": "1"}
    )
    assert registered.status_code == 302, registered.text[:500]
    assert registered.headers["Location"] == "/register/selesai/"
    filed = post_form(web, "/pengaduan/", complaint("Jadwal tidak muncul", "dewi@example.test"))
    assert filed.status_code == 302, filed.text[:500]
    assert filed.headers["Location"] == "/pengaduan/terkirim/"

    waiting = OutboundEmail.objects.order_by("pk")
    assert [(email.to, email.status, email.attempts) for email in waiting] == [
        (["rina@perpusnas.example.id"], EmailStatus.PENDING, 0),
        (["dewi@example.test"], EmailStatus.PENDING, 0),
    ]
    assert smtp_sink.envelopes == []

    private_redis.start()  # the same port, empty: the queued nothing was lost with it
    worker = start_worker(**services)
    send_task(resend_pending_email, private_redis.url)  # what beat does every minute

    def all_sent():
        """both waiting messages to reach the SMTP server"""
        return len(smtp_sink.envelopes) == 2 and not OutboundEmail.objects.exclude(
            status=EmailStatus.SENT
        )

    wait_for(all_sent, 30, all_sent.__doc__)
    assert smtp_sink.recipients() == ["dewi@example.test", "rina@perpusnas.example.id"]

    # The web process uses Redis again: a new complaint's mail is queued at once, no re-drive.
    filed = post_form(web, "/pengaduan/", complaint("Sertifikat belum dikirim", "eko@example.test"))
    assert filed.status_code == 302
    wait_for(lambda: len(smtp_sink.envelopes) == 3, 30, "the new complaint's mail")

    # Another re-drive (the next minute's) sends nothing twice.
    again = send_task(resend_pending_email, private_redis.url)
    wait_for(lambda: worker.ran(again), 30, "the second re-drive to run")
    assert smtp_sink.recipients() == [
        "dewi@example.test",
        "eko@example.test",
        "rina@perpusnas.example.id",
    ]
    assert set(OutboundEmail.objects.values_list("status", "attempts")) == {(EmailStatus.SENT, 1)}
    assert web.get("/healthz").json()["checks"]["redis"]["ok"] is True
    assert '" 500 ' not in web.process.log()
