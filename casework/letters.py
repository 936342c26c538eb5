"""The decision letter (surat penetapan peserta) as a PDF: rendered with WeasyPrint from
templates/casework/letters/, signed with portal.signing and stored once by
`decision_letter_store`, which casework.tasks wraps: a later template never changes a stored
letter. The template uses tables only and fetches nothing (fonts are the system's)."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from casework.models import DecisionLetter
from casework.pdf import REDRIVE_BATCH, STALE_AFTER, pdf_stored, signer_name
from portal.pdf import render_pdf
from portal.providers import signing_title
from registration.nip import format_nip


def _work_unit(case) -> str:
    institution = case.proposal.institution.name if case.proposal_id else ""
    return ", ".join(part for part in (case.work_unit, institution) if part)


def decision_letter_html(letter: DecisionLetter) -> str:
    """The letter as HTML (A4 portrait): the provider's letterhead, the number and date, the
    participants (name, NIP, rank, position, work unit, scheme), the signature block."""
    service = letter.service
    provider = service.provider
    cases = letter.cases.select_related("rank", "proposal__institution").order_by("name", "nip")
    signer = letter.signed_by or letter.created_by
    with translation.override(settings.LANGUAGE_CODE):
        decided = date_format(letter.decided_on, "j F Y") if letter.decided_on else ""
        context = {
            "letter": letter,
            "service": service.name,
            "issuer": provider.issuer,
            "issuer_unit": provider.name if provider.parent_agency else "",
            "issuer_address": provider.address,
            "issued_place": provider.issue_place,
            "decided": decided,
            "participants": [
                {
                    "name": case.name,
                    "nip": format_nip(case.nip),
                    "rank": str(case.rank),
                    "position": case.position,
                    "work_unit": _work_unit(case),
                    "scheme": case.scheme,
                }
                for case in cases
            ],
            "official_title": signing_title(provider=provider, signer=signer),
            "official_name": signer_name(signer),
            "official_nip": getattr(signer, "nip", "") or "",
        }
        return render_to_string("casework/letters/decision_letter.html", context)


def decision_letter_pdf(letter: DecisionLetter) -> bytes:
    """The letter as an unsigned PDF (portal.signing signs it)."""
    return render_pdf(decision_letter_html(letter))


def decision_letter_store(*, letter_id: int) -> bool:
    """Render, sign and store the letter, unless it is stored already. Returns whether it wrote
    one. The letter's row stays locked meanwhile: a second run waits, then finds it stored."""
    from portal.signing import pdf_sign

    with transaction.atomic():
        letter = (
            DecisionLetter.objects.select_for_update(of=("self",))
            .select_related("service__provider", "signed_by", "created_by")
            .filter(pk=letter_id)
            .first()
        )
        if letter is None or pdf_stored(letter.pdf):
            return False
        pdf = pdf_sign(
            decision_letter_pdf(letter),
            reason=f"Surat Penetapan Peserta {letter.number}",
            name=signer_name(letter.signed_by) or None,
        )
        letter.pdf.save(f"penetapan-{letter.public_id}.pdf", ContentFile(pdf), save=False)
        letter.signed_at = timezone.now()
        letter.save(update_fields=["pdf", "signed_at"])
    return True


def decision_letters_pending(*, now=None) -> list[int]:
    """The letters still without a stored PDF after STALE_AFTER (a worker died, the broker was
    down, no signing key yet): what the re-drive queues again."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return list(
        DecisionLetter.objects.filter(signed_at__isnull=True, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:REDRIVE_BATCH]
    )
