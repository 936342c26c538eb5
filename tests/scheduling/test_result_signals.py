"""Scheduling hands published and amended results to the later stages by domain signals sent
inside its transaction (scheduling.signals), never by importing them; a later stage that
refuses makes the head of panel's action fail, naming the candidate, and nothing of it is kept."""

import pytest
from django.db import connection

from certificates import receivers
from certificates.models import Certificate
from portal.handoffs import HandOffRefused
from registration.constants import ApplicationStatus
from registration.models import Application
from registration.selectors import applicant_name
from scheduling import signals
from scheduling.constants import Outcome, ResultStatus
from scheduling.models import ExamSession, Result
from scheduling.results import ResultError, result_amend, result_publish, result_record
from tests.scheduling.test_results import mark, panel_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(make_session, scheduler, assessor, head_assessor):
    """A started session whose two candidates came: one passed, one failed, not yet published."""
    session, (passed, failed) = panel_session(
        make_session, scheduler, head=head_assessor, assessors=[assessor], seats=2
    )
    mark([passed, failed], "present", assessor)
    result_record(seat=passed, actor=assessor, outcome=Outcome.PASSED, score=80)
    result_record(seat=failed, actor=assessor, outcome=Outcome.FAILED, score=40)
    return session, passed, failed


@pytest.fixture
def heard():
    """What a receiver of each scheduling signal hears, and whether it is inside a transaction."""
    calls = []

    def listen(signal_name):
        def receiver(sender, **kwargs):
            if "application" in kwargs:  # as the database has it when the receiver runs
                kwargs["status_then"] = Application.objects.get(pk=kwargs["application"].pk).status
            calls.append((signal_name, sender, kwargs, connection.in_atomic_block))

        return receiver

    names = ("result_published", "results_published", "pass_withdrawn", "result_amended")
    listeners = {name: listen(name) for name in names}
    for name, receiver in listeners.items():
        getattr(signals, name).connect(receiver, weak=False)
    yield calls
    for name, receiver in listeners.items():
        getattr(signals, name).disconnect(receiver)


@pytest.fixture
def refusing():
    """A later stage that refuses every published result."""

    def refuse(sender, **kwargs):
        raise HandOffRefused("Tahap berikutnya menolak.")

    signals.result_published.connect(refuse, weak=False)
    yield
    signals.result_published.disconnect(refuse)


def label(seat) -> str:
    application = seat.application
    return f"{application.candidate.nip or application.candidate.username} " + applicant_name(
        application
    )


def test_certificates_listens_to_every_result_signal_of_scheduling():
    for signal in (signals.result_published, signals.pass_withdrawn, signals.result_amended):
        assert signal.has_listeners(Result)
    assert signals.results_published.has_listeners(ExamSession)


def test_publishing_tells_each_candidates_result_then_the_session_inside_the_transaction(
    recorded, head_assessor, heard
):
    session, passed, failed = recorded

    result_publish(session=session, actor=head_assessor)

    per_candidate = [call for call in heard if call[0] == "result_published"]
    assert [(call[2]["application"], call[2]["result"].outcome) for call in per_candidate] == [
        (passed.application, Outcome.PASSED),
        (failed.application, Outcome.FAILED),
    ]
    assert all(call[1] is Result and call[2]["actor"] == head_assessor for call in per_candidate)
    # Sent after the application moved: a receiver sees the published status.
    assert [call[2]["status_then"] for call in per_candidate] == [
        ApplicationStatus.PASSED,
        ApplicationStatus.FAILED,
    ]
    ((_name, sender, kwargs, _atomic),) = [call for call in heard if call[0] == "results_published"]
    assert sender is ExamSession and kwargs["session"].pk == session.pk
    assert [result.status for result in kwargs["results"]] == [ResultStatus.PUBLISHED] * 2
    assert [call[0] for call in heard] == [
        "result_published",
        "result_published",
        "results_published",
    ]
    assert all(atomic for *_call, atomic in heard)


def test_a_later_stage_that_refuses_refuses_the_publication_naming_the_candidate(
    recorded, head_assessor, refusing
):
    session, passed, _failed = recorded

    with pytest.raises(ResultError) as refused:
        result_publish(session=session, actor=head_assessor)

    assert refused.value.message == f"Pengajuan {label(passed)}: Tahap berikutnya menolak."
    session.refresh_from_db()
    assert session.results_published_at is None
    assert set(Result.objects.values_list("status", flat=True)) == {ResultStatus.DRAFT}
    passed.application.refresh_from_db()
    assert passed.application.status == ApplicationStatus.SCHEDULED
    assert not Certificate.objects.exists()


def test_an_amendment_tells_the_outcome_before_and_withdraws_a_pass_first(
    recorded, head_assessor, heard
):
    session, passed, _failed = recorded
    result_publish(session=session, actor=head_assessor)
    passed.refresh_from_db()
    heard.clear()

    result_amend(
        result=passed.result, actor=head_assessor, reason="Salah jumlah.", outcome=Outcome.FAILED
    )

    assert [call[0] for call in heard] == ["pass_withdrawn", "result_amended"]
    withdrawn, amended = (call[2] for call in heard)
    assert withdrawn["reason"] == "Salah jumlah."
    assert withdrawn["status_then"] == ApplicationStatus.PASSED  # not moved yet
    assert amended["outcome_before"] == Outcome.PASSED
    assert amended["result"].outcome == Outcome.FAILED
    assert amended["status_then"] == ApplicationStatus.FAILED
    assert all(atomic for *_call, atomic in heard)


def test_without_certificates_listening_results_are_published_and_no_certificate_opens(
    recorded, head_assessor
):
    session, passed, _failed = recorded
    signals.result_published.disconnect(dispatch_uid="certificates.open")
    try:
        result_publish(session=session, actor=head_assessor)
    finally:
        receivers.connect()

    passed.application.refresh_from_db()
    assert passed.application.status == ApplicationStatus.PASSED
    assert not Certificate.objects.exists()
