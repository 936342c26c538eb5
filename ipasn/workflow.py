"""Who may do what to a Perangkat Daerah's IP-ASN report (seed 003), and when.

TRANSITIONS is the one table of the report's states with who moves each; the steps within
ROUTING are the service's portal.ServiceStep rows, each acted on by the role it names (its
`actor`). ipasn.services.reports holds the one function that moves a report; it asks the
predicates here, which pages ask too (to show a button). Refusals are returned, not raised:
the caller raises them.

At BKPSDM Kota Singkawang (portal.StaffRole at the provider, or for this service):
- Petugas Administrasi receives and registers (agenda) the report and passes it on;
- Kasubbag Umum, Kepegawaian dan Aset passes it on for the Sekretaris's paraf;
- Sekretaris Badan initials it (paraf);
- Kepala Badan disposes it (disposisi) to the Kepala Bidang;
- Kepala Bidang PKA, Karir dan Kompetensi passes it to the processing unit, and at the end
  signs the Laporan Data IP-ASN and sends it to the Kepala;
- Analis Kepegawaian (the processing unit) checks it, returns it to the Perangkat Daerah with
  reasons or processes it, records the upload to BKN's IP-ASN application, makes the laporan.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.exceptions import CaseError, CaseForbidden
from ipasn.constants import ReportState
from portal.constants import Role, StepActor, StepKind
from portal.roles import holds_role_for_service
from registration.conflicts import ConflictOfInterest, unit_conflict_reason

OPERATOR = "operator"
SYSTEM = "system"

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (ReportState.DRAFT, ReportState.ROUTING): frozenset({OPERATOR}),
    (ReportState.DRAFT, ReportState.WITHDRAWN): frozenset({OPERATOR}),
    (ReportState.ROUTING, ReportState.RETURNED): frozenset({Role.PERSONNEL_ANALYST}),
    (ReportState.RETURNED, ReportState.ROUTING): frozenset({OPERATOR}),
    (ReportState.RETURNED, ReportState.WITHDRAWN): frozenset({OPERATOR}),
    (ReportState.ROUTING, ReportState.COMPLETED): frozenset({Role.DIVISION_HEAD}),
}

# The roles that see the service's reports at the provider (each its own queue); the Kepala
# Badan also reads every laporan delivered to them.
STAFF_ROLES = (
    Role.ADMIN_CLERK,
    Role.GENERAL_AFFAIRS_HEAD,
    Role.AGENCY_SECRETARY,
    Role.AGENCY_HEAD,
    Role.DIVISION_HEAD,
    Role.PERSONNEL_ANALYST,
)

# What the official at a step does, by the step's kind, for the button and the history.
ACTION_LABELS = {
    StepKind.ROUTING: gettext_lazy("Teruskan"),
    StepKind.PROCESSING: gettext_lazy("Dokumen sesuai, proses"),
    StepKind.EXTERNAL_UPLOAD: gettext_lazy("Catat unggahan ke aplikasi IP-ASN"),
    StepKind.REPORT: gettext_lazy("Buat Laporan Data IP-ASN"),
}


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_operator(user, report) -> bool:
    """An operator of the report's Perangkat Daerah (any of them: a colleague may take over)."""
    return _active(user) and report.institution.operators.filter(pk=user.pk).exists()


def is_staff_for(user, report) -> bool:
    """Holds one of the service's roles at the provider (sees the report and its history)."""
    return _active(user) and any(
        holds_role_for_service(user, role, report.service) for role in STAFF_ROLES
    )


def may_view(user, report) -> bool:
    return is_operator(user, report) or is_staff_for(user, report)


def step_role(step) -> str | None:
    """The staff role acting at `step`, or None where the Perangkat Daerah acts."""
    if step is None or step.actor in (StepActor.INSTITUTION, StepActor.APPLICANT):
        return None
    return step.actor


def acts_at_step(user, report) -> bool:
    """May `user` act on the report's current step now (its role, the report in routing, not
    their own Perangkat Daerah's)."""
    role = step_role(report.step)
    return (
        report.state == ReportState.ROUTING
        and role is not None
        and _active(user)
        and holds_role_for_service(user, role, report.service)
        and own_unit_reason(user, report) is None
    )


class OwnUnitConflict(CaseForbidden, ConflictOfInterest):
    """An official refused at the report of their own Perangkat Daerah: the report's page shows
    the reason above the actions (a CaseForbidden); elsewhere it is a 403 with the reason."""


def own_unit_reason(user, report) -> str | None:
    """Why `user` may not assess this report (registration.conflicts): it is the Perangkat
    Daerah they work in — one they are an operator of, or the unit kerja they declared."""
    if not _active(user):
        return None
    if is_operator(user, report):
        return _("perangkat daerah tempat Anda menjadi operator")
    return unit_conflict_reason(staff=user, unit_name=report.institution.name)


def own_unit_refusal(user, report) -> OwnUnitConflict | None:
    if reason := own_unit_reason(user, report):
        return OwnUnitConflict(
            _("Konflik kepentingan: %(reason)s. Laporan ini dinilai petugas lain.")
            % {"reason": reason}
        )
    return None


def step_refusal(user, report, *kinds: str) -> Exception | None:
    """Why `user` may not act at the report's current step as one of `kinds`, or None. Nobody
    forwards, processes, returns, records or signs the report of their own Perangkat Daerah."""
    if report.state != ReportState.ROUTING or report.step is None:
        return CaseError(_("Laporan ini tidak sedang diproses."))
    if kinds and report.step.kind not in kinds:
        return CaseError(_("Tindakan ini bukan untuk langkah laporan saat ini."))
    if refusal := own_unit_refusal(user, report):
        return refusal
    if not acts_at_step(user, report):
        return CaseForbidden(
            _("Langkah ini dikerjakan oleh %(role)s.") % {"role": report.step.get_actor_display()}
        )
    return None


def transition_refusal(report, actor, to_state: str) -> Exception | None:
    """Why `actor` (None: the portal) may not move the report to `to_state`, or None."""
    movers = TRANSITIONS.get((report.state, to_state))
    if movers is None:
        return CaseError(_("Laporan dengan status ini tidak dapat diubah seperti itu."))
    if actor is None:
        return None if SYSTEM in movers else CaseForbidden(_("Tindakan ini tidak diizinkan."))
    if OPERATOR in movers and is_operator(actor, report):
        return None
    if any(
        role != OPERATOR and role != SYSTEM and holds_role_for_service(actor, role, report.service)
        for role in movers
    ):
        return None
    return CaseForbidden(_("Anda tidak berwenang melakukan tindakan ini."))


def operator_may_edit(user, report) -> bool:
    """The Perangkat Daerah may change the letter and the recap while it holds the report."""
    return report.state in (ReportState.DRAFT, ReportState.RETURNED) and is_operator(user, report)
