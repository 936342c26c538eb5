"""IP-ASN (seed 003): no official assesses the report of the Perangkat Daerah they work in —
the unit kerja they declared (registration.conflicts) or one they are an operator of. The
queue leaves such a report out (its total too), the report's page says why instead of
offering the action, and every step's service refuses with the reason."""

import pytest
from django.urls import reverse

from ipasn.selectors import staff_queue
from ipasn.services import reports as report_services
from ipasn.workflow import OwnUnitConflict
from portal.constants import Role
from registration import services as registration
from tests.ipasn.conftest import step_act

pytestmark = pytest.mark.django_db


def declare(staff, work_unit: str):
    registration.staff_declaration_save(
        user=staff, actor=staff, nip="", work_unit=work_unit, institution="", relatives=[]
    )
    return type(staff).objects.get(pk=staff.pk)


@pytest.fixture
def submitted(make_report, officials):
    """A report just submitted, and the official of its step."""
    report = make_report(at=2)
    return report, officials[Role(report.step.actor)]


def test_the_service_refuses_an_official_of_that_unit(submitted):
    report, official = submitted
    official = declare(official, "  dinas pendidikan kota singkawang ")

    with pytest.raises(OwnUnitConflict, match="Konflik kepentingan: unit kerja sendiri"):
        step_act(report, official)

    report.refresh_from_db()
    assert report.step.order == 2
    # Another unit declared: the step works as before.
    official = declare(official, "Dinas Kesehatan Kota Singkawang")
    assert step_act(report, official).step.order == 3


def test_the_processing_unit_neither_processes_nor_returns_it(make_report, officials):
    report = make_report(at=7)
    analyst = declare(officials[Role(report.step.actor)], "Dinas Pendidikan Kota Singkawang")

    with pytest.raises(OwnUnitConflict, match="unit kerja sendiri"):
        report_services.report_return(
            report=report, actor=analyst, reasons="Rekapitulasi belum lengkap."
        )
    with pytest.raises(OwnUnitConflict, match="unit kerja sendiri"):
        step_act(report, analyst)


def test_an_official_who_is_the_units_operator_is_refused(submitted):
    report, official = submitted
    report.institution.operators.add(official)

    with pytest.raises(OwnUnitConflict, match="perangkat daerah tempat Anda menjadi operator"):
        step_act(report, official)


def test_the_queue_leaves_it_out_and_counts_agree(submitted, make_pd, make_report, officials):
    report, official = submitted
    assert [row.report.pk for row in staff_queue(official).mine] == [report.pk]

    official = declare(official, "Dinas Pendidikan Kota Singkawang")
    queue = staff_queue(official)

    assert queue.mine == [] and queue.total == 0


def test_the_page_shows_the_reason_and_a_post_is_refused(client, submitted):
    report, official = submitted
    declare(official, "Dinas Pendidikan Kota Singkawang")
    client.force_login(official)

    page = client.get(reverse("ipasn_staff_report", args=[report.public_id])).content.decode()
    assert reverse("ipasn_staff_forward", args=[report.public_id]) not in page
    assert "Konflik kepentingan: unit kerja sendiri" in page

    response = client.post(
        reverse("ipasn_staff_forward", args=[report.public_id]), {"note": "Diteruskan"}
    )
    assert response.status_code == 403
    assert "Konflik kepentingan: unit kerja sendiri" in response.content.decode()
    report.refresh_from_db()
    assert report.step.order == 2
