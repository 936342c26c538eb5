"""LAN's assessments (seed 004): nobody records the attendance of, writes or signs the report
of an asesi they conflict with (registration.conflicts) — themself, a declared relative, or
someone of the work unit they declared at the institution. The pages show the reason instead
of the control; the services refuse with it whatever is posted; the rest works as before."""

import pytest
from django.urls import reverse

from assessments.constants import ReportKind
from assessments.models import Report
from assessments.services import reports
from assessments.services.sessions import attendance_record, session_save
from assessments.workflow import ParticipantConflict
from portal.constants import Role
from registration import services as registration
from registration.constants import Relationship
from tests.assessments.test_intake_sessions import engagement, online
from tests.assessments.test_settlement_reports import make_reporting, write
from tests.certificates.test_signing import demo_p12, signing_key

pytestmark = pytest.mark.django_db

__all__ = ["demo_p12", "engagement", "signing_key"]  # fixtures


def declare(staff, *, relative_nip="", work_unit="", institution=""):
    registration.staff_declaration_save(
        user=staff,
        actor=staff,
        nip="",
        work_unit=work_unit,
        institution=institution,
        relatives=[registration.RelativeInput(nip=relative_nip, relationship=Relationship.SIBLING)]
        if relative_nip
        else [],
    )
    return type(staff).objects.get(pk=staff.pk)


@pytest.fixture
def assessor(lan_staff):
    return lan_staff[Role.ASSESSOR]


@pytest.fixture
def official(lan_staff):
    return lan_staff[Role.SIGNING_OFFICIAL]


@pytest.fixture
def intake(engagement, lan_staff, assessor):
    session = session_save(
        engagement=engagement, actor=lan_staff[Role.SCHEDULER], data=online(engagement, assessor)
    )
    return engagement, session


# --- Attendance -------------------------------------------------------------------------------


def test_attendance_of_a_relative_is_refused_and_nothing_is_saved(intake, assessor):
    engagement, session = intake
    one, two, _three = engagement.participants.order_by("name")
    assessor = declare(assessor, relative_nip=one.nip)

    with pytest.raises(ParticipantConflict, match="Asesi 1: kerabat yang dinyatakan"):
        attendance_record(session=session, actor=assessor, marks={one.pk: True, two.pk: True})

    two.refresh_from_db()
    assert two.attended is None  # the whole form refused, not half saved
    assert attendance_record(session=session, actor=assessor, marks={two.pk: True}) == 1


def test_attendance_of_ones_work_unit_at_that_institution_is_refused(intake, assessor):
    engagement, session = intake
    one = engagement.participants.order_by("name").first()
    assessor = declare(
        assessor, work_unit="bagian organisasi", institution=engagement.institution.name
    )
    with pytest.raises(ParticipantConflict, match="satu unit kerja"):
        attendance_record(session=session, actor=assessor, marks={one.pk: True})
    # The same unit name at another institution is not the same unit.
    assessor = declare(assessor, work_unit="Bagian Organisasi", institution="Pemkot Lain")
    assert attendance_record(session=session, actor=assessor, marks={one.pk: True}) == 1


def test_the_page_shows_the_reason_instead_of_the_radios(client, intake, assessor):
    engagement, _session = intake
    one, two, _three = engagement.participants.order_by("name")
    declare(assessor, relative_nip=one.nip)
    client.force_login(assessor)

    page = client.get(reverse("assessments_engagement", args=[engagement.public_id]))
    page = page.content.decode()

    assert f'name="hadir-{one.pk}"' not in page
    assert f'name="hadir-{two.pk}"' in page
    assert "kerabat yang dinyatakan (saudara kandung)" in page


def test_a_post_by_url_is_refused_with_the_reason(client, intake, assessor):
    engagement, session = intake
    one = engagement.participants.order_by("name").first()
    declare(assessor, relative_nip=one.nip)
    client.force_login(assessor)

    response = client.post(
        reverse("assessments_attendance", args=[engagement.public_id, session.pk]),
        {f"hadir-{one.pk}": "1"},
    )

    assert response.status_code == 403
    assert "kerabat yang dinyatakan (saudara kandung)" in response.content.decode()
    one.refresh_from_db()
    assert one.attended is None


# --- Reports ----------------------------------------------------------------------------------


@pytest.fixture
def reporting(make_engagement, make_user, assessor, official, signing_key):
    engagement = make_reporting(make_engagement, make_user, assessor)
    reports.report_sign(report=write(engagement, assessor, ReportKind.SUMMARY), actor=official)
    return engagement


def test_an_assessor_does_not_write_their_relatives_report(client, reporting, assessor):
    attendee = reporting.participants.get(attended=True)
    attendee.nip = "198609262015052777"  # a NIP a declaration accepts
    attendee.save(update_fields=["nip"])
    assessor = declare(assessor, relative_nip=attendee.nip)

    with pytest.raises(ParticipantConflict, match="kerabat yang dinyatakan"):
        write(reporting, assessor, ReportKind.INDIVIDUAL, attendee)
    write(reporting, assessor, ReportKind.FULL)  # the other reports as before

    client.force_login(assessor)
    page = client.get(reverse("assessments_engagement", args=[reporting.public_id]))
    page = page.content.decode()
    assert f"asesi={attendee.public_id}" not in page
    assert "kerabat yang dinyatakan (saudara kandung)" in page
    # The form's URL typed by hand: refused with the reason, nothing written.
    url = reverse("assessments_report_new", args=[reporting.public_id, ReportKind.INDIVIDUAL])
    response = client.post(f"{url}?asesi={attendee.public_id}", {"body": "Hasil."})
    assert response.status_code == 400
    assert "kerabat yang dinyatakan" in response.content.decode()
    assert not Report.objects.filter(participant=attendee).exists()


def test_the_official_does_not_sign_their_own_report(
    client, reporting, assessor, official, make_user
):
    attendee = reporting.participants.get(attended=True)
    individual = write(reporting, assessor, ReportKind.INDIVIDUAL, attendee)
    full = write(reporting, assessor, ReportKind.FULL)
    # The asesi's account is the official's own.
    type(attendee).objects.filter(pk=attendee.pk).update(account=official)

    with pytest.raises(ParticipantConflict, match="pengajuan sendiri"):
        reports.report_sign(report=individual, actor=official)

    client.force_login(official)
    page = client.get(reverse("assessments_engagement", args=[reporting.public_id]))
    page = page.content.decode()
    assert reverse("assessments_report_sign", args=[individual.public_id]) not in page
    assert reverse("assessments_report_sign", args=[full.public_id]) in page

    # Signing all signs the rest and leaves the conflicted one to another official.
    assert reports.reports_sign_all(engagement=reporting, actor=official) == 1
    individual.refresh_from_db()
    full.refresh_from_db()
    assert individual.signed_at is None and full.signed_at is not None
    with pytest.raises(ParticipantConflict, match="pengajuan sendiri"):
        reports.reports_sign_all(engagement=reporting, actor=official)
