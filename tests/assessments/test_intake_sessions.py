"""Intake sessions (seed 004 steps 6-9): the SPK's 5-day rule, the assessment team from the
provider's assessors, offline/online required fields, one session per asesi, attendance, the
intake marked held; and who may open the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.constants import EngagementState, IntakeMode
from assessments.models import IntakeSession, Participant
from assessments.services.sessions import (
    SessionData,
    attendance_record,
    intake_held,
    session_save,
)
from casework.exceptions import CaseError, CaseForbidden
from portal.constants import Role
from portal.models import Event, OutboundEmail

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2027, 2, 4)  # Thursday; Sat 6 Feb 2027 is Imlek, Fri 5 Feb cuti bersama


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def nip(i: int) -> str:
    return f"19860926201505{1 if i % 2 else 2}{i:03d}"


@pytest.fixture
def engagement(make_engagement):
    engagement = make_engagement(EngagementState.PREPARATION, agreement=True, signed_on=SIGNED)
    for i in (1, 2, 3):
        Participant.objects.create(
            engagement=engagement,
            nip=nip(i),
            name=f"Asesi {i}",
            position="Analis",
            work_unit="Bagian Organisasi",
            email=f"asesi{i}@singkawang.example.go.id",
        )
    return engagement


@pytest.fixture
def scheduler(lan_staff):
    return lan_staff[Role.SCHEDULER]


@pytest.fixture
def assessor(lan_staff):
    return lan_staff[Role.ASSESSOR]


def online(engagement, assessor, day=datetime.date(2027, 2, 12), **changes) -> SessionData:
    values = {
        "mode": IntakeMode.ONLINE,
        "starts_at": at(day, 8),
        "ends_at": at(day, 12),
        "platform": "e-Assessment LAN dan Zoom",
        "link": "https://zoom.example/j/123",
        "support_team": "Budi (BKPSDM), 0812 1111 2222",
        "assessors": [assessor],
        "participants": list(engagement.participants.all()),
        **changes,
    }
    return SessionData(**values)


def test_the_five_working_day_rule_across_the_weekend_and_imlek(engagement, scheduler, assessor):
    with pytest.raises(CaseError) as refused:
        session_save(
            engagement=engagement,
            actor=scheduler,
            data=online(engagement, assessor, day=datetime.date(2027, 2, 11)),
        )
    message = str(refused.value)
    assert "Kamis, 11 Februari 2027" in message
    assert "Jumat, 12 Februari 2027" in message  # the first allowed day
    assert not IntakeSession.objects.exists()
    session = session_save(
        engagement=engagement,
        actor=scheduler,
        data=online(engagement, assessor, day=datetime.date(2027, 2, 12)),
    )
    assert session.engagement == engagement
    assert set(engagement.participants.values_list("session", flat=True)) == {session.pk}
    assert Event.objects.filter(object_id=engagement.pk, kind="session_planned").exists()
    # The plan goes to the operator and to each of the session's asesi.
    recipients = sorted(address for mail in OutboundEmail.objects.all() for address in mail.to)
    assert recipients == sorted(
        [
            engagement.institution.operators.get().email,
            *engagement.participants.values_list("email", flat=True),
        ]
    )


def test_assessors_must_be_the_providers(
    engagement, scheduler, assessor, other_unit_staff, lan_staff
):
    for wrong in (other_unit_staff, lan_staff[Role.TREASURER]):
        with pytest.raises(CaseError, match="bukan asesor"):
            session_save(
                engagement=engagement,
                actor=scheduler,
                data=online(engagement, assessor, assessors=[assessor, wrong]),
            )
    with pytest.raises(CaseError, match="sekurang-kurangnya satu asesor"):
        session_save(
            engagement=engagement, actor=scheduler, data=online(engagement, assessor, assessors=[])
        )
    assert not IntakeSession.objects.exists()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"platform": ""}, "Aplikasi wajib"),
        ({"link": ""}, "Tautan wajib"),
        ({"support_team": ""}, "Tim Pendamping dan Teknis"),
        ({"mode": IntakeMode.OFFLINE, "venue": ""}, "Tempat pelaksanaan wajib"),
    ],
)
def test_offline_and_online_required_fields(engagement, scheduler, assessor, changes, expected):
    with pytest.raises(CaseError, match=expected):
        session_save(
            engagement=engagement, actor=scheduler, data=online(engagement, assessor, **changes)
        )
    assert not IntakeSession.objects.exists()


def test_offline_session_needs_only_a_venue(engagement, scheduler, assessor):
    session = session_save(
        engagement=engagement,
        actor=scheduler,
        data=online(
            engagement,
            assessor,
            mode=IntakeMode.OFFLINE,
            venue="Aula BKPSDM Kota Singkawang",
            platform="",
            link="",
            support_team="",
        ),
    )
    assert session.venue == "Aula BKPSDM Kota Singkawang" and session.link == ""


def test_each_asesi_in_one_session_only(engagement, scheduler, assessor):
    first_two = list(engagement.participants.order_by("name")[:2])
    first = session_save(
        engagement=engagement,
        actor=scheduler,
        data=online(engagement, assessor, participants=first_two),
    )
    with pytest.raises(CaseError, match="sudah terdaftar di sesi lain"):
        session_save(
            engagement=engagement,
            actor=scheduler,
            data=online(engagement, assessor, participants=list(engagement.participants.all())),
        )
    # Changing the first session may drop one and keep the other.
    session_save(
        engagement=engagement,
        actor=scheduler,
        session=first,
        data=online(engagement, assessor, participants=first_two[:1]),
    )
    assert list(first.participants.all()) == first_two[:1]
    assert Event.objects.filter(object_id=engagement.pk, kind="session_changed").exists()


def test_only_the_scheduler_in_preparation(
    make_engagement, engagement, scheduler, assessor, institution_operator, other_unit_staff
):
    for actor in (assessor, institution_operator, other_unit_staff):
        with pytest.raises(CaseForbidden):
            session_save(engagement=engagement, actor=actor, data=online(engagement, assessor))
    early = make_engagement(EngagementState.AGREEMENT, agreement=True)
    with pytest.raises(CaseError):
        session_save(engagement=early, actor=scheduler, data=online(early, assessor))


def test_attendance_by_the_sessions_assessor_or_scheduler(
    engagement, scheduler, assessor, make_user, lan
):
    session = session_save(
        engagement=engagement, actor=scheduler, data=online(engagement, assessor)
    )
    one, two, three = engagement.participants.order_by("name")
    elsewhere = make_user("asesor-lain", Role.ASSESSOR, provider=lan)
    with pytest.raises(CaseForbidden):
        attendance_record(session=session, actor=elsewhere, marks={one.pk: True})
    assert attendance_record(session=session, actor=assessor, marks={one.pk: True, two.pk: False})
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.attended is True and one.attendance_recorded_by == assessor
    assert two.attended is False
    assert attendance_record(session=session, actor=scheduler, marks={three.pk: True}) == 1


def test_intake_held_moves_to_reporting(engagement, scheduler, assessor):
    first = session_save(
        engagement=engagement,
        actor=scheduler,
        data=online(engagement, assessor, participants=list(engagement.participants.all()[:2])),
    )
    with pytest.raises(CaseError, match="belum masuk sesi"):
        intake_held(engagement=engagement, actor=scheduler)
    second = session_save(
        engagement=engagement,
        actor=scheduler,
        data=online(
            engagement,
            assessor,
            day=datetime.date(2027, 2, 15),
            participants=list(engagement.participants.filter(session__isnull=True)),
        ),
    )
    with pytest.raises(CaseError, match="belum dimulai"):
        intake_held(engagement=engagement, actor=scheduler)
    # The sessions have taken place.
    IntakeSession.objects.filter(pk=first.pk).update(
        starts_at=at(datetime.date(2026, 11, 2)), ends_at=at(datetime.date(2026, 11, 2), 12)
    )
    IntakeSession.objects.filter(pk=second.pk).update(
        starts_at=at(datetime.date(2026, 11, 3)), ends_at=at(datetime.date(2026, 11, 3), 12)
    )
    with pytest.raises(CaseForbidden):
        intake_held(engagement=engagement, actor=assessor)
    moved = intake_held(engagement=engagement, actor=scheduler)
    assert moved.state == EngagementState.REPORTING
    assert moved.intake_held_on == datetime.date(2026, 11, 3)
    assert not IntakeSession.objects.filter(held_at__isnull=True).exists()
    with pytest.raises(CaseError):
        intake_held(engagement=engagement, actor=scheduler)


# --- Views -----------------------------------------------------------------------------------


def _form(day="2027-02-12") -> dict:
    return {
        "mode": IntakeMode.ONLINE,
        "day": day,
        "start_time": "08:00",
        "end_time": "12:00",
        "platform": "Zoom",
        "link": "https://zoom.example/j/9",
        "support_team": "Budi, 0812",
    }


def test_session_pages_for_the_scheduler(client, engagement, scheduler, assessor):
    client.force_login(scheduler)
    url = reverse("assessments_session_new", args=[engagement.public_id])
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="assessors" value="{assessor.pk}"' in page.content.decode()
    refused = client.post(url, {**_form("2027-02-11"), "assessors": [assessor.pk]})
    assert refused.status_code == 400
    assert "Tanggal paling awal" in refused.content.decode()
    participant_ids = list(engagement.participants.values_list("pk", flat=True))
    response = client.post(
        url, {**_form(), "assessors": [assessor.pk], "participants": participant_ids}
    )
    assert response.status_code == 302
    session = IntakeSession.objects.get()
    assert session.participants.count() == 3
    edit = reverse("assessments_session_edit", args=[engagement.public_id, session.pk])
    assert client.get(edit).status_code == 200
    detail = client.get(reverse("assessments_engagement", args=[engagement.public_id]))
    assert "https://zoom.example/j/9" in detail.content.decode()


def test_session_pages_404_for_outsiders(
    client, engagement, scheduler, assessor, make_user, other_unit_staff, make_institution
):
    session = session_save(
        engagement=engagement, actor=scheduler, data=online(engagement, assessor)
    )
    other_operator = make_institution(
        name="Kabupaten Lain", operator="operator-lain"
    ).operators.get()
    urls = [
        reverse("assessments_session_new", args=[engagement.public_id]),
        reverse("assessments_session_edit", args=[engagement.public_id, session.pk]),
    ]
    posts = [
        reverse("assessments_attendance", args=[engagement.public_id, session.pk]),
        reverse("assessments_intake_held", args=[engagement.public_id]),
        reverse("assessments_invitations_send", args=[engagement.public_id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the login page
    for user in (make_user("orang-luar"), other_unit_staff, other_operator):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        for url in posts:
            assert client.post(url).status_code == 404, (user, url)
    # The institution's own operator sees the engagement page but may not plan: 403.
    client.force_login(engagement.institution.operators.get())
    assert client.get(urls[0]).status_code == 403
    page = client.get(reverse("assessments_engagement", args=[engagement.public_id]))
    assert "https://zoom.example/j/123" in page.content.decode()  # read-only, with the link


def test_attendance_view(client, engagement, scheduler, assessor):
    session = session_save(
        engagement=engagement, actor=scheduler, data=online(engagement, assessor)
    )
    one = engagement.participants.order_by("name").first()
    client.force_login(assessor)
    # The session's assessor sees the engagement (workflow.is_session_assessor).
    page = client.get(reverse("assessments_engagement", args=[engagement.public_id]))
    assert page.status_code == 200 and "Simpan kehadiran" in page.content.decode()
    response = client.post(
        reverse("assessments_attendance", args=[engagement.public_id, session.pk]),
        {f"hadir-{one.pk}": "1"},
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.attended is True
