"""The intake pages: an institution's operator proposes employees, uploads their documents
(the institution's and the organiser's once per proposal), sends the proposal and answers
returns; the employee follows their own case. Views parse input, call one service of
casework.services.intake, render.

Who may see what: the proposal pages are for operators of an institution (anyone else 403;
another institution's proposal 404); a case page is its employee's and its proposer's (anyone
else 404, casework.workflow.case_page_visible_to)."""

import functools
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework import workflow
from casework.constants import CaseState, ProposalState, Verdict
from casework.exam_views import products_context
from casework.exceptions import CaseError
from casework.intake_forms import CaseForm, DocumentUploadForm, ProposalCreateForm
from casework.models import Case, CaseDocument, Proposal
from casework.proposal_rows import proposal_rows_html
from casework.selectors import (
    case_document_slots,
    case_for_page,
    case_timeline,
    cases_of_applicant,
    institutions_for_operator,
    proposal_for_operator,
    proposals_for_operator,
)
from casework.services import intake
from portal.calendar import closures_preloaded_around
from portal.choices import choice_labels, labels_set
from portal.constants import FileKind
from portal.models import Requirement
from portal.providers import page_service_set
from portal.uploads import UploadRejected

# What the file picker offers, matching what portal.uploads accepts.
ACCEPT = {
    FileKind.PDF: ".pdf,application/pdf",
    FileKind.JPEG: ".jpg,.jpeg,image/jpeg",
    FileKind.PNG: ".png,image/png",
}


def operator_required(view):
    """Anonymous visitors go to the login page; a user who operates no institution gets 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not workflow.operates_an_institution(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- Document slots --------------------------------------------------------------------------


@dataclass
class Slot:
    """One uploadable requirement on a page: its documents, and a form where it may change."""

    requirement: Requirement
    current: CaseDocument | None
    older: list[CaseDocument]
    action: str = ""  # where the upload form posts; empty: no form
    form: DocumentUploadForm | None = None
    rules: str = ""
    note: str = ""  # why there is no form, when it matters
    error: str = ""  # a refused upload where no form is shown any more
    shared: bool = False
    provided_by: str = ""  # the requirement's get_provided_by_display(), looked up per page

    @property
    def anchor(self) -> str:
        return f"berkas-{self.requirement.code}"


def _or_words(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    if len(words) == 2:
        return _("%(first)s atau %(last)s") % {"first": words[0], "last": words[1]}
    return _("%(items)s, atau %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _rules(requirement: Requirement) -> str:
    kilobytes = requirement.max_size_kb
    if kilobytes >= 1024:
        megabytes = kilobytes / 1024
        size = f"{number_format(megabytes, decimal_pos=0 if megabytes.is_integer() else 1)} MB"
    else:
        size = f"{kilobytes} KB"
    kinds = _or_words([str(FileKind(kind).label) for kind in requirement.accepted_kinds])
    return _("%(kinds)s, paling besar %(size)s") % {"kinds": kinds, "size": size}


def _provider_labels() -> dict:
    """Who provides each requirement, as get_provided_by_display() gives it (portal.choices)."""
    return choice_labels(Requirement._meta.get_field("provided_by").flatchoices)


def _upload_form(requirement: Requirement, data=None, files=None) -> DocumentUploadForm:
    form = DocumentUploadForm(data, files, auto_id=f"unggah-{requirement.code}-%s")
    kinds = [FileKind(kind) for kind in requirement.accepted_kinds]
    form.fields["file"].widget.attrs["accept"] = ",".join(ACCEPT[kind] for kind in kinds)
    return form


def _case_slots(case: Case, *, editable: bool, failed=None) -> list[Slot]:
    """The case's uploadable requirements; with forms where the proposer may upload now (the
    shared ones of a draft are uploaded on the proposal page). `failed`: (code, bound form)."""
    requirements = intake.uploadable_requirements(case.service)
    providers = _provider_labels()
    slots = []
    for found in case_document_slots(case=case, requirements=requirements):
        requirement = found.requirement
        slot = Slot(
            requirement=requirement,
            current=found.current,
            older=found.older,
            rules=_rules(requirement),
            shared=intake.is_shared(requirement),
            provided_by=providers.get(requirement.provided_by, requirement.provided_by),
        )
        if failed and failed[0] == requirement.code:
            slot.error = " ".join(failed[1].errors.get("file", []))
        if editable and workflow.document_replaceable(case, found.current):
            if slot.shared and case.state == CaseState.DRAFT and case.proposal_id:
                slot.note = _("Diunggah sekali di halaman usulan untuk semua pegawai.")
            else:
                slot.action = reverse(
                    "casework_case_upload", args=[case.public_id, requirement.code]
                )
                slot.form = (
                    failed[1] if failed and failed[0] == requirement.code else None
                ) or _upload_form(requirement)
                slot.error = ""  # shown on the form
        slots.append(slot)
    return slots


# --- The operator: proposals -----------------------------------------------------------------


@dataclass
class Offer:
    """A button "Usulan baru": an institution may propose employees for a service."""

    institution: object
    service: object


@operator_required
@require_GET
def proposals(request):
    """The operator's proposals with their employees, and a new proposal per service."""
    offers = [
        Offer(institution=institution, service=service)
        for institution in institutions_for_operator(user=request.user)
        for service in intake.services_proposable(institution=institution)
    ]
    listing = proposals_for_operator(user=request.user, page_number=request.GET.get("halaman"))
    cases = [case for group in listing.groups for case in group.cases]
    # Each case's status label once per page (portal.choices): per row, get_state_display()
    # made this list of hundreds of cases the bench's heaviest casework page (issue 19). Each
    # row's {% url %} is reversed once per view name (portal.templatetags.portal_urls).
    labels_set(cases, field="state", choices=CaseState.choices)
    # The employees' rows in Python rather than a template loop (casework.proposal_rows).
    for group in listing.groups:
        group.rows_html = proposal_rows_html(group.cases)
    return render(
        request,
        "casework/intake/proposals.html",
        {"groups": listing.groups, "page": listing.page, "offers": offers},
    )


@operator_required
@require_POST
def proposal_create(request):
    form = ProposalCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Pilih instansi dan layanan yang tersedia."))
        return redirect("casework_proposals")
    try:
        proposal = intake.proposal_create(
            institution=form.cleaned_data["institution"],
            service=form.cleaned_data["service"],
            operator=request.user,
        )
    except CaseError as error:
        messages.error(request, str(error))
        return redirect("casework_proposals")
    messages.success(request, _("Usulan dibuat. Tambahkan pegawai yang diusulkan."))
    return redirect("casework_proposal", public_id=proposal.public_id)


def _proposal_or_404(request, public_id) -> Proposal:
    proposal = proposal_for_operator(public_id=public_id, user=request.user)
    if proposal is None:
        raise Http404
    page_service_set(request, proposal.service)
    return proposal


@dataclass
class Employee:
    """One employee on the proposal page: their case and what it still lacks."""

    case: Case
    missing: list[str] = field(default_factory=list)


def _render_proposal(
    request,
    proposal: Proposal,
    *,
    case_form: CaseForm | None = None,
    failed=None,
    submit_refusal=None,
    status: int = 200,
):
    editable = workflow.proposal_editable(proposal)
    cases = list(proposal.cases.select_related("step", "rank").order_by("created_at", "pk"))
    missing = dict(intake.proposal_missing(proposal=proposal)) if editable else {}
    requirements = intake.uploadable_requirements(proposal.service)
    shared = [requirement for requirement in requirements if intake.is_shared(requirement)]
    providers = _provider_labels()
    slots = []
    first = cases[0] if cases else None
    found = {
        slot.requirement.pk: slot
        for slot in (case_document_slots(case=first, requirements=shared) if first else [])
    }
    for requirement in shared:
        slot = Slot(
            requirement=requirement,
            current=found[requirement.pk].current if first else None,
            older=found[requirement.pk].older if first else [],
            rules=_rules(requirement),
            shared=True,
            provided_by=providers.get(requirement.provided_by, requirement.provided_by),
        )
        if editable and first is not None:
            slot.action = reverse(
                "casework_proposal_upload", args=[proposal.public_id, requirement.code]
            )
            slot.form = (
                failed[1] if failed and failed[0] == requirement.code else None
            ) or _upload_form(requirement)
        elif editable:
            slot.note = _("Tambahkan pegawai terlebih dahulu, lalu unggah berkas ini.")
        slots.append(slot)
    return render(
        request,
        "casework/intake/proposal.html",
        {
            "proposal": proposal,
            "editable": editable,
            "employees": [Employee(case=case, missing=missing.get(case, [])) for case in cases],
            "case_form": case_form if case_form is not None else CaseForm(),
            "shared_slots": slots,
            "own_requirements": [r for r in requirements if not intake.is_shared(r)],
            "all_requirements": list(proposal.service.requirements.order_by("order")),
            "missing": [(case, items) for case, items in missing.items()] if editable else [],
            "submit_refusal": submit_refusal,
        },
        status=status,
    )


@operator_required
@require_GET
def proposal(request, public_id):
    return _render_proposal(request, _proposal_or_404(request, public_id))


@operator_required
@require_POST
def proposal_case_add(request, public_id):
    """Add one employee (the registration form); errors shown on the form, nothing saved."""
    proposal = _proposal_or_404(request, public_id)
    form = CaseForm(request.POST)
    if form.is_valid():
        try:
            case = intake.proposal_case_add(
                proposal=proposal, actor=request.user, data=form.case_data()
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(name if name in form.fields else None, message)
        except CaseError as error:
            messages.error(request, str(error))
            return redirect("casework_proposal", public_id=proposal.public_id)
        else:
            messages.success(
                request,
                _("%(name)s ditambahkan ke usulan. Unggah berkasnya di halaman pegawai.")
                % {"name": case.name},
            )
            return redirect(f"{reverse('casework_proposal', args=[public_id])}#pegawai")
    return _render_proposal(request, proposal, case_form=form, status=400)


@operator_required
@require_POST
def proposal_case_remove(request, public_id, case_id):
    proposal = _proposal_or_404(request, public_id)
    case = proposal.cases.filter(public_id=case_id).first()
    if case is None:
        raise Http404
    try:
        intake.proposal_case_remove(proposal=proposal, case=case, actor=request.user)
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s dihapus dari usulan.") % {"name": case.name})
    return redirect(f"{reverse('casework_proposal', args=[public_id])}#pegawai")


@operator_required
@require_POST
def proposal_upload(request, public_id, code):
    """A document for every employee of the proposal; a refusal is shown next to it only."""
    proposal = _proposal_or_404(request, public_id)
    requirement = intake.uploadable_requirements_query(proposal.service).filter(code=code).first()
    if requirement is None or not intake.is_shared(requirement):
        raise Http404
    form = _upload_form(requirement, request.POST, request.FILES)
    if form.is_valid():
        try:
            documents = intake.proposal_document_upload(
                proposal=proposal,
                requirement=requirement,
                file=form.cleaned_data["file"],
                actor=request.user,
            )
        except UploadRejected as error:
            form.add_error("file", error.message)
        except CaseError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _("%(name)s berhasil diunggah untuk %(count)s pegawai.")
                % {"name": requirement.name, "count": len(documents)},
            )
            return redirect(
                f"{reverse('casework_proposal', args=[public_id])}#berkas-{requirement.code}"
            )
    return _render_proposal(request, proposal, failed=(requirement.code, form), status=400)


@operator_required
@require_POST
def proposal_submit(request, public_id):
    proposal = _proposal_or_404(request, public_id)
    if proposal.state == ProposalState.SUBMITTED:
        messages.info(request, _("Usulan ini sudah diajukan."))
        return redirect("casework_proposal", public_id=proposal.public_id)
    try:
        intake.proposal_submit(proposal=proposal, actor=request.user)
    except intake.ProposalIncomplete as refusal:
        return _render_proposal(request, proposal, submit_refusal=refusal, status=400)
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Usulan berhasil diajukan. Setiap pegawai kini punya permohonan sendiri yang "
                "diperiksa kelengkapannya oleh petugas."
            ),
        )
    return redirect("casework_proposal", public_id=proposal.public_id)


# --- One case: the employee and the proposer -------------------------------------------------


def _case_or_404(request, public_id) -> Case:
    case = case_for_page(public_id=public_id, user=request.user)
    if case is None:
        raise Http404
    page_service_set(request, case.service)
    return case


def _render_case(request, case: Case, *, failed=None, resubmit_refusal=None, status=200):
    proposer = workflow.is_case_proposer(request.user, case)
    # The timeline's clocks (each step's and the completion's) read the closures once.
    anchors = [timezone.localdate(), timezone.localtime(case.created_at).date()]
    with closures_preloaded_around(*anchors):
        timeline = case_timeline(case=case)
        context = {
            # The result, products, handover and payment, with the forms the reader may use.
            **products_context(request, case),
            "case": case,
            "proposer": proposer,
            "timeline": timeline,
            "slots": _case_slots(case, editable=proposer, failed=failed),
            "pause": timeline.open_pause if case.state == CaseState.RETURNED else None,
            "resubmit_refusal": resubmit_refusal,
            "NEEDS_REVISION": Verdict.NEEDS_REVISION,
        }
    return render(request, "casework/intake/case.html", context, status=status)


@login_required
@require_GET
def case(request, public_id):
    return _render_case(request, _case_or_404(request, public_id))


@login_required
@require_POST
def case_upload(request, public_id, code):
    """The proposer uploads one document of one employee (a draft, or a document returned for
    revision). A refusal is shown next to that document only."""
    case = _case_or_404(request, public_id)
    if not workflow.is_case_proposer(request.user, case):
        raise PermissionDenied
    requirement = intake.uploadable_requirements_query(case.service).filter(code=code).first()
    if requirement is None:
        raise Http404
    form = _upload_form(requirement, request.POST, request.FILES)
    if form.is_valid():
        try:
            document = intake.case_document_upload(
                case=case,
                requirement=requirement,
                file=form.cleaned_data["file"],
                actor=request.user,
            )
        except UploadRejected as error:
            form.add_error("file", error.message)
        except CaseError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _("%(name)s berhasil diunggah (versi %(version)s).")
                % {"name": requirement.name, "version": document.version},
            )
            return redirect(f"{reverse('casework_case', args=[public_id])}#berkas-{code}")
    return _render_case(request, case, failed=(requirement.code, form), status=400)


@login_required
@require_POST
def case_resubmit(request, public_id):
    case = _case_or_404(request, public_id)
    if not workflow.is_case_proposer(request.user, case):
        raise PermissionDenied
    if case.state != CaseState.RETURNED:
        messages.info(request, _("Permohonan ini sudah diajukan dan sedang diproses."))
        return redirect("casework_case", public_id=case.public_id)
    try:
        intake.case_resubmit(case=case, actor=request.user)
    except intake.ProposalIncomplete as refusal:
        return _render_case(request, case, resubmit_refusal=refusal, status=400)
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Permohonan diajukan kembali; pemeriksaan dilanjutkan oleh petugas.")
        )
    return redirect("casework_case", public_id=case.public_id)


@login_required
@require_http_methods(["GET"])
def my_cases(request):
    """The cases whose employee is the logged-in user (staff without cases: an empty list)."""
    return render(
        request,
        "casework/intake/my_cases.html",
        {"cases": list(cases_of_applicant(user=request.user))},
    )
