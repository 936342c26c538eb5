"""The engine's staff queue writes its table rows in Python (casework.queue_rows, issue 19): they
must be what the template loop they replaced wrote, byte for byte (queue_rows_reference.html,
kept here as it was, with templates/casework/staff/_due.html for the due cells), for rows with
and without an institution, escaped names, a NIP of the wrong length, overdue and paused clocks,
a completion clock running, in both languages."""

import datetime
from pathlib import Path

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from casework.models import Case, CasePause, Institution, Proposal
from casework.queue_rows import queue_rows_html
from casework.selectors import acting_steps, staff_queue
from casework.services.engine import case_submit
from casework.services.review import case_check_accept
from portal.constants import Role, TimeUnit
from portal.models import ServiceStep
from tests.casework.test_review_checks import mark_all_valid, submitted_case

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "queue_rows_reference.html").read_text()


@pytest.fixture
def cases(make_case, operator, bkpsdm, bkpsdm_staff):
    institution = Institution.objects.create(provider=bkpsdm, name="Dinas <Kesehatan> & Co")
    made = [
        case_submit(case=make_case(nip="198609262015052001"), actor=operator),
        case_submit(
            case=make_case(nip="198609262015052002", name='Budi <b>"Santoso"</b> & Ani'),
            actor=operator,
        ),
        case_submit(case=make_case(nip="1986 0926"), actor=operator),
        submitted_case(make_case, operator, nip="198609262015052004"),
    ]
    proposal = Proposal.objects.create(
        service=made[0].service, institution=institution, operator=operator
    )
    Case.objects.filter(pk__in=[made[1].pk, made[3].pk]).update(proposal=proposal)
    # An overdue step clock (a limit as data, the run started a month ago) and a paused one.
    ServiceStep.objects.filter(pk=made[0].step_id).update(
        limit_unit=TimeUnit.WORKING_DAYS, limit_amount=1
    )
    made[0].runs.filter(finished_at__isnull=True).update(
        started_at=timezone.now() - datetime.timedelta(days=30)
    )
    CasePause.objects.create(case=made[2], started_at=timezone.now() - datetime.timedelta(days=2))
    # One case at the decision step, its completion clock running.
    verifier = bkpsdm_staff[Role.VERIFIER]
    mark_all_valid(made[3], verifier)
    case = case_check_accept(case=made[3], actor=verifier)
    case_check_accept(case=case, actor=verifier)
    return made


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("role", [Role.VERIFIER, Role.SIGNING_OFFICIAL])
def test_the_rows_are_what_the_template_loop_wrote(cases, bkpsdm_staff, role, language):
    user = bkpsdm_staff[role]
    reference = engines["django"].from_string(REFERENCE)
    written = []
    with translation.override(language):
        queue = staff_queue(steps=acting_steps(user), user=user)
        assert queue.groups
        for group in queue.groups:
            for row in group.rows:
                row.step_due = render_to_string(
                    "casework/staff/_due.html", {"clock": row.step_clock}
                )
                row.completion_due = render_to_string(
                    "casework/staff/_due.html", {"clock": row.completion}
                )
            expected = reference.render({"group": group})
            assert queue_rows_html(group.rows) + "\n" == expected
            written.append(expected)
    shapes = ["Dinas &lt;Kesehatan&gt; &amp; Co", "<time datetime="]
    if role == Role.VERIFIER:
        shapes += [
            "<td>\u2014</td>",
            'class="is-overdue"',
            "&lt;b&gt;&quot;Santoso&quot;",
            "1986 0926",
            "badge",
        ]
    assert all(shape in "".join(written) for shape in shapes)
