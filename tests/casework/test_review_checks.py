"""The completeness check and the verification of seed 002 (steps 2 and 3): document verdicts,
"Lengkap" only when every document is valid, the return with the documents' reasons (the clock
pauses), a resubmission, the verification's accept (which starts the completion clock) and
rejection, and who may act."""

import hashlib

import pytest
from django.core.files.base import ContentFile

from casework.constants import CaseState, Verdict
from casework.exceptions import CaseError, CaseForbidden
from casework.models import CaseDocument
from casework.services.engine import case_submit
from casework.services.review import (
    case_check_accept,
    case_check_reject,
    case_check_return,
    document_verdict_set,
)
from portal.constants import Fulfilment, Role, StepKind
from portal.events import event_list
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


def upload(case, requirement, uploader, *, version=1) -> CaseDocument:
    """A document version as the intake stores one (a new version replaces the current)."""
    content = pdf_bytes()
    case.documents.filter(requirement=requirement, is_current=True).update(is_current=False)
    return CaseDocument.objects.create(
        case=case,
        requirement=requirement,
        version=version,
        file=ContentFile(content, name=f"{requirement.code}.pdf"),
        original_name=f"{requirement.code}.pdf",
        kind="pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=uploader,
    )


def submitted_case(make_case, operator, nip="198609262015052001", **fields):
    """A case with every required upload, sent by its operator: at the completeness check."""
    case = make_case(nip=nip, **fields)
    for requirement in case.service.requirements.filter(fulfilment=Fulfilment.UPLOAD):
        upload(case, requirement, operator)
    return case_submit(case=case, actor=operator)


def mark_all_valid(case, verifier) -> None:
    for document in case.documents.filter(is_current=True):
        document_verdict_set(document=document, actor=verifier, verdict=Verdict.VALID)


@pytest.fixture
def verifier(bkpsdm_staff):
    return bkpsdm_staff[Role.VERIFIER]


@pytest.fixture
def case(make_case, operator):
    return submitted_case(make_case, operator)


def test_the_file_is_complete_once_every_document_is_valid(case, verifier):
    mark_all_valid(case, verifier)

    case = case_check_accept(case=case, actor=verifier)

    assert case.step.kind == StepKind.VERIFICATION
    assert case.clock_started_at is None


def test_complete_is_refused_while_a_document_is_unchecked(case, verifier):
    first, *rest = case.documents.filter(is_current=True)
    for document in rest:
        document_verdict_set(document=document, actor=verifier, verdict=Verdict.VALID)

    with pytest.raises(CaseError, match=first.requirement.name[:20]):
        case_check_accept(case=case, actor=verifier)
    case.refresh_from_db()
    assert case.step.kind == StepKind.COMPLETENESS_CHECK


def test_complete_is_refused_while_a_document_needs_revision(case, verifier):
    mark_all_valid(case, verifier)
    skp = case.documents.get(requirement__code="skp")
    document_verdict_set(
        document=skp, actor=verifier, verdict=Verdict.NEEDS_REVISION, reason="SKP tahun lalu."
    )

    with pytest.raises(CaseError):
        case_check_accept(case=case, actor=verifier)


def test_complete_is_refused_while_a_required_document_is_missing(make_case, operator, verifier):
    case = make_case()
    for requirement in case.service.requirements.filter(fulfilment=Fulfilment.UPLOAD).exclude(
        code="skp"
    ):
        upload(case, requirement, operator)
    case = case_submit(case=case, actor=operator)
    mark_all_valid(case, verifier)

    with pytest.raises(CaseError, match="Sasaran Kinerja Pegawai"):
        case_check_accept(case=case, actor=verifier)


def test_a_revision_needs_a_reason(case, verifier):
    document = case.documents.first()

    with pytest.raises(CaseError):
        document_verdict_set(document=document, actor=verifier, verdict=Verdict.NEEDS_REVISION)
    document.refresh_from_db()
    assert document.verdict == Verdict.PENDING


def test_a_verdict_is_recorded_with_who_and_an_event(case, verifier):
    document = case.documents.get(requirement__code="skp")

    document_verdict_set(
        document=document, actor=verifier, verdict=Verdict.NEEDS_REVISION, reason="Tidak terbaca."
    )
    document_verdict_set(
        document=document, actor=verifier, verdict=Verdict.NEEDS_REVISION, reason="Tidak terbaca."
    )

    document.refresh_from_db()
    assert (document.verdict, document.reason, document.checked_by) == (
        Verdict.NEEDS_REVISION,
        "Tidak terbaca.",
        verifier,
    )
    # The second, identical click changed nothing.
    assert event_list(subject=case).filter(kind="document_checked").count() == 1


def test_a_replaced_version_takes_no_verdict(case, verifier, operator):
    old = case.documents.get(requirement__code="skp")
    upload(case, old.requirement, operator, version=2)

    with pytest.raises(CaseError, match="versi"):
        document_verdict_set(document=old, actor=verifier, verdict=Verdict.VALID)


def test_no_verdict_once_the_case_left_the_checking_steps(case, verifier):
    mark_all_valid(case, verifier)
    case = case_check_accept(case=case, actor=verifier)
    case = case_check_accept(case=case, actor=verifier)
    assert case.step.kind == StepKind.DECISION

    with pytest.raises(CaseError):
        document_verdict_set(
            document=case.documents.first(),
            actor=verifier,
            verdict=Verdict.NEEDS_REVISION,
            reason="Terlambat.",
        )


@pytest.mark.parametrize("who", ["operator", "signing_official", "perpusnas_verifier", "outsider"])
def test_only_the_steps_actor_checks_and_decides(
    case, who, verifier, operator, bkpsdm_staff, make_user
):
    people = {
        "operator": operator,
        "signing_official": bkpsdm_staff[Role.SIGNING_OFFICIAL],
        "perpusnas_verifier": make_user("verifikator-perpusnas", Role.VERIFIER),
        "outsider": make_user("orang-luar"),
    }
    with pytest.raises(CaseForbidden):
        document_verdict_set(
            document=case.documents.first(), actor=people[who], verdict=Verdict.VALID
        )
    with pytest.raises(CaseForbidden):
        case_check_return(case=case, actor=people[who], note="Coba.")
    mark_all_valid(case, verifier)
    with pytest.raises(CaseForbidden):
        case_check_accept(case=case, actor=people[who])
    case = case_check_accept(case=case, actor=verifier)
    with pytest.raises(CaseForbidden):
        case_check_reject(case=case, actor=people[who], reason="Coba.")
    assert case.state == CaseState.ACTIVE


def test_return_lists_the_documents_reasons_and_pauses_until_resubmission(case, verifier, operator):
    mark_all_valid(case, verifier)
    skp = case.documents.get(requirement__code="skp")
    document_verdict_set(
        document=skp,
        actor=verifier,
        verdict=Verdict.NEEDS_REVISION,
        reason="SKP belum dilampirkan.",
    )

    case = case_check_return(case=case, actor=verifier, note="Lengkapi paling lambat Jumat.")

    assert case.state == CaseState.RETURNED
    pause = case.pauses.get()
    assert pause.ended_at is None
    assert pause.reason == (
        "- Sasaran Kinerja Pegawai (SKP) terakhir: SKP belum dilampirkan.\n"
        "Lengkapi paling lambat Jumat."
    )
    # Waiting on the applicant: nobody checks meanwhile.
    with pytest.raises(CaseError):
        document_verdict_set(document=skp, actor=verifier, verdict=Verdict.VALID)

    replaced = upload(case, skp.requirement, operator, version=2)
    case = case_submit(case=case, actor=operator)
    assert case.state == CaseState.ACTIVE
    assert case.step.kind == StepKind.COMPLETENESS_CHECK
    assert case.pauses.get().ended_at is not None

    document_verdict_set(document=replaced, actor=verifier, verdict=Verdict.VALID)
    case = case_check_accept(case=case, actor=verifier)
    assert case.step.kind == StepKind.VERIFICATION


def test_return_needs_a_document_to_revise_or_a_note(case, verifier):
    with pytest.raises(CaseError):
        case_check_return(case=case, actor=verifier, note="  ")
    case.refresh_from_db()
    assert case.state == CaseState.ACTIVE


def test_verification_accepts_and_starts_the_completion_clock(case, verifier):
    mark_all_valid(case, verifier)
    case = case_check_accept(case=case, actor=verifier)

    case = case_check_accept(case=case, actor=verifier, note="Berkas lengkap dan benar.")

    assert case.step.kind == StepKind.DECISION
    assert case.clock_started_at is not None


def test_verification_may_return_the_case(case, verifier):
    mark_all_valid(case, verifier)
    case = case_check_accept(case=case, actor=verifier)

    case = case_check_return(case=case, actor=verifier, note="Jabatan pada SK tidak sesuai.")

    assert case.state == CaseState.RETURNED
    assert case.step.kind == StepKind.VERIFICATION


def test_verification_rejects_with_a_reason_and_the_case_ends(case, verifier):
    mark_all_valid(case, verifier)
    case = case_check_accept(case=case, actor=verifier)
    with pytest.raises(CaseError):
        case_check_reject(case=case, actor=verifier, reason="")

    case = case_check_reject(case=case, actor=verifier, reason="Bukan PNS aktif.")

    assert case.state == CaseState.REJECTED
    assert case.closed_at is not None


def test_the_completeness_check_cannot_reject(case, verifier):
    with pytest.raises(CaseError):
        case_check_reject(case=case, actor=verifier, reason="Tidak lengkap.")


def test_a_second_click_of_complete_does_not_accept_the_verification(case, verifier):
    mark_all_valid(case, verifier)
    step_id = case.step_id
    case_check_accept(case=case, actor=verifier, step_id=step_id)

    with pytest.raises(CaseError, match="berpindah langkah"):
        case_check_accept(case=case, actor=verifier, step_id=step_id)
    case.refresh_from_db()
    assert case.step.kind == StepKind.VERIFICATION
