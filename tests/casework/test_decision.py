"""The decision step of seed 002 (step 4): the BKPSDM's signing official lists a batch of cases
in one decision letter, rendered and signed after commit (PAdES), and each case moves on to the
exam; who may decide, a double POST, cases not waiting; who may read the letter."""

import datetime
import functools
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.constants import CaseState
from casework.exceptions import CaseError, CaseForbidden
from casework.letters import decision_letter_store
from casework.models import Case, DecisionLetter, Institution
from casework.services.decisions import decision_letter_create
from casework.services.review import case_check_accept
from casework.tasks import redrive_decision_letters
from portal.constants import Role, StepKind
from portal.models import Service
from tests.casework.conftest import SEED_002, bkpsdm_staff_make, case_make, institution_make
from tests.casework.test_review_checks import mark_all_valid, submitted_case
from tests.certificates.test_signing import assert_signed_pades, demo_p12, signing_key
from tests.module_data import module_data
from tests.users import PASSWORD, user_make

pytestmark = pytest.mark.django_db

__all__ = ["demo_p12", "signing_key"]  # fixtures
DECISIONS = reverse("casework_decisions")
DAY = datetime.date(2026, 3, 2)


def verified_case(make_case, operator, verifier, **fields):
    """A case through both checking steps: waiting at the decision step."""
    case = submitted_case(make_case, operator, **fields)
    mark_all_valid(case, verifier)
    case = case_check_accept(case=case, actor=verifier)
    return case_check_accept(case=case, actor=verifier)


@pytest.fixture
def official(bkpsdm_staff):
    return bkpsdm_staff[Role.SIGNING_OFFICIAL]


@pytest.fixture(scope="module")
def _waiting_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The BKPSDM's staff (tests/casework/conftest.py's), the institution with its operator and
    two cases through both checking steps, made once for the module (tests/module_data.py;
    walking the two cases took most of a test): their primary keys. The cases' documents are
    under the module's media folder, which no test here reads; each test's letters go to its
    own, as before."""

    def make(_media) -> dict:
        certification = Service.objects.get(slug=SEED_002)
        bkpsdm = certification.provider
        make = functools.partial(user_make, password=PASSWORD)
        staff = bkpsdm_staff_make(make, bkpsdm)
        institution = institution_make(make, bkpsdm)
        operator = institution.operators.get()
        make_case = functools.partial(case_make, certification=certification, operator=operator)
        waiting = waiting_make(make_case, operator, staff[Role.VERIFIER])
        return {
            "institution": institution.pk,
            "staff": {role: user.pk for role, user in staff.items()},
            "waiting": [case.pk for case in waiting],
        }

    yield from module_data(django_db_blocker, tmp_path_factory.mktemp("waiting"), make)


def waiting_make(make_case, operator, verifier) -> list:
    return [
        verified_case(make_case, operator, verifier),
        verified_case(
            make_case,
            operator,
            verifier,
            nip="199001152019031002",
            name="Agus Pratama, S.E.",
            birth_date=datetime.date(1990, 1, 15),
            sex="L",
        ),
    ]


@pytest.fixture(autouse=True)
def _connection_kept(monkeypatch):
    """A test closing a response (response.close()) sends request_finished, whose
    close_old_connections would close the database connection, and with it the module's
    transaction: kept open, as the test client keeps it during its requests."""
    monkeypatch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)


# Each test reads the module's rows anew: what it changes or caches on them stays its own.


@pytest.fixture
def institution(_waiting_once):
    return Institution.objects.get(pk=_waiting_once["institution"])


@pytest.fixture
def bkpsdm_staff(_waiting_once):
    """One account per acting role at the BKPSDM."""
    users = get_user_model().objects.in_bulk(_waiting_once["staff"].values())
    return {role: users[pk] for role, pk in _waiting_once["staff"].items()}


@pytest.fixture
def waiting(_waiting_once):
    cases = Case.objects.in_bulk(_waiting_once["waiting"])
    return [cases[pk] for pk in _waiting_once["waiting"]]


def _decide(official, cases, *, number="800/12/BKPSDM/2026", service=None):
    return decision_letter_create(
        service=service or cases[0].service,
        actor=official,
        case_ids=[case.pk for case in cases],
        number=number,
        decided_on=DAY,
    )


def _text(pdf: bytes) -> str:
    """The PDF's words, one space apart (a table cell wraps a name over lines)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_one_signed_letter_lists_the_batch_and_the_cases_move_to_the_exam(
    official, waiting, signing_key, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = _decide(official, waiting)

    letter.refresh_from_db()
    assert letter.signed_at is not None
    with letter.pdf.open("rb") as file:
        pdf = file.read()
    assert_signed_pades(pdf)
    text = _text(pdf)
    assert "Rina Wulandari" in text and "Agus Pratama" in text
    assert "800/12/BKPSDM/2026" in text
    for case in waiting:
        case.refresh_from_db()
        assert case.decision == letter
        assert (case.state, case.step.kind) == (CaseState.ACTIVE, StepKind.EXAM)


def test_rendering_twice_stores_the_letter_once(
    official, waiting, signing_key, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = _decide(official, waiting)
    letter.refresh_from_db()
    stored = letter.pdf.name

    assert decision_letter_store(letter_id=letter.pk) is False
    letter.refresh_from_db()
    assert letter.pdf.name == stored


def test_the_same_letter_sent_twice_is_made_once(official, waiting):
    first = _decide(official, waiting)

    second = _decide(official, waiting)

    assert second == first
    assert DecisionLetter.objects.count() == 1


def test_a_case_not_waiting_for_the_decision_is_refused_and_nothing_is_written(
    official, waiting, make_case, operator
):
    at_check = submitted_case(make_case, operator, nip="198609262015052003", name="Belum Lengkap")

    with pytest.raises(CaseError, match="Belum Lengkap"):
        _decide(official, [*waiting, at_check])

    assert not DecisionLetter.objects.exists()
    for case in waiting:
        case.refresh_from_db()
        assert case.step.kind == StepKind.DECISION


def test_a_number_already_used_is_refused(official, waiting):
    _decide(official, waiting[:1])

    with pytest.raises(CaseError, match="Nomor surat"):
        _decide(official, waiting[1:])


@pytest.mark.parametrize("who", ["verifier", "perpusnas_official", "operator"])
def test_only_the_services_signing_official_decides(
    waiting, who, bkpsdm_staff, operator, make_user
):
    people = {
        "verifier": bkpsdm_staff[Role.VERIFIER],
        "perpusnas_official": make_user("penandatangan-perpusnas", Role.SIGNING_OFFICIAL),
        "operator": operator,
    }

    with pytest.raises(CaseForbidden):
        _decide(people[who], waiting)
    assert not DecisionLetter.objects.exists()


def test_the_decisions_page_lists_the_waiting_cases_and_makes_the_letter(
    client, official, waiting, signing_key, django_capture_on_commit_callbacks
):
    client.force_login(official)
    page = client.get(DECISIONS)
    assert page.status_code == 200
    assert "Rina Wulandari" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            DECISIONS,
            {
                "layanan": waiting[0].service_id,
                "cases": [case.pk for case in waiting],
                "number": "800/13/BKPSDM/2026",
                "decided_on": "2026-03-02",
            },
        )

    assert response.status_code == 302
    letter = DecisionLetter.objects.get()
    assert letter.cases.count() == 2
    listing = client.get(response["Location"]).content.decode()
    assert reverse("casework_decision_letter", args=[letter.public_id]) in listing


def test_the_decisions_page_refuses_an_empty_choice(client, official, waiting):
    client.force_login(official)

    response = client.post(
        DECISIONS,
        {"layanan": waiting[0].service_id, "number": "800/14", "decided_on": "2026-03-02"},
    )

    assert response.status_code == 400
    assert "Pilih sedikitnya satu peserta" in response.content.decode()
    assert not DecisionLetter.objects.exists()


def test_another_providers_official_sees_no_case_on_the_decisions_page(client, waiting, make_user):
    client.force_login(make_user("penandatangan-perpusnas", Role.SIGNING_OFFICIAL))

    response = client.get(DECISIONS)

    assert response.status_code == 200
    assert "Rina Wulandari" not in response.content.decode()
    posted = client.post(
        DECISIONS,
        {
            "layanan": waiting[0].service_id,
            "cases": [waiting[0].pk],
            "number": "1",
            "decided_on": "2026-03-02",
        },
    )
    assert posted.status_code == 404
    assert not DecisionLetter.objects.exists()


@pytest.fixture
def signed_letter(official, waiting, signing_key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        letter = _decide(official, waiting)
    return letter


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("official", 200),
        ("verifier", 200),
        ("operator", 200),
        ("employee", 200),
        ("perpusnas_official", 404),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_the_letter_is_read_by_its_services_staff_and_its_cases_people_only(
    client, signed_letter, waiting, who, status, official, bkpsdm_staff, operator, make_user
):
    employee = make_user("rina", nip=waiting[0].nip)
    waiting[0].__class__.objects.filter(pk=waiting[0].pk).update(applicant=employee)
    people = {
        "official": official,
        "verifier": bkpsdm_staff[Role.VERIFIER],
        "operator": operator,
        "employee": employee,
        "perpusnas_official": make_user("penandatangan-perpusnas", Role.SIGNING_OFFICIAL),
        "outsider": make_user("orang-luar"),
    }
    if who != "anonymous":
        client.force_login(people[who])

    response = client.get(reverse("casework_decision_letter", args=[signed_letter.public_id]))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    response.close()


def test_a_letter_left_unsigned_is_rendered_by_the_redrive(
    official, waiting, settings, signing_key, django_capture_on_commit_callbacks
):
    key = settings.CERT_SIGNING_P12
    settings.CERT_SIGNING_P12 = ""  # no key yet: the rendering fails, the letter waits
    with django_capture_on_commit_callbacks(execute=True):
        letter = _decide(official, waiting)
    letter.refresh_from_db()
    assert not letter.pdf and letter.signed_at is None
    assert redrive_decision_letters() == 0  # too recent: its own task may still be running

    DecisionLetter.objects.filter(pk=letter.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    settings.CERT_SIGNING_P12 = key

    assert redrive_decision_letters() == 1
    letter.refresh_from_db()
    assert letter.signed_at is not None
    with letter.pdf.open("rb") as file:
        assert_signed_pades(file.read())
