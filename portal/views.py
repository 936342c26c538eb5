"""Pages every app shares: the public home page, the staff home page and the health check."""

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from certificates import workflow as certificate_workflow
from certificates.constants import CertificateStatus
from certificates.selectors import certificate_stage_counts
from complaints.staff_selectors import team_counts
from portal.constants import Role
from portal.roles import role_required, user_roles
from registration.selectors import claims_waiting_count
from scheduling.selectors import assessor_counts, scheduler_counts
from verification.selectors import verifier_queue_counts


def home(request):
    return render(request, "portal/home.html")


@role_required()
def staff_home(request):
    roles = user_roles(request.user)
    context = {"roles": sorted(roles)}
    if Role.VERIFIER in roles:
        context["verification"] = {
            **verifier_queue_counts(verifier=request.user, today=timezone.localdate()),
            "account_claims": claims_waiting_count(),
        }
    if Role.SCHEDULER in roles:
        context["scheduling"] = scheduler_counts(now=timezone.now())
    if Role.ASSESSOR in roles:
        context["assessment"] = assessor_counts(user=request.user, now=timezone.now())
    if Role.COMPLAINT_HANDLER in roles:
        context["complaints"] = team_counts(today=timezone.localdate())
    stages = certificate_workflow.stages_of(roles)
    if stages:
        waiting = certificate_stage_counts(stages=stages)
        overdue = certificate_stage_counts(stages=stages, today=timezone.localdate())
        context["certificate_stages"] = [
            (stage, CertificateStatus(stage).label, waiting[stage], overdue[stage])
            for stage in stages
        ]
    return render(request, "portal/staff_home.html", context)


def _check(probe) -> dict:
    started = time.perf_counter()
    try:
        probe()
    except Exception as exc:  # any failure means "not healthy"; the type tells the operator why
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    finally:
        client.close()


@never_cache
@require_safe
def healthz(request):
    checks = {"database": _check(_database)}
    if settings.REDIS_URL:
        checks["redis"] = _check(_redis)
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
