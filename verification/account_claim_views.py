"""The verification panel's screens for account claims: the list, one claim with the registry
entry, the account it would take over and the claimant's documents, and the decision. The rules
and the hand-over are in registration.services (it owns accounts). Claims are about the
librarian registry: only verifiers at the librarian exam's provider see them
(registration.selectors.claim_panel_member); to other verifiers every claim page answers 404."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from portal.constants import Role
from portal.downloads import file_response_secure
from portal.events import history_entries
from portal.queues import QueueColumn, queue_page
from portal.roles import role_required
from registration import workflow
from registration.constants import ClaimDocumentKind, ClaimStatus
from registration.exceptions import ClaimError
from registration.names import names_match
from registration.selectors import (
    claim_document_for_panel,
    claim_for_panel,
    claim_list,
    claim_panel_member,
    claim_timeline,
)
from verification import services
from verification.account_claim_cells import ClaimCells
from verification.forms import AccountClaimDecisionForm

PAGE_SIZE = 25
# The list's tabs: waiting first, then what was decided.
TABS = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.REJECTED)
KIND_ORDER = list(ClaimDocumentKind)
# The list's columns (verification.account_claim_cells writes their cells).
LIST_COLUMNS = [
    QueueColumn(gettext_lazy("NIP"), "nip", cell_class="mono nowrap"),
    QueueColumn(
        gettext_lazy("Nama di database Pustakawan"), "name", header_class="queue-table__name"
    ),
    QueueColumn(gettext_lazy("Nama pemohon (KTP)"), "claimant"),
    QueueColumn(gettext_lazy("Akun saat ini"), "account"),
    QueueColumn(gettext_lazy("Diajukan"), "submitted", cell_class="nowrap"),
    QueueColumn(gettext_lazy("Status"), "status"),
]


def _panel_check(request) -> None:
    if not claim_panel_member(request.user):
        raise Http404


@role_required(Role.VERIFIER)
@require_safe
def account_claims(request):
    _panel_check(request)
    status = request.GET.get("status")
    if status not in TABS:
        status = ClaimStatus.SUBMITTED
    page = queue_page(
        claim_list(status=status), number=request.GET.get("halaman"), per_page=PAGE_SIZE
    )
    return render(
        request,
        "verification/account_claims.html",
        {
            "page": page,
            "status": status,
            "tabs": [ClaimStatus(tab) for tab in TABS],
            "columns": LIST_COLUMNS,
            "cells": ClaimCells(),
        },
    )


def _claim_or_404(request, public_id):
    _panel_check(request)
    claim = claim_for_panel(public_id=public_id)
    if claim is None:
        raise Http404
    return claim


def _render_claim(request, claim, *, form=None, error=None, status=200):
    account = claim.account
    applications = list(account.applications.all()) if account else []
    return render(
        request,
        "verification/account_claim.html",
        {
            "claim": claim,
            "account": account,
            "applications": applications,
            "verified_before": any(a.verified_at for a in applications),
            "claimant_name_matches": names_match(claim.librarian.name, claim.full_name),
            "error": error,
            # KTP first, then Kartu Pegawai: the order of ClaimDocumentKind.
            "documents": sorted(claim.documents.all(), key=lambda d: KIND_ORDER.index(d.kind)),
            "timeline": history_entries(claim_timeline(claim=claim)),
            "decision_form": (form or AccountClaimDecisionForm())
            if workflow.claim_decidable(claim)
            else None,
        },
        status=status,
    )


@role_required(Role.VERIFIER)
@require_safe
def account_claim(request, public_id):
    return _render_claim(request, _claim_or_404(request, public_id))


@role_required(Role.VERIFIER)
@require_POST
def account_claim_decide(request, public_id):
    claim = _claim_or_404(request, public_id)
    form = AccountClaimDecisionForm(request.POST)
    if not form.is_valid():
        return _render_claim(request, claim, form=form, status=400)
    try:
        decided = services.account_claim_decide(
            claim=claim,
            verifier=request.user,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except ClaimError as exc:
        # Shown above the form, or alone when the claim was decided meanwhile.
        return _render_claim(
            request, _claim_or_404(request, public_id), form=form, error=exc.message, status=400
        )
    if decided.status == ClaimStatus.APPROVED:
        messages.success(
            request,
            _(
                "Klaim disetujui. Akun NIP ini kini memakai alamat pemohon; kata sandi baru "
                "dikirim kepadanya dan alamat lama diberi tahu."
            ),
        )
    else:
        messages.success(request, _("Klaim ditolak. Pemohon diberi tahu alasannya lewat e-mail."))
    return redirect("verification_account_claims")


@role_required(Role.VERIFIER)
@require_safe
@xframe_options_sameorigin  # shown inline in an <iframe> on the claim's page
def account_claim_file(request, public_id, document_id):
    """A claimant's identity document, to the verification panel only; 404 for a document that
    is not this claim's."""
    claim = _claim_or_404(request, public_id)
    document = claim_document_for_panel(claim=claim, public_id=document_id)
    if document is None:
        raise Http404
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=request.GET.get("unduh") == "1",
        filename=f"klaim-{document.kind}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response, framed_by_self=True)
