"""The employees' rows of an operator's list of proposals, written in Python: the template looped
over a page's 50 cases (a URL, the status badge, the step's name), some 400 variable lookups and
about a quarter of the page's CPU (issue 19). The HTML is what the loop wrote, white space
included (tests/casework/test_proposal_rows.py renders the loop it replaced, kept there)."""

from django.utils.safestring import SafeString, mark_safe

from casework.constants import CaseState
from portal.cells import public_id_url
from portal.cells import text as _text

# The status badge's colour (the text carries the meaning, the colour only repeats it).
_BADGE_CLASSES = {
    CaseState.RETURNED: " badge--warning",
    CaseState.COMPLETED: " badge--success",
    CaseState.REJECTED: " badge--danger",
    CaseState.NOT_PASSED: " badge--danger",
}


def proposal_rows_html(cases) -> SafeString:
    """What `{% for case in cases %}...{% endfor %}` wrote in a proposal's table body for
    `cases` (casework.selectors.proposals_for_operator's, with `state_label` set and the step's
    name annotated as `step_name`). The case page's URL is reversed once per call."""
    case_url = public_id_url("casework_case")
    html = []
    for case in cases:
        badge = _BADGE_CLASSES.get(case.state, "")
        label, step = _text(case.state_label), _text(case.step_name or "\u2014")
        html.append(
            "\n              <tr>\n"
            f'                <td><a href="{_text(case_url(case.public_id))}">{_text(case.name)}'
            f'</a><br><span class="small mono">{_text(case.nip)}</span></td>\n'
            f'                <td><span class="badge{badge}">{label}</span></td>\n'
            f"                <td>{step}</td>\n"
            "              </tr>\n            "
        )
    return mark_safe("".join(html))  # noqa: S308 -- every value escaped above
