"""Where the mixed journey's CPU goes, page by page, in process: every GET step of
scripts.bench.journey requested through Django's WSGI handler (scripts.bench.profile's
requester) as the journey builds it from the seed's samples, its CPU milliseconds per request
(time.process_time), and its share of the steady run's requests (the role's users over all
users, times the step's weight within its role). Pages are printed by their contribution to
the journey's mean (share x CPU), the largest first, then the weighted mean of the GET steps.

    taskset -c 1 env DATABASE_URL=... REDIS_URL=... .venv/bin/python -m scripts.bench.journey_cpu \\
        --samples samples.json [-n 40] [--only queue]

Needs the bench's settings (the default here) and a seeded database with its samples
(`python -m scripts.bench.seed --scale 1.0 --out samples.json`). Pin it to one CPU and compare
two runs of the same code before trusting a difference under about 20 % for one page: on a
shared machine one page's figure moves that much between runs. The POST steps (a complaint, an
upload) are left out: they write.
"""

import argparse
import json
import random
from pathlib import Path

from scripts.bench import profile
from scripts.bench.journey import ROLES, STEADY_USERS

WARMUP = 3


def journey_cpu(samples: dict, n: int, only: str = "") -> list[dict]:
    """One row per GET step: role, step, path, status, cpu_ms, share (of the run's requests)."""
    profile._setup()
    users = sum(STEADY_USERS.values())
    rows = []
    for role_name, role in ROLES.items():
        rng = random.Random(7)  # noqa: S311 -- the same paths and sessions on every run
        start = role.start_session(samples, rng)
        weights = sum(step.weight for step in role.steps)
        for step in role.steps:
            if step.method != "GET" or (only and only not in step.name):
                continue
            path = step.path(samples, rng)
            session = step.session(samples, rng) if step.session else start
            request = profile._Requester(path, session)
            for _ in range(WARMUP):
                request()
            cpu_ms = profile._run(request, n) / n * 1000
            rows.append(
                {
                    "role": role_name,
                    "step": step.name,
                    "path": path,
                    "status": request.status,
                    "cpu_ms": cpu_ms,
                    "share": STEADY_USERS[role_name] / users * step.weight / weights,
                }
            )
    rows.sort(key=lambda row: row["share"] * row["cpu_ms"], reverse=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, required=True, help="the seed's samples JSON")
    parser.add_argument("-n", type=int, default=40, help="requests to time per page")
    parser.add_argument("--only", default="", help="only the steps whose name contains this")
    args = parser.parse_args()
    rows = journey_cpu(json.loads(args.samples.read_text()), args.n, args.only)
    print(f"{'of mean':>8} {'CPU ms':>8} {'share':>7}  role         step")
    for row in rows:
        print(
            f"{row['share'] * row['cpu_ms']:8.2f} {row['cpu_ms']:8.2f} {row['share']:7.2%}  "
            f"{row['role']:<12} {row['step']} ({row['status'][:3]})"
        )
    shares = sum(row["share"] for row in rows) or 1.0
    mean = sum(row["share"] * row["cpu_ms"] for row in rows) / shares
    print(f"weighted mean of the GET steps: {mean:.2f} ms of CPU per request")


if __name__ == "__main__":
    main()
