"""The window: an objection is taken until the 3rd working day after the decision (weekends,
national holidays, cuti bersama and local closures skipped), refused from the 4th; and once per
decision."""

import datetime

import pytest
from django.db import IntegrityError

from objections import services
from objections.exceptions import ObjectionAlreadySubmitted, ObjectionError
from objections.models import Objection
from portal.models import Closure
from tests.objections.conftest import decision_move

pytestmark = pytest.mark.django_db

REASON = "Ijazah terakhir saya sudah diunggah pada halaman kedua berkas."
MONDAY = datetime.date(2026, 10, 5)


def _submit(application, today):
    return services.objection_submit(
        application=application, actor=application.candidate, reason=REASON, today=today
    )


def test_an_objection_on_the_third_working_day_is_taken(rejected):
    decision_move(rejected, MONDAY)

    objection = _submit(rejected, datetime.date(2026, 10, 8))  # Thursday: day 3

    assert objection.kind == "verification"
    assert objection.reason == REASON


def test_an_objection_on_the_fourth_working_day_is_refused(rejected):
    decision_move(rejected, MONDAY)

    with pytest.raises(ObjectionError, match="sudah lewat"):
        _submit(rejected, datetime.date(2026, 10, 9))  # Friday: day 4

    assert not Objection.objects.exists()


def test_a_weekend_does_not_count(rejected):
    decision_move(rejected, datetime.date(2026, 10, 8))  # Thursday

    # Friday 1, Monday 2, Tuesday 3: the Tuesday is still in time.
    assert _submit(rejected, datetime.date(2026, 10, 13)).pk


def test_a_local_closure_does_not_count(rejected):
    Closure.objects.create(date=datetime.date(2026, 10, 7), name="Libur kantor")
    decision_move(rejected, MONDAY)

    # Tuesday 1, (Wednesday closed), Thursday 2, Friday 3.
    assert _submit(rejected, datetime.date(2026, 10, 9)).pk


def test_christmas_and_its_cuti_bersama_do_not_count(rejected):
    decision_move(rejected, datetime.date(2026, 12, 22))  # Tuesday

    # Wednesday 23 is day 1; 24 (cuti bersama) and 25 (Natal) are skipped: Tuesday 29 is day 3.
    with pytest.raises(ObjectionError, match="29 Desember 2026"):
        _submit(rejected, datetime.date(2026, 12, 30))
    assert _submit(rejected, datetime.date(2026, 12, 29)).pk


def test_a_decision_is_objected_to_once(rejected):
    today = datetime.date(2026, 10, 6)
    decision_move(rejected, MONDAY)
    first = _submit(rejected, today)

    with pytest.raises(ObjectionAlreadySubmitted) as refused:
        services.objection_submit(
            application=rejected,
            actor=rejected.candidate,
            reason="Alasan lain yang juga cukup panjang untuk diterima.",
            today=today,
        )

    assert refused.value.objection == first
    assert Objection.objects.count() == 1


def test_the_database_keeps_one_objection_per_decision(rejected):
    """The service's check has a constraint behind it (the admin and a race are doors too)."""
    decision_move(rejected, MONDAY)
    objection = _submit(rejected, datetime.date(2026, 10, 6))

    with pytest.raises(IntegrityError):
        Objection.objects.create(
            application=rejected,
            kind=objection.kind,
            decided_at=objection.decided_at,
            reason=REASON,
        )


def test_a_short_reason_is_refused_naming_its_field(rejected):
    with pytest.raises(ObjectionError) as refused:
        services.objection_submit(
            application=rejected, actor=rejected.candidate, reason="Saya tidak setuju."
        )

    assert refused.value.field == "reason"
    assert "20 karakter" in str(refused.value.message)


def test_another_candidate_cannot_object(rejected, outsider):
    with pytest.raises(ObjectionError, match="bukan milik Anda"):
        services.objection_submit(application=rejected, actor=outsider, reason=REASON)


def test_a_verified_application_has_no_decision_to_object_to(verifier):
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(status="verified")

    with pytest.raises(ObjectionError, match="Tidak ada keputusan"):
        services.objection_submit(
            application=application, actor=application.candidate, reason=REASON
        )


def test_a_published_result_opens_a_window_of_its_own(make_failed):
    on_time, late = make_failed(), make_failed()
    decision_move(on_time, MONDAY)
    decision_move(late, MONDAY)

    assert _submit(on_time, datetime.date(2026, 10, 8)).kind == "result"
    with pytest.raises(ObjectionError, match="sudah lewat"):
        _submit(late, datetime.date(2026, 10, 9))
