"""Benchmark (make bench, not a test): render and sign a batch of certificates, the batch size of
seed 000 (40), exactly as the render task does, and print certificates per second per core and
peak memory as Markdown.

Runs against a throwaway database, created and destroyed here: bench_<name> on the server of
DATABASE_URL, or SQLite under var/bench/ when DATABASE_URL is unset. Uploads go to
a temporary folder; the key is CERT_SIGNING_P12 if set, else a demo key made for the run.

    .venv/bin/python scripts/bench_certificates.py [--count 40]
"""

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("PORTAL_VAR_DIR", str(BASE_DIR / "var" / "bench"))
os.environ["CELERY_BROKER_URL"] = ""  # nothing is queued: the batch runs in this process
os.environ["REDIS_URL"] = ""


def _setup(media: Path) -> None:
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        # Not test_<name>: a test run on the same server must not lose its database to us.
        database["TEST"] = {**database.get("TEST", {}), "NAME": f"bench_{database['NAME']}"}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media, "base_url": None},
        },
    }
    if not settings.CERT_SIGNING_P12:
        from certificates.signing import demo_certificate_create

        key = demo_certificate_create(media / "bench-signing.p12", "bench")
        settings.CERT_SIGNING_P12, settings.CERT_SIGNING_PASSPHRASE = str(key), "bench"


def _batch(count: int) -> list[int]:
    """`count` certificates just signed by the official, each with the candidate's photo."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from certificates.constants import CertificateStatus, FileState
    from certificates.models import Certificate
    from registration.constants import ApplicationStatus
    from tests.factories import ApplicationFactory, DocumentFactory, photo_bytes

    official = get_user_model().objects.create_user(
        username="pejabat-bench", first_name="Dr. Adin Bondar, M.Si."
    )
    photo = photo_bytes()
    ids = []
    for index in range(1, count + 1):
        application = ApplicationFactory(status=ApplicationStatus.PASSED)
        requirement = application.service.requirements.get(is_photo=True)
        DocumentFactory(
            application=application,
            requirement=requirement,
            file=ContentFile(photo, name="foto.jpg"),
            kind="jpeg",
            content_type="image/jpeg",
            size=len(photo),
        )
        certificate = Certificate.objects.create(
            application=application,
            status=CertificateStatus.LEGALISATION,
            name=f"Dr. Peserta Bench {index}, S.I.Pust., M.Hum.",
            nip=application.candidate.nip,
            birth_place="Yogyakarta",
            birth_date=date(1986, 9, 26),
            rank="Penata Tingkat I (III/d)",
            position="Pustakawan Ahli Pertama",
            purpose="Kenaikan jenjang",
            level=application.target_level.name,
            institution="Perpustakaan Nasional RI",
            number=f"UKP/2026/{index:06d}",
            signed_by=official,
            signed_at=timezone.now(),
            pdf_state=FileState.PENDING,
        )
        ids.append(certificate.pk)
    return ids


def _run(ids: list[int]) -> tuple[float, float]:
    """Wall and CPU seconds to render, sign and store every certificate (the task's body)."""
    from certificates.documents import certificate_pdf_store

    cpu, wall = time.process_time(), time.perf_counter()
    for pk in ids:
        if not certificate_pdf_store(certificate_id=pk):
            raise RuntimeError(f"Certificate {pk} was not rendered.")
    return time.perf_counter() - wall, time.process_time() - cpu


def _reset(ids: list[int]) -> None:
    from certificates.constants import FileState
    from certificates.models import Certificate

    Certificate.objects.filter(pk__in=ids).update(pdf_state=FileState.PENDING)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40, help="certificates in the batch")
    count = parser.parse_args().count

    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as media:
        _setup(Path(media))
        from django.db import connection

        database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            ids = _batch(count)
            wall, cpu = _run(ids)  # includes the first render's font loading, as a worker does
            _reset(ids)
            tracemalloc.start()
            _run(ids)
            _current, traced_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            from certificates.models import Certificate

            sizes = [c.pdf.size for c in Certificate.objects.filter(pk__in=ids)]
        finally:
            connection.creation.destroy_test_db(database, verbosity=0)

    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    rows = [
        ("Certificates (render + sign + store, one process)", f"{count}"),
        ("Wall time", f"{wall:.2f} s"),
        ("CPU time", f"{cpu:.2f} s"),
        ("Certificates per second (one process = one core)", f"{count / wall:.2f}"),
        ("Certificates per CPU-second", f"{count / cpu:.2f}"),
        ("Mean per certificate", f"{1000 * wall / count:.0f} ms"),
        ("Peak Python memory (tracemalloc, second pass)", f"{traced_peak / 2**20:.1f} MiB"),
        ("Peak resident memory (getrusage maxrss)", f"{max_rss:.0f} MiB"),
        ("Signed PDF size (mean)", f"{sum(sizes) / len(sizes) / 1024:.0f} KiB"),
        ("Cores on this machine", f"{os.cpu_count()}"),
        ("Python / platform", f"{platform.python_version()} / {platform.platform()}"),
        ("Database", connection.vendor),
    ]
    print(f"## Certificate PDFs: batch of {count}\n")
    print("| Measure | Value |\n|---|---|")
    for measure, value in rows:
        print(f"| {measure} | {value} |")
    print(
        "\nA worker process renders one certificate at a time: run one Celery worker process "
        "per core on the `pdf` queue for about that many certificates per second per core."
    )


if __name__ == "__main__":
    main()
