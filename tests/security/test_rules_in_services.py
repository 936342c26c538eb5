"""Rules that lived only in forms or in the admin now hold in the services, whoever calls them.

Exam sessions: every invariant is refused by scheduling.services.session_save itself (no form),
and the admin, which skips the committee's forms, cannot break one either: as a superuser or as
the Administrator role (who could grant its own group the session permissions), a POST to the
session admin leaves the session as it was, and the seated candidates' invitations never go
stale. Complaints: a rejection needs its reason, and an SP4N-LAPOR! complaint its LAPOR
number, in complaints.services; the intake API answers a missing number with a 400 in JSON."""

import functools
import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone

from complaints.constants import Channel, ComplaintKind, ComplaintStatus
from complaints.exceptions import ComplaintError
from complaints.models import Complaint
from complaints.services import complaint_submit, complaint_transition, intake_token_create
from portal.constants import Role
from portal.models import Service
from registration.constants import ApplicationStatus
from scheduling.constants import SessionMode, SessionStatus
from scheduling.exceptions import SessionInvalid
from scheduling.models import ExamSession, Seat
from scheduling.services import seat_take, session_save
from tests.factories import SERVICE_SLUG, ApplicationFactory
from tests.module_data import module_data
from tests.scheduling.conftest import session_values
from tests.users import PASSWORD, user_make

pytestmark = pytest.mark.django_db


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The scheduler, two assessors and the session with its two seated candidates, made once
    for the module (tests/module_data.py; seating the candidates took most of a test): their
    primary keys. Creating a session is tested in test_rules_in_new_sessions.py, where no
    session exists yet."""

    def make(_media) -> dict:
        make_user = functools.partial(user_make, password=PASSWORD)
        scheduler = make_user("penjadwal", Role.SCHEDULER)
        assessor = make_user("asesor", Role.ASSESSOR, first_name="Dewi Lestari")
        other = make_user("asesor-lain", Role.ASSESSOR, first_name="Bambang Sutrisno")
        session = ExamSession.objects.create(**session_values(capacity=3, head_assessor=assessor))
        session.assessors.add(assessor)
        for _ in range(2):
            application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
            seat_take(session=session, application=application, actor=application.candidate)
        return {
            "scheduler": scheduler.pk,
            "assessor": assessor.pk,
            "other_assessor": other.pk,
            "session": session.pk,
        }

    yield from module_data(django_db_blocker, tmp_path_factory.mktemp("rules"), make)


# Each test reads the module's rows anew: what it changes or caches on them stays its own.


@pytest.fixture
def scheduler(_once):
    return get_user_model().objects.get(pk=_once["scheduler"])


@pytest.fixture
def assessor(_once):
    return get_user_model().objects.get(pk=_once["assessor"])


@pytest.fixture
def other_assessor(_once):
    return get_user_model().objects.get(pk=_once["other_assessor"])


@pytest.fixture
def other_service():
    service = Service.objects.get(slug=SERVICE_SLUG)
    service.pk = None
    service.slug = "uji-kompetensi-lain"
    service.name = "Uji Kompetensi Lain"
    service.online_flow = ""  # the candidates' application serves one service only
    service.save()
    return service


@pytest.fixture
def session(_once):
    """An open online session with a panel of one (its head) and two candidates seated."""
    mail.outbox.clear()
    return ExamSession.objects.get(pk=_once["session"])


def stored(session) -> dict:
    fresh = ExamSession.objects.get(pk=session.pk)
    return {
        field.attname: getattr(fresh, field.attname) for field in ExamSession._meta.concrete_fields
    } | {"assessors": set(fresh.assessors.values_list("pk", flat=True))}


# Each invariant: what to change, and the field the refusal names.
def _capacity_below_seats(session, **_):
    session.capacity = 1
    return ["capacity"], "capacity"


def _capacity_zero(session, **_):
    session.capacity = 0
    return ["capacity"], "capacity"


def _head_not_on_panel(session, other_assessor, **_):
    session.head_assessor = other_assessor
    return ["head_assessor"], "head_assessor"


def _booking_closes_after_start(session, **_):
    session.booking_closes_at = session.starts_at + timedelta(hours=1)
    return ["booking_closes_at"], "booking_closes_at"


def _booking_opens_after_it_closes(session, **_):
    session.booking_opens_at = session.booking_closes_at + timedelta(hours=1)
    return ["booking_opens_at"], "booking_opens_at"


def _ends_before_start(session, **_):
    session.ends_at = session.starts_at - timedelta(hours=1)
    return ["ends_at"], "ends_at"


def _online_without_link(session, **_):
    session.meeting_link = ""
    return ["meeting_link"], "meeting_link"


def _online_without_platform(session, **_):
    session.platform = ""
    return ["platform"], "platform"


def _offline_without_venue(session, **_):
    session.mode = SessionMode.OFFLINE
    session.venue = ""
    return ["mode", "venue"], "venue"


def _service_changed_with_seats(session, other_service, **_):
    session.service = other_service
    return ["service"], "service"


INVARIANTS = {
    "capacity-below-seats": _capacity_below_seats,
    "capacity-zero": _capacity_zero,
    "head-not-an-assessor": _head_not_on_panel,
    "booking-closes-after-start": _booking_closes_after_start,
    "booking-opens-after-close": _booking_opens_after_it_closes,
    "ends-before-start": _ends_before_start,
    "online-without-link": _online_without_link,
    "online-without-platform": _online_without_platform,
    "offline-without-venue": _offline_without_venue,
    "service-changed-with-seats": _service_changed_with_seats,
}


# --- sessions: the service refuses, with no form in between ------------------------------------


@pytest.mark.parametrize("invariant", INVARIANTS.values(), ids=INVARIANTS.keys())
def test_the_session_service_refuses_each_broken_rule_naming_the_field(
    session, scheduler, other_assessor, other_service, invariant
):
    before = stored(session)
    fields, field = invariant(session, other_assessor=other_assessor, other_service=other_service)

    with pytest.raises(SessionInvalid) as refusal:
        session_save(session=session, fields=fields, actor=scheduler)

    assert field in refusal.value.errors
    assert all(refusal.value.errors[field]), refusal.value.errors
    assert stored(session) == before


def test_a_panel_member_must_hold_the_assessor_role(session, scheduler, make_user):
    stranger = make_user("bukan-asesor", Role.VERIFIER, first_name="Sri Wahyuni")
    before = stored(session)

    with pytest.raises(SessionInvalid, match="Sri Wahyuni bukan asesor") as refusal:
        session_save(session=session, fields=[], assessors=[stranger], actor=scheduler)

    assert set(refusal.value.errors) == {"assessors", "head_assessor"}
    assert stored(session) == before


def test_dropping_the_head_from_the_panel_is_refused(session, scheduler, other_assessor):
    with pytest.raises(SessionInvalid) as refusal:
        session_save(session=session, fields=[], assessors=[other_assessor], actor=scheduler)

    assert list(refusal.value.errors) == ["head_assessor"]


def test_a_session_switched_online_drops_its_venue(session, scheduler):
    ExamSession.objects.filter(pk=session.pk).update(
        mode=SessionMode.OFFLINE, meeting_link="", platform="", venue="Gedung A"
    )
    session.refresh_from_db()
    session.mode = SessionMode.ONLINE
    session.meeting_link = "https://meet.example.test/abc"
    session.platform = "Google Meet"

    session_save(session=session, fields=["mode", "meeting_link", "platform"], actor=scheduler)

    assert stored(session)["venue"] == ""


def test_the_status_and_the_results_are_not_written_by_session_save(session, scheduler):
    session.status = SessionStatus.HELD

    with pytest.raises(ValueError, match="status"):
        session_save(session=session, fields=["status"], actor=scheduler)

    assert stored(session)["status"] == SessionStatus.OPEN


def test_moving_the_start_through_the_service_sends_the_updated_invitation(
    session, scheduler, django_capture_on_commit_callbacks
):
    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=session, fields=["starts_at", "ends_at"], actor=scheduler)

    seated = {seat.application.candidate.email for seat in Seat.objects.filter(session=session)}
    assert {message.to[0] for message in mail.outbox} == seated
    assert all(message.attachments for message in mail.outbox)


# --- sessions: the admin cannot break them ----------------------------------------------------


class _FormFields(HTMLParser):
    """The fields a browser would post from one form of a page: inputs, checked boxes, selected
    options and text areas, by name."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or attrs.get("disabled") is not None:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data.removeprefix("\n")


def admin_change(client, session, **changes):
    """POST the session's admin change form as a browser would, with `changes` typed in."""
    url = f"/admin/scheduling/examsession/{session.pk}/change/"
    parser = _FormFields("examsession_form")
    parser.feed(client.get(url).content.decode())
    data = {**parser.data, **{name: value for name, value in changes.items()}}
    return client.post(url, data)


def _local(moment) -> dict:
    local = timezone.localtime(moment)
    return {"date": local.strftime("%Y-%m-%d"), "time": local.strftime("%H:%M:%S")}


def admin_invariant_changes(session, other_assessor, other_service) -> dict[str, dict]:
    closes = _local(session.starts_at + timedelta(hours=1))
    return {
        "capacity-below-seats": {"capacity": "1"},
        "capacity-zero": {"capacity": "0"},
        "head-not-an-assessor": {"head_assessor": str(other_assessor.pk)},
        "booking-closes-after-start": {
            "booking_closes_at_0": closes["date"],
            "booking_closes_at_1": closes["time"],
        },
        "online-without-link": {"meeting_link": ""},
        "online-without-platform": {"platform": ""},
        "offline-without-venue": {"mode": SessionMode.OFFLINE, "venue": ""},
        "service-changed-with-seats": {"service": str(other_service.pk)},
    }


ADMIN_INVARIANTS = [
    "capacity-below-seats",
    "capacity-zero",
    "head-not-an-assessor",
    "booking-closes-after-start",
    "online-without-link",
    "online-without-platform",
    "offline-without-venue",
    "service-changed-with-seats",
]


@pytest.fixture
def superuser(make_user):
    return make_user("super", is_staff=True, is_superuser=True)


@pytest.fixture
def administrator_role(make_user):
    """The Administrator role, not a superuser, whose group was given every session and seat
    permission (an administrator edits groups in the admin, so it can give itself these)."""
    group = Group.objects.get(name=Role.ADMINISTRATOR.value)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="scheduling"),
    )
    return make_user("administrator", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture(params=["superuser", "administrator_role"])
def admin_user(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("invariant", ADMIN_INVARIANTS)
def test_the_admin_cannot_break_a_session_rule(
    client, admin_user, session, other_assessor, other_service, invariant
):
    client.force_login(admin_user)
    before = stored(session)
    changes = admin_invariant_changes(session, other_assessor, other_service)[invariant]

    response = admin_change(client, session, **changes)

    assert response.status_code < 500
    assert stored(session) == before


def test_moving_the_start_in_the_admin_never_leaves_an_invitation_stale(
    client, admin_user, session, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    later = _local(session.starts_at + timedelta(days=1))
    before = stored(session)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_change(client, session, starts_at_0=later["date"])

    assert response.status_code < 500
    if stored(session)["starts_at"] == before["starts_at"]:
        return  # refused: the invitations still show the right time
    # Accepted: then every seated candidate was sent the updated invitation.
    seated = {seat.application.candidate.email for seat in Seat.objects.filter(session=session)}
    assert {message.to[0] for message in mail.outbox} >= seated


def test_the_session_admin_is_read_only(client, admin_user, session):
    client.force_login(admin_user)

    page = client.get(f"/admin/scheduling/examsession/{session.pk}/change/")
    added = client.post("/admin/scheduling/examsession/add/", {})
    deleted = client.post(f"/admin/scheduling/examsession/{session.pk}/delete/", {"post": "yes"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (added.status_code, deleted.status_code) == (403, 403)
    assert ExamSession.objects.filter(pk=session.pk).exists()


# --- complaints: a rejection's reason and an SP4N-LAPOR! number are the service's rules ------


@pytest.fixture
def handler(make_user):
    return make_user("pengelola-pengaduan", Role.COMPLAINT_HANDLER)


def complaint_values(**fields) -> dict:
    return {
        "kind": ComplaintKind.COMPLAINT,
        "subject": "Sertifikat belum diterima",
        "description": "Sudah lulus tiga bulan lalu, sertifikat belum sampai.",
        "reporter_name": "Ahmad Fauzi",
        **fields,
    }


@pytest.mark.parametrize("note", ["", "   "])
def test_the_service_refuses_a_rejection_without_a_reason(handler, note):
    complaint = complaint_submit(**complaint_values())

    with pytest.raises(ComplaintError, match="alasan penolakan") as refusal:
        complaint_transition(
            complaint=complaint, to=ComplaintStatus.REJECTED, actor=handler, note=note
        )

    assert refusal.value.field == "note"
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.RECEIVED


@pytest.mark.parametrize("reference", ["", "   "])
def test_the_service_refuses_an_sp4n_lapor_complaint_without_its_number(reference):
    with pytest.raises(ComplaintError, match="SP4N-LAPOR!") as refusal:
        complaint_submit(**complaint_values(channel=Channel.LAPOR, external_reference=reference))

    assert refusal.value.field == "external_reference"
    assert not Complaint.objects.exists()


def test_an_sp4n_lapor_complaint_keeps_its_number_without_spaces():
    complaint = complaint_submit(
        **complaint_values(channel=Channel.LAPOR, external_reference=" LAPOR-2026-0042 ")
    )

    assert complaint.external_reference == "LAPOR-2026-0042"


@pytest.mark.parametrize("reference", [None, "", "  "])
def test_the_intake_api_answers_a_lapor_report_without_its_number_with_a_400(client, reference):
    _token, raw = intake_token_create(name="Konektor SP4N-LAPOR!", channel=Channel.LAPOR)
    body = complaint_values(kind="pengaduan")
    if reference is not None:
        body["external_reference"] = reference

    response = client.post(
        "/api/pengaduan/",
        json.dumps(body),
        content_type="application/json",
        headers={"authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["error"] == "invalid"
    assert answer["fields"] == {
        "external_reference": ["Tuliskan nomor laporan SP4N-LAPOR! pengaduan ini."]
    }
    assert not Complaint.objects.exists()


def test_the_intake_api_takes_a_chat_report_without_a_number(client):
    _token, raw = intake_token_create(name="Konektor chat", channel=Channel.CHAT)

    response = client.post(
        "/api/pengaduan/",
        json.dumps(complaint_values(kind="pengaduan")),
        content_type="application/json",
        headers={"authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 201
    assert Complaint.objects.get().channel == Channel.CHAT


def test_the_team_sees_the_services_refusals_next_to_their_fields(client, handler):
    client.force_login(handler)
    complaint = complaint_submit(**complaint_values())

    rejected = client.post(
        f"/pengaduan/staf/{complaint.public_id}/status/",
        {"to": ComplaintStatus.REJECTED, "note": ""},
    )
    recorded = client.post(
        "/pengaduan/staf/catat/",
        {
            "channel": Channel.LAPOR,
            "external_reference": "",
            "received_date": "2026-03-02",
            "received_time": "14:30",
            "kind": ComplaintKind.COMPLAINT,
            "subject": "Dicatat dari SP4N-LAPOR!",
            "description": "Uraian yang diketik petugas.",
        },
    )

    assert rejected.status_code == 400
    assert "Tuliskan alasan penolakan untuk pelapor." in rejected.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.RECEIVED
    assert recorded.status_code == 400
    assert recorded.context["form"].errors["external_reference"] == [
        "Tuliskan nomor laporan SP4N-LAPOR! pengaduan ini."
    ]
    assert "Uraian yang diketik petugas." in recorded.content.decode()
    assert Complaint.objects.count() == 1
