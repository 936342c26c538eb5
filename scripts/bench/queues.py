"""Every staff queue in the bench (issue 19): page 1 and a deep page (page 1,000 where the seed
holds that many) of each, for the query probes (the counts must be equal on the small and the big
seed) and for the deep-page target (page 1,000 within 1.5 x page 1).

- `seed_queues(scale=..., now=..., login=..., samples=...)` runs after the rest of the seed
  (scripts.bench.seed): it logs in one member of staff per queue (a session row, as the seed does
  for verifiers) and adds rows where the seed holds too few for page 1,000 at full scale: open
  complaints, certificates at the data check, exam sessions, objections, NIP claims, the
  engine's cases waiting for its verifiers and institutions' open engagements. The rows are
  copies of seeded ones made inside PostgreSQL (INSERT … SELECT), with new ids, public ids,
  tracking codes and NIPs; at scale s there are about s x 1,000 pages of each queue (not of the
  IP-ASN officials' queue: a few open reports per official). Returns samples["queues"].
- `queue_probes(samples, deep_page)` gives {"<queue> page 1": [(path, session)],
  "<queue> deep page": [...]} for every queue, the deep page being `deep_page` or the queue's
  last page if it has fewer.

Alone, it measures each queue in-process with Django's test client on a seeded bench database
(CPU of the request in the process, the database's own time per query summed, queries):

    DJANGO_SETTINGS_MODULE=scripts.bench.settings DATABASE_URL=... SECRET_KEY=... \\
        .venv/bin/python -m scripts.bench.queues --samples var/bench/samples.json
"""

import argparse
import json
import math
import statistics
import time
from datetime import datetime
from pathlib import Path

DEEP_PAGE = 1000
# assessments.constants.OPEN_STATES
ENGAGEMENT_OPEN = ("requested", "agreement", "preparation", "reporting")

# queue -> (path, query string, rows per page, the sample session key in samples["queues"]).
# The rows per page are the views' (checked by the module's test against the code).
QUEUES = {
    "verifier queue": ("/verifikasi/", "status=semua", 25, "verifier"),
    "claims list": ("/verifikasi/klaim/", "", 25, "verifier"),
    "objections queue": ("/keberatan/petugas/", "", 25, "verifier"),
    "complaints queue": ("/pengaduan/staf/", "", 25, "complaint_handler"),
    "certificates queue": ("/sertifikat/staf/", "tahap=data_check", 40, "certificate_officer"),
    "exam sessions (committee)": ("/penjadwalan/", "", 25, "scheduler"),
    "engine: staff queue": ("/permohonan-layanan/petugas/", "", 50, "engine_verifier"),
    "assessment: staff queue": ("/penilaian-kompetensi/petugas/", "", 50, "assessment_scheduler"),
    "ipasn: staff queue": ("/laporan-ip-asn/petugas/", "", 50, "ipasn_official"),
    "ipasn: staff overview": ("/laporan-ip-asn/petugas/semua/", "", 50, "ipasn_official"),
}
# Lists that are not paged (bounded by what they list: a session's seats, a day's decisions…):
# only their query count is probed. name -> (path, session key); a "{...}" in the path is
# filled from samples["queues"].
LISTS = {
    "exam session seat list": ("/penjadwalan/sesi/{seat_session}/", "scheduler"),
    "results: assessor's sessions": ("/penilaian/", "assessor"),
    "results: session roster": ("/penilaian/sesi/{seat_session}/", "assessor"),
    "engine: product queue": ("/permohonan-layanan/uji/produk/", "engine_product_officer"),
    "engine: decisions page": ("/permohonan-layanan/petugas/penetapan/", "engine_official"),
    "engine: exam sessions": ("/permohonan-layanan/uji/", "engine_assessor"),
    "assessment: institutions to verify": ("/penilaian-kompetensi/petugas/instansi/", "verifier"),
    # For the Kabid, the Kepala and the Analis only (ipasn.views.staff.AGENCY_ROLES): the official
    # of the busiest step was refused (403) on one seed and read the page on the other.
    "ipasn: agency recap": ("/laporan-ip-asn/petugas/rekap-badan/", "ipasn_analyst"),
    "survey results": ("/survei/hasil/", "complaint_handler"),
    "complaint report (staff)": ("/pengaduan/laporan/staf/", "complaint_handler"),
    "staff home": ("/staf/", "verifier"),
}


# --- seeding ----------------------------------------------------------------------------------


def _columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def _copy(cursor, table: str, *, source: str, count: int, set_: dict[str, str]) -> int:
    """Insert `count` copies of the rows `source` (a FROM … WHERE clause naming the copied row
    `src`, and `g`, the copy's number from generate_series) selects, each column as in `src`
    unless `set_` gives an SQL expression for it. Returns the number inserted."""
    if count <= 0:
        return 0
    columns = _columns(cursor, table)
    values = ", ".join(set_.get(column, f'src."{column}"') for column in columns)
    names = ", ".join(f'"{column}"' for column in columns)
    cursor.execute(
        f'INSERT INTO "{table}" ({names}) SELECT {values} {source} LIMIT %s',
        [count],
    )
    return cursor.rowcount


def _login_role(login, role: str, provider_id=None, *, username_prefix: str = "") -> str:
    """A session for the first user holding `role` (at `provider_id` if given)."""
    from portal.models import StaffRole

    rows = StaffRole.objects.filter(role=role).select_related("user").order_by("user_id")
    if provider_id is not None:
        rows = rows.filter(provider_id=provider_id)
    if username_prefix:
        rows = rows.filter(user__username__startswith=username_prefix)
    row = rows.first()
    return login(row.user) if row is not None else ""


def seed_queues(*, scale: float, now: datetime, login, samples: dict) -> dict:
    """Add the queues' sessions and deep-page rows (see the module's docstring); return what
    queue_probes needs (also stored in samples["queues"])."""
    from django.db import connection, transaction

    from casework.constants import CaseState
    from casework.models import Case
    from portal.constants import Role
    from registration.constants import ApplicationStatus
    from registration.models import Application
    from scheduling.models import ExamSession

    started = time.perf_counter()
    target = {name: math.ceil(DEEP_PAGE * spec[2] * scale) for name, spec in QUEUES.items()}
    added = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # Open complaints (received, waiting for the team): the queue's default tab.
        cursor.execute(
            "SELECT count(*) FROM complaints_complaint WHERE status IN ('received', 'verified', "
            "'in_progress')"
        )
        missing = target["complaints queue"] - cursor.fetchone()[0]
        added["complaints"] = _copy(
            cursor,
            "complaints_complaint",
            source="FROM complaints_complaint src, generate_series(1, 50) g "
            "WHERE src.status = 'received'",
            count=missing,
            set_={
                "public_id": "gen_random_uuid()",
                "tracking_code": "'ADU-' || upper(substr(md5(src.id || '-' || g), 1, 4)) || '-' "
                "|| upper(substr(md5(src.id || '-' || g), 5, 4))",
                "received_at": "src.received_at - g * interval '1 minute'",
            },
        )
        # Certificates at the data check, one per application that has none.
        cursor.execute("SELECT count(*) FROM certificates_certificate WHERE status = 'data_check'")
        missing = target["certificates queue"] - cursor.fetchone()[0]
        added["certificates"] = _copy(
            cursor,
            "certificates_certificate",
            source="FROM (SELECT * FROM certificates_certificate WHERE status = 'data_check' "
            "ORDER BY id LIMIT 1) src, registration_application a, generate_series(1, 1) g "
            "WHERE NOT EXISTS (SELECT 1 FROM certificates_certificate c "
            "WHERE c.application_id = a.id)",
            count=missing,
            set_={
                "public_id": "gen_random_uuid()",
                "application_id": "a.id",
                "service_id": "a.service_id",
                "number": "''",
                "verification_token": "md5(a.id || '-certificate')",
                "due_date": "src.due_date + mod(a.id, 20)::int",
            },
        )
        # Exam sessions over the years (the committee's list shows them all, newest first).
        cursor.execute("SELECT count(*) FROM scheduling_examsession")
        missing = target["exam sessions (committee)"] - cursor.fetchone()[0]
        added["exam sessions"] = _copy(
            cursor,
            "scheduling_examsession",
            source="FROM scheduling_examsession src, generate_series(1, 1000) g "
            "WHERE src.status = 'held'",
            count=missing,
            set_={
                "starts_at": "src.starts_at - g * interval '1 day'",
                "ends_at": "src.ends_at - g * interval '1 day'",
                "booking_opens_at": "src.booking_opens_at - g * interval '1 day'",
                "booking_closes_at": "src.booking_closes_at - g * interval '1 day'",
                # Without a panel: the assessors' own lists (not paged) keep their real length.
                "head_assessor_id": "NULL",
            },
        )
        # Objections to rejections, waiting for an answer (several decisions per application:
        # the copies' decision times are a second apart, before `now`).
        from objections.models import Objection

        missing = target["objections queue"] - Objection.objects.filter(state="open").count()
        first = Application.objects.filter(status=ApplicationStatus.REJECTED).order_by("pk").first()
        if first is not None and missing > 0:
            Objection.objects.create(
                application=first,
                kind="verification",
                decided_at=now,
                reason="Ijazah saya sudah diunggah pada halaman kedua berkas.",
                submitted_at=now,
                due_date=now.date(),
            )
            moment = f"'{now.isoformat()}'::timestamptz"
            added["objections"] = 1 + _copy(
                cursor,
                "objections_objection",
                source="FROM (SELECT * FROM objections_objection ORDER BY id DESC LIMIT 1) src, "
                "registration_application a, generate_series(1, 50) g "
                "WHERE a.status = 'rejected'",
                count=missing - 1,
                set_={
                    "public_id": "gen_random_uuid()",
                    "application_id": "a.id",
                    "decided_at": f"{moment} - (g * 100000 + mod(a.id, 100000)) * interval '1 s'",
                    "submitted_at": f"{moment} - g * interval '1 minute'",
                    "due_date": f"({moment} + interval '10 days')::date",
                },
            )
        # NIP claims waiting for the panel.
        cursor.execute("SELECT count(*) FROM registration_accountclaim WHERE status = 'submitted'")
        missing = target["claims list"] - cursor.fetchone()[0]
        added["claims"] = _copy(
            cursor,
            "registration_accountclaim",
            source="FROM registration_accountclaim src, generate_series(1, 1000) g "
            "WHERE src.status = 'submitted'",
            count=missing,
            set_={
                "public_id": "gen_random_uuid()",
                "link_id": "NULL",
                "created_at": "src.created_at - g * interval '1 minute'",
            },
        )
        # Each copy with the KTP and Kartu Pegawai of the first seeded claim (the same files):
        # the seed checks that every claim holds both (seed._check_rules).
        _copy(
            cursor,
            "registration_claimdocument",
            source="FROM registration_accountclaim c, registration_claimdocument src "
            "WHERE src.claim_id = (SELECT min(claim_id) FROM registration_claimdocument) "
            "AND NOT EXISTS (SELECT 1 FROM registration_claimdocument d WHERE d.claim_id = c.id)",
            count=2 * added["claims"],
            set_={"public_id": "gen_random_uuid()", "claim_id": "c.id"},
        )
        # Institutions' engagements waiting on the Panitia (copies of the open ones, without
        # their participants, invoices and reports: the queue shows those it finds).
        cursor.execute(
            "SELECT count(*) FROM assessments_engagement WHERE state IN %s", [ENGAGEMENT_OPEN]
        )
        missing = target["assessment: staff queue"] - cursor.fetchone()[0]
        added["engagements"] = _copy(
            cursor,
            "assessments_engagement",
            # Any open one, as a fresh request: a small seed may hold no engagement still
            # 'requested' (the quick seed's 60 held none, and the queue got no copies).
            source="FROM assessments_engagement src, generate_series(1, 1000) g "
            f"WHERE src.state IN {ENGAGEMENT_OPEN!r}",
            count=missing,
            set_={
                "public_id": "gen_random_uuid()",
                "state": "'requested'",
                "replied_at": "NULL",
                "replied_by_id": "NULL",
                "intake_held_on": "NULL",
                "submitted_at": "src.submitted_at - g * interval '1 hour'",
                "created_at": "src.created_at - g * interval '1 hour'",
            },
        )
        # The engine's cases waiting for its verifiers, with their open step runs.
        engine = samples.get("casework")
        if engine:
            verifier_steps = ("completeness_check", "verification")
            cursor.execute(
                "SELECT count(*) FROM casework_case c "
                "JOIN portal_servicestep s ON s.id = c.step_id "
                "WHERE c.state = 'active' AND s.kind IN %s",
                [verifier_steps],
            )
            missing = target["engine: staff queue"] - cursor.fetchone()[0]
            added["engine cases"] = _copy_cases(cursor, missing, verifier_steps)
    with connection.cursor() as cursor:
        # Planner statistics and the visibility map for the copies (index-only scans), as the
        # seed does after its COPY.
        for table in (
            "complaints_complaint",
            "certificates_certificate",
            "scheduling_examsession",
            "objections_objection",
            "registration_accountclaim",
            "casework_case",
            "casework_steprun",
            "assessments_engagement",
        ):
            cursor.execute(f'VACUUM ANALYZE "{table}"')
    sessions = {"verifier": samples["verifiers"][0] if samples.get("verifiers") else ""}
    sessions["complaint_handler"] = _login_role(login, Role.COMPLAINT_HANDLER)
    sessions["certificate_officer"] = _login_role(
        login, Role.CERTIFICATE_OFFICER, username_prefix="petugas-sertifikat"
    )
    sessions["scheduler"] = _login_role(login, Role.SCHEDULER, username_prefix="panitia")
    held = ExamSession.objects.filter(status="held", seats__isnull=False).order_by("pk").first()
    sessions["assessor"] = login(held.head_assessor) if held and held.head_assessor else ""
    sessions["seat_session"] = held.pk if held else 0
    if engine:
        sessions["engine_verifier"] = engine["verifier"]
        sessions["engine_assessor"] = engine.get("assessor", "")
        service = Case.objects.filter(state=CaseState.ACTIVE).values("service__provider_id").first()
        provider = service["service__provider_id"] if service else None
        for key, role, username in (
            ("engine_product_officer", Role.CERTIFICATE_OFFICER, "petugas-produk-bkpsdm"),
            ("engine_official", Role.SIGNING_OFFICIAL, "pejabat-penetapan-bkpsdm"),
        ):
            if provider is not None:
                _staff_with_second_factor(username, role, provider)
            sessions[key] = _login_role(login, role, provider)
    if samples.get("assessments"):
        sessions["assessment_scheduler"] = samples["assessments"]["scheduler"]
    if samples.get("ipasn"):
        sessions.update(ipasn_sessions(samples["ipasn"]))
    visible = _visible_rows()
    result = {
        "sessions": sessions,
        "added": added,
        "rows": visible,
        "seconds": round(time.perf_counter() - started, 2),
    }
    samples["queues"] = result
    return result


def ipasn_sessions(ipasn: dict) -> dict[str, str]:
    """The readers of seed 003's staff pages among the queues' sessions: the official of the
    step with the most reports waiting (their queue, the overview) and the Analis Kepegawaian
    (the agency recap, which the official may not read)."""
    return {"ipasn_official": ipasn["official"], "ipasn_analyst": ipasn["analyst"]}


def _staff_with_second_factor(username: str, role: str, provider_id: int):
    """A member of staff holding `role` at the provider, with a TOTP authenticator as the role
    demands (portal.constants.TWO_FACTOR_ROLES): a session row then reaches their pages."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import generate_totp_secret
    from allauth.mfa.utils import encrypt

    from portal.models import StaffRole
    from registration.models import User

    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@bkpsdm.example.go.id"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Authenticator.objects.create(
            user=user,
            type=Authenticator.Type.TOTP,
            data={"secret": encrypt(generate_totp_secret())},
        )
    StaffRole.objects.get_or_create(user=user, provider_id=provider_id, role=role, service=None)
    return user


def _copy_cases(cursor, count: int, kinds) -> int:
    """Copies of the engine's active cases at `kinds` with new NIPs and public ids, and copies of
    their open step runs (the queue shows each case's clock)."""
    if count <= 0:
        return 0
    cursor.execute("SELECT pg_get_serial_sequence('casework_case', 'id')")
    sequence = cursor.fetchone()[0]
    cursor.execute(
        "CREATE TEMP TABLE bench_case_copies ON COMMIT DROP AS "
        "SELECT c.id AS src_id, nextval(%s) AS new_id "
        "FROM casework_case c JOIN portal_servicestep s ON s.id = c.step_id, "
        "generate_series(1, 100) g WHERE c.state = 'active' AND s.kind IN %s LIMIT %s",
        [sequence, tuple(kinds), count],
    )
    columns = _columns(cursor, "casework_case")
    values = {
        "public_id": "gen_random_uuid()",
        # A NIP of 18 digits no real case holds: 9 and the copy's id.
        "nip": "'9' || lpad(m.new_id::text, 17, '0')",
        "submitted_at": "src.submitted_at - mod(m.new_id, 997) * interval '1 second'",
    }
    select = ", ".join(values.get(column, f'src."{column}"') for column in columns)
    names = ", ".join(f'"{column}"' for column in ["id", *columns])
    cursor.execute(
        f"INSERT INTO casework_case ({names}) SELECT m.new_id, {select} "  # noqa: S608
        "FROM bench_case_copies m JOIN casework_case src ON src.id = m.src_id"
    )
    inserted = cursor.rowcount
    run_columns = [column for column in _columns(cursor, "casework_steprun") if column != "case_id"]
    names = ", ".join(f'"{column}"' for column in ["case_id", *run_columns])
    select = ", ".join(f'src."{column}"' for column in run_columns)
    cursor.execute(
        f"INSERT INTO casework_steprun ({names}) SELECT m.new_id, {select} "  # noqa: S608
        "FROM bench_case_copies m JOIN casework_steprun src ON src.case_id = m.src_id "
        "WHERE src.finished_at IS NULL"
    )
    return inserted


def _visible_rows() -> dict[str, int]:
    """Rows of each paged queue as its probe's reader sees it (for the deep page's number)."""
    from django.db import connection

    statements = {
        "verifier queue": "SELECT count(*) FROM registration_application WHERE status IN "
        "('submitted', 'in_review', 'returned', 'verified', 'rejected')",
        "claims list": "SELECT count(*) FROM registration_accountclaim WHERE status = 'submitted'",
        "objections queue": "SELECT count(*) FROM objections_objection WHERE state = 'open'",
        "complaints queue": "SELECT count(*) FROM complaints_complaint WHERE status IN "
        "('received', 'verified', 'in_progress')",
        "certificates queue": "SELECT count(*) FROM certificates_certificate "
        "WHERE status = 'data_check'",
        "exam sessions (committee)": "SELECT count(*) FROM scheduling_examsession",
        "engine: staff queue": "SELECT count(*) FROM casework_case c JOIN portal_servicestep s "
        "ON s.id = c.step_id WHERE c.state = 'active' AND s.kind IN "
        "('completeness_check', 'verification')",
        "assessment: staff queue": "SELECT count(*) FROM assessments_engagement WHERE state IN "
        "('requested', 'agreement', 'preparation', 'reporting')",
        "ipasn: staff queue": "SELECT 0",
        "ipasn: staff overview": "SELECT count(*) FROM ipasn_report",
    }
    counts = {}
    with connection.cursor() as cursor:
        for name, statement in statements.items():
            cursor.execute(statement)
            counts[name] = cursor.fetchone()[0]
    return counts


# --- probes -----------------------------------------------------------------------------------


def queue_probes(samples: dict, deep_page: int = DEEP_PAGE) -> dict[str, list[tuple[str, str]]]:
    """Page 1 and the deep page (`deep_page`, or the last page where the queue has fewer) of every
    staff queue, and the unpaged staff lists, each with the session of a reader who sees it."""
    work = samples.get("queues") or {}
    sessions, rows = work.get("sessions", {}), work.get("rows", {})
    probes = {}
    for name, (path, query, per_page, key) in QUEUES.items():
        session = sessions.get(key)
        if not session:
            continue
        last = max(1, math.ceil(rows.get(name, 0) / per_page))
        deep = min(deep_page, last)
        if name == "ipasn: staff overview" and samples.get("ipasn"):
            deep = min(deep_page, samples["ipasn"]["last_page"])
        joiner = "&" if query else ""
        first_url = f"{path}?{query}" if query else path
        probes[f"{name} page 1"] = [(first_url, session)]
        probes[f"{name} deep page"] = [(f"{path}?{query}{joiner}halaman={deep}", session)]
    for name, (path, key) in LISTS.items():
        session = sessions.get(key)
        if not session or ("{seat_session}" in path and not sessions.get("seat_session")):
            continue
        probes[name] = [(path.format(**sessions), session)]
    return probes


# --- measuring alone --------------------------------------------------------------------------


def _measure(client, path: str, repeat: int) -> dict:
    """Median CPU of the request in this process, median time in the database (the wall time
    of its queries, measured around each), the queries, the slowest query of the last run."""
    from django.db import connection

    cpu, database, runs, status = [], [], [], 0
    for _ in range(repeat):
        run = []

        def timed(execute, sql, params, many, context, run=run):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                run.append((time.perf_counter() - start, sql, params))

        with connection.execute_wrapper(timed):
            start = time.process_time()
            response = client.get(path)
            cpu.append(time.process_time() - start)
        database.append(sum(seconds for seconds, *_query in run))
        runs.append(run)
        status = response.status_code
    slowest = max(runs[-1], key=lambda query: query[0], default=(0, "", None))
    return {
        "status": status,
        "queries": len(runs[-1]),
        "cpu_ms": round(statistics.median(cpu) * 1000, 1),
        "db_ms": round(statistics.median(database) * 1000, 1),
        "slowest_query_ms": round(slowest[0] * 1000, 1),
        "slowest_query": slowest[1][:300],
        "queries_sql": [(sql, params) for _seconds, sql, params in runs[-1]],
    }


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", action="store_true", help="run seed_queues first")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", default="", help="probes whose name contains this")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each query")
    args = parser.parse_args()
    django.setup()
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    samples = json.loads(args.samples.read_text())
    if args.seed:

        def login(user) -> str:
            session = SessionStore()
            session["_auth_user_id"] = str(user.pk)
            session["_auth_user_backend"] = "portal.auth_backends.ModelBackend"
            session["_auth_user_hash"] = user.get_session_auth_hash()
            session.create()
            return session.session_key

        seed_queues(scale=args.scale, now=timezone.now(), login=login, samples=samples)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        args.samples.write_text(json.dumps(samples))
    settings.ALLOWED_HOSTS = ["*"]
    # Unlike the served bench, no collectstatic: the files' plain names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    results = {}
    for name, variants in queue_probes(samples).items():
        if args.only not in name:
            continue
        path, session = variants[0]
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session
        client.get(path)  # warm
        results[name] = _measure(client, path, args.repeat)
        queries = results[name].pop("queries_sql")
        line = {key: value for key, value in results[name].items() if key != "slowest_query"}
        print(f"{name:40} {path[:50]:50} {line}", flush=True)
        if args.explain:
            with connection.cursor() as cursor:
                for sql, params in queries:
                    cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) {sql}", params)
                    plan = [row[0] for row in cursor.fetchall()]
                    print(f"   {plan[-1].strip()}  {sql[:150]}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
