""" "May this person do this now?" for certificates: one predicate per rule in
certificates.workflow, its truth table, and the staff and candidate pages offering an action
exactly when the service accepts it."""

import functools
from itertools import product

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from certificates import workflow
from certificates.constants import CertificateStatus as C
from certificates.constants import FileState
from certificates.exceptions import CertificateError
from certificates.models import Certificate
from certificates.services import (
    certificate_confirm,
    certificate_correction_request,
    certificate_data_update,
    certificate_deliver,
)
from portal.constants import Role
from portal.models import Service
from registration.models import Application
from tests.certificates.test_services import ACTIONS, madya_to_utama
from tests.factories import SERVICE_SLUG
from tests.module_data import module_data
from tests.users import PASSWORD, one_user_per_role, user_make

pytestmark = pytest.mark.django_db

OWNER = "owner"
OTHER = "another candidate"
PEOPLE = [OWNER, OTHER, *Role]


@pytest.fixture(scope="module")
def _people_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The candidate, another candidate and one user per staff role, made once for the module's
    278 tests (tests/module_data.py): their primary keys."""

    def users(_media) -> dict:
        make = functools.partial(user_make, password=PASSWORD)
        made = {
            OWNER: make(
                "198609262015052001", nip="198609262015052001", first_name="Rina Wulandari"
            ),
            OTHER: make("199203142019032001", nip="199203142019032001"),
        }
        made.update(one_user_per_role(make))
        return {who: user.pk for who, user in made.items()}

    yield from module_data(django_db_blocker, tmp_path_factory.mktemp("people"), users)


@pytest.fixture
def people(_people_once):
    """Each user read anew, so what a test caches on one (its roles) stays in that test."""
    users = get_user_model().objects.in_bulk(_people_once.values())
    return {who: users[pk] for who, pk in _people_once.items() if who != OWNER}


@pytest.fixture
def candidate(_people_once):
    """tests/conftest.py's candidate, made once for the module."""
    return get_user_model().objects.get(pk=_people_once[OWNER])


def person(people, who, certificate):
    return certificate.application.candidate if who == OWNER else people[who]


def in_memory(status, owner, *, revoked=False, **fields) -> Certificate:
    """An unsaved certificate: the predicates read its fields only."""
    return Certificate(
        application=Application(candidate=owner, service=Service.objects.get(slug=SERVICE_SLUG)),
        status=status,
        revoked_at=timezone.now() if revoked else None,
        **fields,
    )


# --- Truth tables -----------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "to"), list(product(C.values, C.values)))
def test_a_certificate_moves_along_the_table_by_the_role_named_for_the_step_until_revoked(
    people, candidate, start, to
):
    for who, revoked in product(PEOPLE, [False, True]):
        user = candidate if who == OWNER else people[who]
        certificate = in_memory(start, candidate, revoked=revoked, pdf_state=FileState.READY)

        refusal = workflow.transition_refusal(certificate, to, user)

        kinds = {workflow.CANDIDATE} if who == OWNER else {str(who)} if who in Role else set()
        named = (
            bool(workflow.actor_kinds(start, to) & kinds) if workflow.allowed(start, to) else False
        )
        assert (refusal is None) is (named and not revoked), (who, revoked)
        assert refusal is None or isinstance(refusal, CertificateError)


@pytest.mark.parametrize("correction", ["", "Gelar belakang kurang M.Hum."])
@pytest.mark.parametrize("pdf_state", FileState.values)
def test_validation_waits_for_the_correction_and_legalisation_for_the_signed_pdf(
    people, candidate, correction, pdf_state
):
    officer = people[Role.CERTIFICATE_OFFICER]
    checked = in_memory(C.DATA_CHECK, candidate, correction_request=correction)
    signed = in_memory(C.LEGALISATION, candidate, pdf_state=pdf_state)

    validate = workflow.transition_refusal(checked, C.ISSUANCE, officer)
    legalise = workflow.transition_refusal(signed, C.SHIPPING, officer)

    assert (validate is None) is (not correction)
    assert (legalise is None) is (pdf_state == FileState.READY)


@pytest.mark.parametrize("status", C.values)
def test_a_certificate_officer_corrects_the_data_while_it_is_checked(people, candidate, status):
    for who, revoked in product(PEOPLE, [False, True]):
        user = candidate if who == OWNER else people[who]

        refusal = workflow.data_edit_refusal(in_memory(status, candidate, revoked=revoked), user)

        expected = who == Role.CERTIFICATE_OFFICER and status == C.DATA_CHECK and not revoked
        assert (refusal is None) is expected, (who, revoked)


@pytest.mark.parametrize("status", C.values)
def test_the_owner_answers_the_data_check_while_it_is_checked_and_confirms_once(
    people, candidate, status
):
    for who, revoked, confirmed in product(
        [OWNER, OTHER, Role.CERTIFICATE_OFFICER], [False, True], [False, True]
    ):
        user = candidate if who == OWNER else people[who]
        certificate = in_memory(
            status,
            candidate,
            revoked=revoked,
            candidate_confirmed_at=timezone.now() if confirmed else None,
        )

        check = workflow.data_check_refusal(certificate, user)
        confirm = workflow.confirm_refusal(certificate, user)

        may_check = who == OWNER and status == C.DATA_CHECK and not revoked
        assert (check is None) is may_check, (who, revoked, confirmed)
        assert (confirm is None) is (may_check and not confirmed), (who, revoked, confirmed)


# --- The pages offer an action exactly when the service accepts it ------------------------------


class _Tried(Exception):
    pass


def accepted(call) -> bool:
    """Whether the service accepts the call (rolled back either way; a batch of one counts as
    refused when it reports a refusal)."""
    try:
        with transaction.atomic():
            result = call()
            if getattr(result, "refused", None):
                raise CertificateError(result.refused[0][1])
            raise _Tried
    except _Tried:
        return True
    except CertificateError:
        return False


# The page's action names, and the transitions each stands for.
PAGE_ACTIONS = {
    "validate": [(C.DATA_CHECK, C.ISSUANCE)],
    "issue": [(C.ISSUANCE, C.SIGNING), (C.ISSUANCE, C.DISPOSITION)],
    "dispose": [(C.DISPOSITION, C.SIGNING)],
    "sign": [(C.SIGNING, C.LEGALISATION)],
    "legalise": [(C.LEGALISATION, C.SHIPPING)],
    "ship": [(C.SHIPPING, C.SENT)],
    "deliver": [(C.SENT, C.DELIVERED)],
}
STAFF = [Role.CERTIFICATE_OFFICER, Role.BKPSDM_OFFICER, Role.SIGNING_OFFICIAL]
CASES = [
    {},
    {"correction_request": "Tempat lahir seharusnya Sleman."},
    {"pdf_state": FileState.PENDING},
    {"revoked_at": timezone.now()},
]


def _certificate(make_certificate, status, fields):
    application = madya_to_utama() if status == C.DISPOSITION else None
    values = {"pdf_state": FileState.READY, **fields}
    if status in (C.SENT, C.DELIVERED):  # shipped: the parcel is recorded
        values.update(courier="Pos Indonesia", tracking_number="P1", sent_on=timezone.localdate())
    return make_certificate(status=status, application=application, **values)


@pytest.mark.parametrize(("status", "who", "case"), list(product(C.values, STAFF, range(4))))
def test_the_staff_page_offers_an_action_exactly_when_the_service_accepts_it(
    client, people, make_certificate, status, who, case
):
    certificate = _certificate(make_certificate, status, CASES[case])
    client.force_login(people[who])

    response = client.get(reverse("certificates_detail", args=[certificate.public_id]))
    if response.status_code == 404:  # not theirs to see at this stage
        return
    offered = response.context["allowed"]

    for action, transitions in PAGE_ACTIONS.items():
        service_accepts = any(
            pair[0] == status
            and accepted(
                lambda pair=pair: ACTIONS[pair](
                    Certificate.objects.get(pk=certificate.pk), people[who]
                )
            )
            for pair in transitions
        )
        assert (action in offered) is service_accepts, action


@pytest.mark.parametrize(("status", "case"), list(product(C.values, range(4))))
def test_the_officer_may_edit_the_data_on_the_page_exactly_when_the_service_accepts_it(
    client, people, make_certificate, status, case
):
    certificate = _certificate(make_certificate, status, CASES[case])
    officer = people[Role.CERTIFICATE_OFFICER]
    client.force_login(officer)

    response = client.get(reverse("certificates_detail", args=[certificate.public_id]))

    shown = response.context["data_form"] is not None
    assert shown is accepted(
        lambda: certificate_data_update(
            certificate=Certificate.objects.get(pk=certificate.pk),
            actor=officer,
            data={"birth_place": "Sleman"},
        )
    )


@pytest.mark.parametrize(("status", "case"), list(product(C.values, range(4))))
@pytest.mark.parametrize("confirmed", [False, True])
def test_the_candidate_page_offers_the_answers_exactly_when_the_service_accepts_them(
    client, make_certificate, status, case, confirmed
):
    fields = dict(CASES[case])
    if confirmed:
        fields["candidate_confirmed_at"] = timezone.now()
    certificate = _certificate(make_certificate, status, fields)
    owner = certificate.application.candidate
    client.force_login(owner)

    html = client.get(reverse("certificate_mine")).content.decode()

    def fresh():
        return Certificate.objects.get(pk=certificate.pk)

    for name, call in (
        ("certificate_confirm", lambda: certificate_confirm(certificate=fresh(), actor=owner)),
        (
            "certificate_correction",
            lambda: certificate_correction_request(
                certificate=fresh(), actor=owner, note="Nama kurang gelar."
            ),
        ),
        ("certificate_received", lambda: certificate_deliver(certificate=fresh(), actor=owner)),
    ):
        shown = f'action="{reverse(name, args=[certificate.public_id])}"' in html
        assert shown is accepted(call), name
