"""The PDFs of the certificate stage: the certificate, its legalised copy and the result letter
("Surat Keterangan Hasil Uji Kompetensi"). Rendered with WeasyPrint from
templates/certificates/pdf/, signed (portal.signing) and stored once by the functions at
the bottom, which the Celery tasks wrap: a later template never changes a stored PDF.

Templates use tables and absolute positions, not flexbox (WeasyPrint is slow on flexbox), and
fetch nothing: the photo and the QR code are embedded as data URIs."""

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from certificates.constants import FileState
from certificates.models import Certificate, ResultLetter
from certificates.verification import verification_url
from portal.models import CompetencyUnit, Provider
from portal.pdf import qr_data_uri, render_pdf
from portal.providers import signing_title
from portal.roles import signing_office
from portal.signing import pdf_sign
from registration.models import User
from registration.photos import application_photo_data_uri
from registration.selectors import applicant_name, applicant_related, applicant_snapshot
from scheduling.constants import Outcome, ResultStatus, UnitOutcome
from scheduling.models import Result

logger = logging.getLogger(__name__)

# The documents' stylesheets, parsed once per worker thread (portal.pdf.render_pdf).
CERTIFICATE_CSS = "certificates/pdf/certificate.css"
RESULT_LETTER_CSS = "certificates/pdf/result_letter.css"
PHOTO_PIXELS = (354, 472)  # 3 x 4 cm at 300 dpi: sharp in print, small in the file

# A PDF still pending this long was lost (worker killed, broker down): the re-drive renders it.
STALE_AFTER = timedelta(minutes=10)
REDRIVE_BATCH = 500  # per kind and run; the next run (5 minutes later) takes the rest


# --- Rendering --------------------------------------------------------------------------------


def _long_date(value: date | None) -> str:
    """Dates as printed, "7 Desember 2026" (callers render in the document's language)."""
    return date_format(value, "j F Y") if value else ""


def _local_date(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def _place_and_date(provider: Provider, day: date | None) -> str:
    """ "Jakarta, 7 Desember 2026": the provider's place of issue, when it gave one."""
    when = _long_date(day)
    return f"{provider.issue_place}, {when}" if provider.issue_place else when


def _person_name(user: User | None) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return profile.full_name if profile else user.get_full_name() or user.username


def signature_block(user: User, provider_id: int) -> tuple[str, str] | None:
    """What a certificate the user signs at the provider prints under the signature (office,
    name); None when they are not appointed to its signing office and may not sign."""
    title = signing_office(user, provider_id)
    return (title, _person_name(user)) if title else None


def _credential_url(certificate: Certificate) -> str:
    """Where the holder downloads the certificate's Verifiable Credential, once it has one (a
    signed certificate with its status-list index); "" before."""
    if certificate.status_list_id is None or certificate.signed_at is None:
        return ""
    path = reverse("certificate_credential", kwargs={"public_id": certificate.public_id})
    return f"{settings.PORTAL_BASE_URL}{path}"


def certificate_html(certificate: Certificate, *, legalised: bool = False) -> str:
    """The certificate as HTML (A4 landscape); `legalised` adds the legalisation mark."""
    application = certificate.application
    issued_on = _local_date(certificate.signed_at or certificate.issued_at) or timezone.localdate()
    # The QR code and the address under it carry the token: the holder's name and level show
    # only with it (certificates.verification).
    url = verification_url(certificate) if certificate.number else ""
    # Issued in the name of the service's provider, under the title its signer holds there.
    provider = application.service.provider
    # The issued document is Indonesian whatever the language of the session that triggered it.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "certificate": certificate,
            "issuer": provider.issuer,
            "birth": f"{certificate.birth_place}, {_long_date(certificate.birth_date)}",
            "issued": _place_and_date(provider, issued_on),
            "official_title": signing_title(provider=provider, signer=certificate.signed_by),
            "official_name": _person_name(certificate.signed_by),
            "official_nip": certificate.signed_by.nip if certificate.signed_by else "",
            "service": application.service.name,
            "verification_url": url,
            "qr": qr_data_uri(url) if url else None,
            "credential_url": _credential_url(certificate),
            "photo": application_photo_data_uri(application, pixels=PHOTO_PIXELS, quality=88),
            "legalised": legalised,
            "legalised_by": _person_name(certificate.legalised_by),
            "legalised_on": _long_date(
                _local_date(certificate.legalised_at) or timezone.localdate()
            ),
        }
        return render_to_string("certificates/pdf/certificate.html", context)


def certificate_pdf(certificate: Certificate, *, legalised: bool = False) -> bytes:
    """The certificate as an unsigned PDF (portal.signing signs it)."""
    return render_pdf(
        certificate_html(certificate, legalised=legalised), stylesheets=(CERTIFICATE_CSS,)
    )


def _unit_lines(result: Result, service_id: int) -> list[tuple[str, str, str]]:
    """(code, title, outcome) per assessed unit, in the service's order; a unit since removed
    from the service still shows by its code."""
    outcomes = result.unit_outcomes or {}
    units = CompetencyUnit.objects.filter(service_id=service_id, code__in=list(outcomes))
    titles = {unit.code: unit.title for unit in units}
    order = [unit.code for unit in units] + sorted(set(outcomes) - set(titles))
    return [(code, titles.get(code, ""), UnitOutcome(outcomes[code]).label) for code in order]


def result_letter_html(result: Result) -> str:
    """The result letter as HTML (A4 portrait), for any published result: pass, fail or absent."""
    seat = result.seat
    session = seat.session
    application = seat.application
    # The candidate as the panel verified them, never the live profile: what is signed is the
    # data that was verified (a seat only exists for a verified application, so it has one).
    data = applicant_snapshot(application=application)
    head = session.results_published_by or session.head_assessor
    provider = session.service.provider
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "result": result,
            "issuer": provider.issuer,
            # The letter is the provider's: its unit and address under the agency's name.
            "issuer_unit": provider.name if provider.parent_agency else "",
            "issuer_address": provider.address,
            "service": session.service.name,
            "name": applicant_name(application),
            "nip": data.nip if data else application.candidate.nip or "",
            "rank": str(data.rank) if data else "",
            "position": data.position if data else "",
            "institution": data.institution if data else "",
            "purpose": application.get_purpose_display(),
            "level": application.target_level.name,
            "session_date": _long_date(_local_date(session.starts_at)),
            "outcome": result.get_outcome_display(),
            "passed": result.outcome == Outcome.PASSED,
            "absent": result.outcome == Outcome.ABSENT,
            "units": _unit_lines(result, session.service_id),
            "issued": _place_and_date(provider, _local_date(result.published_at)),
            "head_name": _person_name(head),
            "head_nip": head.nip if head else "",
        }
        return render_to_string("certificates/pdf/result_letter.html", context)


def result_letter_pdf(result: Result) -> bytes:
    return render_pdf(result_letter_html(result), stylesheets=(RESULT_LETTER_CSS,))


# --- Storing: what the tasks run -------------------------------------------------------------


def _file_replace(field_file: FieldFile, name: str, content: bytes) -> None:
    """Store under a fixed name, replacing any leftover of a run that died before its commit:
    one file per document, never a "-abc123" duplicate."""
    path = field_file.field.generate_filename(field_file.instance, name)
    if field_file.storage.exists(path):
        field_file.storage.delete(path)
    field_file.save(name, ContentFile(content), save=False)


def _stored(field_file: FieldFile) -> bool:
    return bool(field_file) and field_file.storage.exists(field_file.name)


def _certificate_locked(certificate_id: int) -> Certificate | None:
    # of=("self",): the signer and legaliser are outer joins, which PostgreSQL cannot lock.
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related(
            "application__service__provider",
            "signed_by__profile",
            "legalised_by__profile",
        )
        .filter(pk=certificate_id)
        .first()
    )


def _file_name(certificate: Certificate, prefix: str) -> str:
    return f"{prefix}-{certificate.number.replace('/', '-')}.pdf"


def certificate_pdf_store(*, certificate_id: int) -> bool:
    """Render, sign and store the signed certificate, unless it is stored already. Returns
    whether it wrote one. The row stays locked meanwhile: a second run waits, then finds READY."""
    with transaction.atomic():
        certificate = _certificate_locked(certificate_id)
        if certificate is None or certificate.pdf_state == FileState.NONE:
            return False  # gone, or not signed yet: nothing was asked
        if certificate.pdf_state == FileState.READY and _stored(certificate.pdf):
            return False
        pdf = pdf_sign(
            certificate_pdf(certificate),
            reason=f"Sertifikat Kompetensi {certificate.number}",
            name=_person_name(certificate.signed_by) or None,
        )
        _file_replace(certificate.pdf, _file_name(certificate, "sertifikat"), pdf)
        certificate.pdf_state = FileState.READY
        certificate.save(update_fields=["pdf", "pdf_state", "updated_at"])
    return True


def legalised_pdf_store(*, certificate_id: int) -> bool:
    """The same for the legalised copy, marked with the legalising officer and date."""
    with transaction.atomic():
        certificate = _certificate_locked(certificate_id)
        if certificate is None or certificate.legalised_pdf_state == FileState.NONE:
            return False
        if certificate.legalised_pdf_state == FileState.READY and _stored(
            certificate.legalised_pdf
        ):
            return False
        pdf = pdf_sign(
            certificate_pdf(certificate, legalised=True),
            reason=f"Salinan sesuai asli (legalisir) Sertifikat Kompetensi {certificate.number}",
        )
        _file_replace(certificate.legalised_pdf, _file_name(certificate, "legalisir"), pdf)
        certificate.legalised_pdf_state = FileState.READY
        certificate.save(update_fields=["legalised_pdf", "legalised_pdf_state", "updated_at"])
    return True


def result_letter_store(*, result_id: int) -> bool:
    """Render, sign and store the letter of a published result, unless it is stored already."""
    with transaction.atomic():
        result = (
            Result.objects.select_related(
                "seat__session__service__provider",
                "seat__session__results_published_by__profile",
                "seat__session__head_assessor__profile",
                "seat__application__candidate",
                *applicant_related("seat__application__"),
                "seat__application__target_level",
            )
            .filter(pk=result_id, status=ResultStatus.PUBLISHED)
            .first()
        )
        if result is None:
            return False  # a draft has no letter
        letter, _created = ResultLetter.objects.get_or_create(
            result=result, defaults={"pdf_state": FileState.PENDING}
        )
        letter = ResultLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.pdf_state == FileState.READY and _stored(letter.pdf):
            return False
        pdf = pdf_sign(result_letter_pdf(result), reason="Surat Keterangan Hasil Uji Kompetensi")
        _file_replace(letter.pdf, f"surat-keterangan-hasil-uji-{result.pk}.pdf", pdf)
        letter.pdf_state = FileState.READY
        letter.save(update_fields=["pdf", "pdf_state"])
    return True


def result_letters_request(results: Iterable[Result]) -> None:
    """Ask for the letter of each published result: a new one, or a new rendering after an
    amendment. Call it inside the publishing (or amending) transaction: the rendering is queued
    after commit, and nothing is queued if it rolls back."""
    from certificates import tasks

    for result in results:
        updated = ResultLetter.objects.filter(result=result).update(pdf_state=FileState.PENDING)
        if not updated:
            ResultLetter.objects.create(result=result, pdf_state=FileState.PENDING)
        # robust: with the broker down the results are published; the re-drive renders later.
        transaction.on_commit(
            lambda pk=result.pk: tasks.render_result_letter.delay(pk), robust=True
        )


def documents_redrive(*, now=None) -> dict[str, int]:
    """Queue again every PDF still pending after STALE_AFTER, and a letter for every published
    result that has none: whatever a killed worker or an unreachable broker left behind.
    Rendering twice is harmless (the store functions check first), so a slow queue only
    costs a check. Returns how many of each kind were queued."""
    from certificates import tasks

    cutoff = (now or timezone.now()) - STALE_AFTER
    certificates = list(
        Certificate.objects.filter(pdf_state=FileState.PENDING, updated_at__lt=cutoff)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:REDRIVE_BATCH]
    )
    legalised = list(
        Certificate.objects.filter(legalised_pdf_state=FileState.PENDING, updated_at__lt=cutoff)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:REDRIVE_BATCH]
    )
    letters = list(
        Result.objects.filter(status=ResultStatus.PUBLISHED, published_at__lt=cutoff)
        .exclude(letter__pdf_state=FileState.READY)
        .order_by("published_at", "pk")
        .values_list("pk", flat=True)[:REDRIVE_BATCH]
    )
    for pk in certificates:
        tasks.render_certificate.delay(pk)
    for pk in legalised:
        tasks.render_legalised.delay(pk)
    for pk in letters:
        tasks.render_result_letter.delay(pk)
    counts = {
        "certificates": len(certificates),
        "legalised": len(legalised),
        "letters": len(letters),
    }
    if any(counts.values()):
        logger.warning("Re-driving stalled PDFs: %s", counts)
    return counts
