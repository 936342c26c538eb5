"""Event kinds are declared once, by the app recording them (its events.py): every kind the code
records is declared with words, event_record refuses any other, and no timeline or history
shows a raw event name."""

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from assessments.models import Engagement, Participant
from casework.models import Case
from complaints.constants import ComplaintKind
from complaints.models import Complaint
from complaints.services import complaint_submit
from integrations.constants import DeliveryTarget
from integrations.models import Delivery, WebhookSubscription
from integrations.services import subscription_create
from ipasn.models import IndexCategory, Report, ScoreRule, ScoringDimension
from portal.constants import Role
from portal.events import (
    UNDECLARED_TITLE,
    EventKind,
    EventKindUndeclared,
    event_candidate_sees,
    event_kinds,
    event_kinds_collect,
    event_record,
    event_title,
)
from portal.models import Event, Service
from registration.constants import ApplicationStatus
from registration.models import AccountClaim, Application
from scheduling.constants import SessionMode, SessionStatus
from scheduling.models import ExamSession
from tests.factories import (
    SERVICE_SLUG,
    AccountClaimFactory,
    ApplicationFactory,
    CertificateFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db


def a_session() -> ExamSession:
    now = timezone.now()
    return ExamSession.objects.create(
        service=Service.objects.get(slug=SERVICE_SLUG),
        starts_at=now + timedelta(days=14),
        ends_at=now + timedelta(days=14, hours=3),
        mode=SessionMode.ONLINE,
        meeting_link="https://zoom.example.test/j/123",
        platform="Zoom",
        capacity=10,
        booking_opens_at=now - timedelta(days=1),
        booking_closes_at=now + timedelta(days=7),
        status=SessionStatus.OPEN,
    )


def a_complaint() -> Complaint:
    return complaint_submit(
        kind=ComplaintKind.COMPLAINT,
        subject="Berkas tidak dapat diunggah",
        description="Unggahan SK jabatan selalu gagal sejak kemarin.",
        reporter_name="Budi Santoso",
        reporter_email="budi@example.test",
    )


RECORDER = "event_record"


# --- Every kind recorded in the code is declared ------------------------------------------------


def _project_modules() -> dict[str, Path]:
    """Our apps' modules (not their migrations), by dotted name."""
    modules = {}
    for config in apps.get_app_configs():
        root = Path(config.path)
        if not root.is_relative_to(settings.BASE_DIR) or ".venv" in root.parts:
            continue
        for path in root.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            dotted = ".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts)
            modules[dotted.removesuffix(".__init__")] = path
    return modules


def _strings(node: ast.AST) -> set[str]:
    return {
        child.value
        for child in ast.walk(node)
        if isinstance(child, ast.Constant) and isinstance(child.value, str)
    }


def _assigned(body: ast.AST) -> dict[str, set[str]]:
    """The strings assigned to each name anywhere in `body` (a module or a function): a
    literal, or the values of a mapping."""
    names: dict[str, set[str]] = {}
    for node in ast.walk(body):
        if isinstance(node, ast.Assign):
            value = node.value
            strings = (
                set().union(*(_strings(v) for v in value.values))
                if isinstance(value, ast.Dict)
                else _strings(value)
            )
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.setdefault(target.id, set()).update(strings)
    return names


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def recorded_kinds() -> tuple[dict[str, list[str]], list[str], set[str]]:
    """The kinds passed to event_record anywhere in our code: (kind -> places, places whose
    kind could not be read, the recording functions). A function handing its own `kind`
    parameter to a recorder (certificates.services._move) is a recorder itself, and its calls
    are read in turn; a kind held in a name is read from the assignments to that name in the
    function, its module, or the module it is imported from."""
    trees = {name: ast.parse(path.read_text()) for name, path in _project_modules().items()}
    module_names = {name: _assigned(tree) for name, tree in trees.items()}
    imported: dict[str, dict[str, tuple[str, str]]] = {}
    for name, tree in trees.items():
        imported[name] = {
            alias.asname or alias.name: (node.module, alias.name)
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
            for alias in node.names
        }

    def resolve(module: str, local: dict[str, set[str]], value: ast.AST) -> set[str]:
        """The strings an expression may be: a literal, either branch of a conditional, the
        values of a mapping it is looked up in, or what a name is assigned. Anything else
        (an f-string) cannot be read."""
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return {value.value}
        if isinstance(value, ast.IfExp):
            return resolve(module, local, value.body) | resolve(module, local, value.orelse)
        if isinstance(value, ast.Subscript):
            return resolve(module, local, value.value)
        if isinstance(value, ast.Dict):
            return set().union(*(resolve(module, local, v) for v in value.values))
        if isinstance(value, ast.Name):
            if value.id in local:
                return local[value.id]
            if value.id in module_names[module]:
                return module_names[module][value.id]
            if value.id in imported[module]:
                source, original = imported[module][value.id]
                return module_names.get(source, {}).get(original, set())
        return set()

    recorders = {RECORDER}
    found: dict[str, list[str]] = {}
    unread: list[str] = []
    grown = True
    while grown:
        grown = False
        found.clear()
        unread.clear()
        for module, tree in trees.items():
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                parameters = {a.arg for a in [*function.args.args, *function.args.kwonlyargs]}
                local = _assigned(function)
                for call in ast.walk(function):
                    if not isinstance(call, ast.Call) or _called(call) not in recorders:
                        continue
                    place = f"{module}:{call.lineno}"
                    value = next((k.value for k in call.keywords if k.arg == "kind"), None)
                    if value is None:
                        unread.append(place)
                        continue
                    if (
                        isinstance(value, ast.Name)
                        and value.id in parameters
                        and value.id not in local
                    ):
                        if function.name not in recorders:
                            recorders.add(function.name)
                            grown = True
                        continue
                    kinds = resolve(module, local, value)
                    if not kinds:
                        unread.append(place)
                    for kind in kinds:
                        found.setdefault(kind, []).append(place)
    return found, unread, recorders


def test_every_kind_the_code_records_is_declared_with_a_title():
    found, unread, recorders = recorded_kinds()
    declared = {kind.kind for kind in event_kinds()}

    assert not unread, f"event_record calls whose kind cannot be read: {unread}"
    # The scan reads what it should: the certificate stages go through _move.
    assert "_move" in recorders
    assert {"certificate_signed", "role_granted", "result_recorded", "assigned"} <= set(found)
    undeclared = {kind: places for kind, places in found.items() if kind not in declared}
    assert not undeclared, f"recorded but not declared: {undeclared}"


def _samples(kind: EventKind) -> list[tuple[str, str]]:
    """(from, to) pairs to read the kind's words with: every pair of its states, if it has."""
    if kind.states is None:
        return [("", "")]
    values = ["", *kind.states.values]
    return [(start, end) for start in values for end in kind.states.values]


def test_every_declared_kind_reads_in_words_for_staff_and_for_the_candidate():
    assert len(event_kinds()) >= 40
    for kind in event_kinds():
        content_type = ContentType.objects.get_for_model(kind.subject)
        for start, end in _samples(kind):
            event = Event(content_type=content_type, kind=kind.kind, from_state=start, to_state=end)
            for for_candidate in (False, True):
                title = event_title(event, for_candidate=for_candidate)
                assert title.strip(), (kind.key, start, end)
                assert title != str(UNDECLARED_TITLE)
                assert "%(" not in title, title
                assert kind.kind not in title, title
                assert not re.search(r"\b[a-z]+_[a-z_]+\b", title), title  # no stored code


def test_event_record_refuses_a_kind_no_app_declares_for_the_subject():
    application = ApplicationFactory()
    before = Event.objects.count()

    with pytest.raises(EventKindUndeclared):
        event_record(subject=application, kind="note")
    with pytest.raises(EventKindUndeclared):  # declared for a session, not an application
        event_record(subject=application, kind="edited")

    assert Event.objects.count() == before


def test_the_same_kind_on_two_subjects_has_each_its_own_words():
    application = ApplicationFactory()
    session = a_session()

    on_application = event_record(
        subject=application, kind="status", to_state=ApplicationStatus.RETURNED
    )
    on_session = event_record(subject=session, kind="status", to_state="open")

    assert event_title(on_application) == "Status: Dikembalikan untuk perbaikan"
    assert event_title(on_application, for_candidate=True) == "Dikembalikan untuk perbaikan"
    assert event_title(on_session) == "Status menjadi “Dibuka untuk pemesanan”"


def test_a_row_of_a_kind_no_longer_declared_still_reads_in_words():
    application = ApplicationFactory()
    legacy = Event.objects.create(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=application.pk,
        kind="old_kind",
    )

    assert event_title(legacy) == "Peristiwa lain"


def test_a_kind_declared_twice_for_one_subject_stops_start_up(monkeypatch):
    from registration import events as registration_events

    again = EventKind(Application, "created", "Dibuat lagi")
    monkeypatch.setattr(
        registration_events, "EVENT_KINDS", [*registration_events.EVENT_KINDS, again]
    )
    try:
        with pytest.raises(ImproperlyConfigured, match="declared twice"):
            event_kinds_collect()
    finally:
        monkeypatch.undo()
        event_kinds_collect()


# --- No timeline shows a raw name ---------------------------------------------------------------


def _record_every_kind(subject) -> list[Event]:
    """One event of every kind declared for the subject's model, each with a state it may
    have (the last of its states: a problem state for some)."""
    events = []
    for kind in event_kinds():
        if kind.subject is not type(subject):
            continue
        end = kind.states.values[-1] if kind.states is not None else ""
        events.append(event_record(subject=subject, kind=kind.kind, to_state=end, note="catatan"))
    return events


def _titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<p class="timeline__title">([^<]+)</p>', response.content.decode())


def _declared_kind_names() -> set[str]:
    return {kind.kind for kind in event_kinds()}


def _assert_in_words(titles: list[str], events: list[Event], *, for_candidate=False):
    names = _declared_kind_names()
    assert titles
    for title in titles:
        assert title not in names, title
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", title), title
    for event in events:
        assert event_title(event, for_candidate=for_candidate) in titles, event.kind


def test_the_candidate_timeline_tells_every_kind_the_candidate_sees_in_words(client):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    events = _record_every_kind(application)
    assert {event.kind for event in events} >= {"seat_taken", "certificate_opened", "created"}

    client.force_login(application.candidate)
    titles = _titles(client.get(reverse("application")))

    seen = [event for event in events if event_candidate_sees(event)]
    _assert_in_words(titles, seen, for_candidate=True)
    hidden = [event_title(event) for event in events if not event_candidate_sees(event)]
    assert hidden
    assert not set(hidden) & set(titles)  # the seat's and the panel's own records


def test_the_verification_history_tells_every_application_kind_in_words(client, verifier):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    events = _record_every_kind(application)

    client.force_login(verifier)
    titles = _titles(client.get(reverse("verification_detail", args=[application.public_id])))

    _assert_in_words(titles, events)


def test_the_certificate_history_tells_every_certificate_kind_in_words(client, make_user):
    certificate = CertificateFactory()
    events = [
        event
        for event in _record_every_kind(certificate.application)
        if event.kind.startswith("certificate_")
    ]
    assert len(events) == 14

    client.force_login(make_user("petugas", Role.CERTIFICATE_OFFICER))
    titles = _titles(client.get(reverse("certificates_detail", args=[certificate.public_id])))

    _assert_in_words(titles, events)


def test_the_session_history_tells_every_session_kind_in_words(client, make_user):
    session = a_session()
    events = _record_every_kind(session)
    assert {event.kind for event in events} >= {"result_recorded", "results_published"}

    client.force_login(make_user("penjadwal", Role.SCHEDULER))
    titles = _titles(client.get(reverse("scheduling_session", args=[session.pk])))

    _assert_in_words(titles, events)


def test_the_complaint_history_tells_every_complaint_kind_in_words(client, make_user):
    complaint = a_complaint()
    events = _record_every_kind(Complaint.objects.get(pk=complaint.pk))

    client.force_login(make_user("pengelola", Role.COMPLAINT_HANDLER))
    titles = _titles(client.get(reverse("complaints_detail", args=[complaint.public_id])))

    _assert_in_words(titles, events)


def test_the_account_claim_history_tells_every_claim_kind_in_words(client, verifier):
    claim = AccountClaimFactory()
    events = _record_every_kind(AccountClaim.objects.get(pk=claim.pk))

    client.force_login(verifier)
    titles = _titles(client.get(reverse("verification_account_claim", args=[claim.public_id])))

    _assert_in_words(titles, events)


def test_every_subject_with_declared_kinds_has_a_history_tested_here():
    subjects = {kind.subject for kind in event_kinds()}
    user_model = apps.get_model(settings.AUTH_USER_MODEL)

    # Accounts' events are read in the admin only; every other subject has a page above, but the
    # engine's cases, whose words are tested in tests/casework/test_events.py, and an
    # institution's engagement and its asesi (tests/assessments/test_engagement_page.py). The
    # IP-ASN report shows its route (steps, who, when, notes) as its history on its pages
    # (tests/ipasn/test_staff_pages.py, test_operator_pages.py); its events and the edits of the
    # scoring tables are read in the admin's event log (tests/ipasn/test_ipasn_admin.py), and so
    # are a webhook subscription's and a delivery's (below).
    assert subjects - {user_model} == {
        Application,
        ExamSession,
        Complaint,
        AccountClaim,
        Case,
        Engagement,
        Participant,
        Report,
        ScoringDimension,
        ScoreRule,
        IndexCategory,
        Delivery,
        WebhookSubscription,
    }


# --- The admin's event log ----------------------------------------------------------------------


def _admin_kind_cells(response) -> list[str]:
    assert response.status_code == 200
    return [
        cell.strip()
        for cell in re.findall(
            r'<td class="field-kind_title">([^<]*)</td>', response.content.decode()
        )
    ]


def test_the_admin_event_log_shows_each_kind_by_its_declared_title(client, administrator):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    events = _record_every_kind(application) + _record_every_kind(AccountClaimFactory())
    client.force_login(administrator)

    cells = _admin_kind_cells(client.get(reverse("admin:portal_event_changelist")))
    detail = client.get(reverse("admin:portal_event_change", args=[events[0].pk]))

    _assert_in_words(cells, events)
    assert event_title(events[0]) in detail.content.decode()


def test_the_admin_event_log_tells_the_webhook_kinds_in_words(client, administrator):
    subscription, _secret = subscription_create(
        provider=ProviderFactory(),
        name="Arsip",
        url="https://penerima.example.test/webhook",
        event_types=["complaint.status"],
    )
    delivery = Delivery.objects.create(
        target=DeliveryTarget.WEBHOOK,
        subscription=subscription,
        provider=subscription.provider,
        stream="complaint:1",
        event_type="complaint.status",
        payload={},
    )
    events = _record_every_kind(subscription) + _record_every_kind(delivery)
    assert len(events) == 3
    client.force_login(administrator)

    cells = _admin_kind_cells(client.get(reverse("admin:portal_event_changelist")))

    _assert_in_words(cells, events)


def test_the_admin_filters_events_by_declared_kind_on_its_own_subject(client, administrator):
    application = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    claim = AccountClaimFactory()
    on_application = event_record(
        subject=application, kind="status", to_state=ApplicationStatus.VERIFIED
    )
    event_record(subject=AccountClaim.objects.get(pk=claim.pk), kind="status", to_state="approved")
    client.force_login(administrator)
    changelist = reverse("admin:portal_event_changelist")

    page = client.get(changelist).content.decode()
    filtered = client.get(changelist, {"jenis": "registration.application:status"})

    assert "Status: … (pengajuan)" in page  # the filter's choice, in words
    assert [event.pk for event in filtered.context["cl"].result_list] == [on_application.pk]
