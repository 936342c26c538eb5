""" "May this person do this now?" on objections: one predicate per rule, asked by the pages (to
show a link or a form) and by objections.services (to refuse). A `*_refusal` function returns
the error the service raises, or None when allowed.

An objection has two states: open, then answered (accepted or refused), once."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from objections.constants import ObjectionState
from objections.exceptions import ObjectionError
from objections.selectors import ANSWERING_ROLE, Decision
from portal.roles import holds_role_at

TRANSITIONS = {(ObjectionState.OPEN, ObjectionState.ANSWERED)}


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in TRANSITIONS


def submit_refusal(
    *, application, user, decision: Decision | None, today: date
) -> ObjectionError | None:
    """May the candidate object now? Their own application, a decision to object to, within
    its window."""
    if application.candidate_id != user.pk:
        return ObjectionError(_("Pengajuan ini bukan milik Anda."))
    if decision is None:
        return ObjectionError(_("Tidak ada keputusan atas pengajuan ini yang dapat disanggah."))
    if not decision.open_on(today):
        return ObjectionError(
            _(
                "Batas waktu pengajuan keberatan sudah lewat: hari terakhirnya %(day)s "
                "(3 hari kerja setelah keputusan)."
            )
            % {"day": date_format(decision.last_day, "j F Y")}
        )
    return None


def answer_refusal(objection, user) -> ObjectionError | None:
    """May the staff member answer the objection? Open still, and they hold the role that
    answers its kind (verifier, assessor) at the provider of the application's service."""
    role = ANSWERING_ROLE[objection.kind]
    if not holds_role_at(user, role, objection.application.service.provider_id):
        return ObjectionError(_("Anda tidak memiliki peran untuk menjawab keberatan ini."))
    if not allowed(objection.state, ObjectionState.ANSWERED):
        return ObjectionError(_("Keberatan ini sudah dijawab."))
    return None
