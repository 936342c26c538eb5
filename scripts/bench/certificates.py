"""Benchmark (part of make bench, not a test): render and sign a batch of certificates exactly as
the render task does, one after the other in one process, and report certificates per second per
core and whether memory stays flat (resident memory after 10 % of the batch against after 100 %);
then the staff's bulk download of the whole batch as one ZIP (files per second, peak memory).

Runs against a throwaway database, created and destroyed here: bench_certificates on the server of
DATABASE_URL, or SQLite under var/bench/ when DATABASE_URL is unset. Uploads go to a temporary
folder; the key is CERT_SIGNING_P12 if set, else a demo key made for the run. Pin it to one core
(`taskset -c 0`) for a per-core figure; scripts.bench.run does.

    .venv/bin/python -m scripts.bench.certificates [--count 1000] [--json out.json]
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PORTAL_VAR_DIR", str(BASE_DIR / "var" / "bench"))
os.environ["CELERY_BROKER_URL"] = ""  # nothing is queued: the batch runs in this process
os.environ["REDIS_URL"] = ""

# Memory counts as flat when resident memory grows by no more than this from 10 % of the batch
# to its end (allocator noise and caches filling up stay well below it; a leak of even a few
# kB per certificate does not).
FLAT_GROWTH_MIB = 10


def _setup(media: Path) -> None:
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        # Not test_<name>: a test run on the same server must not lose its database to us.
        # BENCH_CERT_DATABASE names another one, so two runs on one server do not collide.
        name = os.environ.get("BENCH_CERT_DATABASE", "bench_certificates")
        database["TEST"] = {**database.get("TEST", {}), "NAME": name}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media, "base_url": None},
        },
    }
    if not settings.CERT_SIGNING_P12:
        from portal.signing import demo_certificate_create

        key = demo_certificate_create(media / "bench-signing.p12", "bench")
        settings.CERT_SIGNING_P12, settings.CERT_SIGNING_PASSPHRASE = str(key), "bench"


def _batch(count: int) -> list[int]:
    """`count` certificates just signed by the official, each with the candidate's photo. Made
    with bulk inserts; every photo row points at the one photo file stored here."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from certificates.constants import CertificateStatus, FileState
    from certificates.models import Certificate
    from portal.models import Requirement, Service
    from registration.constants import ApplicationStatus, ExamPurpose
    from registration.models import ApplicantSnapshot, Application, Document, Level, Rank
    from tests.factories import SERVICE_SLUG, photo_bytes

    User = get_user_model()
    UNUSABLE = "!"  # an unusable password: nobody logs in as these
    official = User.objects.create_user(
        username="pejabat-bench", first_name="Dr. Adin Bondar, M.Si."
    )
    service = Service.objects.get(slug=SERVICE_SLUG)
    photo_requirement = Requirement.objects.get(service=service, is_photo=True)
    current, target = Level.objects.get(code="ahli-pertama"), Level.objects.get(code="ahli-muda")
    photo = photo_bytes()
    photo_name = default_storage.save("bench/foto.jpg", ContentFile(photo))
    if count > 2 * 999:
        raise SystemExit("--count above 1998 needs more distinct NIPs than this batch makes.")
    nips = [f"19860926201505{1 + index % 2}{index % 999 + 1:03d}" for index in range(count)]
    users = User.objects.bulk_create(
        User(username=nip, nip=nip, email=f"{nip}@example.test", password=UNUSABLE) for nip in nips
    )
    applications = Application.objects.bulk_create(
        Application(
            candidate=user,
            service=service,
            status=ApplicationStatus.DRAFT,
            purpose=ExamPurpose.PROMOTION,
            current_level=current,
            target_level=target,
            verified_at=timezone.now(),
        )
        for user in users
    )
    # Past the draft the database wants the snapshot that submitting takes: made here, then
    # the applications pass.
    rank = Rank.objects.get(code="III/b")
    snapshots = ApplicantSnapshot.objects.bulk_create(
        ApplicantSnapshot(
            application=application,
            submitted_at=timezone.now(),
            nip=application.candidate.nip,
            name=f"Peserta Bench {index}",
            title_suffix="S.I.Pust.",
            birth_place="Yogyakarta",
            birth_date=date(1986, 9, 26),
            sex="L" if application.candidate.nip[14] == "1" else "P",
            rank=rank,
            position="Pustakawan Ahli Pertama",
            level=current,
            work_unit="Pusat Pembinaan Pustakawan",
            institution="Perpustakaan Nasional RI",
        )
        for index, application in enumerate(applications, 1)
    )
    for application, snapshot in zip(applications, snapshots, strict=True):
        application.snapshot, application.status = snapshot, ApplicationStatus.PASSED
    Application.objects.bulk_update(applications, ["snapshot", "status"])
    Document.objects.bulk_create(
        Document(
            application=application,
            requirement=photo_requirement,
            version=1,
            file=photo_name,
            original_name="foto.jpg",
            kind="jpeg",
            content_type="image/jpeg",
            size=len(photo),
            sha256="0" * 64,
            uploaded_by=application.candidate,
        )
        for application in applications
    )
    now = timezone.now()
    certificates = Certificate.objects.bulk_create(
        Certificate(
            application=application,
            service_id=application.service_id,
            status=CertificateStatus.LEGALISATION,
            name=f"Dr. Peserta Bench {index}, S.I.Pust., M.Hum.",
            nip=application.candidate.nip,
            birth_place="Yogyakarta",
            birth_date=date(1986, 9, 26),
            rank="Penata Tingkat I (III/d)",
            position="Pustakawan Ahli Pertama",
            purpose="Kenaikan jenjang",
            level=target.name,
            institution="Perpustakaan Nasional RI",
            number=f"UKP/2026/{index:06d}",
            signed_by=official,
            signed_at=now,
            pdf_state=FileState.PENDING,
        )
        for index, application in enumerate(applications, 1)
    )
    return [certificate.pk for certificate in certificates]


def _run(ids: list[int]) -> dict:
    """Render, sign and store every certificate (the task's body), sampling resident memory."""
    import psutil

    from certificates.documents import certificate_pdf_store

    process = psutil.Process()
    marks = {max(1, round(len(ids) * tenth / 10)): tenth * 10 for tenth in range(1, 11)}
    rss_mib: dict[int, float] = {}
    rss_before = process.memory_info().rss / 2**20
    cpu, wall = time.process_time(), time.perf_counter()
    tenth_wall = tenth_cpu = 0.0
    for done, pk in enumerate(ids, 1):
        if not certificate_pdf_store(certificate_id=pk):
            raise RuntimeError(f"Certificate {pk} was not rendered.")
        if done in marks:
            rss_mib[marks[done]] = round(process.memory_info().rss / 2**20, 1)
            if marks[done] == 10:
                tenth_wall, tenth_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rest = len(ids) - next(done for done, pct in marks.items() if pct == 10)
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "steady_per_s": round(rest / (wall - tenth_wall), 2) if rest else None,
        "steady_per_cpu_s": round(rest / (cpu - tenth_cpu), 2) if rest else None,
        "rss_before_mib": round(rss_before, 1),
        "rss_mib_by_percent": rss_mib,
    }


def _zip(ids: list[int]) -> dict:
    """The staff's bulk download (certificates.bulk) of every certificate just rendered: one
    ZIP built as the task builds it, timed, with resident memory sampled while it runs."""
    import threading

    import psutil

    from certificates import bulk
    from certificates.constants import BulkKind, CertificateStatus
    from certificates.models import BulkDownload, Certificate

    certificate = Certificate.objects.select_related("application__service").get(pk=ids[0])
    job = BulkDownload.objects.create(
        requested_by=certificate.signed_by,
        provider_id=certificate.application.service.provider_id,
        kind=BulkKind.CERTIFICATES,
        stage=CertificateStatus.LEGALISATION,
        certificate_ids=ids,
        selection_key="bench",
        total=len(ids),
    )
    process = psutil.Process()
    before = process.memory_info().rss
    peak = [before]
    running = threading.Event()
    running.set()

    def sample():
        while running.is_set():
            peak[0] = max(peak[0], process.memory_info().rss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        bulk.bulk_build(job_id=job.pk)
    finally:
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        running.clear()
        sampler.join()
    job.refresh_from_db()
    if job.done != len(ids):
        raise RuntimeError(f"The ZIP holds {job.done} of {len(ids)} certificates: {job.error}")
    return {
        "zip_files": job.done,
        "zip_mib": round(job.file.size / 2**20, 1),
        "zip_wall_s": round(wall, 2),
        "zip_cpu_s": round(cpu, 2),
        "zip_per_s": round(job.done / wall, 1),
        "zip_rss_before_mib": round(before / 2**20, 1),
        "zip_rss_peak_mib": round(peak[0] / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--count",
        type=int,
        default=int(os.environ.get("BENCH_CERT_COUNT", "1000")),
        help="certificates in the batch (default: BENCH_CERT_COUNT or 1000)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    count = args.count

    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as media:
        _setup(Path(media))
        from django.db import connection

        database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            started = time.perf_counter()
            ids = _batch(count)
            setup_s = time.perf_counter() - started
            figures = _run(ids)  # includes the first render's font loading, as a worker does
            figures.update(_zip(ids))
            from certificates.models import Certificate

            sizes = [c.pdf.size for c in Certificate.objects.filter(pk__in=ids)]
        finally:
            connection.creation.destroy_test_db(database, verbosity=0)

    rss = figures["rss_mib_by_percent"]
    growth = rss[100] - rss[10]
    figures.update(
        count=count,
        batch_setup_s=round(setup_s, 2),
        per_s=round(count / figures["wall_s"], 2),
        per_cpu_s=round(count / figures["cpu_s"], 2),
        mean_ms=round(1000 * figures["wall_s"] / count),
        rss_growth_10_to_100_mib=round(growth, 1),
        memory_flat=growth <= FLAT_GROWTH_MIB,
        flat_threshold_mib=FLAT_GROWTH_MIB,
        pdf_mean_kib=round(sum(sizes) / len(sizes) / 1024),
        cores=os.cpu_count(),
        affinity=sorted(os.sched_getaffinity(0)),
        python=platform.python_version(),
        database=connection.vendor,
    )
    if args.json:
        args.json.write_text(json.dumps(figures))
    rows = [
        ("Certificates (render + sign + store, one process)", f"{count}"),
        ("CPUs this process may run on", ", ".join(map(str, figures["affinity"]))),
        ("Wall time / CPU time", f"{figures['wall_s']:.1f} s / {figures['cpu_s']:.1f} s"),
        ("Certificates per second (one process = one core)", f"{figures['per_s']:.2f}"),
        ("... after the first 10 % (fonts loaded)", f"{figures['steady_per_s']}"),
        ("Certificates per CPU-second", f"{figures['per_cpu_s']:.2f}"),
        ("Mean per certificate", f"{figures['mean_ms']} ms"),
        (
            "Resident memory after 10 % / 100 %",
            f"{rss[10]:.0f} MiB / {rss[100]:.0f} MiB ({growth:+.1f} MiB)",
        ),
        (
            f"Memory flat (growth ≤ {FLAT_GROWTH_MIB} MiB)",
            "yes" if figures["memory_flat"] else "no",
        ),
        ("Signed PDF size (mean)", f"{figures['pdf_mean_kib']} KiB"),
        (
            f"Bulk download: ZIP of {figures['zip_files']} ({figures['zip_mib']} MiB)",
            f"{figures['zip_wall_s']:.1f} s / {figures['zip_cpu_s']:.1f} s CPU, "
            f"{figures['zip_per_s']:.0f} files per second",
        ),
        (
            "... resident memory before / peak while zipping",
            f"{figures['zip_rss_before_mib']:.0f} MiB / {figures['zip_rss_peak_mib']:.0f} MiB",
        ),
        ("Database", connection.vendor),
    ]
    print(f"## Certificate PDFs: batch of {count}\n")
    print("| Measure | Value |\n|---|---|")
    for measure, value in rows:
        print(f"| {measure} | {value} |")


if __name__ == "__main__":
    main()
