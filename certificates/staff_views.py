"""The certificate staff screens: a queue per stage with batch actions, one certificate's page
with the actions of its stage, and the download of its signed PDFs. Every action is one call
to certificates.services; its refusals are shown as messages."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from certificates import bulk, selectors, services, workflow
from certificates.constants import BulkKind, CertificateStatus, FileState
from certificates.documents import signature_block
from certificates.exceptions import CertificateError
from certificates.models import Certificate
from certificates.queue_cells import QueueCells
from certificates.staff_forms import (
    DATA_FIELDS,
    BatchForm,
    CertificateDataForm,
    DispositionForm,
    ShippingForm,
)
from portal.calendar import working_days_overdue, working_days_overdue_many
from portal.catalogue import services_of
from portal.constants import Role
from portal.downloads import file_response_secure
from portal.events import HistoryEntry, event_list, history_entries
from portal.models import Provider
from portal.providers import disposition_official
from portal.queues import QueueColumn, queue_page
from portal.roles import role_provider_ids, role_required, user_roles
from registration.conflicts import conflict_check

# A queue page holds one batch of the seed's size (about 40 certificates per validation batch).
PAGE_SIZE = 40
# A refused batch names at most this many certificates, then counts the rest.
REFUSALS_SHOWN = 10

STAFF_ROLES = (Role.CERTIFICATE_OFFICER, Role.BKPSDM_OFFICER, Role.SIGNING_OFFICIAL)


STAGE_ROLES = workflow.STAGE_ROLES


@dataclass(frozen=True)
class BatchAction:
    stage: str
    service: object  # a certificates.services batch function
    button: Promise
    done: Promise  # with %(count)s: Indonesian nouns need no plural form


BATCH_ACTIONS = {
    "validasi": BatchAction(
        CertificateStatus.DATA_CHECK,
        services.certificate_validate,
        gettext_lazy("Validasi data"),
        gettext_lazy("%(count)s sertifikat divalidasi dan diteruskan ke penerbitan."),
    ),
    "terbitkan": BatchAction(
        CertificateStatus.ISSUANCE,
        services.certificate_issue,
        gettext_lazy("Terbitkan nomor"),
        gettext_lazy("%(count)s sertifikat diberi nomor."),
    ),
    "tandatangani": BatchAction(
        CertificateStatus.SIGNING,
        services.certificate_sign,
        gettext_lazy("Tandatangani"),
        gettext_lazy("%(count)s sertifikat ditandatangani. Berkas PDF sedang dibuat."),
    ),
    "legalisir": BatchAction(
        CertificateStatus.LEGALISATION,
        services.certificate_legalise,
        gettext_lazy("Legalisir"),
        gettext_lazy("%(count)s sertifikat dilegalisir. Salinan legalisir sedang dibuat."),
    ),
}
STAGE_BATCH = {action.stage: slug for slug, action in BATCH_ACTIONS.items()}

# A queue's columns (certificates.queue_cells writes their cells); the
# check boxes only where the stage has a batch action.
QUEUE_COLUMNS = [
    QueueColumn(gettext_lazy("Pilih"), "select", header_hidden=True),
    QueueColumn(gettext_lazy("Nomor"), "number", cell_class="mono nowrap"),
    QueueColumn(gettext_lazy("Nama"), "name", header_class="queue-table__name"),
    QueueColumn(gettext_lazy("NIP"), "nip", cell_class="mono nowrap"),
    QueueColumn(gettext_lazy("Jenjang"), "level"),
    QueueColumn(gettext_lazy("Tujuan"), "purpose"),
    QueueColumn(gettext_lazy("Data menurut peserta"), "answer"),
    QueueColumn(gettext_lazy("Batas waktu"), "due", cell_class="nowrap"),
]

# The signed PDFs staff and candidates download: URL kind -> (file field, state field, name).
FILE_KINDS = {
    "asli": ("pdf", "pdf_state", "sertifikat"),
    "legalisir": ("legalised_pdf", "legalised_pdf_state", "sertifikat-legalisir"),
}

# role_required is the outermost decorator everywhere (see verification.views).


def _queue_url(stage: str, page: str | None = None) -> str:
    query = {"tahap": stage, **({"halaman": page} if page else {})}
    return f"{reverse('certificates_queue')}?{urlencode(query)}"


@role_required(*STAFF_ROLES)
@require_safe
def queue(request):
    # Never empty: each of STAFF_ROLES works on a stage, and is held at some provider.
    scopes = workflow.stage_providers(request.user)
    stages = list(scopes)
    stage = request.GET.get("tahap") or stages[0]
    if stage not in STAGE_ROLES:
        raise Http404
    if stage not in stages:
        raise PermissionDenied
    # The services of every provider in the scopes, read once for the queue and the tabs.
    services = services_of(frozenset().union(*scopes.values()))
    page = queue_page(
        selectors.certificate_queue(
            stage=stage, provider_ids=scopes[stage], services=services, reader=request.user
        ),
        number=request.GET.get("halaman"),
        per_page=PAGE_SIZE,
        rows=selectors.certificate_queue_rows(),
    )
    today = timezone.localdate()
    overdue = working_days_overdue_many(
        due_dates=[certificate.due_date for certificate in page], today=today
    )
    for certificate in page:
        certificate.overdue_days = overdue.get(certificate.due_date)
    counts = selectors.certificate_stage_counts(
        scopes=scopes, services=services, reader=request.user
    )
    batch = STAGE_BATCH.get(stage)
    # The providers whose PDFs of this stage the user may download at once (certificates.bulk):
    # their names only when there is a choice (one query more for the few who work at several).
    bulk_ids = sorted(bulk.provider_ids_of(request.user) & scopes[stage])
    # Only the kinds of ZIP that would hold a PDF (up to two EXISTS queries), and no form when
    # none would: asking would only be refused (certificates.bulk.bulk_request).
    bulk_kinds = (
        bulk.kinds_ready(stage=stage, provider_ids=bulk_ids, services=services)
        if page.object_list
        else []
    )
    if not bulk_kinds:
        bulk_ids = []
    bulk_providers = [(pk, "") for pk in bulk_ids]
    if len(bulk_ids) > 1:
        bulk_providers = list(
            Provider.objects.filter(pk__in=bulk_ids).order_by("name").values_list("pk", "name")
        )
    return render(
        request,
        "certificates/staff/queue.html",
        {
            "stage": stage,
            "stage_label": CertificateStatus(stage).label,
            "tabs": [(s, CertificateStatus(s).label, counts[s]) for s in stages],
            "page": page,
            "columns": QUEUE_COLUMNS if batch else QUEUE_COLUMNS[1:],
            "cells": QueueCells(),
            "today": today,
            "batch": batch,
            "batch_button": BATCH_ACTIONS[batch].button if batch else None,
            "bulk_providers": bulk_providers,
            "bulk_kinds": [(kind, BulkKind(kind).label) for kind in bulk_kinds],
        },
    )


def _run_batch(request, action: BatchAction, certificates: list[Certificate]) -> None:
    """Call a batch service and tell what was done and what was refused (and why)."""
    result = action.service(certificates=certificates, actor=request.user)
    if result.done:
        count = len(result.done)
        messages.success(request, str(action.done) % {"count": count})
    for certificate, reason in result.refused[:REFUSALS_SHOWN]:
        messages.error(
            request,
            _("%(name)s (%(nip)s): %(reason)s")
            % {"name": certificate.name, "nip": certificate.nip, "reason": reason},
        )
    hidden = len(result.refused) - REFUSALS_SHOWN
    if hidden > 0:
        messages.error(
            request,
            ngettext(
                "%(count)s sertifikat lain juga ditolak.",
                "%(count)s sertifikat lain juga ditolak.",
                hidden,
            )
            % {"count": hidden},
        )


def _batch_action_for(request, slug: str) -> BatchAction:
    action = BATCH_ACTIONS.get(slug)
    if action is None:
        raise Http404
    if not user_roles(request.user) & STAGE_ROLES[action.stage]:
        raise PermissionDenied
    return action


@role_required(*STAFF_ROLES)
@require_POST
def batch(request):
    """The batch buttons of a queue: each ticked certificate is processed on its own, so one
    refusal (or a second click) does not stop the others."""
    form = BatchForm(request.POST)
    action = _batch_action_for(request, request.POST.get("action", ""))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(_queue_url(action.stage, request.POST.get("halaman")))
    # Only the certificates of the providers where the user works this stage.
    certificates = selectors.certificate_list_chosen(
        public_ids=form.cleaned_data["pilih"],
        provider_ids=role_provider_ids(request.user, *STAGE_ROLES[action.stage]),
    )
    if not certificates:
        messages.error(request, _("Sertifikat yang dipilih tidak ditemukan."))
    else:
        _run_batch(request, action, certificates)
    return redirect(_queue_url(action.stage, request.POST.get("halaman")))


# --- One certificate ---------------------------------------------------------------------------


def _certificate_or_404(request, public_id) -> Certificate:
    """A certificate the user's roles at its provider let them open (selectors.
    certificate_for_staff); any other answers 404, as if it did not exist."""
    certificate = selectors.certificate_for_staff(user=request.user, public_id=public_id)
    if certificate is None:
        raise Http404
    conflict_check(staff=request.user, candidate=certificate.application.candidate)
    return certificate


def _detail_url(certificate: Certificate, anchor: str = "") -> str:
    url = reverse("certificates_detail", args=[certificate.public_id])
    return f"{url}#{anchor}" if anchor else url


# The action of each transition of certificates.workflow, as the detail page offers it.
TRANSITION_ACTIONS = {
    (CertificateStatus.DATA_CHECK, CertificateStatus.ISSUANCE): "validate",
    (CertificateStatus.ISSUANCE, CertificateStatus.DISPOSITION): "issue",
    (CertificateStatus.ISSUANCE, CertificateStatus.SIGNING): "issue",
    (CertificateStatus.DISPOSITION, CertificateStatus.SIGNING): "dispose",
    (CertificateStatus.DISPOSITION, CertificateStatus.DATA_CHECK): "dispose",
    (CertificateStatus.SIGNING, CertificateStatus.LEGALISATION): "sign",
    (CertificateStatus.LEGALISATION, CertificateStatus.SHIPPING): "legalise",
    (CertificateStatus.SHIPPING, CertificateStatus.SENT): "ship",
    (CertificateStatus.SENT, CertificateStatus.DELIVERED): "deliver",
}
# The single-certificate buttons that call a batch service.
SINGLE_ACTIONS = {
    "validate": "validasi",
    "issue": "terbitkan",
    "sign": "tandatangani",
    "legalise": "legalisir",
}


def _actions(user, certificate: Certificate) -> tuple[set[str], list[str]]:
    """The actions the user may take on the certificate now, and why the others of their role
    at this stage must wait (e.g. the signed PDF is still being made)."""
    kinds = workflow.kinds_of(certificate, user)
    allowed: set[str] = set()
    waiting: list[str] = []
    for (from_state, to_state), actors in workflow.TRANSITIONS.items():
        if from_state != certificate.status:
            continue
        refusal = workflow.transition_refusal(certificate, to_state, user)
        if refusal is None:
            allowed.add(TRANSITION_ACTIONS[(from_state, to_state)])
        elif actors & kinds and certificate.revoked_at is None:
            message = str(refusal.message)
            if message not in waiting:
                waiting.append(message)
    return allowed, waiting


def _timeline(certificate: Certificate) -> list[HistoryEntry]:
    """The certificate's events, newest first; the application's earlier history is on the
    verification and scheduling pages."""
    events = event_list(subject=certificate.application).filter(kind__startswith="certificate_")
    return history_entries(events.order_by("-created_at", "-pk"))


def _render_detail(
    request,
    certificate: Certificate,
    *,
    data_form=None,
    disposition_form=None,
    shipping_form=None,
    status: int = 200,
):
    allowed, waiting = _actions(request.user, certificate)
    can_edit = workflow.data_edit_refusal(certificate, request.user) is None
    today = timezone.localdate()
    overdue_days = None
    if certificate.due_date and certificate.due_date < today:
        overdue_days = working_days_overdue(certificate.due_date, today)
    return render(
        request,
        "certificates/staff/detail.html",
        {
            "certificate": certificate,
            "application": certificate.application,
            "allowed": allowed,
            "waiting": waiting,
            "single_actions": [
                (SINGLE_ACTIONS[name], BATCH_ACTIONS[SINGLE_ACTIONS[name]].button)
                for name in SINGLE_ACTIONS
                if name in allowed
            ],
            "pdf_ready": certificate.pdf_state == FileState.READY,
            "legalised_ready": certificate.legalised_pdf_state == FileState.READY,
            "data_form": data_form
            or (CertificateDataForm.for_certificate(certificate) if can_edit else None),
            "disposition_form": disposition_form
            or (DispositionForm() if "dispose" in allowed else None),
            "shipping_form": shipping_form or (ShippingForm() if "ship" in allowed else None),
            "timeline": _timeline(certificate),
            "overdue_days": overdue_days,
            "disposition_official": disposition_official(
                provider_id=certificate.application.service.provider_id
            )
            if certificate.needs_disposition or certificate.disposition_note
            else "",
            "queue_stage": certificate.status if certificate.status in STAGE_ROLES else None,
            # What the signed certificate will print under the signature: the signer's office
            # at the provider and their own name (certificates.workflow refuses anyone else).
            "signing_as": signature_block(request.user, certificate.application.service.provider_id)
            if "sign" in allowed
            else None,
        },
        status=status,
    )


@role_required(*STAFF_ROLES)
@require_safe
def detail(request, public_id):
    return _render_detail(request, _certificate_or_404(request, public_id))


@role_required(Role.CERTIFICATE_OFFICER)
@require_POST
def data_update(request, public_id):
    certificate = _certificate_or_404(request, public_id)
    form = CertificateDataForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, certificate, data_form=form, status=400)
    try:
        services.certificate_data_update(
            certificate=certificate,
            actor=request.user,
            data={name: form.cleaned_data[name] for name in DATA_FIELDS},
        )
    except CertificateError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, certificate, data_form=form, status=400)
    messages.success(request, _("Data sertifikat disimpan."))
    return redirect(_detail_url(certificate, "data-sertifikat"))


@role_required(*STAFF_ROLES)
@require_POST
def act(request, public_id, action):
    """One certificate's stage button (validate, issue, sign, legalise): the batch service
    with a batch of one."""
    batch_action = _batch_action_for(request, action)
    certificate = _certificate_or_404(request, public_id)
    _run_batch(request, batch_action, [certificate])
    return redirect(_detail_url(certificate))


@role_required(Role.BKPSDM_OFFICER)
@require_POST
def dispose(request, public_id):
    certificate = _certificate_or_404(request, public_id)
    form = DispositionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, certificate, disposition_form=form, status=400)
    approve = form.cleaned_data["decision"] == DispositionForm.APPROVE
    try:
        services.certificate_dispose(
            certificate=certificate,
            actor=request.user,
            approve=approve,
            note=form.cleaned_data["note"],
        )
    except CertificateError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, certificate, disposition_form=form, status=400)
    if approve:
        messages.success(request, _("Disposisi disetujui. Sertifikat diteruskan ke penandatangan."))
    else:
        messages.success(request, _("Sertifikat dikembalikan ke petugas sertifikat."))
    return redirect(_queue_url(CertificateStatus.DISPOSITION))


@role_required(Role.CERTIFICATE_OFFICER)
@require_POST
def ship(request, public_id):
    certificate = _certificate_or_404(request, public_id)
    form = ShippingForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, certificate, shipping_form=form, status=400)
    try:
        services.certificate_ship(
            certificate=certificate,
            actor=request.user,
            courier=form.cleaned_data["courier"],
            tracking_number=form.cleaned_data["tracking_number"],
            sent_on=form.cleaned_data["sent_on"],
        )
    except CertificateError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, certificate, shipping_form=form, status=400)
    messages.success(request, _("Pengiriman dicatat. Peserta diberi tahu lewat e-mail."))
    return redirect(_detail_url(certificate))


@role_required(Role.CERTIFICATE_OFFICER)
@require_POST
def deliver(request, public_id):
    certificate = _certificate_or_404(request, public_id)
    try:
        services.certificate_deliver(certificate=certificate, actor=request.user)
    except CertificateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sertifikat dicatat sudah diterima peserta."))
    return redirect(_detail_url(certificate))


def file_response(certificate: Certificate, kind: str) -> FileResponse:
    """Stream a signed PDF of the certificate as a download; 404 while it is not ready. The
    files are private: they are reached only through the permission-checked views."""
    if kind not in FILE_KINDS:
        raise Http404
    file_field, state_field, name = FILE_KINDS[kind]
    file = getattr(certificate, file_field)
    if getattr(certificate, state_field) != FileState.READY or not file:
        raise Http404
    label = (certificate.number or str(certificate.public_id)).replace("/", "-")
    response = FileResponse(
        file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{name}-{label}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)


@role_required(*STAFF_ROLES)
@require_safe
def download(request, public_id, kind):
    return file_response(_certificate_or_404(request, public_id), kind)
