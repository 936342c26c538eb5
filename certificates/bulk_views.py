"""The staff's bulk downloads (certificates.bulk): ask from a queue, watch the progress page
(it refreshes itself: a small script reads the JSON status, a <meta refresh> without it), and
download the ZIP. Only the requester and the certificate officers of its provider reach a job;
anyone else gets 404, as if it did not exist."""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from certificates import bulk
from certificates.constants import BulkStatus
from certificates.exceptions import CertificateError
from portal.constants import Role
from portal.downloads import file_response_secure
from portal.roles import role_required

REFRESH_SECONDS = 3  # the no-script page's refresh while the ZIP is being made


def _job_or_404(request, public_id):
    job = bulk.bulk_for_user(user=request.user, public_id=public_id)
    if job is None:
        raise Http404
    return job


@role_required(Role.CERTIFICATE_OFFICER)
@require_POST
def bulk_request(request):
    stage = request.POST.get("tahap", "")
    try:
        provider_id = int(request.POST.get("penyelenggara", ""))
    except ValueError:
        provider_id = 0
    try:
        job = bulk.bulk_request(
            user=request.user,
            kind=request.POST.get("isi", ""),
            stage=stage,
            provider_id=provider_id,
        )
    except CertificateError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('certificates_queue')}?{urlencode({'tahap': stage})}")
    return redirect("certificates_bulk_progress", public_id=job.public_id)


def _status(job) -> dict:
    ready = job.status == BulkStatus.READY
    return {
        "status": job.status,
        "label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": round(100 * job.done / job.total) if job.total else 0,
        "finished": job.status not in bulk.ACTIVE,
        "error": job.error,
        "download_url": reverse("certificates_bulk_download", args=[job.public_id])
        if ready
        else None,
    }


@role_required(Role.CERTIFICATE_OFFICER)
@require_safe
def bulk_progress(request, public_id):
    job = _job_or_404(request, public_id)
    status = _status(job)
    return render(
        request,
        "certificates/staff/bulk_progress.html",
        {
            "job": job,
            "state": status,
            "refresh": None if status["finished"] else REFRESH_SECONDS,
            "queue_url": f"{reverse('certificates_queue')}?{urlencode({'tahap': job.stage})}",
        },
    )


@role_required(Role.CERTIFICATE_OFFICER)
@require_safe
def bulk_status(request, public_id):
    response = JsonResponse(_status(_job_or_404(request, public_id)))
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.CERTIFICATE_OFFICER)
@require_safe
def bulk_download(request, public_id):
    job = _job_or_404(request, public_id)
    if job.status != BulkStatus.READY or not job.file:
        raise Http404
    response = FileResponse(
        job.file.open("rb"),
        content_type="application/zip",
        as_attachment=True,
        filename=f"{job.kind}-{job.stage}-{job.created_at:%Y%m%d-%H%M}.zip",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)
