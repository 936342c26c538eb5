"""The decision step (StepKind.DECISION): the provider's official determines the participants of
a batch in one letter (surat penetapan peserta), which the portal renders and signs.

Guarantees: only whoever acts at the service's decision step decides
(casework.workflow.decision_refusal, and the engine checks each case again); every listed case
must wait at that step, or nothing is written; the cases' row locks are taken in one order, so
two officials deciding at once wait for each other, and a second click of the same letter finds
its cases already listed and returns that letter instead of making another. The PDF is rendered
and signed after commit by casework.tasks (safe to run twice).
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from casework.constants import CaseState
from casework.exceptions import CaseError
from casework.models import Case, DecisionLetter
from casework.services.engine import case_step_complete
from casework.workflow import Action, decision_refusal
from portal.constants import StepKind


def decision_letter_create(
    *, service, actor, case_ids: list[int], number: str, decided_on: datetime.date
) -> DecisionLetter:
    """One letter for the listed cases (ids) of `service`, numbered and dated as the official
    gives; each case then moves on from the decision step (Action.DECIDE)."""
    refusal = decision_refusal(service=service, user=actor)
    if refusal is not None:
        raise refusal
    number = number.strip()
    if not number:
        raise CaseError(_("Tuliskan nomor surat penetapan."))
    if decided_on is None:
        raise CaseError(_("Isi tanggal penetapan."))
    ids = sorted(set(case_ids))
    if not ids:
        raise CaseError(_("Pilih sedikitnya satu peserta yang ditetapkan."))
    with transaction.atomic():
        cases = list(
            Case.objects.select_for_update(of=("self",))
            .select_related("step")
            .filter(pk__in=ids, service=service)
            .order_by("pk")
        )
        if len(cases) != len(ids):
            raise CaseError(_("Sebagian peserta yang dipilih bukan permohonan layanan ini."))
        repeated = _same_letter(cases, number)
        if repeated is not None:
            return repeated  # the same letter sent twice: it is made already
        waiting = [
            c for c in cases if c.state == CaseState.ACTIVE and c.step.kind == StepKind.DECISION
        ]
        if len(waiting) != len(cases):
            names = ", ".join(c.name for c in cases if c not in waiting)
            raise CaseError(
                _("Peserta berikut tidak sedang menunggu penetapan: %(names)s. Muat ulang halaman.")
                % {"names": names}
            )
        if DecisionLetter.objects.filter(service=service, number=number).exists():
            raise CaseError(_("Nomor surat ini sudah dipakai untuk surat penetapan lain."))
        letter = DecisionLetter.objects.create(
            service=service,
            number=number,
            decided_on=decided_on,
            created_by=actor,
            signed_by=actor,
        )
        Case.objects.filter(pk__in=ids).update(decision=letter)
        note = _("Ditetapkan dalam surat nomor %(number)s") % {"number": number}
        for case in cases:
            case_step_complete(case=case, actor=actor, action=Action.DECIDE, note=note)
        transaction.on_commit(lambda: _render(letter.pk), robust=True)
    return letter


def _same_letter(cases: list[Case], number: str) -> DecisionLetter | None:
    """The letter these very cases were listed in under this number, if they were."""
    letter_ids = {case.decision_id for case in cases}
    if len(letter_ids) != 1 or None in letter_ids:
        return None
    letter = DecisionLetter.objects.filter(pk=letter_ids.pop(), number=number).first()
    if letter is None or letter.cases.count() != len(cases):
        return None
    return letter


def _render(letter_id: int) -> None:
    from casework import tasks

    tasks.render_decision_letter.delay(letter_id)
