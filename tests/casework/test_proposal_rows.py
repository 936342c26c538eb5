"""An operator's list of proposals writes its employees' rows in Python (casework.proposal_rows,
issue 19): they must be what the template loop they replaced wrote, byte for byte
(proposal_rows_reference.html, kept here as it was), for every state, a case with a step and
without one, escaped names, in both languages."""

from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation

from casework.constants import CaseState
from casework.models import Case
from casework.proposal_rows import proposal_rows_html
from casework.selectors import proposals_for_operator
from casework.services import intake
from portal.choices import labels_set

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "proposal_rows_reference.html").read_text()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rows_are_what_the_template_loop_wrote(
    operator, institution, certification, make_case, language
):
    proposal = intake.proposal_create(
        institution=institution, service=certification, operator=operator
    )
    step = certification.steps.order_by("order").first()
    for number, state in enumerate(CaseState.values):
        make_case(
            nip=f"198609262015052{number:03d}",
            name=f'Pegawai <b>"{number}"</b> & co',
            proposal=proposal,
            state=state,
        )
    Case.objects.filter(proposal=proposal, state=CaseState.ACTIVE).update(step=step)
    reference = engines["django"].from_string(REFERENCE)
    with translation.override(language):
        listing = proposals_for_operator(user=operator)
        (group,) = listing.groups
        assert len(group.cases) == len(CaseState.values)
        labels_set(group.cases, field="state", choices=CaseState.choices)
        # The loop read the case's step through the relation (a query per row here: a test).
        for case in group.cases:
            case.step = Case.objects.select_related("step").get(pk=case.pk).step
        expected = reference.render({"cases": group.cases})
    with translation.override(language):
        written = proposal_rows_html(group.cases)
    assert written + "\n" == expected
    assert step.name in written and "\u2014" in written and "&lt;b&gt;&quot;" in written
