"""The targets of `make bench` and its Markdown report, from the figures scripts.bench.run
collects."""

# ruff: noqa: RUF001 - the report uses an en dash for "no value" and the multiplication sign

# The targets (issue 7), each judged "met" or "not met" from the figures.
STEADY_P95_MS = 150
DASHBOARD_SHARE_OF_BARE = 0.40
DEEP_PAGE_FACTOR = 1.5
CERTIFICATES_PER_CORE_S = 5
UPLOAD_MAX_INCREASE_MIB = 5


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _ms(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def targets(report: dict) -> list[dict]:
    rows = []
    queries = report["queries"]["pages"]
    for prefix, label in (
        ("dashboard", "Candidate dashboard"),
        ("queue", "Verifier queue"),
        ("claim", "Account claims (list and page)"),
        ("home", "Home page (every provider and service)"),
        ("standard", "Service standards (list and pages)"),
    ):
        pairs = {name: q for name, q in queries.items() if name.startswith(prefix)}
        grown = [name for name, q in pairs.items() if q["big"]["queries"] > q["small"]["queries"]]
        detail = ", ".join(
            f"{name}: {q['small']['queries']} → {q['big']['queries']}" for name, q in pairs.items()
        )
        rows.append(
            {
                "target": f"{label}: query count constant in data size (small seed → big seed)",
                "measured": detail,
                "met": not grown,
            }
        )

    pages = report["pages"]
    share = pages["dashboard"]["rps"] / pages["bare_dashboard"]["rps"]
    cpu_share = (
        pages["bare_dashboard"]["server_cpu_ms_per_request"]
        / pages["dashboard"]["server_cpu_ms_per_request"]
    )
    rows.append(
        {
            "target": f"Dashboard ≥ {DASHBOARD_SHARE_OF_BARE:.0%} of the bare view's throughput",
            "measured": f"{pages['dashboard']['rps']:.0f} vs {pages['bare_dashboard']['rps']:.0f} "
            f"requests/s = {share:.0%} (by server CPU per request: {cpu_share:.0%})",
            "met": share >= DASHBOARD_SHARE_OF_BARE,
        }
    )

    steady = report["steady"]["all"]
    target_rate = report["config"]["steady_rate"]
    held = steady["rps"] >= 0.95 * target_rate
    rows.append(
        {
            "target": f"Mixed journey at a steady {target_rate} requests/s: "
            f"p95 ≤ {STEADY_P95_MS} ms, 0 errors",
            "measured": f"{steady['rps']:.1f} requests/s, p95 {_ms(steady['p95_ms'])} ms, "
            f"{steady['errors']} errors",
            "met": held and steady["p95_ms"] <= STEADY_P95_MS and steady["errors"] == 0,
        }
    )

    first, deep = pages["queue_page_1"], pages["queue_page_1000"]
    factor = deep["p50_ms"] / first["p50_ms"]
    rows.append(
        {
            "target": f"Verifier queue page 1,000 within {DEEP_PAGE_FACTOR} × page 1's latency",
            "measured": f"median {deep['p50_ms']:.0f} vs {first['p50_ms']:.0f} ms = {factor:.2f} ×",
            "met": factor <= DEEP_PAGE_FACTOR,
        }
    )

    certificates = report["certificates"]
    rate = certificates["steady_per_s"] or certificates["per_s"]
    rows.append(
        {
            "target": f"Certificate render + sign ≥ {CERTIFICATES_PER_CORE_S}/s per core, "
            "flat memory",
            "measured": f"{rate:.2f}/s on one core (after the first 10 %); resident memory "
            f"{certificates['rss_mib_by_percent']['10']:.0f} → "
            f"{certificates['rss_mib_by_percent']['100']:.0f} MiB "
            f"({'flat' if certificates['memory_flat'] else 'growing'})",
            "met": rate >= CERTIFICATES_PER_CORE_S and certificates["memory_flat"],
        }
    )

    upload = report["upload"]
    rows.append(
        {
            "target": f"A {upload['file_mib']} MB upload adds ≤ {UPLOAD_MAX_INCREASE_MIB} MB to a "
            "worker's memory",
            "measured": f"+{upload['peak_increase_mib']:.1f} MiB peak (answer "
            f"{', '.join(map(str, upload['statuses']))})",
            "met": upload["peak_increase_mib"] <= UPLOAD_MAX_INCREASE_MIB,
        }
    )
    return rows


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


def markdown(report: dict) -> str:
    config, server, machine = report["config"], report["server"], report["machine"]
    big = report["seed"]["big"]
    big_providers = big["rows"]["providers"]
    small_providers = report["seed"]["small"]["rows"]["providers"]
    out = [
        "# make bench",
        "",
        f"Run {report['started']}"
        f"{' (BENCH_QUICK: smaller data, shorter runs)' if report['quick'] else ''}, "
        f"{report['wall_s']} s in all. {machine['cores']} cores, {machine['memory_gib']} GiB; load "
        f"average {machine['load_average_at_start']} at the start, "
        f"{machine['load_average_at_end']} at the end (anything else running shares the cores and "
        "makes every figure pessimistic).",
        "",
        "## Targets",
        "",
        "| Target | Measured | |",
        "|---|---|---|",
    ]
    for row in report["targets"]:
        out.append(f"| {row['target']} | {row['measured']} | {_met(row['met'])} |")

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
        f"{report['steady']['users']} users for {config['steady_s']} s, each at a constant "
        "throughput (locust `constant_throughput`): public visitors (home, service standards — "
        "the list and a random active service's page —, NIP check, register "
        "and NIP-claim forms, certificate verification — 80 % from a QR code with its token, "
        "which shows the holder, 20 % by the number alone —, complaint form, submission and "
        "tracking), candidates (dashboard), draft candidates (dashboard, upload of a small PDF), "
        "verifiers (queue page 1 and 1,000, the account claims' list and one claim's page).",
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
        "Server CPU ms/request |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, page in report["pages"].items():
        users = config["page_users"] if "dashboard" in name else 1
        out.append(
            f"| {name} | {users} | {page['rps']:.1f} | {_ms(page['p50_ms'])} | "
            f"{_ms(page['p95_ms'])} | {_ms(page['p99_ms'])} | {page['errors']} | "
            f"{page['queries_max']} | {page['server_cpu_ms_per_request']:.1f} |"
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
        "open with known tokens: it creates the account with a generated password hashed by "
        "PBKDF2 (Django's default iterations), its confirmed address, an event, and queues the "
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
        f"{confirm['server_cpu_s_per_ok'] * 1000:.0f} ms (mostly PBKDF2) |",
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
        "",
    ]
    return "\n".join(out)
