"""What may happen to a case, by the kind of the step it is at, and who may do it.

A step's kind (portal.constants.StepKind) fixes the actions the engine offers at it; the
step's actor (portal.ServiceStep.actor: the applicant, the institution's operator, or a staff
role) fixes who takes them. ACTIONS is the table, one row per kind; a test walks every allowed
and every forbidden pair. `*_refusal` predicates return the error the service raises, or None:
pages ask them to show a button, casework.services asks them to refuse.
"""

from enum import StrEnum

from django.utils.translation import gettext as _

from casework.constants import CaseState, Verdict
from casework.exceptions import CaseError, CaseForbidden
from portal.constants import Role, StepActor, StepKind
from portal.roles import holds_role_for_service, not_appointed_message, signing_office
from registration.conflicts import conflict_reason_for


class Action(StrEnum):
    SUBMIT = "submit"  # send the file (first time, or again after a return)
    ACCEPT = "accept"  # the step's check passed: on to the next step
    RETURN = "return"  # back to the applicant for revision, with reasons (the clock pauses)
    REJECT = "reject"  # the case ends here
    DECIDE = "decide"  # listed in a signed decision letter (casework.services.decisions)
    ATTEND = "attend"  # examined in an exam session
    ASSESS = "assess"  # the assessors' result
    ISSUE = "issue"  # the portal renders and signs the step's product
    RECORD = "record"  # a product issued elsewhere is recorded with its scan
    HAND_OVER = "hand_over"  # handed over, with the receipt


ACTIONS: dict[str, frozenset[Action]] = {
    StepKind.SUBMISSION: frozenset({Action.SUBMIT}),
    StepKind.COMPLETENESS_CHECK: frozenset({Action.ACCEPT, Action.RETURN}),
    StepKind.VERIFICATION: frozenset({Action.ACCEPT, Action.RETURN, Action.REJECT}),
    StepKind.APPROVAL: frozenset({Action.ACCEPT, Action.REJECT}),
    StepKind.DECISION: frozenset({Action.DECIDE}),
    StepKind.SCHEDULING: frozenset({Action.ACCEPT}),
    StepKind.EXAM: frozenset({Action.ATTEND}),
    StepKind.ASSESSMENT: frozenset({Action.ASSESS}),
    StepKind.ISSUANCE: frozenset({Action.ISSUE}),
    StepKind.EXTERNAL_PRODUCT: frozenset({Action.RECORD}),
    StepKind.HANDOVER: frozenset({Action.HAND_OVER}),
    # An institution's engagement (seed 004) runs on its own pages (app `assessments`): the
    # engine offers no action at these kinds.
    StepKind.COOPERATION: frozenset(),
    StepKind.AGREEMENT: frozenset(),
    StepKind.PARTICIPANT_LIST: frozenset(),
    StepKind.E_REGISTRATION: frozenset(),
    StepKind.PAYMENT: frozenset(),
    StepKind.REPORT: frozenset(),
    # A Perangkat Daerah's IP-ASN report (seed 003) runs on its own pages (app `ipasn`).
    StepKind.ROUTING: frozenset(),
    StepKind.PROCESSING: frozenset(),
    StepKind.EXTERNAL_UPLOAD: frozenset(),
}

# The states in which a case's current step may be acted on. A returned case waits on the
# applicant: only a resubmission moves it.
ACTIVE_STATES = frozenset({CaseState.ACTIVE})


def allowed(kind: str, action: Action) -> bool:
    return action in ACTIONS.get(kind, frozenset())


def is_step_actor(user, case, actor: str) -> bool:
    """Does `user` act as `actor` (a ServiceStep.actor value) on this case?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if actor == StepActor.APPLICANT:
        return case.applicant_id is not None and case.applicant_id == user.pk
    if actor == StepActor.INSTITUTION:
        return is_case_proposer(user, case)
    if actor in Role.values:
        return holds_role_for_service(user, Role(actor), case.service)
    return False


def is_case_proposer(user, case) -> bool:
    """The operator of the institution that proposed the case (any operator of it, so a
    colleague can take over), or the person who submitted it themself."""
    if case.proposal_id is None:
        return case.submitted_by_id == user.pk
    # Asked again by the page that asked it to let the reader in (visibility, then the upload
    # forms): kept on the case object, which lives as long as the request that loaded it.
    known = case.__dict__.setdefault("_proposer_ids", {})
    if user.pk not in known:
        known[user.pk] = case.proposal.institution.operators.filter(pk=user.pk).exists()
    return known[user.pk]


def may_submit(user, case) -> bool:
    """The applicant sends their own case; the proposer sends what they proposed."""
    return is_case_proposer(user, case) or (
        case.applicant_id is not None and case.applicant_id == user.pk
    )


def step_action_refusal(case, user, action: Action) -> Exception | None:
    """May `user` take `action` on the case at its current step now?"""
    if action == Action.SUBMIT:
        if not may_submit(user, case):
            return CaseForbidden(_("Anda tidak dapat mengajukan permohonan ini."))
        if case.state not in {CaseState.DRAFT, CaseState.RETURNED}:
            return CaseError(_("Permohonan ini sudah diajukan."))
        return None
    step = case.step
    if step is None or case.state not in ACTIVE_STATES:
        return CaseError(_("Permohonan ini tidak sedang menunggu tindakan petugas."))
    if not allowed(step.kind, action):
        return CaseError(
            _("Tindakan ini tidak tersedia pada langkah “%(step)s”.") % {"step": step.name}
        )
    if not is_step_actor(user, case, step.actor):
        return CaseForbidden(
            _("Langkah “%(step)s” dikerjakan oleh %(actor)s.")
            % {"step": step.name, "actor": step.get_actor_display()}
        )
    if refusal := conflict_refusal(case, user):
        return refusal
    if action in SIGNED_ACTIONS:
        return signing_refusal(user, case.service, step)
    return None


# The actions whose document prints the signing office and its holder's name (a decision
# letter, a Surat Keterangan Hasil).
SIGNED_ACTIONS = frozenset({Action.DECIDE, Action.ISSUE})


def signing_refusal(user, service, step) -> Exception | None:
    """A step done by the signing official signs in the office the provider appointed `user`
    to (portal.roles.signing_office): the role alone does not let anyone sign in it."""
    if step.actor == Role.SIGNING_OFFICIAL and signing_office(user, service.provider_id) is None:
        return CaseForbidden(not_appointed_message())
    return None


def acting_roles(user, service) -> set[Role]:
    """The staff roles in which `user` acts at some step of the service (held at its provider,
    or for it only)."""
    if not (user.is_authenticated and user.is_active):
        return set()
    return {
        Role(step.actor)
        for step in service.steps.all()
        if step.actor in Role.values and holds_role_for_service(user, Role(step.actor), service)
    }


def staff_may_see(user, case) -> bool:
    """Staff see the cases of the services where they act at some step (at the provider, or for
    this service only). An assessor who acts at no other step sees only the participants of
    the exam sessions they sit on, as in the librarian exam: not every applicant's documents."""
    roles = acting_roles(user, case.service)
    if roles - {Role.ASSESSOR}:
        return True
    if not roles or case.exam_session_id is None:
        return False
    return case.exam_session.assessors.filter(pk=user.pk).exists()


def case_visible_to(user, case) -> bool:
    """Who may see a case and its files: its proposer, the employee themself, and staff who act
    on its service. Anyone else gets 404, so a guessed address tells nothing."""
    if not (user.is_authenticated and user.is_active):
        return False
    if case.applicant_id is not None and case.applicant_id == user.pk:
        return True
    return is_case_proposer(user, case) or staff_may_see(user, case)


# --- Review: the completeness check and the verification (casework.services.review) ---------

# The step kinds at which staff check the documents one by one.
CHECKING_KINDS = frozenset({StepKind.COMPLETENESS_CHECK, StepKind.VERIFICATION})


def document_check_refusal(case, user) -> Exception | None:
    """May `user` give a verdict on the case's documents now: the case waits at a checking
    step (not returned, not closed) and `user` acts at that step."""
    step = case.step
    if step is None or case.state not in ACTIVE_STATES or step.kind not in CHECKING_KINDS:
        return CaseError(_("Berkas permohonan ini tidak sedang diperiksa."))
    if not is_step_actor(user, case, step.actor):
        return CaseForbidden(
            _("Langkah “%(step)s” dikerjakan oleh %(actor)s.")
            % {"step": step.name, "actor": step.get_actor_display()}
        )
    return conflict_refusal(case, user)


def conflict_refusal(case, user) -> Exception | None:
    """Nobody verifies, validates or signs for the case of an employee they conflict with
    (registration.conflicts): themself, a declared relative, or someone of their work unit (at
    the proposing institution, when the staff member declared their agency)."""
    institution = case.proposal.institution.name if case.proposal_id else ""
    reason = conflict_reason_for(
        staff=user,
        nip=case.nip,
        work_unit=case.work_unit,
        institution=institution,
        user_id=case.applicant_id,
    )
    if reason:
        return CaseForbidden(
            _("Konflik kepentingan: %(reason)s. Permohonan ini dikerjakan petugas lain.")
            % {"reason": reason}
        )
    return None


def documents_complete_refusal(*, required, documents) -> Exception | None:
    """May the file be declared complete: every required upload (`required`, Requirements) has a
    current document, and every current document (`documents`) is marked valid."""
    held = {document.requirement_id: document for document in documents}
    missing = [requirement.name for requirement in required if requirement.pk not in held]
    if missing:
        return CaseError(
            _("Berkas belum lengkap: %(names)s belum diunggah. Kembalikan permohonan ini.")
            % {"names": "; ".join(missing)}
        )
    unchecked = [d.requirement.name for d in documents if d.verdict != Verdict.VALID]
    if unchecked:
        return CaseError(
            _("Setiap berkas harus dinyatakan sesuai lebih dahulu. Belum sesuai: %(names)s.")
            % {"names": "; ".join(unchecked)}
        )
    return None


def decision_refusal(*, service, user) -> Exception | None:
    """May `user` list this service's cases in a decision letter: the service has a decision
    step and `user` holds its role for the service."""
    steps = [step for step in service.steps.all() if step.kind == StepKind.DECISION]
    if not steps:
        return CaseError(_("Layanan ini tidak memiliki langkah penetapan peserta."))
    step = steps[0]
    if step.actor not in Role.values or not holds_role_for_service(user, Role(step.actor), service):
        return CaseForbidden(
            _("Penetapan peserta layanan ini dilakukan oleh %(actor)s.")
            % {"actor": step.get_actor_display()}
        )
    return signing_refusal(user, service, step)


def staff_acts_on_service(user, service) -> bool:
    """Does `user` act at some step of the service (at its provider, or for it only)?"""
    return bool(acting_roles(user, service))


# --- Intake: the institution's operator and the employee ------------------------------------


def operates_an_institution(user) -> bool:
    """Does the user operate an institution whose provider runs a service on this engine (a
    Perangkat Daerah's operator account)? Whoever does not — an institution of another kind of
    service too, such as seed 004's — gets 403 on the proposal pages."""
    from portal.constants import OnlineFlow

    if not (user.is_authenticated and user.is_active):
        return False
    return user.operated_institutions.filter(
        provider__services__online_flow=OnlineFlow.CASEWORK
    ).exists()


def proposal_visible_to(user, proposal) -> bool:
    """A proposal is its institution's: any of its operators sees and edits it."""
    return proposal.institution.operators.filter(pk=user.pk).exists()


def proposal_editable(proposal) -> bool:
    """Employees and the shared documents change only until the proposal is sent."""
    from casework.constants import ProposalState

    return proposal.state == ProposalState.DRAFT


def document_replaceable(case, current) -> bool:
    """May a new version of this document of the case be uploaded now? In a draft, any; in a
    returned case, only the ones the reviewer marked as needing revision; otherwise none."""
    from casework.constants import Verdict

    if case.state == CaseState.DRAFT:
        return True
    if case.state == CaseState.RETURNED:
        return current is not None and current.verdict == Verdict.NEEDS_REVISION
    return False


def case_page_visible_to(user, case) -> bool:
    """The case page is its employee's and its proposer's; anyone else (staff included: they
    have their own pages) gets 404."""
    if not (user.is_authenticated and user.is_active):
        return False
    if case.applicant_id is not None and case.applicant_id == user.pk:
        return True
    return is_case_proposer(user, case)


# --- Exams, results, products, handover, payment (seed 002 steps 5-9) -----------------------


def may_schedule_exams(user, service) -> bool:
    """The service's Panitia Penjadwalan (at its provider) forms exam sessions."""
    return (
        user.is_authenticated
        and user.is_active
        and holds_role_for_service(user, Role.SCHEDULER, service)
    )


def is_session_assessor(user, session) -> bool:
    """An assessor of the session: assigned to it, and still holding the assessor role for its
    service (a revoked assessor loses the session at once)."""
    return (
        user.is_authenticated
        and user.is_active
        and holds_role_for_service(user, Role.ASSESSOR, session.service)
        and session.assessors.filter(pk=user.pk).exists()
    )


def session_visible_to(user, session) -> bool:
    """A session is seen by its own assessors and by the service's schedulers; an assessor
    sees no session they are not assigned to."""
    return is_session_assessor(user, session) or may_schedule_exams(user, session.service)


def session_join_refusal(case, user, session) -> Exception | None:
    """May `user` put the case into the exam session? It waits at the exam step with a
    decision (penetapan peserta), and both belong to a service the user schedules."""
    if not may_schedule_exams(user, case.service):
        return CaseForbidden(_("Hanya panitia penjadwalan layanan ini yang dapat mengatur sesi."))
    if case.service_id != session.service_id:
        return CaseError(_("Sesi ini untuk layanan lain."))
    step = case.step
    if case.state not in ACTIVE_STATES or step is None or step.kind != StepKind.EXAM:
        return CaseError(
            _("%(name)s tidak sedang menunggu pelaksanaan uji kompetensi.") % {"name": case.name}
        )
    if case.decision_id is None:
        return CaseError(
            _("%(name)s belum ditetapkan sebagai peserta (surat penetapan belum ada).")
            % {"name": case.name}
        )
    return None


def exam_action_refusal(case, user, action: Action) -> Exception | None:
    """ATTEND and ASSESS: the step's rule (an assessor of the service, the case at the exam or
    assessment step), and besides an assessor of the very session the case sits in."""
    refusal = step_action_refusal(case, user, action)
    if refusal is not None:
        return refusal
    if case.exam_session_id is None:
        return CaseError(_("Peserta ini belum dimasukkan ke sesi uji."))
    if not case.exam_session.assessors.filter(pk=user.pk).exists():
        return CaseForbidden(_("Hanya asesor sesi uji peserta ini yang dapat mencatat hasilnya."))
    return None


def payment_record_refusal(case, user) -> Exception | None:
    """The LSP's fee, where it charges one, is recorded by the service's certificate officer or
    by the case's proposer, once, for a case still in (or through) the workflow. Nothing ever
    waits on it."""
    if not (
        holds_role_for_service(user, Role.CERTIFICATE_OFFICER, case.service)
        or is_case_proposer(user, case)
    ):
        return CaseForbidden(_("Anda tidak dapat mencatat pembayaran untuk permohonan ini."))
    if case.state in {CaseState.DRAFT, CaseState.REJECTED, CaseState.WITHDRAWN}:
        return CaseError(_("Permohonan ini tidak memerlukan pembayaran."))
    if hasattr(case, "payment"):
        return CaseError(_("Pembayaran peserta ini sudah dicatat."))
    return None


def handover_confirm_refusal(case, user) -> Exception | None:
    """The employee confirms, from their own account, that they received the products."""
    if case.applicant_id is None or case.applicant_id != user.pk:
        return CaseForbidden(_("Hanya pegawai yang bersangkutan yang dapat mengonfirmasi."))
    if not hasattr(case, "handover"):
        return CaseError(_("Produk layanan belum diserahkan."))
    return None
