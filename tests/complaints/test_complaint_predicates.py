""" "May this person do this now?" for complaints: one predicate per rule in complaints.workflow,
its truth table, and the team's page and the reporter's tracking page offering an action exactly
when the service accepts it."""

from datetime import timedelta
from itertools import product

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaints import workflow
from complaints.constants import ComplaintStatus as S
from complaints.constants import MessageKind
from complaints.exceptions import ComplaintError
from complaints.models import Complaint
from complaints.services import complaint_message_add, complaint_reopen, complaint_transition
from portal.calendar import add_working_days
from portal.constants import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TEAM, REPORTER, OTHER_STAFF, NOBODY = "team", "reporter", "other staff", "nobody"


@pytest.fixture
def people(handler, make_user):
    return {TEAM: handler, OTHER_STAFF: make_user("verifikator", Role.VERIFIER), NOBODY: None}


def closed(days_ago: int) -> Complaint:
    """An unsaved complaint closed `days_ago` calendar days ago."""
    return Complaint(status=S.CLOSED, closed_at=timezone.now() - timedelta(days=days_ago))


def refusal_of(complaint, to, who, people, today=TODAY):
    if who == REPORTER:
        return workflow.transition_refusal(complaint, to, as_reporter=True, today=today)
    return workflow.transition_refusal(complaint, to, actor=people[who], today=today)


# --- Truth tables -----------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "to"), list(product(S.values, S.values)))
def test_a_complaint_moves_along_the_table_by_whoever_it_names(people, start, to):
    complaint = Complaint(status=start, closed_at=timezone.now())  # closed today: may reopen

    for who in (TEAM, REPORTER, OTHER_STAFF, NOBODY):
        refusal = refusal_of(complaint, to, who, people)

        kinds = {workflow.REPORTER} if who == REPORTER else set()
        if who == TEAM:
            kinds = {Role.COMPLAINT_HANDLER}
        named = workflow.allowed(start, to) and bool(workflow.actor_kinds(start, to) & kinds)
        assert (refusal is None) is named, who
        assert refusal is None or isinstance(refusal, ComplaintError)
        if who == TEAM:
            assert (to in workflow.team_transitions(complaint, people[TEAM])) is named


def test_the_reporter_reopens_a_closed_complaint_only_within_the_set_working_days(people):
    complaint = closed(0)
    last_day = add_working_days(TODAY, settings.COMPLAINT_REOPEN_WORKING_DAYS)

    assert workflow.reopen_refusal(complaint, today=last_day) is None
    assert workflow.reopen_refusal(complaint, today=last_day + timedelta(days=1)) is not None
    for status in S.values:
        if status != S.CLOSED:
            assert workflow.reopen_refusal(Complaint(status=status), today=TODAY) is not None


@pytest.mark.parametrize("status", S.values)
def test_messages_are_added_by_their_writers_and_only_notes_once_finished(people, status):
    complaint = Complaint(status=status)
    finished = status in workflow.FINAL

    for kind, who in product(MessageKind.values, (TEAM, REPORTER, OTHER_STAFF)):
        if who == REPORTER:
            refusal = workflow.message_refusal(complaint, kind, as_reporter=True)
            writes = kind == MessageKind.REPORTER
        else:
            refusal = workflow.message_refusal(complaint, kind, actor=people[who])
            writes = who == TEAM and kind in workflow.TEAM_MESSAGE_KINDS
        allowed = writes and (kind == MessageKind.NOTE or not finished)
        assert (refusal is None) is allowed, (kind, who)


# --- The pages offer an action exactly when the service accepts it ------------------------------


class _Tried(Exception):
    pass


def accepted(call) -> bool:
    try:
        with transaction.atomic():
            call()
            raise _Tried
    except _Tried:
        return True
    except ComplaintError:
        return False


def at(complaint, status, *, closed_days_ago=0) -> Complaint:
    closed_at = (
        timezone.now() - timedelta(days=closed_days_ago) if status in workflow.FINAL else None
    )
    Complaint.objects.filter(pk=complaint.pk).update(status=status, closed_at=closed_at)
    return Complaint.objects.get(pk=complaint.pk)


@pytest.mark.parametrize("status", S.values)
def test_the_team_page_offers_each_status_exactly_when_the_service_accepts_it(
    client, handler, make_complaint, status
):
    original = make_complaint(subject="Pengaduan asal")
    complaint = at(make_complaint(), status)
    client.force_login(handler)

    context = client.get(reverse("complaints_detail", args=[complaint.public_id])).context
    form = context["status_form"]
    offered = set(form.targets) if form is not None else set()

    for to in S.values:
        assert (to in offered) is accepted(
            lambda to=to: complaint_transition(
                complaint=Complaint.objects.get(pk=complaint.pk),
                to=to,
                actor=handler,
                note="Alasan untuk pelapor.",
                forwarded_to="Dinas Perpustakaan Provinsi",
                duplicate_of=original,
            )
        ), to


@pytest.mark.parametrize("status", S.values)
def test_the_team_page_offers_a_reply_exactly_when_the_service_accepts_one(
    client, handler, make_complaint, status
):
    complaint = at(make_complaint(), status)
    client.force_login(handler)

    context = client.get(reverse("complaints_detail", args=[complaint.public_id])).context

    assert (context["message_form"] is not None) is accepted(
        lambda: complaint_message_add(
            complaint=Complaint.objects.get(pk=complaint.pk),
            kind=MessageKind.REPLY,
            body="Jawaban.",
            actor=handler,
        )
    )


@pytest.mark.parametrize(
    ("status", "closed_days_ago"), [*((status, 0) for status in S.values), (S.CLOSED, 60)]
)
def test_the_tracking_page_offers_adding_and_reopening_exactly_when_the_service_accepts(
    client, make_complaint, status, closed_days_ago
):
    complaint = at(make_complaint(), status, closed_days_ago=closed_days_ago)

    context = client.get(reverse("complaint_track", args=[complaint.tracking_code])).context

    assert (context["add_form"] is not None) is accepted(
        lambda: complaint_message_add(
            complaint=Complaint.objects.get(pk=complaint.pk),
            kind=MessageKind.REPORTER,
            body="Keterangan tambahan.",
            as_reporter=True,
        )
    )
    assert (context["reopen_form"] is not None) is accepted(
        lambda: complaint_reopen(
            complaint=Complaint.objects.get(pk=complaint.pk), note="Belum terselesaikan."
        )
    )
