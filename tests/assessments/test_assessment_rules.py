"""Seed 004's arithmetic: the SPK's five days before the assessment (counted in working days,
so a weekend and a holiday stretch it), the fee per participant, the reports' due dates for
both purposes."""

import datetime
from decimal import Decimal

import pytest

from assessments import rules
from assessments.constants import CountsFrom, Purpose, ReportKind
from assessments.models import ReportLimit
from portal.deadlines import TimeLimit

pytestmark = pytest.mark.django_db

FIVE_WORKING_DAYS = TimeLimit.before(5, "kegiatan penilaian kompetensi", working=True)


def test_the_agreement_step_holds_the_seeds_five_days_as_working_days(assessment_service):
    lead = rules.agreement_lead(assessment_service)
    assert lead == FIVE_WORKING_DAYS


def test_five_working_days_after_a_thursday_signature_skip_the_weekend():
    # Thursday 21 January 2027: Fri 22, Mon 25, Tue 26, Wed 27, Thu 28.
    signed = datetime.date(2027, 1, 21)
    assert rules.earliest_assessment_on(signed, FIVE_WORKING_DAYS) == datetime.date(2027, 1, 28)
    assert (
        rules.assessment_date_refusal(
            assessment_on=datetime.date(2027, 1, 28), signed_on=signed, lead=FIVE_WORKING_DAYS
        )
        is None
    )
    refusal = rules.assessment_date_refusal(
        assessment_on=datetime.date(2027, 1, 27), signed_on=signed, lead=FIVE_WORKING_DAYS
    )
    assert refusal is not None
    assert "5 hari kerja" in str(refusal)
    assert "Kamis, 28 Januari 2027" in str(refusal)


def test_a_weekend_and_a_holiday_inside_the_five_days_push_the_earliest_day():
    from portal.calendar import holiday_name

    # Thursday 4 February 2027; Friday 5 is cuti bersama Tahun Baru Imlek, then the weekend:
    # Mon 8, Tue 9, Wed 10, Thu 11, Fri 12.
    signed = datetime.date(2027, 2, 4)
    assert holiday_name(datetime.date(2027, 2, 5))
    assert rules.earliest_assessment_on(signed, FIVE_WORKING_DAYS) == datetime.date(2027, 2, 12)
    refusal = rules.assessment_date_refusal(
        assessment_on=datetime.date(2027, 2, 11), signed_on=signed, lead=FIVE_WORKING_DAYS
    )
    assert refusal is not None
    assert "Jumat, 12 Februari 2027" in str(refusal)
    # Five calendar days would have allowed Tuesday 9: the portal does not.
    assert rules.assessment_date_refusal(
        assessment_on=datetime.date(2027, 2, 9), signed_on=signed, lead=FIVE_WORKING_DAYS
    )


def test_a_local_closure_counts_like_a_holiday():
    from portal.models import Closure

    signed = datetime.date(2027, 1, 21)
    Closure.objects.create(date=datetime.date(2027, 1, 26), name="Libur daerah")
    assert rules.earliest_assessment_on(signed, FIVE_WORKING_DAYS) == datetime.date(2027, 1, 29)


def test_latest_signing_day_is_the_inverse():
    assessment = datetime.date(2027, 2, 12)
    latest = rules.latest_signing_on(assessment, FIVE_WORKING_DAYS)
    assert latest == datetime.date(2027, 2, 4)
    assert rules.earliest_assessment_on(latest, FIVE_WORKING_DAYS) == assessment


@pytest.mark.parametrize(
    ("participants", "total"),
    [(1, Decimal(3_200_000)), (12, Decimal(38_400_000)), (25, Decimal(80_000_000)), (0, 0)],
)
def test_fee_is_the_seeds_price_per_participant(participants, total):
    assert rules.fee_total(Decimal(3_200_000), participants) == total


def test_fee_refuses_negative_counts():
    with pytest.raises(ValueError):
        rules.fee_total(Decimal(3_200_000), -1)


def test_rupiah_is_written_the_indonesian_way():
    assert rules.rupiah(Decimal(38_400_000)) == "Rp 38.400.000"


def _dues(service, purpose, *, intake_on, delivered=None, agreed_on=None):
    return {
        due.kind: due
        for due in rules.report_dues(
            limits=ReportLimit.objects.filter(service=service),
            purpose=purpose,
            intake_on=intake_on,
            delivered=delivered or {},
            agreed_on=agreed_on,
        )
    }


def test_selection_reports_summary_in_ten_then_full_and_individual_fifteen_after_it(
    assessment_service,
):
    intake = datetime.date(2027, 2, 15)  # a Monday
    dues = _dues(assessment_service, Purpose.SELECTION, intake_on=intake)
    assert set(dues) == {ReportKind.SUMMARY, ReportKind.FULL, ReportKind.INDIVIDUAL}
    assert dues[ReportKind.SUMMARY].due_on == datetime.date(2027, 3, 1)
    # Until the summary is delivered the others have no date.
    assert dues[ReportKind.FULL].due_on is None
    assert dues[ReportKind.FULL].counts_from == CountsFrom.SUMMARY_DELIVERED
    summary_on = datetime.date(2027, 2, 24)  # delivered early, a Wednesday
    dues = _dues(
        assessment_service,
        Purpose.SELECTION,
        intake_on=intake,
        delivered={ReportKind.SUMMARY: summary_on},
    )
    # Nyepi, Idul Fitri with its cuti bersama and Wafat Yesus Kristus fall inside.
    assert dues[ReportKind.FULL].due_on == datetime.date(2027, 3, 29)
    assert dues[ReportKind.INDIVIDUAL].due_on == datetime.date(2027, 3, 29)
    assert not dues[ReportKind.SUMMARY].overdue


def test_mapping_report_in_twenty_five_or_the_date_agreed(assessment_service):
    intake = datetime.date(2027, 2, 15)
    dues = _dues(assessment_service, Purpose.MAPPING, intake_on=intake)
    assert list(dues) == [ReportKind.MAPPING]
    assert dues[ReportKind.MAPPING].due_on == datetime.date(2027, 4, 1)
    agreed = datetime.date(2027, 4, 15)
    dues = _dues(assessment_service, Purpose.MAPPING, intake_on=intake, agreed_on=agreed)
    assert dues[ReportKind.MAPPING].due_on == agreed
    assert dues[ReportKind.MAPPING].agreed


def test_a_report_delivered_after_its_date_is_late(assessment_service):
    intake = datetime.date(2027, 2, 15)
    dues = _dues(
        assessment_service,
        Purpose.SELECTION,
        intake_on=intake,
        delivered={ReportKind.SUMMARY: datetime.date(2027, 3, 2)},
    )
    assert dues[ReportKind.SUMMARY].late_delivery
    assert dues[ReportKind.SUMMARY].overdue
