"""The targets of `make bench` (issue 19's) and its Markdown report, from the figures
scripts.bench.run collects: the targets' lines first (met / not met / not measured), then the
server's CPU per request split per page, then the details."""

# ruff: noqa: RUF001 - the report uses an en dash for "no value" and the multiplication sign

from scripts.bench.journey import ROLES

# The targets of issue 19 (each judged "met", "not met" or "not measured" from the figures).
CPU_PER_REQUEST_MS = 10  # server CPU per request of the mixed journey
STEADY_P95_MS = 150
STEADY_P99_MS = 300
DASHBOARD_SHARE_OF_BARE = 0.50
# The bare render's CPU per request in the last quiet full run before issue 19 (README, 29
# November 2026: 5.0 ms on the 2-core build machine); the target is half of it.
BARE_BASELINE_CPU_MS = 5.0
BARE_TARGET_CPU_MS = BARE_BASELINE_CPU_MS / 2
REGISTRATION_CPU_MS = 30
REGISTRATION_RATE = 20
CREDENTIAL_MAIL_P95_S = 60
CERTIFICATES_PER_CORE_S = 6
DEEP_PAGE_FACTOR = 1.5
# Issue 7's, still held.
UPLOAD_MAX_INCREASE_MIB = 5


def _met(ok: bool | str | None) -> str:
    if isinstance(ok, str):  # a row that is not a target: what it says instead
        return ok
    if ok is None:
        return "**not measured**"
    return "met" if ok else "**not met**"


def _ms(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def _ms1(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def _row(target: str, measured: str, met: bool | str | None) -> dict:
    return {"target": target, "measured": measured, "met": met}


def _steady_measured(steady: dict) -> str:
    return (
        f"{steady['rps']:.1f} requests/s, p95 {_ms(steady['p95_ms'])} ms, p99 "
        f"{_ms(steady['p99_ms'])} ms, {steady['errors']} errors"
    )


def _steady_met(steady: dict, target_rate: float) -> bool:
    return (
        steady["rps"] >= 0.95 * target_rate
        and steady["p95_ms"] <= STEADY_P95_MS
        and steady["p99_ms"] <= STEADY_P99_MS
        and steady["errors"] == 0
    )


def targets(report: dict) -> list[dict]:
    """Issue 19's targets, the ratios first."""
    rows = []
    pages, steady = report["pages"], report["steady"]["all"]
    target_rate = report["config"]["steady_rate"]

    cpu = steady["server_cpu_ms_per_request"]
    rows.append(
        _row(
            f"Server CPU per request of the mixed journey ≤ {CPU_PER_REQUEST_MS} ms",
            f"{cpu:.1f} ms (gunicorn workers' CPU over the steady run / requests; inside the "
            f"request {_ms1(steady.get('cpu_ms_mean'))} ms)",
            cpu <= CPU_PER_REQUEST_MS,
        )
    )
    apart = report["steady"].get("data_services_apart")
    where = " (PostgreSQL and Redis on the other core)" if apart else ""
    rows.append(
        _row(
            f"Steady {target_rate} requests/s on one server core: p95 ≤ {STEADY_P95_MS} ms, "
            f"p99 ≤ {STEADY_P99_MS} ms, 0 errors",
            _steady_measured(steady) + where,
            _steady_met(steady, target_rate),
        )
    )
    if shared := report.get("steady_shared"):
        # Not a target of its own: how much of the tail the data services sharing the core make.
        rows.append(
            _row(
                "The same run with PostgreSQL and Redis on any core, the server's included "
                "(for comparison)",
                _steady_measured(shared["all"]),
                "comparison",
            )
        )

    dashboard, bare = pages["dashboard"], pages["bare_dashboard"]
    share = dashboard["rps"] / bare["rps"] if bare["rps"] else 0
    cpu_share = bare["server_cpu_ms_per_request"] / max(
        dashboard["server_cpu_ms_per_request"], 1e-9
    )
    rows.append(
        _row(
            f"Candidate dashboard ≥ {DASHBOARD_SHARE_OF_BARE:.0%} of the bare render's throughput",
            f"{dashboard['rps']:.0f} vs {bare['rps']:.0f} requests/s = {share:.0%} (by server "
            f"CPU per request: {cpu_share:.0%}, {dashboard['server_cpu_ms_per_request']:.1f} vs "
            f"{bare['server_cpu_ms_per_request']:.1f} ms)",
            share >= DASHBOARD_SHARE_OF_BARE,
        )
    )
    bare_cpu = bare["server_cpu_ms_per_request"]
    rows.append(
        _row(
            f"Bare render ≤ half of its last measured CPU ({BARE_BASELINE_CPU_MS} ms, quiet run "
            f"of 29 November 2026): ≤ {BARE_TARGET_CPU_MS} ms",
            f"{bare_cpu:.1f} ms per request (inside the request "
            f"{_ms1(bare.get('cpu_ms_mean'))} ms)",
            bare_cpu <= BARE_TARGET_CPU_MS,
        )
    )

    rows += _registration_rows(report)

    certificates = report["certificates"]
    rate = certificates["steady_per_s"] or certificates["per_s"]
    rows.append(
        _row(
            f"Certificates render + sign ≥ {CERTIFICATES_PER_CORE_S}/s per core, flat memory",
            f"{rate:.2f}/s on one core (after the first 10 %); resident memory "
            f"{certificates['rss_mib_by_percent']['10']:.0f} → "
            f"{certificates['rss_mib_by_percent']['100']:.0f} MiB "
            f"({'flat' if certificates['memory_flat'] else 'growing'})",
            rate >= CERTIFICATES_PER_CORE_S and certificates["memory_flat"],
        )
    )

    rows += _queue_rows(report)

    queries = report["queries"]["pages"]
    grown = [name for name, q in queries.items() if q["big"]["queries"] > q["small"]["queries"]]
    failing = [
        name
        for name, q in queries.items()
        if any(status >= 500 for status in q["big"]["status"] + q["small"]["status"])
    ]
    # A page answered differently on the two seeds (a 403 on one: a probe's reader chosen by
    # the seed's data) compares two different pages' counts.
    unlike = [name for name, q in queries.items() if q["big"]["status"] != q["small"]["status"]]
    rows.append(
        _row(
            "Every probed page: query count constant in data size (small seed → big seed)",
            f"{len(queries)} pages probed; grown: {', '.join(grown) or 'none'}"
            + (f"; answered 5xx: {', '.join(failing)}" if failing else "")
            + (f"; answered differently on the two seeds: {', '.join(unlike)}" if unlike else ""),
            not grown and not failing and not unlike,
        )
    )
    upload = report["upload"]
    rows.append(
        _row(
            f"A {upload['file_mib']} MB upload adds ≤ {UPLOAD_MAX_INCREASE_MIB} MB to a worker's "
            "memory (issue 7)",
            f"+{upload['peak_increase_mib']:.1f} MiB peak (answer "
            f"{', '.join(map(str, upload['statuses']))})",
            upload["peak_increase_mib"] <= UPLOAD_MAX_INCREASE_MIB,
        )
    )
    return rows


def _registration_rows(report: dict) -> list[dict]:
    """The web request's CPU and the steady rate with nothing shed, from the surge measure
    (scripts/bench/registration.py through run.hook_phases) where it ran, else from the two
    steps of run.registration; the credential mail's delay only from the surge measure.

    report["registration_surge"], where present: {"rate", "sent", "ok", "shed", "errors",
    "cpu_ms_per_request", "mail_p95_s"} (run.registration_surge adds them to the module's
    figures; "cpu_step" names the costliest step, whose CPU is "cpu_ms_per_request")."""
    surge = report.get("registration_surge")
    if surge:
        cpu, rate = surge["cpu_ms_per_request"], surge["rate"]
        nothing_shed = surge["shed"] == 0 and surge["errors"] == 0
        step = f" (the costliest step, {surge['cpu_step']})" if surge.get("cpu_step") else ""
        detail = (
            f"{_ms1(cpu)} ms of CPU per request{step} at {rate}/s; {surge['ok']} of "
            f"{surge['sent']} registrations through, {surge['shed']} shed, {surge['errors']} "
            "errors"
        )
        if cpu is None:
            cpu = float("inf")
        mail = surge.get("mail_p95_s")
    else:
        steps = report["registration"]
        form, confirm = steps["form"], steps["confirm"]
        cpu = 1000 * max(form["server_cpu_s_per_ok"], confirm["server_cpu_s_per_ok"])
        rate = form["rate"]
        nothing_shed = form["errors"] == 0 and confirm["errors"] == 0

        def per_ok(step: dict) -> str:
            # The workers' CPU over the phase per answered request: with none answered, only
            # the total says anything.
            if not step["ok_302"]:
                return f"none answered ({1000 * step['server_cpu_s_per_ok']:.0f} ms in all)"
            return f"{1000 * step['server_cpu_s_per_ok']:.0f} ms"

        detail = (
            f"form {per_ok(form)}, link's button {per_ok(confirm)} of CPU per answered request "
            f"at {rate}/s; answered {form['ok_302']}/{form['sent']} and "
            f"{confirm['ok_302']}/{confirm['sent']}"
        )
        mail = None
    return [
        _row(
            f"Registration at {REGISTRATION_RATE}/s on one web core: ≤ {REGISTRATION_CPU_MS} ms "
            "of CPU per web request, nothing shed",
            detail,
            cpu <= REGISTRATION_CPU_MS and nothing_shed and rate >= REGISTRATION_RATE,
        ),
        _row(
            f"Registration: the credential e-mail leaves within {CREDENTIAL_MAIL_P95_S} s at "
            "p95 (one mail worker)",
            "–" if mail is None else f"p95 {mail:.1f} s",
            None if mail is None else mail <= CREDENTIAL_MAIL_P95_S,
        ),
    ]


def _queue_rows(report: dict) -> list[dict]:
    """Every staff queue: page 1,000 within 1.5 x page 1 and the same query count. Every queue
    (scripts/bench/queues.py through run.queue_latencies) arrives as report["queues"]: {name:
    {"page_1_ms", "deep_ms", "deep_page", "queries_page_1", "queries_deep"}}, its two pages'
    GETs alternating; the verifier queue's one-page locust runs stand in for it where a report
    has no such entry."""
    pages, queries = report["pages"], report["queries"]["pages"]
    queues = {
        "verifier queue": {
            "page_1_ms": pages["queue_page_1"]["p50_ms"],
            "deep_ms": pages["queue_page_1000"]["p50_ms"],
            "deep_page": report["queries"]["big_deep_page"],
            "queries_page_1": queries["queue page 1"]["big"]["queries"],
            "queries_deep": queries["queue deep page"]["big"]["queries"],
        },
        **report.get("queues", {}),
    }
    rows = []
    for name, queue in queues.items():
        factor = queue["deep_ms"] / max(queue["page_1_ms"], 1e-9)
        # The hook's queues also say what they answered: a page that is not a 200 measures
        # nothing.
        answers = sorted({*queue.get("status_page_1", [200]), *queue.get("status_deep", [200])})
        answered = answers == [200]
        rows.append(
            _row(
                f"Staff queue ({name}): page {queue['deep_page']:,} within {DEEP_PAGE_FACTOR} × "
                "page 1, constant queries",
                f"median {queue['deep_ms']:.0f} vs {queue['page_1_ms']:.0f} ms = {factor:.2f} ×; "
                f"queries {queue['queries_page_1']} and {queue['queries_deep']}"
                + ("" if answered else f"; answered {', '.join(map(str, answers))}"),
                answered
                and factor <= DEEP_PAGE_FACTOR
                and queue["queries_deep"] <= queue["queries_page_1"],
            )
        )
    if not report.get("queues"):
        rows.append(
            _row(
                "Every other staff queue (complaints, certificates, exam sessions, the new "
                "services'): page 1,000 within 1.5 × page 1, constant queries",
                "– (scripts/bench/queues.py not wired in yet)",
                None,
            )
        )
    return rows


def _cpu_split_table(run: dict) -> list[str]:
    """Per page of a locust run: the server's CPU per request measured inside the request, and
    how much of it went to templates; the database's wall time beside it."""
    pages = run["pages"]
    total = sum(page.get("cpu_ms_total") or 0 for page in pages.values()) or 1
    lines = [
        "| Page | Requests | CPU ms/request (mean) | p50 | p95 | Templates ms | DB wall ms | "
        "Queries | Share of the run's CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ordered = sorted(pages.items(), key=lambda item: -(item[1].get("cpu_ms_total") or 0))
    for name, page in [*ordered, ("**all**", run["all"])]:
        share = (page.get("cpu_ms_total") or 0) / total
        lines.append(
            f"| {name} | {page['requests']} | {_ms1(page.get('cpu_ms_mean'))} | "
            f"{_ms1(page.get('cpu_ms_p50'))} | {_ms1(page.get('cpu_ms_p95'))} | "
            f"{_ms1(page.get('template_ms_mean'))} | {_ms1(page.get('db_ms_mean'))} | "
            f"{page['queries_mean'] if page['queries_mean'] is not None else '–'} | "
            f"{share:.0%} |"
        )
    return lines


def _cpu_split_hook(report: dict) -> list[str]:
    """scripts/bench/profile.py's cpu_split (through run.hook_phases), where it ran: a mapping
    of where the CPU goes (e.g. {"templates": ms, "ORM": ms, ...}) per page or overall."""
    split = report.get("cpu_split")
    if not split:
        return ["(The profile of where the CPU goes, scripts/bench/profile.py, is not wired in.)"]
    categories = [c for c in next(iter(split.values())) if c != "total"]
    lines = [
        "scripts/bench/profile.py: each page requested in-process through Django's WSGI handler "
        f"({report['config'].get('profile_n', '?')} times as one user, one process pinned to the "
        "server's CPUs while the server idles), CPU milliseconds per request split by the "
        "innermost running category (scaled to the untimed run's total).",
        "",
        "| Page | CPU ms/request | " + " | ".join(categories) + " |",
        "|---|---:|" + "---:|" * len(categories),
    ]
    for page, figures in split.items():
        total = figures.get("total") or 0
        cells = [
            f"{figures[c]:.1f} ({figures[c] / total:.0%})" if total else f"{figures[c]:.1f}"
            for c in categories
        ]
        lines.append(f"| {page} | {total:.1f} | " + " | ".join(cells) + " |")
    return lines


def _page_table(run: dict) -> list[str]:
    lines = [
        "| Page | Requests | Requests/s | p50 ms | p95 ms | p99 ms | Errors | Queries/request |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, page in [*run["pages"].items(), ("**all**", run["all"])]:
        if page["queries_min"] is None:
            queries = "–"
        elif page["queries_min"] == page["queries_max"]:
            queries = f"{page['queries_min']}"
        else:
            queries = f"{page['queries_min']}–{page['queries_max']} (mean {page['queries_mean']})"
        errors = f"{page['errors']} ({page['error_rate']:.1%})" if page["errors"] else "0"
        lines.append(
            f"| {name} | {page['requests']} | {page['rps']:.1f} | {_ms(page['p50_ms'])} | "
            f"{_ms(page['p95_ms'])} | {_ms(page['p99_ms'])} | {errors} | {queries} |"
        )
    return lines


def _yardstick_lines(machine: dict) -> list[str]:
    taken = machine.get("yardstick_ms")
    if not taken:
        return []
    moments = {"start": "at the start", "steady": "before the steady run", "end": "at the end"}
    said = ", ".join(f"{taken[name]} ms {moments[name]}" for name in moments if name in taken)
    return [
        "Machine speed (a fixed loop of Python on the server's CPU, best of three; lower is "
        f"faster): {said}. Every CPU figure below moves with it: compare runs with it too.",
        "",
    ]


def markdown(report: dict) -> str:
    config, server, machine = report["config"], report["server"], report["machine"]
    big = report["seed"]["big"]
    big_providers = big["rows"]["providers"]
    small_providers = report["seed"]["small"]["rows"]["providers"]
    git = report.get("git", {})
    comparable = report.get("comparable")
    out = [
        "# make bench",
        "",
        f"Run {report['started']}"
        f"{' (BENCH_QUICK: smaller data, shorter runs)' if report['quick'] else ''}, "
        f"{report['wall_s']} s in all, commit {git.get('commit', '?')[:12]}"
        f"{' with local changes' if git.get('dirty') else ''}. {machine['cores']} cores, "
        f"{machine['memory_gib']} GiB; load average {machine['load_average_at_start']} at the "
        f"start, {machine['load_average_at_end']} at the end (anything else running shares the "
        "cores and makes every absolute figure pessimistic; ratios less so).",
        "",
        *_yardstick_lines(machine),
        f"**Comparable with another run on this machine: {'yes' if comparable else 'NO'}** "
        f"({report.get('comparable_rule', '')}; the same seed, users, durations and the "
        f"simulated users' random seed {report.get('locust_seed', '?')}).",
        "",
        "## Targets (issue 19)",
        "",
        "| Target | Measured | |",
        "|---|---|---|",
    ]
    for row in report["targets"]:
        out.append(f"| {row['target']} | {row['measured']} | {_met(row['met'])} |")
    out += [
        "",
        f"## Server CPU per request, per page (steady mixed journey, {config['steady_rate']} "
        "requests/s)",
        "",
        "Measured inside the server for every request (scripts/bench/middleware.py): the "
        "handling thread's CPU time from the outermost middleware to the response "
        "(`X-Bench-CPU-ms`), of it the templates' (`X-Bench-Template-ms`, including queries "
        "a template runs lazily), and beside it the wall time spent in the database driver "
        "(`X-Bench-DB-ms`, mostly PostgreSQL's time, not this process's CPU). Ordered by the "
        "page's share of the run's CPU.",
        "",
        *_cpu_split_table(report["steady"]),
        "",
        f"The gunicorn workers' whole CPU over the run (psutil, with the child processes they "
        f"started) per request: "
        f"{report['steady']['all']['server_cpu_ms_per_request']:.1f} ms; inside the requests: "
        f"{_ms1(report['steady']['all'].get('cpu_ms_mean'))} ms. The difference is gunicorn's "
        "own work (parsing, the access log, threads), WhiteNoise outside the middleware, "
        "garbage collection and the uploads' PDF checks, each in a child process of its own "
        "(its CPU is not the request thread's).",
        "",
        "### Where the CPU goes (profile)",
        "",
        *_cpu_split_hook(report),
    ]
    out += [
        "",
        "## How it was served and driven",
        "",
        f"- `gunicorn config.wsgi`, {server['workers']} workers (2 × cores), worker class "
        f"`{server['worker_class']}`, {server['threads']} thread(s) each, as the Dockerfile runs "
        "it, access log on. A request that finds every other thread of its worker busy waits "
        "PORTAL_QUEUE_WAIT_SECONDS, then is shed with the 429 'portal sedang sibuk' page: such "
        "answers count as errors below.",
        "- Settings `scripts.bench.settings`: the production settings with DEBUG off, SECRET_KEY "
        "and ALLOWED_HOSTS=127.0.0.1 set, PostgreSQL, Redis (db 9: cache and broker), static "
        "files collected for WhiteNoise's manifest storage; plus a middleware counting queries "
        "into `X-Bench-Queries`, and the bare view's URL. **Rate limits lifted**: every "
        "PORTAL_RATE_LIMITS entry set to 1,000,000/s and allauth's ACCOUNT_RATE_LIMITS off, "
        "since all load comes from 127.0.0.1.",
        f"- Pinned with taskset: gunicorn (and later the certificate batch) on CPU "
        f"{server['server_cpus']}, locust on CPU {server['locust_cpus']}. PostgreSQL, Redis and "
        "the Celery worker are not pinned.",
        "- Logged-in users start with a Django session written by the seed (no allauth login), "
        "POSTs carry a fixed CSRF token as cookie and form field.",
        "- The steady run's users request as independent visitors do: each user's requests "
        "start at the points of a Poisson process of its share of the rate (together one Poisson "
        "stream of the target rate), not in phase (locust's constant_throughput kept every user "
        "on the phase it was spawned with, so the journey arrived as one burst a period).",
        "",
        "## Data",
        "",
        f"Seeded with COPY in {big['seconds']['total']:.0f} s (plus {big['migrate_s']:.0f} s of "
        f"migrations; database {big['database_mib']} MiB):",
        "",
        "| Rows | Count |",
        "|---|---:|",
    ]
    out += [f"| {name} | {count:,} |" for name, count in big["rows"].items()]
    out += [
        "",
        f"Applications by status over the last eight months (draft 6 %, submitted 14 %, in review "
        f"6 %, returned 6 %, verified 51 %, scheduled 3 %, passed 5 %, failed 2 %, rejected 7 %), "
        f"nine documents each; the queue shows "
        f"{report['queries']['big_deep_page']}+ pages of 25 with `status=semua`. A quarter of "
        "the registry has an official e-mail (accounts of those NIPs hold it); 0.5 % of the "
        "accounts are claimed by the NIP's owner (30 % waiting, 45 % approved, 25 % rejected; "
        "KTP and Kartu Pegawai each), mostly accounts whose application never passed "
        "verification; registration mails of the last 30 days are kept (older ones are pruned, "
        "as the portal does), plus open links for the registration measure.",
        "",
        f"## Mixed journey at a steady {config['steady_rate']} requests/s",
        "",
        f"{report['steady']['users']} users for {config['steady_s']} s, each requesting at the "
        "points of a Poisson process of its share of the rate, each drawing its steps from its "
        "own seeded generator (scripts/bench/journey.py):",
        "",
        *[f"- {role.title()}: {spec.doc}" for role, spec in ROLES.items()],
        "",
        *_page_table(report["steady"]),
        "",
        f"Server CPU per request (all gunicorn workers, whole run): "
        f"{report['steady']['all']['server_cpu_ms_per_request']:.1f} ms.",
        "",
        "## Saturation (the same journey, no pauses)",
        "",
        f"{report['saturation']['users']} users for {config['saturation_s']} s without waiting: "
        "what one core of gunicorn workers serves at most.",
        "",
        *_page_table(report["saturation"]),
        "",
        f"Server CPU per request: {report['saturation']['all']['server_cpu_ms_per_request']:.1f} "
        "ms.",
        "",
        "## One page at a time",
        "",
        f"{config['page_s']} s each; the dashboard and the bare view with {config['page_users']} "
        "concurrent users (throughput), the queue pages, the account claims' list and the home "
        "page with one "
        "user (latency without queueing). "
        "The bare view renders the dashboard's template from a fixed context built once per "
        "worker by the same selectors, for the same candidate (scheduled: the fullest "
        "dashboard), skipping every middleware and the session: what remains of the dashboard's "
        "cost is its data access, authentication and middleware.",
        "",
        "| Page | Users | Requests/s | p50 ms | p95 ms | p99 ms | Errors | Queries | "
        "Server CPU ms/request (workers) | CPU ms inside the request | of it templates |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, page in report["pages"].items():
        users = config["page_users"] if "dashboard" in name else 1
        out.append(
            f"| {name} | {users} | {page['rps']:.1f} | {_ms(page['p50_ms'])} | "
            f"{_ms(page['p95_ms'])} | {_ms(page['p99_ms'])} | {page['errors']} | "
            f"{page['queries_max']} | {page['server_cpu_ms_per_request']:.1f} | "
            f"{_ms1(page.get('cpu_ms_mean'))} | {_ms1(page.get('template_ms_mean'))} |"
        )
    queries = report["queries"]
    out += [
        "",
        "## Query counts: small seed against big seed",
        "",
        f"The same pages on a seed at {config['small_scale']} of the volumes and on the full one "
        f"(the deep queue page is the small seed's last, page {queries['small_deep_page']}, and "
        f"page {queries['big_deep_page']}), counted server-side with warm caches (each page "
        "requested once more than there are workers, the least count kept). The dashboard in "
        "each status: the most of five candidates applying for kenaikan jenjang (counts differ "
        "between candidates of one status, e.g. alih kategori checks the level rules, not with "
        "the data's size). The claims' list on its first tab (waiting) and on the approved one; "
        "a waiting and an approved claim's page. The home page and the list of standards with "
        f"{big_providers} providers on the big seed against {small_providers} on the small; a "
        "standard page of the online service and of three other providers' services.",
        "",
        "| Page | Small seed | Big seed |",
        "|---|---:|---:|",
    ]
    for name, pair in queries["pages"].items():
        out.append(f"| {name} | {pair['small']['queries']} | {pair['big']['queries']} |")

    form, confirm = report["registration"]["form"], report["registration"]["confirm"]
    out += [
        "",
        f"## Registration at {form['rate']}/s for {form['seconds']} s, each step",
        "",
        "Open loop (each request starts on time whether or not the earlier ones were answered). "
        "First the register form, POSTed with fresh registry NIPs: since issue 13 it creates no "
        "account, it checks the NIP, locks it and mails a link (to the registry's official "
        "address where there is one). Then the link's button, POSTed for links the seed left "
        "open with known tokens: it creates the account with a generated password (hashed as "
        "registration's services hash it), its confirmed address, an event, and queues the "
        "credentials mail.",
        "",
        "| Measure | Register form | Link's button (account created) |",
        "|---|---|---|",
        f"| Sent / answered 302 / other | {form['sent']} / {form['ok_302']} / {form['errors']} "
        f"({form['statuses']}) | {confirm['sent']} / {confirm['ok_302']} / {confirm['errors']} "
        f"({confirm['statuses']}) |",
        f"| Latency p50 / p95 / p99 / max | {_ms(form['p50_ms'])} / {_ms(form['p95_ms'])} / "
        f"{_ms(form['p99_ms'])} / {_ms(form['max_ms'])} ms | {_ms(confirm['p50_ms'])} / "
        f"{_ms(confirm['p95_ms'])} / {_ms(confirm['p99_ms'])} / {_ms(confirm['max_ms'])} ms |",
        f"| Accounts created | {form['users_created']} (none: only a link is mailed) | "
        f"{confirm['users_created']} |",
        f"| Mails queued in the outbox | {form['mails_created']} ({form['links_mailed']} "
        f"registration links) | {confirm['mails_created']} (credentials) |",
        f"| Server CPU per answered request | {form['server_cpu_s_per_ok'] * 1000:.0f} ms | "
        f"{confirm['server_cpu_s_per_ok'] * 1000:.0f} ms |",
        f"| Per second one core can take | {1 / max(form['server_cpu_s_per_ok'], 1e-9):.1f} "
        f"forms | {1 / max(confirm['server_cpu_s_per_ok'], 1e-9):.1f} accounts |",
    ]
    upload = report["upload"]
    out += [
        "",
        f"## Upload of a {upload['file_mib']} MB file",
        "",
        "POSTed three times to the candidate upload endpoint (a draft candidate's document slot) "
        "while every worker's resident memory was sampled every 2 ms.",
        "",
        "| Run | Answer | Seconds | Peak worker memory increase |",
        "|---|---|---:|---:|",
    ]
    for index, run in enumerate(upload["runs"], 1):
        out.append(
            f"| {index} | {run['status']} | {run['seconds']:.2f} | {run['increase_mib']:.2f} MiB |"
        )
    mail = report["mail"]
    out += [
        "",
        "## Mail outbox drain",
        "",
        f"{mail['messages']} pending OutboundEmail rows queued, delivered by a real Celery worker "
        f"({mail['worker']}) over SMTP to a local aiosmtpd sink.",
        "",
        "| Measure | Value |",
        "|---|---|",
        f"| Sent / received by the sink | {mail['sent']} / {mail['received_by_sink']} |",
        f"| Queued in / drained in | {mail['enqueue_s']} s / {mail['drain_s']} s |",
        f"| Messages per second | {mail['per_s']} |",
    ]
    certificates = report["certificates"]
    rss = certificates["rss_mib_by_percent"]
    out += [
        "",
        f"## Certificates: {certificates['count']} rendered and signed",
        "",
        "scripts/bench/certificates.py, one process on CPU "
        f"{', '.join(map(str, certificates['affinity']))} (the task's body: render, sign, store). "
        "BENCH_CERT_COUNT sets the batch (default 1,000; 40 with BENCH_QUICK).",
        "",
        "| Measure | Value |",
        "|---|---|",
        f"| Wall / CPU time | {certificates['wall_s']} s / {certificates['cpu_s']} s |",
        f"| Per second (all) / after the first 10 % | {certificates['per_s']} / "
        f"{certificates['steady_per_s']} |",
        f"| Per CPU-second (all) / after the first 10 % | {certificates['per_cpu_s']} / "
        f"{certificates['steady_per_cpu_s']} |",
        f"| Resident memory before / 10 % / 50 % / 100 % | {certificates['rss_before_mib']:.0f} / "
        f"{rss['10']:.0f} / {rss['50']:.0f} / {rss['100']:.0f} MiB |",
        f"| Memory flat (≤ {certificates['flat_threshold_mib']} MiB from 10 % to 100 %) | "
        f"{'yes' if certificates['memory_flat'] else 'no'} "
        f"({certificates['rss_growth_10_to_100_mib']:+.1f} MiB) |",
        f"| Signed PDF (mean) | {certificates['pdf_mean_kib']} KiB |",
    ]
    if "zip_files" in certificates:
        out += [
            f"| Bulk download: one ZIP of {certificates['zip_files']} certificates | "
            f"{certificates['zip_mib']} MiB in {certificates['zip_wall_s']} s "
            f"({certificates['zip_cpu_s']} s CPU), {certificates['zip_per_s']} files per second |",
            f"| ... resident memory before / peak while zipping | "
            f"{certificates['zip_rss_before_mib']:.0f} / {certificates['zip_rss_peak_mib']:.0f} "
            "MiB |",
        ]
    out += _surge_section(report)
    out.append("")
    return "\n".join(out)


def _surge_section(report: dict) -> list[str]:
    """scripts/bench/registration.py's surge, where it ran: per step, the answers and the CPU
    inside each request; the mails' delays."""
    surge = report.get("registration_surge")
    if not surge:
        return []
    out = [
        "",
        f"## Registration surge: {surge['rate']} registrations/s for {surge['seconds']} s",
        "",
        "Open loop: each registration starts on schedule and POSTs the register form (200, the "
        "'periksa kembali' page), its button (302, the link mail queued), waits for the link "
        "mail at a local SMTP sink, then POSTs the link's button (302: the account and the "
        f"credentials mail). {surge['worker']}. Arrivals took {surge['arrivals_s']} s, the "
        f"last registration finished at {surge['finished_s']} s.",
        "",
        "| Step | Requests | Answers | Shed (429) | "
        "CPU ms inside the request: median / mean / p95 |",
        "|---|---:|---|---:|---|",
    ]
    for step, summary in surge["steps"].items():
        out.append(
            f"| {step} | {summary['requests']} | {summary['statuses']} | {summary['shed_429']} | "
            f"{_ms1(summary['cpu_ms_median'])} / {_ms1(summary['cpu_ms_mean'])} / "
            f"{_ms1(summary['cpu_ms_p95'])} |"
        )
    credentials, link = surge["credentials_mail_s"], surge["link_mail_s"]
    outbox = surge["outbox_created_to_sent_s"]
    out += [
        "",
        "| Measure | Value |",
        "|---|---|",
        f"| Accounts created | {surge['accounts_created']} of {surge['registrations']} |",
        f"| gunicorn workers' CPU per registration (three requests) | "
        f"{surge['server_cpu_ms_per_registration']} ms |",
        f"| Link mail: POST to the sink, p50 / p95 | {_ms1(link['p50'])} / {_ms1(link['p95'])} s "
        f"({link['count']} mails) |",
        f"| Credentials mail: the button's POST to the sink, p50 / p95 / max | "
        f"{_ms1(credentials['p50'])} / {_ms1(credentials['p95'])} / {_ms1(credentials['max'])} s "
        f"({credentials['count']} mails) |",
        f"| Outbox rows: created to sent, p50 / p95 | {_ms1(outbox['p50'])} / "
        f"{_ms1(outbox['p95'])} s ({outbox['count']} rows; unsent {surge['outbox_unsent']}) |",
        f"| Mail worker CPU per mail | {surge['worker_cpu_ms_per_mail']} ms |",
        f"| Failures | {surge['failures']} |",
    ]
    return out
