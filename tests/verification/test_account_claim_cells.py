"""The account claims' list writes its cells in Python (verification.account_claim_cells, issue
19): every cell must be what the template it replaced wrote, byte for byte
(account_claim_cells_reference.html, kept here as it was), for each status, with and without an
account, and in both languages."""

from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation

from registration.models import AccountClaim
from registration.selectors import claim_list
from tests.factories import AccountClaimFactory
from verification.account_claim_cells import ClaimCells
from verification.account_claim_views import LIST_COLUMNS

REFERENCE = (Path(__file__).parent / "account_claim_cells_reference.html").read_text()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_cell_is_what_the_template_wrote(language):
    made = [AccountClaimFactory() for _ in range(4)]
    AccountClaim.objects.filter(pk=made[1].pk).update(status="approved")
    AccountClaim.objects.filter(pk=made[2].pk).update(status="rejected", account=None)
    made[3].librarian.name = "Rina <b>& Co</b>"
    made[3].librarian.institution = "Perpustakaan \"A\" & 'B'"
    made[3].librarian.save()
    AccountClaim.objects.filter(pk=made[3].pk).update(full_name="Rina <i>")
    rows = list(claim_list().filter(pk__in=[claim.pk for claim in made]))
    assert {row.status for row in rows} == {"submitted", "approved", "rejected"}
    template = engines["django"].from_string(REFERENCE)
    with translation.override(language):
        cells = ClaimCells()
        for row in rows:
            for column in LIST_COLUMNS:
                expected = template.render({"row": row, "column": column})
                assert cells.cell(row, column, None) == expected, (row.status, column.key)
