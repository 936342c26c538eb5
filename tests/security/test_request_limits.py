"""Huge bodies are refused early: by their Content-Length before anything reads them (413, a
page in Indonesian or JSON under /api/), one oversized file stops the reading of the body, and
Django's own upload limits are set on purpose."""

import socket
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import Complaint
from portal.limits import FileSizeLimitUploadHandler
from tests.factories import pdf_bytes

MiB = 1024 * 1024


def test_the_limits_follow_from_the_largest_form():
    from complaints.services import ATTACHMENT_RULES, MAX_ATTACHMENTS

    largest_form = MAX_ATTACHMENTS * ATTACHMENT_RULES.max_size_bytes
    assert largest_form < settings.PORTAL_MAX_REQUEST_BYTES <= largest_form + 2 * MiB
    assert ATTACHMENT_RULES.max_size_bytes < settings.PORTAL_MAX_UPLOAD_FILE_BYTES
    assert settings.FILE_UPLOAD_HANDLERS[0] == "portal.limits.FileSizeLimitUploadHandler"
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES >= MAX_ATTACHMENTS
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.PORTAL_MAX_REQUEST_BYTES
    # Early: before the session, and before anything that reads the body (CSRF).
    order = settings.MIDDLEWARE.index
    assert order("django.middleware.security.SecurityMiddleware") < order(
        "portal.limits.RequestBodyLimitMiddleware"
    )
    assert order("portal.limits.RequestBodyLimitMiddleware") < order(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


class Unreadable:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.django_db
def test_a_declared_body_over_the_cap_is_refused_with_a_page_in_indonesian_unread(client):
    response = client.generic(
        "POST",
        reverse("complaint_new"),
        CONTENT_LENGTH=str(settings.PORTAL_MAX_REQUEST_BYTES + 1),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 413
    page = response.content.decode()
    assert "Data yang dikirim terlalu besar" in page
    assert "tidak ada yang tersimpan" in page
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_413_page_speaks_english_to_who_chose_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.generic(
        "POST",
        reverse("complaint_new"),
        CONTENT_LENGTH=str(settings.PORTAL_MAX_REQUEST_BYTES + 1),
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 413
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_a_declared_body_over_the_cap_on_the_api_is_refused_in_json(client):
    response = client.generic(
        "POST",
        "/api/pengaduan/",
        CONTENT_LENGTH=str(settings.PORTAL_MAX_REQUEST_BYTES + 1),
        CONTENT_TYPE="application/json",
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 413
    assert response.json() == {
        "error": "too_large",
        "detail": "Isi permintaan terlalu besar untuk diterima.",
    }


@pytest.mark.django_db
def test_a_body_at_the_cap_goes_through(client, settings):
    settings.PORTAL_MAX_REQUEST_BYTES = 2 * MiB
    body = b"x" * (2 * MiB)

    response = client.generic("POST", "/i18n/setlang/", body, content_type="text/plain")

    assert response.status_code != 413


@pytest.mark.django_db
def test_a_json_body_over_the_data_limit_is_a_json_413(client, settings):
    from complaints.constants import Channel
    from complaints.services import intake_token_create

    _token, raw = intake_token_create(name="Uji", channel=Channel.LAPOR)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = b'{"subject": "' + b"a" * 2000 + b'"}'

    response = client.post(
        "/api/pengaduan/",
        body,
        content_type="application/json",
        headers={"authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_text_fields_over_the_data_limit_are_a_413_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = client.post(reverse("complaint_new"), {"description": "a" * 20_000})

    assert response.status_code == 413
    assert "Data yang dikirim terlalu besar" in response.content.decode()


@pytest.mark.django_db
def test_too_many_files_in_one_form_are_refused(client, settings):
    files = [
        SimpleUploadedFile(f"{n}.pdf", pdf_bytes())
        for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]

    response = client.post(reverse("complaint_new"), {"subject": "x", "attachments": files})

    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.content.decode()  # not Django's bare page
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_six_files_are_refused_by_the_form_in_its_own_words(client):
    files = [SimpleUploadedFile(f"{n}.pdf", pdf_bytes()) for n in range(6)]
    data = {
        "kind": "pengaduan",
        "subject": "Berkas",
        "description": "Enam lampiran.",
        "reporter_email": "a@example.test",
        "attachments": files,
    }

    response = client.post(reverse("complaint_new"), data)

    assert response.status_code == 400
    assert "Paling banyak 5 lampiran sekaligus." in response.content.decode()


@pytest.mark.django_db
def test_one_file_over_the_file_cap_stops_the_reading_and_saves_nothing(client, settings):
    settings.PORTAL_MAX_UPLOAD_FILE_BYTES = 1 * MiB
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.7\n" + bytes(3 * MiB))
    data = {
        "kind": "pengaduan",
        "subject": "Berkas besar",
        "description": "Lampiran terlalu besar.",
        "reporter_email": "a@example.test",
        "attachments": [big],
    }

    response = client.post(reverse("complaint_new"), data)

    assert response.status_code == 413
    assert "Data yang dikirim terlalu besar" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_file_a_little_over_its_limit_is_refused_by_the_form_in_plain_words(client):
    # 6 MB: over the attachment limit (5 MB), under the file cap: the form explains.
    big = SimpleUploadedFile("pindaian.pdf", b"%PDF-1.7\n" + bytes(6 * MiB))
    data = {
        "kind": "pengaduan",
        "subject": "Pindaian",
        "description": "Lampiran sedikit terlalu besar.",
        "reporter_email": "a@example.test",
        "attachments": [big],
    }

    response = client.post(reverse("complaint_new"), data)

    assert response.status_code == 400
    assert "melebihi batas 5 MB" in response.content.decode()


def test_the_file_handler_stops_at_the_first_chunk_past_the_cap(rf, settings):
    settings.PORTAL_MAX_UPLOAD_FILE_BYTES = 100
    handler = FileSizeLimitUploadHandler(rf.post("/"))
    handler.new_file("file", "a.pdf", "application/pdf", None)

    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    with pytest.raises(Exception, match="PORTAL_MAX_UPLOAD_FILE_BYTES"):
        handler.receive_data_chunk(b"x" * 60, 60)


# --- against a real server: the answer comes before the body --------------------------------


def _raw_request(address: tuple[str, int], head: bytes, body: bytes, timeout: float) -> bytes:
    with socket.create_connection(address, timeout=timeout) as connection:
        connection.sendall(head + body)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
        return received


@pytest.mark.parametrize("path", ["/pengaduan/", "/api/pengaduan/"])
def test_a_real_server_answers_a_huge_declared_body_at_once_without_waiting_for_it(
    live_server, reference_data, path
):
    host, port = live_server.thread.host, live_server.thread.port
    declared = 2 * 1024 * MiB  # 2 GiB announced, a few bytes sent: reading it would hang
    head = (
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\n"
        f"Content-Type: multipart/form-data; boundary=xyz\r\n"
        f"Content-Length: {declared}\r\n\r\n"
    ).encode()

    started = time.monotonic()
    answer = _raw_request((host, port), head, b"--xyz\r\n", timeout=10)
    elapsed = time.monotonic() - started

    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 413"), status_line
    assert elapsed < 5  # the server did not wait for 2 GiB (the socket timeout is 10 s)
