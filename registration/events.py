"""The events registration records (portal.events collects EVENT_KINDS): on an application, on an
account, and on an account claim."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.constants import Role
from portal.events import EventKind, state_label
from portal.models import Event
from registration.constants import ApplicationStatus, ClaimStatus
from registration.models import AccountClaim, Application, User

# The application's states that tell the candidate something went wrong.
PROBLEM_STATES = frozenset({ApplicationStatus.RETURNED, ApplicationStatus.REJECTED})


def _status_for_candidate(event: Event) -> str:
    """The step in the candidate's words: the state's name, or what a move back means."""
    if event.to_state == ApplicationStatus.SUBMITTED:
        if event.from_state == ApplicationStatus.RETURNED:
            return _("Diajukan kembali setelah perbaikan")
        if event.from_state == ApplicationStatus.IN_REVIEW:
            return _("Dikembalikan ke antrean verifikasi")
        if event.from_state == ApplicationStatus.REJECTED:
            return _("Diverifikasi ulang setelah keberatan diterima")
    if (event.from_state, event.to_state) == (
        ApplicationStatus.SCHEDULED,
        ApplicationStatus.VERIFIED,
    ):
        return _("Kembali menunggu jadwal ujian")
    return state_label(ApplicationStatus, event.to_state)


def _role_change(given: bool):
    """ "Peran diberikan: Tim verifikasi di <provider>": the role is the event's state, the
    provider's name its note (events older than providers noted the role itself)."""

    def title(event: Event) -> str:
        role = event.to_state if given else event.from_state
        words = (_("Peran diberikan: %(role)s") if given else _("Peran dicabut: %(role)s")) % {
            "role": state_label(Role, role)
        }
        if event.note and event.note != role:
            words = _("%(change)s di %(provider)s") % {"change": words, "provider": event.note}
        return words

    return title


def _claim_status(event: Event) -> str:
    if event.to_state == ClaimStatus.APPROVED:
        return _("Disetujui: akun dialihkan")
    if event.to_state == ClaimStatus.REJECTED:
        return _("Ditolak")
    return state_label(ClaimStatus, event.to_state)


EVENT_KINDS = [
    # --- An application ---------------------------------------------------------------------
    EventKind(Application, "created", gettext_lazy("Pengajuan dibuat"), candidate_sees=True),
    EventKind(
        Application, "document_uploaded", gettext_lazy("Berkas diunggah"), candidate_sees=True
    ),
    EventKind(
        Application,
        "documents_reused",
        gettext_lazy("Berkas disalin dari pengajuan sebelumnya"),
        candidate_sees=True,
    ),
    EventKind(
        Application,
        "status",
        gettext_lazy("Status: %(to)s"),
        candidate_title=_status_for_candidate,
        candidate_sees=True,
        problem=lambda event: event.to_state in PROBLEM_STATES,
        states=ApplicationStatus,
    ),
    # --- An account (the candidate's own, or a staff member's roles) --------------------------
    EventKind(User, "account_registered", gettext_lazy("Akun didaftarkan"), candidate_sees=True),
    EventKind(User, "password_changed", gettext_lazy("Kata sandi diubah"), candidate_sees=True),
    EventKind(User, "profile_saved", gettext_lazy("Profil peserta disimpan"), candidate_sees=True),
    EventKind(User, "role_granted", _role_change(given=True), states=Role),
    EventKind(User, "role_revoked", _role_change(given=False), states=Role),
    EventKind(User, "superuser_granted", gettext_lazy("Status superuser diberikan")),
    EventKind(User, "superuser_revoked", gettext_lazy("Status superuser dicabut")),
    EventKind(User, "account_claim_submitted", gettext_lazy("Klaim akun atas NIP ini diajukan")),
    EventKind(
        User, "account_claim_approved", gettext_lazy("Klaim akun disetujui: e-mail akun diganti")
    ),
    EventKind(
        User,
        "conflict_declaration_saved",
        gettext_lazy("Pernyataan konflik kepentingan disimpan"),
    ),
    # --- An account claim -------------------------------------------------------------------
    EventKind(AccountClaim, "account_claim_submitted", gettext_lazy("Klaim diajukan")),
    EventKind(
        AccountClaim,
        "status",
        _claim_status,
        problem=lambda event: event.to_state == ClaimStatus.REJECTED,
        states=ClaimStatus,
    ),
]
