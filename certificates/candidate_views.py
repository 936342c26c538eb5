"""The candidate's certificate page: where the certificate is (like a parcel tracker), the data
to check before it is printed, the shipping, and the downloads of their own signed certificate,
legalised copy and result letter. Every lookup goes through the logged-in user, so another
candidate's id answers 404 as if it did not exist. Actions are one call to
certificates.services each; refusals are shown as messages."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from certificates import services, workflow
from certificates.constants import CertificateStatus, FileState
from certificates.credentials.credential import credential_jwt, credential_refusal
from certificates.exceptions import CertificateError
from certificates.models import Certificate, ResultLetter
from certificates.selectors import certificate_for_candidate
from certificates.staff_views import file_response
from certificates.verification import verification_url
from portal.credentials.keys import MEDIA_TYPE
from portal.downloads import file_response_secure
from portal.providers import disposition_official, page_service_set
from registration.access import candidate_required
from registration.models import Document, Profile
from registration.selectors import disposition_level_changes
from scheduling.constants import ResultStatus


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Data yang perlu diperbaiki"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Tuliskan data mana yang salah dan seharusnya bagaimana, "
            "mis. “Gelar belakang seharusnya S.I.Pust., M.Hum.”"
        ),
    )


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current" or "upcoming": the marker of .timeline__item
    when: date | datetime | None = None
    detail: str = ""


# The milestones of the tracker: each is reached when the certificate leaves that stage, and is
# dated by the field the service sets then.
MILESTONES = [
    (CertificateStatus.DATA_CHECK, gettext_lazy("Data sertifikat divalidasi"), "validated_at"),
    (CertificateStatus.ISSUANCE, gettext_lazy("Nomor sertifikat diterbitkan"), "issued_at"),
    (CertificateStatus.DISPOSITION, gettext_lazy("Disetujui Pejabat Disposisi"), "disposed_at"),
    (CertificateStatus.SIGNING, gettext_lazy("Ditandatangani pejabat"), "signed_at"),
    (CertificateStatus.LEGALISATION, gettext_lazy("Alih media dan legalisir"), "legalised_at"),
    (CertificateStatus.SHIPPING, gettext_lazy("Dikirim"), "sent_on"),
    (CertificateStatus.SENT, gettext_lazy("Diterima"), "delivered_at"),
]
ORDER = {status: index for index, status in enumerate(CertificateStatus.values)}


def _needs_disposition(certificate: Certificate, rules: set[tuple[int, int, int]]) -> bool:
    """Known at issuance; before it, read from the levels and the service's disposition rules
    (registration.selectors.disposition_level_changes; the librarian exam: Ahli Madya to Ahli
    Utama only)."""
    if certificate.needs_disposition:
        return True
    application = certificate.application
    change = (application.service_id, application.current_level_id, application.target_level_id)
    return change in rules


def _steps(certificate: Certificate, rules: set[tuple[int, int, int]]) -> list[Step]:
    position = ORDER[certificate.status]
    with_disposition = _needs_disposition(certificate, rules)
    steps = []
    for stage, label, date_field in MILESTONES:
        if stage == CertificateStatus.DISPOSITION:
            if not with_disposition:
                continue
            # Named by the provider's disposition office, when it names one.
            official = disposition_official(provider_id=certificate.application.service.provider_id)
            label = _("Disetujui %(official)s") % {"official": official}
        if ORDER[stage] < position:
            detail = certificate.number if stage == CertificateStatus.ISSUANCE else ""
            steps.append(Step(str(label), "done", getattr(certificate, date_field), detail))
        elif ORDER[stage] == position:
            steps.append(Step(str(label), "current", certificate.due_date))
        else:
            steps.append(Step(str(label), "upcoming"))
    return steps


def _own_certificates(user) -> list[Certificate]:
    return list(
        Certificate.objects.filter(application__candidate=user)
        # Not the provider's row: its card comes from the cache by the service's provider_id,
        # and the disposition's official is read by that id too.
        .select_related(
            "application__current_level",
            "application__target_level",
            "application__service",
        )
        .order_by("-created_at")
    )


def _own_letters(user):
    """The result letters of the candidate's published results, pass or fail."""
    return ResultLetter.objects.filter(
        result__seat__application__candidate=user, result__status=ResultStatus.PUBLISHED
    )


def _photos(certificates: list[Certificate]) -> dict[int, Document]:
    """Each application's current photo, the one printed on its certificate (certificates.
    documents): one query for the whole page."""
    documents = (
        Document.objects.filter(
            application_id__in=[certificate.application_id for certificate in certificates],
            is_current=True,
            requirement__is_photo=True,
        )
        .order_by()  # one current photo per application: no order to keep
        .only("public_id", "application_id")  # the page links the photo, nothing more
    )
    return {document.application_id: document for document in documents}


def _correction_form(certificate: Certificate, data=None) -> CorrectionForm:
    # Field ids per certificate: the page may hold more than one certificate.
    return CorrectionForm(data, auto_id=f"perbaikan-{certificate.pk}-%s")


def _render_mine(request, *, bound: tuple[int, CorrectionForm] | None = None, status: int = 200):
    """The page. `bound` is (certificate pk, form) when a correction request was refused, so
    that what the candidate typed is shown again with the reason."""
    entries = []
    certificates = _own_certificates(request.user)
    services_shown = {certificate.application.service_id for certificate in certificates}
    if len(services_shown) == 1:  # certificates of several services: the portal's footer
        page_service_set(request, certificates[0].application.service)
    rules = disposition_level_changes(service_ids=services_shown) if certificates else set()
    photos = _photos(certificates) if certificates else {}
    # The certificate goes by post to the profile's address, which the candidate may change
    # until it is sent (registration's profile page).
    profile = (
        Profile.objects.filter(user=request.user).only("mailing_address", "postal_code").first()
        if certificates
        else None
    )
    for certificate in certificates:
        valid = certificate.revoked_at is None
        checking = workflow.data_check_refusal(certificate, request.user) is None
        form = None
        if checking:
            if bound and bound[0] == certificate.pk:
                form = bound[1]
            else:
                form = _correction_form(certificate)
        entries.append(
            {
                "certificate": certificate,
                "photo": photos.get(certificate.application_id),
                "steps": _steps(certificate, rules),
                "checking": checking,
                "can_confirm": workflow.confirm_refusal(certificate, request.user) is None,
                "correction_form": form,
                "can_receive": workflow.transition_refusal(
                    certificate, CertificateStatus.DELIVERED, request.user
                )
                is None,
                # A revoked certificate is no longer handed out.
                "pdf_ready": valid and certificate.pdf_state == FileState.READY,
                "legalised_ready": valid and certificate.legalised_pdf_state == FileState.READY,
                "credential_ready": credential_refusal(certificate) is None,
                # The QR code's full link (token included) is the holder's to hand out.
                "verification_url": (
                    verification_url(certificate)
                    if valid and certificate.number and certificate.signed_at
                    else ""
                ),
            }
        )
    # Only what the list prints: the level's name, the session's day and the file's state.
    letters = (
        _own_letters(request.user)
        .select_related("result__seat__session", "result__seat__application__target_level")
        .only(
            "public_id",
            "pdf",
            "pdf_state",
            "result__seat__session__starts_at",
            "result__seat__application__target_level__name",
        )
    )
    return render(
        request,
        "certificates/candidate/mine.html",
        {
            "entries": entries,
            "letters": letters.order_by("-result__published_at"),
            "profile": profile,
        },
        status=status,
    )


def _certificate_or_404(request, public_id) -> Certificate:
    certificate = certificate_for_candidate(user=request.user, public_id=public_id)
    if certificate is None:
        raise Http404
    return certificate


def _mine_url(certificate: Certificate) -> str:
    return f"{reverse('certificate_mine')}#sertifikat-{certificate.public_id}"


@candidate_required
@require_safe
def certificate_mine(request):
    return _render_mine(request)


@candidate_required
@require_POST
def certificate_confirm(request, public_id):
    """ "Data sudah benar". A second click is told the data was already confirmed."""
    certificate = _certificate_or_404(request, public_id)
    try:
        services.certificate_confirm(certificate=certificate, actor=request.user)
    except CertificateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Terima kasih. Data sertifikat Anda dinyatakan benar dan segera divalidasi petugas."),
        )
    return redirect(_mine_url(certificate))


@candidate_required
@require_POST
def certificate_correction(request, public_id):
    certificate = _certificate_or_404(request, public_id)
    form = _correction_form(certificate, request.POST)
    if not form.is_valid():
        return _render_mine(request, bound=(certificate.pk, form), status=400)
    try:
        services.certificate_correction_request(
            certificate=certificate, actor=request.user, note=form.cleaned_data["note"]
        )
    except CertificateError as exc:
        messages.error(request, exc.message)
        return _render_mine(request, bound=(certificate.pk, form), status=400)
    messages.success(
        request,
        _("Permintaan perbaikan terkirim. Petugas sertifikat akan memperbaiki data Anda."),
    )
    return redirect(_mine_url(certificate))


@candidate_required
@require_POST
def certificate_received(request, public_id):
    certificate = _certificate_or_404(request, public_id)
    try:
        services.certificate_deliver(certificate=certificate, actor=request.user)
    except CertificateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Terima kasih. Sertifikat dicatat sudah Anda terima."))
    return redirect(_mine_url(certificate))


@candidate_required
@require_safe
def certificate_download(request, public_id, kind):
    certificate = _certificate_or_404(request, public_id)
    if certificate.revoked_at is not None:
        raise Http404
    return file_response(certificate, kind)


@candidate_required
@require_safe
def certificate_credential(request, public_id):
    """The holder's Verifiable Credential (vc+jwt), for a signed certificate not revoked; any
    other certificate, or another person's, answers 404."""
    certificate = _certificate_or_404(request, public_id)
    if credential_refusal(certificate) is not None:
        raise Http404
    token = credential_jwt(certificate=certificate)
    response = HttpResponse(token, content_type=MEDIA_TYPE)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", certificate.number)
    response["Content-Disposition"] = f'attachment; filename="kredensial-{name}.jwt"'
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)


@candidate_required
@require_safe
def result_letter_download(request, public_id):
    letter = (
        _own_letters(request.user)
        .filter(public_id=public_id, pdf_state=FileState.READY)
        .exclude(pdf="")
        .first()
    )
    if letter is None:
        raise Http404
    response = FileResponse(
        letter.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename="surat-keterangan-hasil-uji-kompetensi.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return file_response_secure(response)
