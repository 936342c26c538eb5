"""The candidate dashboard's block kept as HTML (composition.dashboard_cache) is never stale: after
each kind of change a candidate can see, the very next request shows the page exactly as an
uncached render does, byte for byte. Most changes here are written with `.update()`, which
sends no signal and leaves `auto_now` fields alone: the key hashes the rows themselves."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.constants import CertificateStatus
from certificates.models import Certificate
from complaints.constants import ComplaintStatus
from complaints.models import Complaint
from composition import dashboard_cache
from composition.views import _dashboard_answers, _link_answers
from objections.models import Objection
from portal.models import Closure, Event, Service
from registration.candidate_selectors import candidate_profile_question
from registration.constants import ApplicationStatus, Verdict
from registration.models import Application, Document, Profile
from scheduling.constants import Outcome, ResultStatus, SessionMode, SessionStatus
from scheduling.models import ExamSession, Result, Seat, WaitlistEntry
from scheduling.services import seat_take
from tests.databases import postgres_only
from tests.factories import (
    SERVICE_SLUG,
    ApplicationFactory,
    CertificateFactory,
    DocumentFactory,
    UserFactory,
    snapshot_take,
)

pytestmark = [
    pytest.mark.django_db,
    postgres_only("the dashboard is kept only there (its key's query hashes rows in SQL)"),
]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def kept(settings):
    settings.PORTAL_DASHBOARD_CACHE_SECONDS = 600
    cache.clear()
    return settings


def page(client) -> str:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    # The tokens are masked anew on every render: compared without them.
    return CSRF.sub("csrf", response.content.decode())


def uncached(client, settings) -> str:
    settings.PORTAL_DASHBOARD_CACHE_SECONDS = 0
    try:
        return page(client)
    finally:
        settings.PORTAL_DASHBOARD_CACHE_SECONDS = 600


def served_from_cache(client) -> str:
    """The page, asserting it came from the kept block (far fewer queries than a render)."""
    with CaptureQueriesContext(connection) as queries:
        html = page(client)
    assert len(queries) <= 6, [query["sql"][:60] for query in queries]
    return html


def assert_next_request_shows(client, settings, change, *, visible: bool = True) -> str:
    """Warm the cache, make `change`, and check the very next page is the uncached one."""
    before = page(client)
    assert served_from_cache(client) == before
    change()
    after = page(client)
    if visible:
        assert after != before
    assert after == uncached(client, settings)
    # And the new state is kept in turn.
    assert served_from_cache(client) == after
    return after


def session(**fields) -> ExamSession:
    now = timezone.now()
    starts_at = fields.pop("starts_at", now + timedelta(days=14))
    return ExamSession.objects.create(
        **{
            "service": Service.objects.get(slug=SERVICE_SLUG),
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=3),
            "mode": SessionMode.ONLINE,
            "meeting_link": "https://zoom.example.test/j/123",
            "platform": "Zoom",
            "capacity": 10,
            "booking_opens_at": now - timedelta(days=1),
            "booking_closes_at": min(now + timedelta(days=7), starts_at),
            "status": SessionStatus.OPEN,
            **fields,
        }
    )


def logged_in(client, application) -> Application:
    client.force_login(application.candidate)
    return application


def update(application, **fields) -> None:
    Application.objects.filter(pk=application.pk).update(**fields)


def test_the_same_state_is_served_from_the_cache_byte_for_byte(client, settings):
    logged_in(client, ApplicationFactory(submitted=True))
    first = page(client)
    assert served_from_cache(client) == first == uncached(client, settings)
    # The kept block holds no CSRF token: the header's are rendered per request.
    kept_blocks = [value for value in cache._cache.values() if b"pengajuan" in value]
    assert kept_blocks and not any(b"csrfmiddlewaretoken" in value for value in kept_blocks)


def test_an_upload_shows_at_once(client, settings):
    application = logged_in(client, ApplicationFactory())
    assert_next_request_shows(client, settings, lambda: DocumentFactory(application=application))


def test_submitting_shows_at_once(client, settings):
    application = logged_in(client, ApplicationFactory(documents=True))

    def submit():
        update(
            application,
            snapshot=snapshot_take(application),
            status=ApplicationStatus.SUBMITTED,
            submitted_at=timezone.now(),
            due_date=timezone.localdate() + timedelta(days=7),
            reference="UKP-2026-000777",
        )

    assert "UKP-2026-000777" in assert_next_request_shows(client, settings, submit)


def test_the_review_and_a_return_show_at_once(client, settings):
    application = logged_in(client, ApplicationFactory(submitted=True))
    assert_next_request_shows(
        client, settings, lambda: update(application, status=ApplicationStatus.IN_REVIEW)
    )
    assert_next_request_shows(
        client,
        settings,
        lambda: update(application, status=ApplicationStatus.RETURNED, decision_note="SK buram."),
    )
    # A document the panel asks to replace: one more thing missing.
    document = Document.objects.filter(application=application).first()
    assert_next_request_shows(
        client,
        settings,
        lambda: Document.objects.filter(pk=document.pk).update(verdict=Verdict.NEEDS_REVISION),
    )


def test_verification_shows_at_once(client, settings):
    application = logged_in(client, ApplicationFactory(submitted=True))
    assert_next_request_shows(
        client, settings, lambda: update(application, status=ApplicationStatus.VERIFIED)
    )


def test_a_seat_its_session_and_attendance_show_at_once(client, settings):
    application = logged_in(client, ApplicationFactory(status=ApplicationStatus.VERIFIED))
    exam = session()
    assert_next_request_shows(
        client,
        settings,
        lambda: seat_take(session=exam, application=application, actor=application.candidate),
    )
    assert_next_request_shows(
        client,
        settings,
        lambda: ExamSession.objects.filter(pk=exam.pk).update(venue="Ruang Baca Lantai 2"),
    )
    assert_next_request_shows(
        client,
        settings,
        lambda: Seat.objects.filter(application=application).update(attendance="present"),
        visible=False,
    )


def test_a_published_result_and_the_certificate_stages_show_at_once(client, settings):
    application = logged_in(client, ApplicationFactory(status=ApplicationStatus.SCHEDULED))
    exam = session(starts_at=timezone.now() - timedelta(days=2), status=SessionStatus.HELD)
    seat = Seat.objects.create(
        session=exam, application=application, created_by=application.candidate
    )

    def publish():
        Result.objects.create(
            seat=seat,
            outcome=Outcome.PASSED,
            score=88,
            status=ResultStatus.PUBLISHED,
            published_at=timezone.now(),
            recorded_by=application.candidate,
        )
        update(application, status=ApplicationStatus.PASSED)

    assert_next_request_shows(client, settings, publish)
    assert_next_request_shows(client, settings, lambda: CertificateFactory(application=application))
    certificate = Certificate.objects.get(application=application)
    for stage in (CertificateStatus.ISSUANCE, CertificateStatus.SIGNING):
        assert_next_request_shows(
            client,
            settings,
            lambda stage=stage: Certificate.objects.filter(pk=certificate.pk).update(status=stage),
        )


def test_a_complaint_and_its_answer_show_at_once(client, settings):
    application = logged_in(client, ApplicationFactory())

    def complain():
        Complaint.objects.create(
            tracking_code="ADU-7K3M-9QX2",
            kind="pengaduan",
            service=application.service,
            subject="Berkas tidak terunggah",
            description="Tidak dapat mengunggah.",
            status=ComplaintStatus.VERIFIED,
            received_at=timezone.now(),
            reporter=application.candidate,
        )

    assert_next_request_shows(client, settings, complain)
    assert_next_request_shows(
        client,
        settings,
        lambda: Complaint.objects.filter(reporter=application.candidate).update(
            status=ComplaintStatus.ANSWERED
        ),
    )


def test_an_objection_shows_at_once(client, settings):
    application = logged_in(client, ApplicationFactory(submitted=True))

    def reject():
        from portal.events import event_record

        update(application, status=ApplicationStatus.REJECTED, decision_note="Bukan pustakawan.")
        event_record(
            subject=application,
            kind="status",
            from_state=ApplicationStatus.SUBMITTED,
            to_state=ApplicationStatus.REJECTED,
        )

    assert "Ajukan keberatan" in assert_next_request_shows(client, settings, reject)
    decided_at = Event.objects.filter(to_state=ApplicationStatus.REJECTED).latest("pk").created_at
    html = assert_next_request_shows(
        client,
        settings,
        lambda: Objection.objects.create(
            application=application,
            kind="verification",
            decided_at=decided_at,
            reason="Saya pustakawan: SK terlampir.",
        ),
    )
    assert "Lihat keberatan Anda" in html


def test_a_profile_edit_shows_at_once(client, settings):
    application = logged_in(client, ApplicationFactory())
    assert_next_request_shows(
        client,
        settings,
        lambda: Profile.objects.filter(user=application.candidate).delete(),
    )


def test_the_services_text_shows_at_once(client, settings):
    application = logged_in(client, ApplicationFactory(status=ApplicationStatus.VERIFIED))
    seat_take(session=session(), application=application, actor=application.candidate)
    assert_next_request_shows(
        client,
        settings,
        lambda: Service.objects.filter(slug=SERVICE_SLUG).update(
            exam_preparation="Siapkan KTP asli dan kamera."
        ),
    )


def test_a_deadline_passing_and_a_closure_show_at_once(client, settings, monkeypatch):
    application = logged_in(client, ApplicationFactory(submitted=True))
    update(application, due_date=timezone.localdate() - timedelta(days=10))
    now = timezone.now()
    # Ten days on, the verification is late by more working days.
    assert_next_request_shows(
        client,
        settings,
        lambda: monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=10)),
    )
    # A local closure declared in between: one working day fewer late.
    assert_next_request_shows(
        client,
        settings,
        lambda: Closure.objects.create(
            date=max(
                day
                for day in (timezone.localdate() - timedelta(days=n) for n in range(1, 8))
                if day.weekday() < 5
            ),
            name="Cuti daerah",
        ),
    )


def test_the_exam_link_shows_when_its_hour_comes(client, settings, monkeypatch):
    application = logged_in(client, ApplicationFactory(status=ApplicationStatus.VERIFIED))
    now = timezone.now()
    exam = session(
        starts_at=now + timedelta(minutes=62), booking_closes_at=now + timedelta(minutes=30)
    )
    seat_take(session=exam, application=application, actor=application.candidate)
    html = assert_next_request_shows(
        client,
        settings,
        lambda: monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=3)),
    )
    assert 'href="https://zoom.example.test/j/123"' in html


def test_a_language_switch_shows_at_once(client, settings):
    logged_in(client, ApplicationFactory(submitted=True))
    assert_next_request_shows(
        client, settings, lambda: client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})
    )


def test_a_flash_message_still_shows(client, settings):
    logged_in(client, ApplicationFactory())
    before = page(client)

    def flash():
        storage = CookieStorage(HttpRequest())
        client.cookies[storage.cookie_name] = storage._encode(
            [Message(message_levels.SUCCESS, "Profil tersimpan.")]
        )

    flash()
    shown = served_from_cache(client)
    assert "Profil tersimpan." in shown and "Profil tersimpan." not in before
    flash()
    assert shown == uncached(client, settings)
    # Shown once: the next page is the kept one without it.
    assert served_from_cache(client) == before


def test_the_name_shown_follows_the_account(client, settings):
    application = logged_in(client, ApplicationFactory())
    # No registry entry for the NIP: the greeting is the account's name.
    assert_next_request_shows(
        client,
        settings,
        lambda: (
            type(application.candidate)
            .objects.filter(pk=application.candidate.pk)
            .update(first_name="Rina Baru")
        ),
    )


def test_the_waiting_list_is_never_kept(client, settings):
    application = logged_in(client, ApplicationFactory(status=ApplicationStatus.VERIFIED))
    WaitlistEntry.objects.create(application=application)
    assert dashboard_cache.content_key(user=application.candidate) is None
    html = page(client)
    assert "daftar-tunggu" in html
    with CaptureQueriesContext(connection) as queries:
        assert page(client) == html
    assert len(queries) > 6


def test_another_session_of_the_same_candidate_gets_its_own_tokens(
    client, settings, django_user_model
):
    from django.test import Client

    application = logged_in(client, ApplicationFactory(status=ApplicationStatus.SCHEDULED))
    page(client)
    other = Client()
    other.force_login(application.candidate)
    response = other.get(reverse("dashboard"))
    # Every token on the page is the other session's, valid for its own cookie.
    from django.middleware.csrf import _check_token_format, _unmask_cipher_token

    secret = other.cookies[settings.CSRF_COOKIE_NAME].value
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert tokens
    for token in tokens:
        _check_token_format(token)
        assert _unmask_cipher_token(token) == secret


@pytest.mark.parametrize("with_profile", [True, False])
def test_the_dashboards_compiled_questions_answer_as_the_orm_does(with_profile):
    user = ApplicationFactory().candidate if with_profile else UserFactory()
    expected = _link_answers(user, has_profile=candidate_profile_question(user=user))
    assert _dashboard_answers(user)[0] == expected
    answers, key = _dashboard_answers(user, with_key=True)
    assert answers == expected and key == dashboard_cache.content_key(user=user)
    assert expected["has_profile"] is with_profile


def test_the_answers_are_booleans_whatever_the_driver_returns(monkeypatch):
    """SQLite (`make run`) answers an EXISTS with 0 or 1; the dashboard tests the answers'
    truth with `or`, which needs booleans (an int made it fail there with a TypeError)."""
    user = UserFactory()
    real_cursor = connection.cursor

    class IntegerRows:
        """The cursor, its row's booleans given as SQLite gives them."""

        def __init__(self):
            self.cursor = real_cursor()

        def __enter__(self):
            self.cursor.__enter__()
            return self

        def __exit__(self, *exc):
            return self.cursor.__exit__(*exc)

        def execute(self, sql, params):
            return self.cursor.execute(sql, params)

        def fetchone(self):
            return tuple(int(v) if isinstance(v, bool) else v for v in self.cursor.fetchone())

    monkeypatch.setattr(connection, "cursor", IntegerRows)
    answers, _key = _dashboard_answers(user)

    assert answers and all(type(value) is bool for value in answers.values())


def test_a_deploy_of_other_code_starts_new_keys(monkeypatch):
    user = ApplicationFactory().candidate
    key = dashboard_cache.content_key(user=user)
    assert dashboard_cache.content_key(user=user) == key
    monkeypatch.setattr(dashboard_cache, "_code_stamp", "another-release")
    assert dashboard_cache.content_key(user=user) != key
