"""The staff queue of institutions' engagements: what each waits on, overdue flags, a fixed
number of queries whatever the number of engagements, and nobody sees another provider's."""

import datetime

import pytest
from django.utils import timezone

from assessments.constants import EngagementState, IntakeMode
from assessments.models import Agreement, IntakeSession, Invoice, PaymentProof
from assessments.selectors.queue import staff_queue
from assessments.services import payments
from portal.calendar import add_working_days
from portal.constants import Role

pytestmark = pytest.mark.django_db

QUEUE = "/penilaian-kompetensi/petugas/"


def fill(make_engagement, make_institution, treasurer, n):
    """n open engagements at various points, each of its own institution."""
    signed = {"agreement": True, "signed_on": datetime.date(2026, 11, 2)}
    states = [
        (EngagementState.REPORTING, signed),
        (EngagementState.PREPARATION, signed),
        (EngagementState.AGREEMENT, {"agreement": True}),
        (EngagementState.REQUESTED, {}),
    ]
    made = []
    for i in range(n):
        state, options = states[i % len(states)]
        institution = make_institution(name=f"Instansi {i:02d}", operator=f"operator-{i:02d}")
        engagement = make_engagement(state, institution=institution, **options)
        if state == EngagementState.REPORTING:
            engagement.intake_held_on = datetime.date(2027, 2, 8)
            engagement.save(update_fields=["intake_held_on"])
            payments.invoice_issue(engagement=engagement, actor=treasurer)
        made.append(engagement)
    return made


def test_reader_needs_a_role_on_the_service(
    client, make_user, other_unit_staff, institution_operator
):
    assert client.get(QUEUE).status_code == 302
    for user in (
        make_user("orang-luar"),
        institution_operator,
        make_user("pustakawan", Role.VERIFIER),
    ):
        client.force_login(user)
        assert client.get(QUEUE).status_code == 403


@pytest.mark.parametrize("count", [2, 12])
def test_constant_queries(
    count, make_engagement, make_institution, lan_staff, django_assert_num_queries
):
    treasurer = lan_staff[Role.TREASURER]
    fill(make_engagement, make_institution, treasurer, count)
    reader = type(treasurer).objects.get(pk=lan_staff[Role.SCHEDULER].pk)  # roles not cached
    # services, the reader's roles (2), count, ids, rows (with whether a proof waits), reports,
    # participants, limits, the closures (once for the page's working days).
    with django_assert_num_queries(10):
        page = staff_queue(reader)
        assert len(page.object_list) == count


def test_waits_and_flags(
    make_engagement, make_institution, lan_staff, institution_operator, client
):
    treasurer = lan_staff[Role.TREASURER]
    reporting, preparation, agreement, requested = fill(
        make_engagement, make_institution, treasurer, 4
    )
    Agreement.objects.filter(engagement=agreement).update(confirmed_at=None)
    invoice = Invoice.objects.get(engagement=reporting)
    PaymentProof.objects.create(
        invoice=invoice,
        file="assessments/payments/x.pdf",
        original_name="x.pdf",
        paid_on=datetime.date(2026, 12, 1),
        amount=invoice.amount,
        uploaded_by=reporting.institution.operators.get(),
    )
    rows = {row.engagement.pk: row for row in staff_queue(lan_staff[Role.SCHEDULER]).object_list}
    assert rows[requested.pk].waits == ["Menunggu jawaban"]
    assert rows[agreement.pk].waits == ["SPK menunggu konfirmasi"]
    assert "Tagihan belum diterbitkan" in rows[preparation.pk].waits
    assert "Bukti bayar menunggu konfirmasi" in rows[reporting.pk].waits
    assert any(wait.startswith("Laporan Ringkas jatuh tempo") for wait in rows[reporting.pk].waits)
    assert not rows[reporting.pk].overdue
    # The nearest date: the summary's (10 working days), before the payment's (30 days).
    assert rows[reporting.pk].due_on == add_working_days(datetime.date(2027, 2, 8), 10)
    # The intake long ago: the summary is overdue.
    type(reporting).objects.filter(pk=reporting.pk).update(intake_held_on=datetime.date(2026, 1, 5))
    client.force_login(lan_staff[Role.TREASURER])
    page = client.get(QUEUE).content.decode()
    assert "terlambat" in page
    assert "Laporan Ringkas jatuh tempo" in page
    assert reporting.institution.name in page


def test_unsigned_spk_waits_for_signature(make_engagement, lan_staff):
    engagement = make_engagement(EngagementState.AGREEMENT, agreement=True)
    (row,) = staff_queue(lan_staff[Role.VERIFIER]).object_list
    assert row.engagement == engagement and row.waits == ["SPK menunggu tanda tangan"]


def test_other_provider_and_other_assessors_see_nothing(
    make_engagement, lan_staff, other_unit_staff, make_user, client
):
    engagement = make_engagement(EngagementState.PREPARATION, agreement=True)
    assert staff_queue(other_unit_staff) is None  # no role on this service
    client.force_login(other_unit_staff)
    assert client.get(QUEUE).status_code == 403
    # An assessor of the service sees only the engagements of their sessions.
    assessor = lan_staff[Role.ASSESSOR]
    assert staff_queue(assessor).object_list == []
    start = timezone.make_aware(datetime.datetime(2027, 2, 8, 8))
    session = IntakeSession.objects.create(
        engagement=engagement,
        mode=IntakeMode.OFFLINE,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=4),
        venue="Aula",
        created_by=lan_staff[Role.SCHEDULER],
    )
    session.assessors.add(assessor)
    assessor = type(assessor).objects.get(pk=assessor.pk)
    assert [row.engagement for row in staff_queue(assessor).object_list] == [engagement]
    client.force_login(assessor)
    assert engagement.institution.name in client.get(QUEUE).content.decode()


def test_closed_engagements_left_out(make_engagement, lan_staff):
    make_engagement(EngagementState.COMPLETED)
    make_engagement(EngagementState.DRAFT)
    assert staff_queue(lan_staff[Role.SCHEDULER]).paginator.count == 0
