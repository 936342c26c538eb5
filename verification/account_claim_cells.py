"""The account claims' list cells, written in Python (as verification.queue_cells): the cells
template (templates/verification/account_claim_cells.html, kept as tests/verification/
account_claim_cells_reference.html) was included per cell, with the status badge included and
get_status_display translating the choices per row (issue 19). The HTML is what the template
wrote (tests/verification/test_account_claim_cells.py compares them). The labels are looked up
once per page and the claim page's URL is reversed once."""

from django.utils.translation import gettext

from portal.cells import Cells, public_id_url
from portal.cells import text as _text
from portal.cells import time_html as _time
from portal.choices import choice_labels
from registration.constants import ClaimStatus
from registration.nip import format_nip
from registration.templatetags.addresses import masked_email

# The status badge's colour (templates/verification/includes/claim_status_badge.html).
BADGE_CLASSES = {ClaimStatus.APPROVED: " badge--success", ClaimStatus.REJECTED: " badge--danger"}


class ClaimCells(Cells):
    """`cells` for includes/queue_table.html on the claims' list. One per page."""

    def __init__(self):
        self.status_labels = choice_labels(ClaimStatus.choices)
        self.detail_url = public_id_url("verification_account_claim")
        self.writers = {
            "nip": self._nip,
            "name": self._name,
            "claimant": lambda claim: _text(claim.full_name),
            "account": self._account,
            "submitted": lambda claim: _time(claim.created_at, "c"),
            "status": self._status,
        }

    def _nip(self, claim) -> str:
        nip = claim.librarian.nip
        return _text(format_nip(nip) if nip else "")

    def _name(self, claim) -> str:
        librarian = claim.librarian
        url = self.detail_url(claim.public_id)
        return (
            f'<a href="{_text(url)}">{_text(librarian.name)}</a><br>'
            f'<span class="muted small">{_text(librarian.institution)}</span>'
        )

    def _account(self, claim) -> str:
        if claim.account:
            return _text(masked_email(claim.account.email))
        return f'<span class="muted">{gettext("Tidak ada")}</span>'

    def _status(self, claim) -> str:
        """templates/verification/includes/claim_status_badge.html."""
        status = claim.status
        label = self.status_labels.get(status, status)
        css = BADGE_CLASSES.get(status, " badge--info")
        return f'<span class="badge{css}">{_text(label)}</span>\n'
