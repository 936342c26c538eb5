"""Bulk downloads (certificates.bulk): a certificate officer asks from a queue for a ZIP of the
stage's signed PDFs (or result letters) of their provider; a task builds it on a temporary file
(in-process here: no broker), a progress page follows it, and only the requester and the
officers of that provider download it, for KEEP_FOR. A double click makes one job; a lost run
is taken over; an expired file is deleted."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from certificates import bulk
from certificates.constants import BulkKind, BulkStatus, CertificateStatus, FileState
from certificates.exceptions import CertificateError
from certificates.models import BulkDownload, ResultLetter
from portal.constants import Role
from portal.models import Provider
from scheduling.constants import Outcome
from tests.certificates.test_documents import published_result
from tests.security.test_file_csp import assert_full_policy_and_sandbox

pytestmark = pytest.mark.django_db

QUEUE = reverse("certificates_queue")
REQUEST = reverse("certificates_bulk_request")
OTHER_PROVIDER = "balai-pemetaan-kompetensi-lan"


def with_pdf(certificate, content: bytes | None = None):
    """The certificate with a stored signed PDF (its bytes name it, so the ZIP can be checked)."""
    content = content or f"%PDF-1.7 {certificate.number}".encode()
    certificate.pdf.save("sertifikat.pdf", ContentFile(content), save=False)
    certificate.pdf_state = FileState.READY
    certificate.save(update_fields=["pdf", "pdf_state"])
    return certificate


def zip_of(response) -> dict[str, bytes]:
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# The tests run in a transaction that never commits: these run what waits for the commit (the
# task, in-process without a broker) when a request or a call asks for a job.


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    def post(client, *, provider, kind=BulkKind.CERTIFICATES, stage=CertificateStatus.SHIPPING):
        with django_capture_on_commit_callbacks(execute=True):
            data = {"isi": kind, "tahap": stage, "penyelenggara": provider.pk}
            return client.post(REQUEST, data)

    return post


@pytest.fixture
def request_job(django_capture_on_commit_callbacks):
    def request(user, provider, *, stage=CertificateStatus.SHIPPING) -> BulkDownload:
        with django_capture_on_commit_callbacks(execute=True):
            return bulk.bulk_request(
                user=user, kind=BulkKind.CERTIFICATES, stage=stage, provider_id=provider.pk
            )

    return request


@pytest.fixture
def officer_client(client, certificate_officer):
    client.force_login(certificate_officer)
    return client


@pytest.fixture
def other_officer(make_user):
    return make_user(
        "petugas-lan", Role.CERTIFICATE_OFFICER, provider=Provider.objects.get(slug=OTHER_PROVIDER)
    )


def _provider_of(certificate):
    return certificate.application.service.provider


def test_the_zip_holds_every_ready_pdf_of_the_stage_and_provider_and_nothing_else(
    officer_client, make_certificate, ask
):
    first = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    second = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    make_certificate(status=CertificateStatus.SHIPPING, pdf_state=FileState.PENDING)
    with_pdf(make_certificate(status=CertificateStatus.SENT))  # another stage
    revoked = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    revoked.revoked_at = timezone.now()
    revoked.save(update_fields=["revoked_at"])

    response = ask(officer_client, provider=_provider_of(first))

    job = BulkDownload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates_bulk_progress", args=[job.public_id])
    assert job.status == BulkStatus.READY  # no broker: built in-process after the commit
    assert (job.done, job.total) == (2, 2)
    assert job.expires_at - job.finished_at == bulk.KEEP_FOR
    download = officer_client.get(reverse("certificates_bulk_download", args=[job.public_id]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "no-store" in download["Cache-Control"]
    files = zip_of(download)
    assert sorted(files.values()) == sorted(
        [f"%PDF-1.7 {first.number}".encode(), f"%PDF-1.7 {second.number}".encode()]
    )
    assert all(name.startswith("sertifikat-") for name in files)
    # Opened straight from its link, it runs nothing in our origin.
    again = officer_client.get(reverse("certificates_bulk_download", args=[job.public_id]))
    assert_full_policy_and_sandbox(again)


def test_the_result_letters_of_the_stage_in_one_zip(officer_client, make_certificate, ask):
    result = published_result(Outcome.PASSED)
    certificate = make_certificate(
        status=CertificateStatus.SHIPPING, application=result.seat.application
    )
    letter = ResultLetter.objects.create(result=result, pdf_state=FileState.READY)
    letter.pdf.save("surat.pdf", ContentFile(b"%PDF-1.7 surat"), save=True)
    make_certificate(status=CertificateStatus.SHIPPING)  # no letter: left out

    ask(officer_client, kind=BulkKind.LETTERS, provider=_provider_of(certificate))

    job = BulkDownload.objects.get()
    assert (job.status, job.done) == (BulkStatus.READY, 1)
    files = zip_of(officer_client.get(reverse("certificates_bulk_download", args=[job.public_id])))
    assert list(files.values()) == [b"%PDF-1.7 surat"]


def test_nothing_ready_or_an_empty_stage_is_refused_up_front(
    officer_client, certificate_officer, make_certificate, ask
):
    pending = make_certificate(status=CertificateStatus.SHIPPING, pdf_state=FileState.PENDING)
    provider = _provider_of(pending)

    # The rule is the service's: no job that could only fail, whoever calls it.
    for kind in BulkKind.values:
        with pytest.raises(CertificateError, match="Belum ada berkas PDF yang siap"):
            bulk.bulk_request(
                user=certificate_officer,
                kind=kind,
                stage=CertificateStatus.SHIPPING,
                provider_id=provider.pk,
            )
    # Through the queue's form: back to the queue, with the reason.
    response = ask(officer_client, provider=provider)
    assert response.status_code == 302
    assert response["Location"].startswith(QUEUE)
    queue = officer_client.get(response["Location"]).content.decode()
    assert "Belum ada berkas PDF yang siap untuk pilihan ini." in queue

    response = ask(officer_client, stage=CertificateStatus.SENT, provider=provider)
    assert response.status_code == 302
    assert response["Location"].startswith(QUEUE)
    assert not BulkDownload.objects.exists()


def test_a_pdf_gone_before_the_build_fails_the_job_with_a_reason(
    officer_client, certificate_officer, make_certificate, monkeypatch, request_job
):
    certificate = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    monkeypatch.setattr(bulk, "_enqueue", lambda job: None)
    job = request_job(certificate_officer, _provider_of(certificate))
    # Made again between the request and the build (a correction): nothing ready to put in.
    certificate.pdf_state = FileState.PENDING
    certificate.save(update_fields=["pdf_state"])

    bulk.bulk_build(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == BulkStatus.FAILED
    assert "Belum ada berkas PDF" in job.error
    page = officer_client.get(reverse("certificates_bulk_progress", args=[job.public_id]))
    assert "Belum ada berkas PDF" in page.content.decode()


def test_a_double_click_makes_one_job_while_it_is_being_made(
    officer_client, make_certificate, monkeypatch, ask
):
    certificate = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    queued = []
    monkeypatch.setattr(bulk, "_enqueue", queued.append)  # a busy worker: the job waits

    first = ask(officer_client, provider=_provider_of(certificate))
    second = ask(officer_client, provider=_provider_of(certificate))

    assert first["Location"] == second["Location"]
    assert BulkDownload.objects.count() == 1
    assert len(queued) == 1
    job = BulkDownload.objects.get()
    # Under concurrency the database refuses a second job of the same selection.
    with pytest.raises(IntegrityError), transaction.atomic():
        BulkDownload.objects.create(
            requested_by=job.requested_by,
            provider=job.provider,
            kind=job.kind,
            stage=job.stage,
            selection_key=job.selection_key,
        )
    # Once it is made, asking again makes a new one (the stage may have changed).
    bulk.bulk_build(job_id=job.pk)
    ask(officer_client, provider=_provider_of(certificate))
    assert BulkDownload.objects.count() == 2


def test_a_lost_run_is_taken_over_and_a_held_one_is_left_alone(
    certificate_officer, make_certificate, monkeypatch, request_job
):
    certificate = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    monkeypatch.setattr(bulk, "_enqueue", lambda job: None)
    job = request_job(certificate_officer, _provider_of(certificate))
    # A worker holds it and beats: a second delivery of the message does nothing.
    BulkDownload.objects.filter(pk=job.pk).update(
        status=BulkStatus.RUNNING, heartbeat_at=timezone.now(), done=1
    )
    assert bulk.bulk_build(job_id=job.pk) is False
    assert BulkDownload.objects.get(pk=job.pk).status == BulkStatus.RUNNING
    # That worker died: its heartbeat stops; the maintenance queues the job again and it is
    # built from the start.
    BulkDownload.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - bulk.STALE_AFTER - timedelta(seconds=1)
    )
    assert bulk.bulk_maintain() == {"expired": 0, "requeued": 1}
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (BulkStatus.READY, 1, 1)
    assert bulk.bulk_build(job_id=job.pk) is False  # done: another run changes nothing


def test_an_expired_zip_is_deleted_and_no_longer_downloaded(officer_client, make_certificate, ask):
    certificate = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    ask(officer_client, provider=_provider_of(certificate))
    job = BulkDownload.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    BulkDownload.objects.filter(pk=job.pk).update(expires_at=timezone.now())

    page = officer_client.get(reverse("certificates_bulk_progress", args=[job.public_id]))
    download = officer_client.get(reverse("certificates_bulk_download", args=[job.public_id]))

    assert page.status_code == 200
    assert "Kedaluwarsa" in page.content.decode()
    assert download.status_code == 404
    assert not storage.exists(name)
    job.refresh_from_db()
    assert (job.status, job.file.name) == (BulkStatus.EXPIRED, "")


def test_the_maintenance_deletes_expired_files(certificate_officer, make_certificate, request_job):
    certificate = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    job = request_job(certificate_officer, _provider_of(certificate))
    job.refresh_from_db()
    name = job.file.name
    assert bulk.bulk_maintain() == {"expired": 0, "requeued": 0}
    assert bulk.bulk_maintain(now=job.expires_at) == {"expired": 1, "requeued": 0}
    assert not job.file.storage.exists(name)


def test_only_the_requester_and_officers_of_the_provider_reach_the_job(
    client, certificate_officer, make_user, other_officer, make_certificate, ask, request_job
):
    certificate = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    job = request_job(certificate_officer, _provider_of(certificate))
    colleague = make_user("petugas-sertifikat-2", Role.CERTIFICATE_OFFICER)
    signer = make_user("penandatangan", Role.SIGNING_OFFICIAL)
    urls = [
        reverse(name, args=[job.public_id])
        for name in (
            "certificates_bulk_progress",
            "certificates_bulk_status",
            "certificates_bulk_download",
        )
    ]
    expected = {certificate_officer: 200, colleague: 200, other_officer: 404, signer: 403}
    for user, status in expected.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == status, (user.username, url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
    # Nor may the other provider's officer ask for this provider's PDFs.
    client.force_login(other_officer)
    ask(client, provider=_provider_of(certificate))
    assert BulkDownload.objects.count() == 1


def test_the_status_is_json_and_the_progress_page_refreshes_itself_until_done(
    officer_client, make_certificate, monkeypatch, ask
):
    certificate = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    monkeypatch.setattr(bulk, "_enqueue", lambda job: None)
    ask(officer_client, provider=_provider_of(certificate))
    job = BulkDownload.objects.get()
    progress = reverse("certificates_bulk_progress", args=[job.public_id])
    status = reverse("certificates_bulk_status", args=[job.public_id])

    waiting = officer_client.get(progress).content.decode()
    assert 'http-equiv="refresh"' in waiting
    assert "js/bulk-download.js" in waiting
    assert status in waiting
    assert officer_client.get(status).json() == {
        "status": "queued",
        "label": "Menunggu",
        "done": 0,
        "total": 1,
        "percent": 0,
        "finished": False,
        "error": "",
        "download_url": None,
    }

    bulk.bulk_build(job_id=job.pk)
    done = officer_client.get(progress).content.decode()
    state = officer_client.get(status).json()
    assert 'http-equiv="refresh"' not in done
    assert state["finished"] and state["percent"] == 100
    assert state["download_url"] == reverse("certificates_bulk_download", args=[job.public_id])
    assert state["download_url"] in done


def test_the_progress_page_makes_the_same_queries_however_large_the_zip(
    officer_client, certificate_officer, make_certificate, monkeypatch, request_job
):
    monkeypatch.setattr(bulk, "_enqueue", lambda job: None)

    def job_of(count: int, stage: str) -> BulkDownload:
        for _ in range(count):
            certificate = with_pdf(make_certificate(status=stage))
        job = request_job(certificate_officer, _provider_of(certificate), stage=stage)
        bulk.bulk_build(job_id=job.pk)
        return job

    small, large = job_of(1, CertificateStatus.SHIPPING), job_of(12, CertificateStatus.SENT)
    counts = []
    for job in (small, large):
        url = reverse("certificates_bulk_progress", args=[job.public_id])
        officer_client.get(url)  # warm caches (session, roles)
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_queue_offers_the_zip_to_certificate_officers_only(
    client, certificate_officer, make_user, make_certificate
):
    make_certificate(status=CertificateStatus.SIGNING)
    with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    signer = make_user("penandatangan", Role.SIGNING_OFFICIAL)

    client.force_login(certificate_officer)
    officer_page = client.get(QUEUE, {"tahap": CertificateStatus.SHIPPING}).content.decode()
    client.force_login(signer)
    signer_page = client.get(QUEUE, {"tahap": CertificateStatus.SIGNING}).content.decode()

    assert "Unduh sekaligus (ZIP)" in officer_page
    assert REQUEST in officer_page
    assert "Unduh sekaligus (ZIP)" not in signer_page


@pytest.mark.parametrize(
    "task",
    [
        "certificates.tasks.build_bulk_download",
        "certificates.tasks.render_certificate",
        "certificates.tasks.render_legalised",
        "certificates.tasks.render_result_letter",
    ],
)
def test_the_zip_is_built_on_the_pdf_queue_with_the_other_pdf_work(task):
    """The workers of the 'pdf' queue hold the storage and the time for PDFs; the 'default'
    queue's short tasks must not wait behind a ZIP of a whole stage."""
    from config.celery import app

    assert app.amqp.router.route({}, task)["queue"].name == "pdf"


def test_the_queue_offers_only_the_zips_that_would_hold_a_pdf(officer_client, make_certificate):
    pending = make_certificate(status=CertificateStatus.SHIPPING, pdf_state=FileState.PENDING)
    assert (
        "Unduh sekaligus (ZIP)"
        not in officer_client.get(QUEUE, {"tahap": CertificateStatus.SHIPPING}).content.decode()
    )
    assert (
        bulk.kinds_ready(stage=CertificateStatus.SHIPPING, provider_ids=[_provider_of(pending).pk])
        == []
    )

    with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    page = officer_client.get(QUEUE, {"tahap": CertificateStatus.SHIPPING}).content.decode()
    assert "Unduh sekaligus (ZIP)" in page
    assert f'value="{BulkKind.CERTIFICATES}"' in page
    assert f'value="{BulkKind.LETTERS}"' not in page  # no result letter made


def test_the_progress_page_shows_the_zips_last_moment_in_western_indonesian_time(
    officer_client, certificate_officer, make_certificate, request_job
):
    certificate = with_pdf(make_certificate(status=CertificateStatus.SHIPPING))
    job = request_job(certificate_officer, _provider_of(certificate))
    job.refresh_from_db()
    page = officer_client.get(reverse("certificates_bulk_progress", args=[job.public_id]))
    # Shown as the other pages show a moment: Jakarta's clock, with its zone.
    when = date_format(timezone.localtime(job.expires_at), "j F Y, H.i")
    assert f"Tersedia sampai {when} WIB." in page.content.decode()
