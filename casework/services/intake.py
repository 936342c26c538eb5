"""Intake: an institution's operator proposes employees for a service the engine runs, uploads
their documents, sends the proposal, and answers a return for revision.

Guarantees: every write holds the row lock of the proposal or case it changes (a double click
waits, then finds its work done: a second submit of a sent proposal is a no-op, a second add of
the same NIP meets the database's one-open-case constraint and says so); what is stored of an
upload is the file written anew by portal.uploads.upload_clean, a new version beside the old
ones, and a refused file changes nothing else; a document the institution or the organiser
provides is uploaded once per proposal and stored as a CaseDocument on each of its cases
(one stored file, shared); the cases of a proposal are sent together in one transaction
through casework.services.engine.case_submit, or none is.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework import workflow
from casework.constants import CaseState, ProposalState, Verdict
from casework.exceptions import CaseError, CaseForbidden
from casework.models import Case, CaseDocument, Institution, Proposal
from casework.services.engine import case_locked, case_submit
from portal.constants import ApplicantKind, Eligibility, Fulfilment, OnlineFlow, ProvidedBy
from portal.events import event_record
from portal.models import Requirement, Service
from portal.precompiled import PrecompiledModels
from portal.uploads import upload_clean
from registration.nip import NipKind, parse_nip
from registration.phones import whatsapp_normalize

# Documents one upload on the proposal page serves for every employee in it.
SHARED_PROVIDERS = frozenset({ProvidedBy.INSTITUTION, ProvidedBy.ORGANISER})

# The registration form (formulir pendaftaran): the Case fields the operator fills in.
FORM_FIELDS = (
    "nip",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "rank",
    "position",
    "work_unit",
    "education",
    "scheme",
    "email",
    "phone",
)


class ProposalIncomplete(CaseError):
    """The proposal cannot be sent yet: `missing` lists, per employee, what is missing."""

    def __init__(self, message: str, missing: list[tuple[Case | None, list[str]]]) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing


def is_shared(requirement: Requirement) -> bool:
    """Is the document uploaded once for the whole proposal (the institution's or organiser's)?"""
    return requirement.provided_by in SHARED_PROVIDERS


def uploadable_requirements_query(service: Service):
    """The service's requirements met by an upload (the registration form is filled in)."""
    return Requirement.objects.filter(service=service, fulfilment=Fulfilment.UPLOAD).order_by(
        "order"
    )


# Compiled once per process (portal.precompiled): the case and proposal pages ask it each time.
_UPLOADABLE = PrecompiledModels(
    lambda service_id: uploadable_requirements_query(Service(pk=service_id))
)


def uploadable_requirements(service: Service) -> list[Requirement]:
    requirements = _UPLOADABLE.instances(service.pk)
    for requirement in requirements:
        requirement.service = service
    return requirements


def services_proposable(*, institution: Institution):
    """The services of the institution's provider that an institution proposes employees for."""
    return Service.objects.filter(
        provider_id=institution.provider_id,
        is_active=True,
        online_flow=OnlineFlow.CASEWORK,
        applicant_kind=ApplicantKind.INSTITUTION,
    ).order_by("name")


# --- Proposals -----------------------------------------------------------------------------


def proposal_create(*, institution: Institution, service: Service, operator) -> Proposal:
    """A new, empty proposal of `institution` for `service`, by one of its operators; or the
    institution's empty draft for it, if there is one (nothing to gain from two)."""
    if not institution.operators.filter(pk=operator.pk).exists():
        raise CaseForbidden(_("Anda bukan operator instansi ini."))
    if not services_proposable(institution=institution).filter(pk=service.pk).exists():
        raise CaseError(_("Instansi ini tidak dapat mengusulkan pegawai untuk layanan ini."))
    with transaction.atomic():
        # A double click: the second waits for the first, then finds its empty draft.
        Institution.objects.select_for_update().get(pk=institution.pk)
        empty = (
            Proposal.objects.filter(
                institution=institution, service=service, state=ProposalState.DRAFT
            )
            .filter(cases__isnull=True)
            .first()
        )
        if empty is not None:
            return empty
        return Proposal.objects.create(service=service, institution=institution, operator=operator)


def _proposal_locked(proposal: Proposal, actor) -> Proposal:
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("service__provider", "institution")
        .get(pk=proposal.pk)
    )
    if not workflow.proposal_visible_to(actor, locked):
        raise CaseForbidden(_("Anda bukan operator instansi pengusul."))
    return locked


def _eligibility_error(service: Service, parsed) -> str | None:
    if parsed.kind != NipKind.PNS:
        return _(
            "Nomor ini adalah NI PPPK (digit 13–14 bernilai 21). Layanan ini hanya untuk "  # noqa: RUF001
            "Pegawai Negeri Sipil dengan NIP PNS."
        )
    if service.eligibility == Eligibility.PNS_NIP:
        return None
    if service.eligibility == Eligibility.PROVIDER_REGISTRY:
        return _(
            "Layanan ini hanya untuk pegawai yang terdaftar di registri pegawai penyelenggara; "
            "pengusulan melalui portal untuk layanan ini belum tersedia. Hubungi penyelenggara."
        )
    return _("Layanan ini tidak menerima usulan pegawai melalui halaman ini.")


def _form_errors(service: Service, data: dict) -> tuple[dict, dict]:
    """The registration form checked against the NIP; returns (errors, cleaned data)."""
    errors: dict[str, list[str]] = {}
    data = {name: data.get(name) for name in FORM_FIELDS}
    try:
        parsed = parse_nip(data["nip"] or "")
    except ValueError as error:  # registration.nip.NipError: names the wrong part
        errors["nip"] = [str(error)]
        parsed = None
    if parsed is not None:
        data["nip"] = parsed.nip
        refusal = _eligibility_error(service, parsed)
        if refusal:
            errors["nip"] = [refusal]
        if data.get("birth_date") and data["birth_date"] != parsed.birth_date:
            errors["birth_date"] = [
                _("Tanggal lahir tidak sama dengan tanggal lahir pada NIP (%(date)s).")
                % {"date": date_format(parsed.birth_date, "j F Y")}
            ]
        if data.get("sex") and data["sex"] != parsed.sex:
            errors["sex"] = [_("Jenis kelamin tidak sesuai dengan digit ke-15 NIP.")]
    try:
        data["phone"] = whatsapp_normalize(data.get("phone") or "")
    except ValidationError as error:
        errors["phone"] = error.messages
    return errors, data


def proposal_case_add(*, proposal: Proposal, actor, data: dict) -> Case:
    """Add one employee to a draft proposal from the registration form's values. Raises
    ValidationError with Indonesian field errors (the NIP, its birth date and sex, one open case
    per NIP and service), CaseError when the proposal was already sent."""
    errors, data = _form_errors(proposal.service, data)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            proposal = _proposal_locked(proposal, actor)
            if not workflow.proposal_editable(proposal):
                raise CaseError(_("Usulan ini sudah diajukan; pegawai tidak dapat ditambah."))
            case = Case.objects.create(
                service=proposal.service, proposal=proposal, submitted_by=actor, **data
            )
            _shared_documents_copy(proposal=proposal, case=case)
            event_record(
                subject=case,
                kind="created",
                actor=actor,
                to_state=CaseState.DRAFT,
                note=_("Diusulkan oleh %(institution)s") % {"institution": proposal.institution},
            )
    except IntegrityError as error:  # case_one_open_per_person_and_service
        raise ValidationError(
            {
                "nip": [
                    _(
                        "Pegawai dengan NIP ini sudah memiliki permohonan yang sedang berjalan "
                        "untuk layanan ini (dalam usulan ini atau usulan lain)."
                    )
                ]
            }
        ) from error
    return case


def _shared_documents_copy(*, proposal: Proposal, case: Case) -> None:
    """A newly added employee gets the shared documents already uploaded on the proposal."""
    sibling = proposal.cases.exclude(pk=case.pk).order_by("pk").first()
    if sibling is None:
        return
    for document in CaseDocument.objects.filter(
        case=sibling, is_current=True, requirement__provided_by__in=SHARED_PROVIDERS
    ):
        _document_copy(document, case=case, version=1)


def _document_copy(document: CaseDocument, *, case: Case, version: int) -> CaseDocument:
    # The same stored file: it is never changed or removed, only superseded.
    return CaseDocument.objects.create(
        case=case,
        requirement=document.requirement,
        version=version,
        file=document.file.name,
        original_name=document.original_name,
        kind=document.kind,
        size=document.size,
        sha256=document.sha256,
        uploaded_by=document.uploaded_by,
    )


def proposal_case_remove(*, proposal: Proposal, case: Case, actor) -> None:
    """Take an employee out of a draft proposal (a wrong NIP, a change of mind)."""
    with transaction.atomic():
        proposal = _proposal_locked(proposal, actor)
        if not workflow.proposal_editable(proposal):
            raise CaseError(_("Usulan ini sudah diajukan; pegawai tidak dapat dihapus."))
        case = case_locked(case)
        if case.proposal_id != proposal.pk or case.state != CaseState.DRAFT:
            raise CaseError(_("Pegawai ini tidak dapat dihapus dari usulan."))
        case.delete()


# --- Documents -----------------------------------------------------------------------------


def _new_version(
    *, case: Case, requirement: Requirement, clean, file, actor, stored: str | None
) -> CaseDocument:
    previous = (
        CaseDocument.objects.filter(case=case, requirement=requirement).order_by("-version").first()
    )
    if previous is not None and previous.is_current:
        CaseDocument.objects.filter(pk=previous.pk).update(is_current=False)
    document = CaseDocument(
        case=case,
        requirement=requirement,
        version=(previous.version + 1) if previous else 1,
        original_name=(getattr(file, "name", "") or "")[:255],
        kind=clean.checked.kind,
        size=clean.checked.size,
        sha256=clean.checked.sha256,
        uploaded_by=actor,
    )
    if stored is None:
        document.file.save(file.name or "berkas", ContentFile(clean.content), save=False)
    else:
        document.file.name = stored
    document.save()
    event_record(
        subject=case,
        kind="document_uploaded",
        actor=actor,
        note=f"{requirement.name} (v{document.version})",
    )
    return document


def _requirement_check(requirement: Requirement, service_id: int) -> None:
    if requirement.service_id != service_id:
        raise CaseError(_("Persyaratan ini bukan untuk layanan permohonan ini."))
    if requirement.fulfilment != Fulfilment.UPLOAD:
        raise CaseError(_("Persyaratan ini diisi di portal, bukan diunggah."))


def case_document_upload(*, case: Case, requirement: Requirement, file, actor) -> CaseDocument:
    """A new version of one document of one case. In a draft any document may be replaced; in
    a returned case only those marked as needing revision. Raises UploadRejected (the file),
    CaseForbidden (not the proposer), CaseError (not replaceable now)."""
    _requirement_check(requirement, case.service_id)
    clean = upload_clean(file, requirement)
    with transaction.atomic():
        case = case_locked(case)
        if not workflow.may_submit(actor, case):
            raise CaseForbidden(_("Anda tidak dapat mengubah berkas permohonan ini."))
        current = CaseDocument.objects.filter(
            case=case, requirement=requirement, is_current=True
        ).first()
        if not workflow.document_replaceable(case, current):
            raise CaseError(_("Hanya berkas yang diminta diperbaiki yang dapat diganti."))
        return _new_version(
            case=case, requirement=requirement, clean=clean, file=file, actor=actor, stored=None
        )


def proposal_document_upload(
    *, proposal: Proposal, requirement: Requirement, file, actor
) -> list[CaseDocument]:
    """A document the institution or the organiser provides, uploaded once for every employee
    of a draft proposal: stored once, a new version on each of its cases."""
    _requirement_check(requirement, proposal.service_id)
    if not is_shared(requirement):
        raise CaseError(_("Berkas ini diunggah untuk masing-masing pegawai."))
    clean = upload_clean(file, requirement)
    with transaction.atomic():
        proposal = _proposal_locked(proposal, actor)
        if not workflow.proposal_editable(proposal):
            raise CaseError(_("Usulan ini sudah diajukan; berkasnya tidak dapat diganti."))
        cases = list(Case.objects.select_for_update().filter(proposal=proposal).order_by("pk"))
        if not cases:
            raise CaseError(_("Tambahkan pegawai yang diusulkan terlebih dahulu."))
        documents: list[CaseDocument] = []
        for case in cases:
            stored = documents[0].file.name if documents else None
            documents.append(
                _new_version(
                    case=case,
                    requirement=requirement,
                    clean=clean,
                    file=file,
                    actor=actor,
                    stored=stored,
                )
            )
    return documents


# --- Sending -------------------------------------------------------------------------------


def case_missing(*, case: Case, requirements: list[Requirement], current: dict) -> list[str]:
    """What still stops the case from being sent. `current` maps requirement id to the case's
    current document (callers load them for many cases at once)."""
    missing = []
    for requirement in requirements:
        document = current.get(requirement.pk)
        if document is None:
            if requirement.required:
                missing.append(_("Berkas belum diunggah: %(name)s") % {"name": requirement.name})
        elif document.verdict == Verdict.NEEDS_REVISION:
            missing.append(_("Berkas perlu diganti: %(name)s") % {"name": requirement.name})
    return missing


def _current_by_case(cases) -> dict[int, dict[int, CaseDocument]]:
    current: dict[int, dict[int, CaseDocument]] = {case.pk: {} for case in cases}
    for document in CaseDocument.objects.filter(case__in=cases, is_current=True):
        current[document.case_id][document.requirement_id] = document
    return current


def proposal_missing(*, proposal: Proposal) -> list[tuple[Case | None, list[str]]]:
    """Per employee, what is missing before the proposal can be sent ((None, [...]) when there
    is no employee yet)."""
    cases = list(proposal.cases.order_by("created_at", "pk"))
    if not cases:
        return [(None, [_("Belum ada pegawai yang diusulkan.")])]
    requirements = uploadable_requirements(proposal.service)
    current = _current_by_case(cases)
    return [
        (case, missing)
        for case in cases
        if (missing := case_missing(case=case, requirements=requirements, current=current[case.pk]))
    ]


def _applicant_link(case: Case) -> None:
    """The employee's own account, if one carries the case's NIP: they then see their case."""
    if case.applicant_id is not None:
        return
    user = get_user_model().objects.filter(nip=case.nip, is_active=True).first()
    if user is not None:
        Case.objects.filter(pk=case.pk).update(applicant=user)


def proposal_submit(*, proposal: Proposal, actor) -> Proposal:
    """Send the proposal: every employee's case enters its workflow (casework.services.engine.
    case_submit), all or none. Refused with ProposalIncomplete listing what is missing per
    employee. A second click finds it sent and changes nothing."""
    with transaction.atomic():
        proposal = _proposal_locked(proposal, actor)
        if proposal.state == ProposalState.SUBMITTED:
            return proposal
        missing = proposal_missing(proposal=proposal)
        if missing:
            raise ProposalIncomplete(_("Usulan belum lengkap."), missing)
        for case in proposal.cases.order_by("created_at", "pk"):
            _applicant_link(case)
            case_submit(case=case, actor=actor)
        proposal.state, proposal.submitted_at = ProposalState.SUBMITTED, timezone.now()
        proposal.save(update_fields=["state", "submitted_at"])
    return proposal


def case_resubmit(*, case: Case, actor) -> Case:
    """Send a returned case again once every document marked for revision has a new version;
    its step's clock resumes (casework.services.engine.case_submit closes the pause)."""
    with transaction.atomic():
        case = case_locked(case)
        if case.state != CaseState.RETURNED:
            raise CaseError(_("Permohonan ini tidak sedang dikembalikan untuk perbaikan."))
        requirements = uploadable_requirements(case.service)
        missing = case_missing(
            case=case, requirements=requirements, current=_current_by_case([case])[case.pk]
        )
        if missing:
            raise ProposalIncomplete(_("Perbaikan belum lengkap."), [(case, missing)])
        return case_submit(case=case, actor=actor)
