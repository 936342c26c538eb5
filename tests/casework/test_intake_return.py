"""A case returned for revision, as its operator and the BKPSDM's verifier see it: the reasons,
the one document that may be replaced, the resubmission, and the case pages' reads. Rina's case
is made and returned once for the module (tests/module_data.py); tests/casework/test_intake.py
has the intake itself."""

import functools

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.constants import CaseState, Verdict
from casework.models import Case, Institution
from casework.services import intake
from casework.services.engine import case_return
from portal.constants import Role, StepKind
from portal.models import Service
from tests.casework.conftest import SEED_002, bkpsdm_staff_make, institution_make
from tests.casework.test_intake import RINA, proposal_complete
from tests.factories import pdf_bytes
from tests.module_data import module_data
from tests.users import PASSWORD, user_make

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _returned_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The institution with its operator, the BKPSDM's staff (tests/casework/conftest.py's) and
    Rina's case, sent with every document and returned by the verifier: their primary keys and
    the media folder holding the documents (sending and returning took 3 s a test)."""

    def make(media) -> dict:
        certification = Service.objects.get(slug=SEED_002)
        bkpsdm = certification.provider
        make = functools.partial(user_make, password=PASSWORD)
        staff = bkpsdm_staff_make(make, bkpsdm)
        institution = institution_make(make, bkpsdm)
        operator = institution.operators.get()
        case = returned_case_make(
            operator=operator, institution=institution, certification=certification, staff=staff
        )
        return {
            "institution": institution.pk,
            "staff": {role: user.pk for role, user in staff.items()},
            "case": case.pk,
            "media": media,
        }

    yield from module_data(django_db_blocker, tmp_path_factory.mktemp("returned"), make)


def returned_case_make(*, operator, institution, certification, staff) -> Case:
    """Rina's case, returned by the verifier: her SKP needs revision, the rest is valid."""
    proposal = proposal_complete(
        institution=institution, service=certification, operator=operator, nips=[RINA]
    )
    intake.proposal_submit(proposal=proposal, actor=operator)
    case = proposal.cases.get()
    case.documents.update(verdict=Verdict.VALID)
    case.documents.filter(requirement__code="skp").update(
        verdict=Verdict.NEEDS_REVISION, reason="SKP tahun 2025 belum ditandatangani atasan."
    )
    return case_return(case=case, actor=staff[Role.VERIFIER], reason="SKP perlu diganti.")


# Each test reads the module's rows anew: what it changes or caches on them stays its own.


@pytest.fixture
def institution(_returned_once):
    return Institution.objects.get(pk=_returned_once["institution"])


@pytest.fixture
def bkpsdm_staff(_returned_once):
    """One account per acting role at the BKPSDM."""
    users = get_user_model().objects.in_bulk(_returned_once["staff"].values())
    return {role: users[pk] for role, pk in _returned_once["staff"].items()}


@pytest.fixture
def returned_case(_returned_once, settings):
    """Rina's case, returned by the verifier; its documents are the module's media files."""
    storages = {**settings.STORAGES}
    storages["default"] = {
        **storages["default"],
        "OPTIONS": {"location": _returned_once["media"], "base_url": None},
    }
    settings.STORAGES = storages
    return Case.objects.get(pk=_returned_once["case"])


def test_operator_sees_the_reasons_of_a_return(client, operator, returned_case):
    client.force_login(operator)
    page = client.get(reverse("casework_case", args=[returned_case.public_id]))
    assert "SKP perlu diganti." in page.text
    assert "SKP tahun 2025 belum ditandatangani atasan." in page.text
    assert "Ajukan kembali" in page.text


def test_only_documents_needing_revision_are_replaced(client, operator, returned_case):
    client.force_login(operator)
    sk = returned_case.service.requirements.get(code="sk-pangkat")
    response = client.post(
        reverse("casework_case_upload", args=[returned_case.public_id, sk.code]),
        {"file": SimpleUploadedFile("sk.pdf", pdf_bytes())},
    )
    assert response.status_code == 400
    assert "Hanya berkas yang diminta diperbaiki yang dapat diganti." in response.text
    assert returned_case.documents.filter(requirement=sk).count() == 1


def test_replacing_the_returned_document_and_resubmitting_closes_the_pause(
    client, operator, returned_case
):
    client.force_login(operator)
    resubmit = reverse("casework_case_resubmit", args=[returned_case.public_id])
    refused = client.post(resubmit)
    assert refused.status_code == 400
    assert "Berkas perlu diganti: Sasaran Kinerja Pegawai (SKP) terakhir" in refused.text

    skp = returned_case.service.requirements.get(code="skp")
    upload = reverse("casework_case_upload", args=[returned_case.public_id, skp.code])
    assert client.post(upload, {"file": SimpleUploadedFile("skp.pdf", pdf_bytes())}).status_code
    versions = list(returned_case.documents.filter(requirement=skp).order_by("version"))
    assert [(d.version, d.is_current, d.verdict) for d in versions] == [
        (1, False, Verdict.NEEDS_REVISION),
        (2, True, Verdict.PENDING),
    ]

    assert client.post(resubmit).status_code == 302
    returned_case.refresh_from_db()
    assert returned_case.state == CaseState.ACTIVE
    assert returned_case.step.kind == StepKind.COMPLETENESS_CHECK
    assert returned_case.pauses.get().ended_at is not None


def _columns(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_the_case_pages_compiled_reads_give_what_the_orm_gives(
    operator, returned_case, bkpsdm_staff, django_assert_num_queries
):
    """casework.selectors compiles the case pages' queries once per process: each answer equals
    the ORM's (the rows, their joined rows), and a row's .case is the case, read again by no
    query."""
    from casework import selectors

    verifier = bkpsdm_staff[Role.VERIFIER]
    joined = ["service__provider", "service__completion_limit", "step", "rank"]
    orm = Case.objects.select_related(*joined, "proposal__institution").get(
        public_id=returned_case.public_id
    )
    for case in (
        selectors.case_for_staff(public_id=returned_case.public_id, user=verifier),
        selectors.case_for_page(public_id=returned_case.public_id, user=operator),
    ):
        assert _columns(case) == _columns(orm)
        with django_assert_num_queries(0):
            assert _columns(case.service.provider) == _columns(orm.service.provider)
            assert _columns(case.service.completion_limit) == _columns(orm.service.completion_limit)
            assert _columns(case.step) == _columns(orm.step)
            assert _columns(case.rank) == _columns(orm.rank)
            assert case.proposal.institution.name == orm.proposal.institution.name
    assert selectors.case_for_staff(public_id=returned_case.public_id, user=operator) is None

    case = selectors.case_for_staff(public_id=returned_case.public_id, user=verifier)
    timeline = selectors.case_timeline(case=case)
    runs = [run for entry in timeline.steps for run, _clock in entry.runs]
    orm_runs = list(orm.runs.select_related("step", "actor").order_by("started_at", "pk"))
    assert sorted(map(_columns, runs), key=lambda row: row["id"]) == sorted(
        map(_columns, orm_runs), key=lambda row: row["id"]
    )
    assert [step.pk for step in case.service.steps.all()] == list(
        orm.service.steps.order_by("order").values_list("pk", flat=True)
    )
    assert _columns(timeline.open_pause) == _columns(orm.pauses.get(ended_at__isnull=True))
    slots = selectors.case_document_slots(case=case)
    requirements = orm.service.requirements.filter(fulfilment="upload").order_by("order", "pk")
    assert [slot.requirement.pk for slot in slots] == [r.pk for r in requirements]
    documents = [doc for slot in slots for doc in [slot.current, *slot.older] if doc]
    orm_documents = orm.documents.select_related("checked_by")
    assert sorted(map(_columns, documents), key=lambda row: row["id"]) == sorted(
        map(_columns, orm_documents), key=lambda row: row["id"]
    )
    assert [r.pk for r in intake.uploadable_requirements(orm.service)] == list(
        intake.uploadable_requirements_query(orm.service).values_list("pk", flat=True)
    )
    with django_assert_num_queries(0):
        assert all(row.case is case for row in [*runs, *documents, timeline.open_pause])
        assert all(step.service is case.service for step in case.service.steps.all())


def test_the_case_pages_read_the_pause_and_the_completion_limit_with_the_timeline(
    client, operator, returned_case, bkpsdm_staff, django_assert_max_num_queries
):
    """The returned case's reason comes from the timeline's pauses, the service's steps are read
    once and its completion limit is joined to the case: no query of their own."""
    client.force_login(operator)
    url = reverse("casework_case", args=[returned_case.public_id])
    client.get(url)  # the session and the provider's cached parts, as on any later visit
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert "SKP perlu diganti." in page.text
    client.force_login(bkpsdm_staff[Role.VERIFIER])
    url = reverse("casework_staff_case", args=[returned_case.public_id])
    client.get(url)
    with django_assert_max_num_queries(11):
        page = client.get(url)
    assert "SKP perlu diganti." in page.text
