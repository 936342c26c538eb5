"""The transition table of complaints (complaints.workflow.TRANSITIONS), walked pair by pair:
every allowed move by each actor the table names, every other move refused."""

import itertools

import pytest
from django.utils import timezone

from complaints import workflow
from complaints.constants import ComplaintStatus
from complaints.exceptions import ComplaintError, InvalidTransition
from complaints.models import Complaint
from complaints.services import complaint_transition
from portal.constants import Role
from portal.events import event_list

pytestmark = pytest.mark.django_db

STATUSES = list(ComplaintStatus)
ALLOWED = sorted(workflow.TRANSITIONS)
FORBIDDEN = [pair for pair in itertools.product(STATUSES, STATUSES) if pair not in ALLOWED]
ACTOR_KINDS = [Role.COMPLAINT_HANDLER, workflow.REPORTER]


def _in_state(complaint: Complaint, status: str) -> Complaint:
    """Put a fresh complaint in `status` as if it got there a moment ago (test set-up only)."""
    closed_at = timezone.now() if status in workflow.FINAL else None
    Complaint.objects.filter(pk=complaint.pk).update(status=status, closed_at=closed_at)
    complaint.refresh_from_db()
    return complaint


def _move(complaint, to, *, kind, handler, original):
    # With what every target needs: a reason (rejected), where to (forwarded), the original.
    return complaint_transition(
        complaint=complaint,
        to=to,
        actor=handler if kind == Role.COMPLAINT_HANDLER else None,
        as_reporter=kind == workflow.REPORTER,
        note="Keterangan untuk pelapor.",
        forwarded_to="Badan Kepegawaian Negara",
        duplicate_of=original,
    )


def test_the_table_covers_every_status_and_only_known_actors():
    used = {status for pair in workflow.TRANSITIONS for status in pair}
    assert used == set(STATUSES)
    assert set().union(*workflow.TRANSITIONS.values()) <= set(ACTOR_KINDS)
    assert workflow.OPEN.isdisjoint(workflow.FINAL)


@pytest.mark.parametrize(
    ("from_state", "to_state", "kind"),
    # The actor kinds are a set: sorted, as every pytest-xdist worker must collect alike.
    [
        (a, b, kind)
        for (a, b), kinds in sorted(workflow.TRANSITIONS.items())
        for kind in sorted(kinds)
    ],
)
def test_each_allowed_move_is_made_by_the_actor_the_table_names(
    make_complaint, handler, from_state, to_state, kind
):
    original = make_complaint(subject="Laporan asal")
    complaint = _in_state(make_complaint(), from_state)

    moved = _move(complaint, to_state, kind=kind, handler=handler, original=original)

    assert moved.status == complaint.status == to_state
    complaint.refresh_from_db()
    assert complaint.status == to_state
    last = list(event_list(subject=complaint))[-1]
    assert (last.kind, last.from_state, last.to_state) == ("status", from_state, to_state)
    assert last.actor == (handler if kind == Role.COMPLAINT_HANDLER else None)
    assert (complaint.due_date is not None) == (to_state in workflow.TIMED)
    assert (complaint.closed_at is not None) == (to_state in workflow.FINAL)


@pytest.mark.parametrize(("from_state", "to_state"), ALLOWED)
def test_an_actor_the_table_does_not_name_is_refused(
    make_complaint, handler, verifier, from_state, to_state
):
    complaint = _in_state(make_complaint(), from_state)
    kinds = workflow.actor_kinds(from_state, to_state)
    outsiders = [(verifier, False)]  # staff, but not of the complaint team
    if Role.COMPLAINT_HANDLER not in kinds:
        outsiders.append((handler, False))
    if workflow.REPORTER not in kinds:
        outsiders.append((None, True))

    for actor, as_reporter in outsiders:
        with pytest.raises(InvalidTransition):
            complaint_transition(
                complaint=complaint,
                to=to_state,
                actor=actor,
                as_reporter=as_reporter,
                forwarded_to="BKN",
                duplicate_of=make_complaint(),
            )
    complaint.refresh_from_db()
    assert complaint.status == from_state


@pytest.mark.parametrize(("from_state", "to_state"), FORBIDDEN)
def test_a_move_outside_the_table_is_refused_for_everyone(
    make_complaint, handler, from_state, to_state
):
    complaint = _in_state(make_complaint(), from_state)

    for actor, as_reporter in [(handler, False), (None, True)]:
        with pytest.raises(InvalidTransition) as refused:
            complaint_transition(
                complaint=complaint, to=to_state, actor=actor, as_reporter=as_reporter
            )
        assert str(refused.value.message)
    complaint.refresh_from_db()
    assert complaint.status == from_state
    assert [event.to_state for event in event_list(subject=complaint)] == ["received"]


def test_forwarding_needs_where_to(make_complaint, handler):
    complaint = make_complaint()

    with pytest.raises(ComplaintError, match="tujuan penerusan"):
        complaint_transition(
            complaint=complaint, to=ComplaintStatus.FORWARDED, actor=handler, forwarded_to="  "
        )
    complaint_transition(
        complaint=complaint, to=ComplaintStatus.FORWARDED, actor=handler, forwarded_to="BKN"
    )

    complaint.refresh_from_db()
    assert (complaint.status, complaint.forwarded_to) == (ComplaintStatus.FORWARDED, "BKN")


def test_a_duplicate_points_to_another_complaint_never_itself(make_complaint, handler):
    original = make_complaint(subject="Yang pertama")
    complaint = make_complaint()

    for wrong in (None, complaint):
        with pytest.raises(ComplaintError, match="pengaduan asal"):
            complaint_transition(
                complaint=complaint, to=ComplaintStatus.DUPLICATE, actor=handler, duplicate_of=wrong
            )
    complaint_transition(
        complaint=complaint, to=ComplaintStatus.DUPLICATE, actor=handler, duplicate_of=original
    )

    complaint.refresh_from_db()
    assert complaint.duplicate_of == original
    assert list(original.duplicates.all()) == [complaint]


def test_starting_the_follow_up_keeps_its_due_date(make_complaint, handler):
    complaint = make_complaint()
    complaint_transition(complaint=complaint, to=ComplaintStatus.VERIFIED, actor=handler)
    due = complaint.due_date
    Complaint.objects.filter(pk=complaint.pk).update(due_date=due)  # unchanged, for clarity

    complaint_transition(complaint=complaint, to=ComplaintStatus.IN_PROGRESS, actor=handler)

    assert complaint.due_date == due
    assert complaint.verified_at is not None


def test_rejecting_needs_a_reason_for_the_reporter(make_complaint, handler):
    complaint = make_complaint()

    with pytest.raises(ComplaintError, match="alasan penolakan") as refused:
        complaint_transition(
            complaint=complaint, to=ComplaintStatus.REJECTED, actor=handler, note="   "
        )
    assert refused.value.field == "note"
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED

    complaint_transition(
        complaint=complaint, to=ComplaintStatus.REJECTED, actor=handler, note="Bukan kewenangan."
    )
    assert complaint.status == ComplaintStatus.REJECTED


def test_a_duplicate_needs_its_original_and_not_a_loop(make_complaint, handler):
    original, complaint = make_complaint(), make_complaint()
    complaint_transition(
        complaint=complaint, to=ComplaintStatus.DUPLICATE, actor=handler, duplicate_of=original
    )

    for duplicate_of in (None, original, complaint):
        with pytest.raises(ComplaintError) as refused:
            complaint_transition(
                complaint=original,
                to=ComplaintStatus.DUPLICATE,
                actor=handler,
                duplicate_of=duplicate_of,
            )
        assert refused.value.field == "duplicate_of"
    original.refresh_from_db()
    assert original.status == ComplaintStatus.RECEIVED
