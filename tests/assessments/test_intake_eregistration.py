"""E-registration (seed 004 steps 5 and 9): invitations make or link accounts once; the
invitation link sets a password once; the CV and questionnaire are the asesi's alone; reminders
go once per kind."""

import datetime
import re

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.urls import reverse
from django.utils import timezone

from assessments.constants import EngagementState, IntakeMode, ReminderKind
from assessments.models import IntakeSession, Participant, ParticipantReminder
from assessments.services.eregistration import (
    QUESTIONS,
    cv_submit,
    invitations_send,
    questionnaire_submit,
    remind_incomplete_registrations,
    reminder_kind_due,
)
from casework.exceptions import CaseError, CaseForbidden
from portal.constants import Role
from portal.models import OutboundEmail

pytestmark = pytest.mark.django_db

User = get_user_model()
SIGNED = datetime.date(2027, 2, 4)  # Thursday


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


def _cv() -> dict:
    return {
        "birth_place": "Singkawang",
        "birth_date": "1986-09-26",
        "sex": "P",
        "religion": "",
        "address": "Jl. Merdeka 1, Singkawang",
        "phone": "0812 3456 7890",
        "education_level": "S1",
        "education_institution": "Universitas Tanjungpura",
        "education_major": "Ilmu Pemerintahan",
        "education_year": "2008",
        "rank": "Penata, III/c",
        "position": "Analis Kebijakan Ahli Muda",
        "position_since": "2020-01-02",
        "work_history": "2015 Pelaksana, Bagian Umum\n2020 Analis, Bagian Organisasi",
        "training_history": "2016 Latsar CPNS, BPSDM Kalbar",
    }


def _answers() -> dict:
    return {key: f"Jawaban yang cukup panjang untuk pertanyaan {key}." for key, _l, _h in QUESTIONS}


def test_invitations_create_or_link_accounts_once(engagement, institution_operator, make_user):
    existing = make_user("lama", nip=nip(2), email="lama@example.test")
    count = invitations_send(engagement=engagement, actor=institution_operator)
    assert count == 3
    first, second = (engagement.participants.get(nip=nip(i)) for i in (1, 2))
    assert second.account == existing  # the NIP's account is linked, not duplicated
    new = first.account
    assert new.username == nip(1) and new.nip == nip(1)
    assert new.email == "asesi1@singkawang.example.go.id" and new.first_name == "Asesi 1"
    assert not new.has_usable_password()
    assert User.objects.filter(nip__in=[nip(1), nip(2), nip(3)]).count() == 3
    mails = list(OutboundEmail.objects.order_by("pk"))
    assert len(mails) == 3
    by_address = {mail.to[0]: mail for mail in mails}
    # A new account gets a link to set its password; an account in use is told to log in.
    assert "/penilaian-kompetensi/undangan/" in by_address[first.email].body
    assert "/penilaian-kompetensi/undangan/" not in by_address[second.email].body
    invited_at = first.invited_at
    # A second call sends nothing twice.
    assert invitations_send(engagement=engagement, actor=institution_operator) == 0
    assert OutboundEmail.objects.count() == 3
    first.refresh_from_db()
    assert first.invited_at == invited_at


def test_invitations_wait_for_the_signed_spk_and_the_right_people(
    make_engagement, engagement, lan_staff, other_unit_staff
):
    with pytest.raises(CaseForbidden):
        invitations_send(engagement=engagement, actor=other_unit_staff)
    with pytest.raises(CaseForbidden):
        invitations_send(engagement=engagement, actor=lan_staff[Role.TREASURER])
    assert invitations_send(engagement=engagement, actor=lan_staff[Role.SCHEDULER]) == 3
    early = make_engagement(EngagementState.AGREEMENT, agreement=True)
    with pytest.raises(CaseError, match="ditandatangani kedua pihak"):
        invitations_send(engagement=early, actor=None)


def _invitation_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/penilaian-kompetensi/undangan/\S+/)", mail.body).group(1)


def test_invitation_link_sets_the_password_once_and_logs_in(client, engagement, password):
    invitations_send(engagement=engagement, actor=None)
    participant = engagement.participants.get(nip=nip(1))
    mail = OutboundEmail.objects.get(to=[participant.email])
    path = _invitation_path(mail)
    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments_asesi_home")
    # Signed in through the portal's backend, so the next request has no session to rename.
    assert client.session[BACKEND_SESSION_KEY] == "portal.auth_backends.ModelBackend"
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert "Daftar Riwayat Hidup" in home.content.decode()
    participant.account.refresh_from_db()
    assert participant.account.check_password(password)
    # Used: the same link now says so.
    client.logout()
    used = client.get(path)
    assert used.status_code == 400
    assert "tidak berlaku" in used.content.decode()
    wrong = client.get(reverse("assessments_invitation_accept", args=["MQ", "x-y"]))
    assert wrong.status_code == 400


def test_cv_and_questionnaire_by_the_asesi_only(engagement, make_user, institution_operator):
    invitations_send(engagement=engagement, actor=None)
    participant = engagement.participants.get(nip=nip(1))
    other = engagement.participants.get(nip=nip(2))
    with pytest.raises(CaseForbidden):
        cv_submit(participant=participant, actor=other.account, cv=_cv())
    with pytest.raises(CaseForbidden):
        cv_submit(participant=participant, actor=institution_operator, cv=_cv())
    cv_submit(participant=participant, actor=participant.account, cv=_cv())
    with pytest.raises(CaseError, match="sekurang-kurangnya"):
        questionnaire_submit(
            participant=participant, actor=participant.account, answers={"duties": "singkat"}
        )
    participant.refresh_from_db()
    assert participant.cv_submitted_at and not participant.registered
    questionnaire_submit(participant=participant, actor=participant.account, answers=_answers())
    participant.refresh_from_db()
    assert participant.registered
    # Closed once the intake is held.
    type(engagement).objects.filter(pk=engagement.pk).update(
        state=EngagementState.REPORTING, intake_held_on=SIGNED
    )
    participant.refresh_from_db()
    with pytest.raises(CaseError, match="ditutup"):
        cv_submit(participant=participant, actor=participant.account, cv=_cv())


def test_cv_pages_404_for_anyone_but_the_asesi(
    client, engagement, make_engagement, make_institution, institution_operator, lan_staff
):
    invitations_send(engagement=engagement, actor=None)
    participant = engagement.participants.get(nip=nip(1))
    # An asesi of another institution.
    other_institution = make_institution(name="Kabupaten Lain", operator="operator-lain")
    elsewhere = make_engagement(
        EngagementState.PREPARATION,
        institution=other_institution,
        agreement=True,
        signed_on=SIGNED,
    )
    stranger = Participant.objects.create(
        engagement=elsewhere,
        nip=nip(9),
        name="Asesi Lain",
        position="Analis",
        work_unit="Umum",
        email="lain@example.go.id",
    )
    invitations_send(engagement=elsewhere, actor=None)
    stranger.refresh_from_db()
    for name in ("assessments_asesi_cv", "assessments_asesi_questionnaire"):
        url = reverse(name, args=[participant.public_id])
        client.logout()
        assert client.get(url).status_code == 302  # anonymous: to the login page
        for user in (stranger.account, institution_operator, lan_staff[Role.SCHEDULER]):
            client.force_login(user)
            assert client.get(url).status_code == 404
            assert client.post(url, _cv()).status_code == 404
        client.force_login(participant.account)
        assert client.get(url).status_code == 200
    client.force_login(participant.account)
    response = client.post(reverse("assessments_asesi_cv", args=[participant.public_id]), _cv())
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.cv["work_history"] == [
        "2015 Pelaksana, Bagian Umum",
        "2020 Analis, Bagian Organisasi",
    ]
    bad = client.post(
        reverse("assessments_asesi_questionnaire", args=[participant.public_id]),
        {**_answers(), "team": "terlalu singkat"},
    )
    assert bad.status_code == 400 and "terlalu singkat" in bad.content.decode()
    participant.refresh_from_db()
    assert participant.questionnaire_submitted_at is None
    # The asesi's home shows only their own participation.
    home = client.get(reverse("assessments_asesi_home")).content.decode()
    assert engagement.institution.name in home and "Kabupaten Lain" not in home


def test_asesi_home_for_someone_with_no_participation(client, make_user):
    client.force_login(make_user("bukan-asesi"))
    response = client.get(reverse("assessments_asesi_home"))
    assert response.status_code == 200
    assert "belum terdaftar sebagai asesi" in response.content.decode()


# --- Reminders -------------------------------------------------------------------------------


def test_reminder_kind_due_counts_working_days():
    session_on = datetime.date(2027, 2, 19)  # Friday
    assert reminder_kind_due(session_on, datetime.date(2027, 2, 11)) is None
    assert reminder_kind_due(session_on, datetime.date(2027, 2, 12)) == ReminderKind.WEEK_BEFORE
    assert reminder_kind_due(session_on, datetime.date(2027, 2, 17)) == ReminderKind.WEEK_BEFORE
    assert reminder_kind_due(session_on, datetime.date(2027, 2, 18)) == ReminderKind.DAY_BEFORE
    assert reminder_kind_due(session_on, session_on) is None


def test_reminders_once_per_kind_to_the_incomplete_only(engagement, lan_staff):
    invitations_send(engagement=engagement, actor=None)
    starts = timezone.make_aware(datetime.datetime(2027, 2, 19, 8, 0))
    session = IntakeSession.objects.create(
        engagement=engagement,
        mode=IntakeMode.ONLINE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        platform="Zoom",
        link="https://zoom.example/j/1",
        support_team="Budi, 0812",
        created_by=lan_staff[Role.SCHEDULER],
    )
    engagement.participants.update(session=session)
    done = engagement.participants.get(nip=nip(3))
    cv_submit(participant=done, actor=done.account, cv=_cv())
    questionnaire_submit(participant=done, actor=done.account, answers=_answers())
    OutboundEmail.objects.all().delete()

    assert remind_incomplete_registrations(today=datetime.date(2027, 2, 11)) == 0
    assert remind_incomplete_registrations(today=datetime.date(2027, 2, 12)) == 2
    assert remind_incomplete_registrations(today=datetime.date(2027, 2, 15)) == 0  # re-run
    assert remind_incomplete_registrations(today=datetime.date(2027, 2, 18)) == 2
    assert remind_incomplete_registrations(today=datetime.date(2027, 2, 18)) == 0
    assert OutboundEmail.objects.count() == 4
    assert not ParticipantReminder.objects.filter(participant=done).exists()
    assert set(ParticipantReminder.objects.values_list("kind", flat=True)) == {
        ReminderKind.WEEK_BEFORE,
        ReminderKind.DAY_BEFORE,
    }
    assert remind_incomplete_registrations(today=datetime.date(2027, 2, 19)) == 0


def test_the_hourly_task_invites_once_the_spk_is_signed(make_engagement):
    from assessments.tasks import remind_incomplete_registrations as task

    engagement = make_engagement(EngagementState.AGREEMENT, agreement=True)
    Participant.objects.create(
        engagement=engagement,
        nip=nip(1),
        name="Asesi 1",
        position="Analis",
        work_unit="Umum",
        email="asesi1@example.go.id",
    )
    assert task() == 0  # the SPK is not signed yet: nobody is invited
    type(engagement).objects.filter(pk=engagement.pk).update(state=EngagementState.PREPARATION)
    assert task() == 1
    assert task() == 0
    assert OutboundEmail.objects.count() == 1
    assert engagement.participants.get().account.username == nip(1)
