"""Who reaches the intake pages: an institution's operators their own proposals, an employee
their own case; whoever operates no institution 403 on the proposal pages, another
institution's operator and another provider's staff 404 on every object of ours."""

import functools

import pytest
from django.urls import reverse

from casework.models import Institution, Proposal
from casework.services import intake
from portal.constants import Role
from portal.models import Service
from tests.casework.conftest import SEED_002, institution_make
from tests.casework.test_intake import RINA, proposal_complete
from tests.module_data import module_data
from tests.users import PASSWORD, user_make

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _sent_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The institution, its operator and their sent proposal of Rina and Budi, made once for
    the module (tests/module_data.py; uploading and sending its documents took seconds a test):
    their primary keys and the media folder holding the documents. No test here may need an
    empty proposal list (tests/casework/test_intake_proposal_create.py has those)."""

    def make(media) -> dict:
        certification = Service.objects.get(slug=SEED_002)
        institution = institution_make(
            functools.partial(user_make, password=PASSWORD), certification.provider
        )
        operator = institution.operators.get()
        proposal = proposal_complete(
            institution=institution, service=certification, operator=operator
        )
        intake.proposal_submit(proposal=proposal, actor=operator)
        return {"institution": institution.pk, "proposal": proposal.pk, "media": media}

    yield from module_data(django_db_blocker, tmp_path_factory.mktemp("sent"), make)


@pytest.fixture
def institution(_sent_once):
    """tests/casework/conftest.py's institution, made once for the module, read anew."""
    return Institution.objects.get(pk=_sent_once["institution"])


@pytest.fixture
def sent(_sent_once, settings):
    """A proposal of Rina and Budi, sent; its documents are the module's media files. Sending
    gave each case the account carrying its NIP, if one existed by then (a test asking for
    `candidate` first): so it does here."""
    storages = {**settings.STORAGES}
    storages["default"] = {
        **storages["default"],
        "OPTIONS": {"location": _sent_once["media"], "base_url": None},
    }
    settings.STORAGES = storages
    proposal = Proposal.objects.get(pk=_sent_once["proposal"])
    for case in proposal.cases.order_by("created_at", "pk"):
        intake._applicant_link(case)  # what proposal_submit did to each
    return proposal


@pytest.fixture
def draft(operator, institution, certification):
    return intake.proposal_create(institution=institution, service=certification, operator=operator)


def proposal_urls(proposal) -> dict[str, str]:
    case = proposal.cases.first()
    args = [proposal.public_id]
    return {
        "casework_proposal": reverse("casework_proposal", args=args),
        "casework_proposal_case_add": reverse("casework_proposal_case_add", args=args),
        "casework_proposal_upload": reverse(
            "casework_proposal_upload", args=[*args, "surat-usulan-pd"]
        ),
        "casework_proposal_submit": reverse("casework_proposal_submit", args=args),
        "casework_proposal_case_remove": reverse(
            "casework_proposal_case_remove", args=[*args, case.public_id]
        ),
    }


def case_urls(case) -> dict[str, str]:
    return {
        "casework_case": reverse("casework_case", args=[case.public_id]),
        "casework_case_upload": reverse("casework_case_upload", args=[case.public_id, "skp"]),
        "casework_case_resubmit": reverse("casework_case_resubmit", args=[case.public_id]),
        "casework_document": reverse("casework_document", args=[case.documents.first().public_id]),
    }


def answers(client, urls: dict[str, str]) -> dict[str, int]:
    """Each page's status: GET, or POST where the page takes only POST."""
    found = {}
    for name, url in urls.items():
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        if getattr(response, "streaming", False):
            # Read to its end: the test client's wrapper closes the file (closing the response
            # again would send request_finished, which closes the database connection).
            b"".join(response.streaming_content)
        found[name] = response.status_code
    return found


def test_who_operates_no_institution_gets_403_on_the_proposal_pages(client, outsider, sent):
    client.force_login(outsider)
    urls = {
        "casework_proposals": reverse("casework_proposals"),
        "casework_proposal_create": reverse("casework_proposal_create"),
        **proposal_urls(sent),
    }
    assert answers(client, urls) == dict.fromkeys(urls, 403)


def test_another_institutions_operator_gets_404_on_our_proposal_and_cases(
    client, other_operator, sent
):
    client.force_login(other_operator)
    urls = {**proposal_urls(sent), **case_urls(sent.cases.first())}
    assert answers(client, urls) == dict.fromkeys(urls, 404)
    listing = client.get(reverse("casework_proposals"))
    assert listing.status_code == 200
    assert RINA not in listing.text and str(sent.public_id) not in listing.text


def test_another_providers_staff_are_refused_everywhere(client, make_user, sent):
    stranger = make_user("staf-perpusnas", *Role, is_staff=True)  # every role, at Perpusnas
    client.force_login(stranger)
    case = sent.cases.first()
    proposal_pages = proposal_urls(sent)
    assert answers(client, proposal_pages) == dict.fromkeys(proposal_pages, 403)
    case_pages = case_urls(case)
    assert answers(client, case_pages) == dict.fromkeys(case_pages, 404)
    assert RINA not in client.get(reverse("casework_my_cases")).text


def test_the_providers_own_staff_use_their_own_pages_not_the_case_page(client, bkpsdm_staff, sent):
    client.force_login(bkpsdm_staff[Role.VERIFIER])
    case = sent.cases.first()
    assert client.get(reverse("casework_case", args=[case.public_id])).status_code == 404


def test_a_colleague_operator_of_the_same_institution_takes_over(
    client, make_user, institution, sent
):
    colleague = make_user("operator-dinkes-2")
    institution.operators.add(colleague)
    client.force_login(colleague)
    assert client.get(reverse("casework_proposal", args=[sent.public_id])).status_code == 200
    case = sent.cases.first()
    assert client.get(reverse("casework_case", args=[case.public_id])).status_code == 200


def test_the_employee_sees_their_own_case_only(client, candidate, sent):
    rina = sent.cases.get(nip=RINA)
    budi = sent.cases.exclude(nip=RINA).get()
    client.force_login(candidate)

    mine = client.get(reverse("casework_my_cases"))
    assert mine.status_code == 200
    assert reverse("casework_case", args=[rina.public_id]) in mine.text
    assert reverse("casework_case", args=[budi.public_id]) not in mine.text

    page = client.get(reverse("casework_case", args=[rina.public_id]))
    assert page.status_code == 200
    assert "Petugas melakukan pemeriksaan kelengkapan berkas" in page.text
    assert "Pilih berkas" not in page.text  # the proposer uploads, not the employee
    document = rina.documents.first()
    opened = client.get(reverse("casework_document", args=[document.public_id]))
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content).startswith(b"%PDF-")

    assert answers(client, case_urls(budi)) == dict.fromkeys(case_urls(budi), 404)
    assert client.post(case_urls(rina)["casework_case_upload"]).status_code == 403
    assert client.post(case_urls(rina)["casework_case_resubmit"]).status_code == 403


def test_staff_without_cases_see_an_empty_list(client, verifier):
    client.force_login(verifier)
    page = client.get(reverse("casework_my_cases"))
    assert page.status_code == 200
    assert "Belum ada permohonan layanan atas nama Anda." in page.text


def test_the_proposers_pages_answer_the_proposer(client, operator, draft):
    client.force_login(operator)
    assert client.get(reverse("casework_proposals")).status_code == 200
    assert client.get(reverse("casework_proposal", args=[draft.public_id])).status_code == 200
