"""The scheduling committee's screens: the session list, creating and editing a session, the
status buttons, and placing, moving and releasing seats one by one."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.constants import Role
from portal.events import event_list
from portal.models import Service
from registration.constants import ApplicationStatus
from scheduling import staff_forms
from scheduling.constants import SessionMode, SessionStatus
from scheduling.models import ExamSession, Seat
from scheduling.services import seat_take
from tests.factories import SERVICE_SLUG, ApplicationFactory, ProfileFactory

pytestmark = pytest.mark.django_db

SESSIONS = "/penjadwalan/"
CREATE = "/penjadwalan/sesi/baru/"


@pytest.fixture
def scheduler_client(client, scheduler):
    client.force_login(scheduler)
    return client


@pytest.fixture
def service():
    return Service.objects.get(slug=SERVICE_SLUG)


def detail_url(session) -> str:
    return reverse("scheduling_session", args=[session.pk])


def seated(session, actor, count: int = 1) -> list[Seat]:
    seats = []
    for _ in range(count):
        application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
        seats.append(seat_take(session=session, application=application, actor=actor))
    return seats


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Session list -----------------------------------------------------------------------------


def test_the_list_counts_only_active_seats_and_shows_wib(
    scheduler_client, scheduler, make_session, assessor
):
    # 02.00 UTC is 09.00 WIB.
    session = make_session(
        capacity=5,
        starts_at=timezone.now().replace(hour=2, minute=0, second=0, microsecond=0)
        + timedelta(days=10),
    )
    session.assessors.add(assessor)
    seat, _ = seated(session, scheduler, 2)
    Seat.objects.filter(pk=seat.pk).update(is_active=False)  # an absent candidate's old seat

    response = scheduler_client.get(SESSIONS)

    (row,) = response.context["page"].object_list
    assert (row.seats_taken, row.seats_free, row.assessor_count) == (1, 4, 1)
    html = response.content.decode()
    assert "1 / 5" in html
    assert "09.00–12.00 WIB" in html  # noqa: RUF001 - the dash the page prints
    assert reverse("scheduling_session_create") in html
    assert reverse("scheduling_autofill") in html


def test_the_list_filters_by_status_and_date(scheduler_client, make_session):
    soon = make_session(starts_at=timezone.now() + timedelta(days=3))
    later = make_session(starts_at=timezone.now() + timedelta(days=40))
    make_session(status=SessionStatus.DRAFT, starts_at=timezone.now() + timedelta(days=40))

    by_status = scheduler_client.get(SESSIONS, {"status": "open"})
    after = (timezone.localdate() + timedelta(days=20)).isoformat()
    by_date = scheduler_client.get(SESSIONS, {"status": "open", "dari": after})

    assert list(by_status.context["page"].object_list) == [soon, later]
    assert list(by_date.context["page"].object_list) == [later]


def test_coming_sessions_come_first_then_the_past_ones_latest_first(scheduler_client, make_session):
    now = timezone.now()
    last_month = make_session(starts_at=now - timedelta(days=30), status=SessionStatus.HELD)
    last_week = make_session(starts_at=now - timedelta(days=7), status=SessionStatus.HELD)
    next_month = make_session(starts_at=now + timedelta(days=30))
    next_week = make_session(starts_at=now + timedelta(days=7))

    response = scheduler_client.get(SESSIONS)

    assert list(response.context["page"].object_list) == [
        next_week,
        next_month,
        last_week,
        last_month,
    ]


# Session, user, roles, count, the page's ids, its rows (one query with both counts), the
# service choices of the filter form, the waiting lists' counts: 8 (portal.queues pages through
# ids, so a deep page costs the same). The same budget holds for 3 sessions and 40.
SESSION_LIST_BUDGET = 8


@pytest.mark.parametrize("sessions", [3, 40])
def test_session_list_query_count_does_not_grow_with_sessions(
    scheduler_client, scheduler, make_session, assessor, django_assert_max_num_queries, sessions
):
    for number in range(sessions):
        session = make_session(starts_at=timezone.now() + timedelta(days=number + 1))
        session.assessors.add(assessor)
    seated(session, scheduler, 2)

    with django_assert_max_num_queries(SESSION_LIST_BUDGET):
        response = scheduler_client.get(SESSIONS)

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(sessions, 25)


@pytest.mark.parametrize("who", ["verifier", "assessor", "outsider"])
def test_only_the_committee_sees_the_session_list(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(SESSIONS).status_code == 403


# --- Create and edit --------------------------------------------------------------------------


@pytest.fixture
def session_data(service, assessor, head_assessor):
    day = timezone.localdate() + timedelta(days=30)

    def data(**overrides) -> dict:
        values = {
            "service": service.pk,
            "date": day.isoformat(),
            "start_time": "09:00",
            "end_time": "12:00",
            "mode": SessionMode.ONLINE,
            "platform": "Zoom",
            "meeting_link": "https://zoom.example.test/j/987",
            "venue": "",
            "capacity": "20",
            "booking_opens_date": (day - timedelta(days=20)).isoformat(),
            "booking_opens_time": "08:00",
            "booking_closes_date": (day - timedelta(days=2)).isoformat(),
            "booking_closes_time": "15:00",
            "assessors": [assessor.pk, head_assessor.pk],
            "head_assessor": head_assessor.pk,
            "instructions": "Siapkan KTP dan kamera.",
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    data.day = day
    return data


def test_a_new_session_is_a_draft_with_its_times_in_wib(
    scheduler_client, scheduler, session_data, assessor, head_assessor
):
    response = scheduler_client.post(CREATE, session_data())

    session = ExamSession.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(session)
    assert session.status == SessionStatus.DRAFT
    day = session_data.day
    # 09.00 WIB is 02.00 UTC.
    assert session.starts_at == datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
    assert session.ends_at == datetime(day.year, day.month, day.day, 5, 0, tzinfo=UTC)
    assert timezone.localtime(session.booking_closes_at).strftime("%H:%M") == "15:00"
    assert set(session.assessors.all()) == {assessor, head_assessor}
    assert session.head_assessor == head_assessor
    (event,) = event_list(subject=session)
    assert (event.kind, event.actor) == ("created", scheduler)


def test_the_create_form_starts_from_the_services_exam_preparation(scheduler_client, service):
    service.exam_preparation = "Uji tertulis dan wawancara; siapkan portofolio."
    service.save()

    response = scheduler_client.get(CREATE, {"layanan": service.slug})

    assert response.context["form"].initial["instructions"] == service.exam_preparation
    assert "siapkan portofolio" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"meeting_link": ""}, "meeting_link", "Isi tautan pertemuan untuk sesi daring."),
        ({"platform": ""}, "platform", "Isi platform (mis. Zoom) untuk sesi daring."),
        (
            {"mode": SessionMode.OFFLINE, "venue": ""},
            "venue",
            "Isi tempat pelaksanaan untuk sesi luring.",
        ),
        ({"end_time": "08:00"}, "end_time", "Jam selesai harus setelah jam mulai."),
        (
            {"booking_closes_date": "DAY", "booking_closes_time": "10:00"},
            "booking_closes_date",
            "Pemesanan harus ditutup sebelum sesi uji dimulai.",
        ),
        (
            {"booking_opens_date": "DAY", "booking_opens_time": "08:00"},
            "booking_opens_date",
            "Pemesanan harus dibuka sebelum waktu pemesanan ditutup.",
        ),
        ({"head_assessor": "OTHER"}, "head_assessor", "Ketua panel harus salah satu asesor"),
        ({"capacity": "0"}, "capacity", "Kapasitas sedikitnya 1 kursi."),
    ],
    ids=[
        "online-needs-link",
        "online-needs-platform",
        "offline-needs-venue",
        "ends-after-start",
        "closes-before-start",
        "opens-before-closes",
        "head-among-assessors",
        "capacity-positive",
    ],
)
def test_an_inconsistent_session_is_refused_with_a_clear_message(
    scheduler_client, session_data, make_user, overrides, field, message
):
    day = session_data.day.isoformat()
    other = make_user("asesor-lain", Role.ASSESSOR)  # an assessor, but not chosen
    values = {
        key: day if value == "DAY" else other.pk if value == "OTHER" else value
        for key, value in overrides.items()
    }

    response = scheduler_client.post(CREATE, session_data(**values))

    assert response.status_code == 200
    assert not ExamSession.objects.exists()
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert message in response.content.decode()


def test_an_offline_session_keeps_its_venue_and_drops_the_link(scheduler_client, session_data):
    scheduler_client.post(
        CREATE, session_data(mode=SessionMode.OFFLINE, venue="Gedung Perpusnas, Ruang 2")
    )

    session = ExamSession.objects.get()
    assert session.venue == "Gedung Perpusnas, Ruang 2"
    assert (session.meeting_link, session.platform) == ("", "")


def test_editing_shows_wib_times_and_records_what_changed(
    scheduler_client, scheduler, make_session, session_data
):
    session = make_session(starts_at=datetime(2031, 3, 4, 2, 0, tzinfo=UTC))
    url = reverse("scheduling_session_edit", args=[session.pk])

    form = scheduler_client.get(url).context["form"]
    response = scheduler_client.post(
        url, session_data(capacity="15", date="2031-03-04", assessors=[], head_assessor="")
    )

    assert form.initial["date"].isoformat() == "2031-03-04"
    assert form.initial["start_time"].strftime("%H:%M") == "09:00"
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.capacity == 15
    assert session.status == SessionStatus.OPEN  # editing never changes the status
    (event,) = event_list(subject=session)
    assert (event.kind, event.actor) == ("edited", scheduler)
    assert "kapasitas" in event.note.lower()


def test_capacity_cannot_drop_below_the_seats_taken(
    scheduler_client, scheduler, make_session, session_data
):
    session = make_session(capacity=5)
    seated(session, scheduler, 3)
    url = reverse("scheduling_session_edit", args=[session.pk])

    response = scheduler_client.post(
        url, session_data(capacity="2", assessors=[], head_assessor="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "Kapasitas tidak boleh kurang dari 3 kursi yang sudah terisi."
    ]
    session.refresh_from_db()
    assert session.capacity == 5


def test_every_refusal_of_the_service_shows_on_its_field_and_keeps_what_was_typed(
    scheduler_client, scheduler, make_session, session_data, assessor, head_assessor
):
    session = make_session(capacity=5)
    seated(session, scheduler, 2)
    url = reverse("scheduling_session_edit", args=[session.pk])

    response = scheduler_client.post(
        url,
        session_data(
            capacity="1",
            meeting_link="",
            assessors=[assessor.pk],
            head_assessor=head_assessor.pk,
            instructions="Bawa KTP asli.",
        ),
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["capacity"] == [
        "Kapasitas tidak boleh kurang dari 2 kursi yang sudah terisi."
    ]
    assert form.errors["meeting_link"] == ["Isi tautan pertemuan untuk sesi daring."]
    assert form.errors["head_assessor"] == ["Ketua panel harus salah satu asesor yang dipilih."]
    assert "Bawa KTP asli." in response.content.decode()
    session.refresh_from_db()
    assert (session.capacity, session.instructions) == (5, "")


@pytest.mark.parametrize("status", [SessionStatus.HELD, SessionStatus.CANCELLED])
def test_a_held_or_cancelled_session_cannot_be_edited(
    scheduler_client, make_session, session_data, status
):
    session = make_session(status=status, capacity=7)
    url = reverse("scheduling_session_edit", args=[session.pk])

    response = scheduler_client.post(url, session_data(capacity="9"), follow=True)

    assert "tidak dapat diubah" in " ".join(messages_of(response))
    session.refresh_from_db()
    assert session.capacity == 7


# --- Session page and its status buttons ------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (SessionStatus.DRAFT, ["Buka pemesanan"]),
        (SessionStatus.OPEN, ["Tutup pemesanan"]),
        (SessionStatus.CLOSED, ["Buka kembali pemesanan", "Tandai sudah dilaksanakan"]),
        (SessionStatus.HELD, []),
        (SessionStatus.CANCELLED, []),
    ],
)
def test_the_session_page_offers_the_transitions_the_table_allows(
    scheduler_client, make_session, status, buttons
):
    session = make_session(status=status)

    response = scheduler_client.get(detail_url(session))

    assert [str(label) for _, label in response.context["transitions"]] == buttons
    assert response.context["can_cancel"] == (status not in ("held", "cancelled"))
    html = response.content.decode()
    for label in buttons:
        assert label in html


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (SessionStatus.DRAFT, SessionStatus.OPEN),
        (SessionStatus.OPEN, SessionStatus.CLOSED),
        (SessionStatus.CLOSED, SessionStatus.OPEN),
        (SessionStatus.CLOSED, SessionStatus.HELD),
    ],
)
def test_each_status_button_changes_the_session(
    scheduler_client, scheduler, make_session, start, to
):
    session = make_session(status=start)

    response = scheduler_client.post(
        reverse("scheduling_session_transition", args=[session.pk]), {"to": to}, follow=True
    )

    session.refresh_from_db()
    assert session.status == to
    assert f"Status sesi sekarang: {SessionStatus(to).label}." in messages_of(response)
    event = event_list(subject=session).get(kind="status")
    assert (event.from_state, event.to_state, event.actor) == (start, to, scheduler)


def test_a_forbidden_transition_is_a_message_not_an_error_page(scheduler_client, make_session):
    session = make_session(status=SessionStatus.DRAFT)

    response = scheduler_client.post(
        reverse("scheduling_session_transition", args=[session.pk]),
        {"to": SessionStatus.HELD},
        follow=True,
    )

    assert response.status_code == 200
    assert "tidak dapat diubah" in " ".join(messages_of(response))
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT


def test_the_roster_shows_each_seated_candidate(scheduler_client, scheduler, make_session):
    session = make_session()
    profile = ProfileFactory(institution="Perpustakaan Daerah Provinsi Jawa Tengah")
    application = ApplicationFactory(candidate=profile.user, status=ApplicationStatus.VERIFIED)
    seat = seat_take(session=session, application=application, actor=scheduler)
    candidate = seat.application.candidate

    response = scheduler_client.get(detail_url(session))

    html = response.content.decode()
    assert response.context["seats"] == [seat]
    nip = candidate.nip
    assert f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" in html
    assert profile.full_name in html
    assert "Perpustakaan Daerah Provinsi Jawa Tengah" in html
    assert profile.whatsapp in html
    assert candidate.email in html
    assert str(seat.application.target_level) in html


# --- Seats one by one -------------------------------------------------------------------------


def test_assigning_one_by_one_offers_the_longest_waiting_first(
    scheduler_client, make_session, django_capture_on_commit_callbacks
):
    session = make_session()
    now = timezone.now()
    later = ApplicationFactory(status=ApplicationStatus.VERIFIED, verified_at=now)
    earlier = ApplicationFactory(
        status=ApplicationStatus.VERIFIED, verified_at=now - timedelta(days=3)
    )
    ApplicationFactory(status=ApplicationStatus.SUBMITTED)  # not verified: not offered

    page = scheduler_client.get(detail_url(session))
    offered = _picker_options(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = scheduler_client.post(
            reverse("scheduling_seat_assign", args=[session.pk]),
            {"application": earlier.pk},
            follow=True,
        )

    assert offered == [earlier.pk, later.pk]
    seat = Seat.objects.get(session=session)
    assert seat.application == earlier
    earlier.refresh_from_db()
    assert earlier.status == ApplicationStatus.SCHEDULED
    assert "mendapat kursi" in " ".join(messages_of(response))
    (message,) = mail.outbox
    assert message.to == [earlier.candidate.email]


def _picker_options(response) -> list[int]:
    """The waiting candidates the seat picker lists, in its order (the empty choice left out)."""
    field = response.context["assign_form"]["application"]
    return [int(value) for value, _label in field.field.choices if value]


def test_the_seat_picker_lists_a_page_of_waiting_candidates_and_any_can_be_placed(
    scheduler_client, make_session, monkeypatch
):
    monkeypatch.setattr(staff_forms, "PICKER_PAGE_SIZE", 2)
    session = make_session()
    now = timezone.now()
    waiting = [
        ApplicationFactory(
            status=ApplicationStatus.VERIFIED, verified_at=now - timedelta(days=9 - n)
        )
        for n in range(5)
    ]
    ids = [application.pk for application in waiting]

    first = scheduler_client.get(detail_url(session))
    second = scheduler_client.get(detail_url(session), {"hal_peserta": 2})
    last = scheduler_client.get(detail_url(session), {"hal_peserta": 99})
    html = first.content.decode()

    assert _picker_options(first) == ids[:2]
    assert _picker_options(second) == ids[2:4]
    assert _picker_options(last) == ids[4:]
    assert "Menampilkan 1–2 dari 5 peserta." in html  # noqa: RUF001 - the dash the page prints
    assert "?hal_peserta=2#tempatkan" in html
    assert "Halaman 1 dari 3" in html
    # The list is narrowed, the field is not: a candidate on another page is placed.
    response = scheduler_client.post(
        reverse("scheduling_seat_assign", args=[session.pk]), {"application": ids[4]}
    )
    assert response.status_code == 302
    assert Seat.objects.get(session=session).application_id == ids[4]


def test_the_seat_picker_searches_waiting_candidates_by_name_or_nip(scheduler_client, make_session):
    session = make_session()
    wanted = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    other = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    ApplicationFactory(status=ApplicationStatus.SUBMITTED)  # not verified: never found
    nip = wanted.candidate.nip
    name_part = wanted.snapshot.name.split()[0][1:].upper()  # inside the name, any case

    by_name = scheduler_client.get(detail_url(session), {"cari": name_part})
    by_nip = scheduler_client.get(
        detail_url(session), {"cari": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"}
    )
    nobody = scheduler_client.get(detail_url(session), {"cari": "tidak ada nama begini"})

    assert wanted.pk in _picker_options(by_name)
    assert _picker_options(by_nip) == [wanted.pk]
    assert other.pk not in _picker_options(by_nip)
    assert _picker_options(nobody) == []
    nobody_html = nobody.content.decode()
    assert "Tidak ada peserta menunggu jadwal yang cocok dengan" in nobody_html
    assert 'value="tidak ada nama begini"' in nobody_html
    assert 'name="application"' not in nobody_html
    assert "Tampilkan semua" in nobody_html


def test_the_seat_picker_never_finds_another_services_candidate(
    scheduler_client, make_session, other_provider_service
):
    session = make_session()
    theirs = ApplicationFactory(status=ApplicationStatus.VERIFIED, service=other_provider_service)
    nip = theirs.candidate.nip

    by_nip = scheduler_client.get(detail_url(session), {"cari": nip})
    by_name = scheduler_client.get(detail_url(session), {"cari": theirs.snapshot.name})

    assert _picker_options(by_nip) == []
    assert _picker_options(by_name) == []
    assert "Tidak ada peserta menunggu jadwal yang cocok dengan" in by_nip.content.decode()


def test_the_seat_picker_says_when_nobody_waits(scheduler_client, make_session):
    session = make_session()

    html = scheduler_client.get(detail_url(session)).content.decode()

    assert "Tidak ada peserta terverifikasi layanan ini yang menunggu jadwal." in html
    assert 'name="cari"' not in html


def test_assigning_to_a_full_session_is_refused_with_a_message(
    scheduler_client, scheduler, make_session
):
    session = make_session(capacity=1)
    seated(session, scheduler)
    waiting = ApplicationFactory(status=ApplicationStatus.VERIFIED)

    response = scheduler_client.post(
        reverse("scheduling_seat_assign", args=[session.pk]),
        {"application": waiting.pk},
        follow=True,
    )

    assert "Sesi ini sudah penuh. Pilih sesi lain." in messages_of(response)
    assert not Seat.objects.filter(application=waiting).exists()


def test_a_seat_moves_to_another_session_of_the_service(
    scheduler_client, scheduler, make_session, django_capture_on_commit_callbacks
):
    source = make_session()
    target = make_session(starts_at=timezone.now() + timedelta(days=21))
    make_session(starts_at=timezone.now() + timedelta(days=22), capacity=1)  # will be full
    full = ExamSession.objects.order_by("-pk").first()
    seated(full, scheduler)
    (seat,) = seated(source, scheduler)

    page = scheduler_client.get(detail_url(source))
    with django_capture_on_commit_callbacks(execute=True):
        response = scheduler_client.post(
            reverse("scheduling_seat_move", args=[source.pk, seat.pk]),
            {"to_session": target.pk},
            follow=True,
        )

    assert page.context["move_targets"] == [target]  # not itself, not the full one
    seat.refresh_from_db()
    assert seat.session == target
    assert "dipindah ke sesi" in " ".join(messages_of(response))
    assert len(mail.outbox) == 1


def test_releasing_a_seat_needs_a_reason_and_tells_the_candidate(
    scheduler_client, scheduler, make_session, django_capture_on_commit_callbacks
):
    session = make_session()
    (seat,) = seated(session, scheduler)
    application = seat.application
    url = reverse("scheduling_seat_release", args=[session.pk, seat.pk])

    refused = scheduler_client.post(url, {"note": ""}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        scheduler_client.post(url, {"note": "Peserta sakit, mohon dijadwalkan ulang."})

    assert "Tuliskan alasan pelepasan kursi" in " ".join(messages_of(refused))
    assert not Seat.objects.filter(pk=seat.pk).exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.VERIFIED
    (message,) = mail.outbox
    assert "Peserta sakit, mohon dijadwalkan ulang." in message.body
    assert (
        event_list(subject=application)
        .filter(kind="seat_released", note__contains="Peserta sakit")
        .exists()
    )


def test_a_seat_of_another_session_is_not_found(scheduler_client, scheduler, make_session):
    session, other = make_session(), make_session()
    (seat,) = seated(other, scheduler)

    response = scheduler_client.post(
        reverse("scheduling_seat_release", args=[session.pk, seat.pk]), {"note": "salah sesi"}
    )

    assert response.status_code == 404
    assert Seat.objects.filter(pk=seat.pk).exists()


# Session, user, roles, the session with its counts, the roster (one join), the assessors, the
# other sessions to move to, whether anyone waits and who (2), the session's events and their
# content type: 11, plus one spare.
SESSION_PAGE_BUDGET = 12


@pytest.mark.parametrize("seats", [2, 20])
def test_session_page_query_count_does_not_grow_with_seats(
    scheduler_client, scheduler, make_session, django_assert_max_num_queries, seats
):
    session = make_session(capacity=30)
    make_session(starts_at=timezone.now() + timedelta(days=30))  # a place to move to
    seated(session, scheduler, seats)
    ApplicationFactory(status=ApplicationStatus.VERIFIED)  # one waiting to be placed

    with django_assert_max_num_queries(SESSION_PAGE_BUDGET):
        response = scheduler_client.get(detail_url(session))

    assert len(response.context["seats"]) == seats
    assert len(response.context["move_targets"]) == 1
