"""Answering an objection: refused needs a written answer; accepted, a rejection goes back to
the verification queue through registration's transitions, and a result is handed to the head
of panel (never amended here); once only; by the right role at the right provider; the
candidate is mailed at each step."""

import pytest
from django.core import mail

from objections import services
from objections.exceptions import ObjectionError
from portal.constants import Role
from portal.models import Event
from registration.constants import ApplicationStatus
from scheduling.constants import Outcome
from scheduling.models import Result

pytestmark = pytest.mark.django_db

REASON = "Ijazah terakhir saya sudah diunggah pada halaman kedua berkas."


@pytest.fixture
def objection(rejected):
    return services.objection_submit(application=rejected, actor=rejected.candidate, reason=REASON)


def test_the_candidate_is_mailed_when_the_objection_is_received(
    rejected, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        objection = services.objection_submit(
            application=rejected, actor=rejected.candidate, reason=REASON
        )

    received = [m for m in mail.outbox if "Keberatan Anda kami terima" in m.subject]
    assert len(received) == 1
    assert received[0].to == [objection.application.candidate.email]
    assert REASON in received[0].body
    assert "ditetapkan penyelenggara" in received[0].body  # the service sets no answer time


def test_a_service_answer_time_gives_the_objection_its_due_date(rejected):
    rejected.service.objection_answer_days = 5
    rejected.service.save(update_fields=["objection_answer_days"])

    objection = services.objection_submit(
        application=rejected, actor=rejected.candidate, reason=REASON
    )

    assert objection.due_date is not None


def test_a_refusal_needs_a_written_answer(objection, verifier):
    with pytest.raises(ObjectionError) as refused:
        services.objection_answer(
            objection=objection, actor=verifier, outcome="rejected", answer="  "
        )

    assert refused.value.field == "answer"
    objection.refresh_from_db()
    assert objection.state == "open"


def test_a_refused_objection_keeps_the_rejection_and_tells_the_candidate(
    objection, verifier, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.objection_answer(
            objection=objection,
            actor=verifier,
            outcome="rejected",
            answer="Ijazah pada halaman kedua adalah ijazah D3, bukan S1.",
        )

    objection.application.refresh_from_db()
    assert objection.application.status == ApplicationStatus.REJECTED
    (answered,) = mail.outbox
    assert "Keberatan Anda ditolak" in answered.subject
    assert "bukan S1" in answered.body


def test_an_accepted_objection_returns_the_rejection_to_the_verification_queue(objection, verifier):
    services.objection_answer(objection=objection, actor=verifier, outcome="accepted", answer="")

    application = objection.application
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.verifier_id is None
    assert application.due_date is not None
    moves = Event.objects.filter(object_id=application.pk, kind="status").order_by("pk")
    assert [(e.from_state, e.to_state) for e in moves][-1] == ("rejected", "submitted")


def test_an_objection_is_answered_once(objection, verifier, make_user):
    services.objection_answer(objection=objection, actor=verifier, outcome="accepted", answer="")
    other = make_user("verifikator-dua", Role.VERIFIER)

    with pytest.raises(ObjectionError, match="sudah dijawab"):
        services.objection_answer(
            objection=objection, actor=other, outcome="rejected", answer="Tetap ditolak."
        )


def test_an_assessor_does_not_answer_an_objection_to_a_rejection(objection, make_user):
    assessor = make_user("asesor-lain", Role.ASSESSOR)

    with pytest.raises(ObjectionError, match="tidak memiliki peran"):
        services.objection_answer(
            objection=objection, actor=assessor, outcome="accepted", answer=""
        )


def test_another_providers_verifier_does_not_answer(objection, make_user, lan):
    stranger = make_user("verifikator-lan", Role.VERIFIER, provider=lan)

    with pytest.raises(ObjectionError, match="tidak memiliki peran"):
        services.objection_answer(
            objection=objection, actor=stranger, outcome="accepted", answer=""
        )


def test_an_accepted_objection_to_a_result_asks_the_head_of_panel_and_changes_nothing(
    make_failed, head_assessor, django_capture_on_commit_callbacks
):
    application = make_failed()
    objection = services.objection_submit(
        application=application, actor=application.candidate, reason=REASON
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.objection_answer(
            objection=objection,
            actor=head_assessor,
            outcome="accepted",
            answer="Nilai unit 3 salah dijumlahkan.",
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.FAILED
    assert Result.objects.get(seat__application=application).outcome == Outcome.FAILED
    to_head = [m for m in mail.outbox if m.to == [head_assessor.email]]
    assert len(to_head) == 1
    assert "/penilaian/sesi/" in to_head[0].body


def test_the_only_move_of_an_objection_is_from_open_to_answered():
    from objections import workflow
    from objections.constants import ObjectionState

    pairs = {(a, b) for a in ObjectionState.values for b in ObjectionState.values}

    assert {pair for pair in pairs if workflow.allowed(*pair)} == {("open", "answered")}


def test_the_demo_entry_point_objects_and_answers(rejected, verifier):
    from objections.demo import objection_demo

    objection = objection_demo(
        application=rejected,
        reason=REASON,
        answered_by=verifier,
        outcome="rejected",
        answer="Ijazah pada halaman kedua adalah ijazah D3.",
    )

    assert objection.state == "answered"
    assert objection.outcome == "rejected"
