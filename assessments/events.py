"""The events recorded on an institution's engagement (portal.events collects EVENT_KINDS).
The institution's operators read the timeline (candidate_sees); staff read every entry."""

from django.utils.translation import gettext_lazy as _

from assessments.constants import EngagementState
from assessments.models import Engagement, Participant
from portal.events import EventKind


def _state_problem(event) -> bool:
    return event.to_state in {EngagementState.DECLINED, EngagementState.CANCELLED}


EVENT_KINDS = [
    EventKind(Engagement, "created", _("Permohonan kerja sama dibuat"), candidate_sees=True),
    EventKind(
        Engagement,
        "state",
        _("Status: %(from)s → %(to)s"),
        candidate_sees=True,
        problem=_state_problem,
        states=EngagementState,
    ),
    EventKind(Engagement, "note", _("Catatan koordinasi ditambahkan"), candidate_sees=True),
    # The agreement (SPK).
    EventKind(Engagement, "agreement_drafted", _("SPK disusun"), candidate_sees=True),
    EventKind(
        Engagement, "agreement_confirmed", _("Isi SPK dikonfirmasi LAN"), candidate_sees=True
    ),
    EventKind(
        Engagement,
        "agreement_returned",
        _("Isi SPK dikembalikan untuk diperbaiki"),
        candidate_sees=True,
        problem=True,
    ),
    EventKind(
        Engagement,
        "agreement_signed_first",
        _("SPK ditandatangani Pihak Pertama (instansi)"),
        candidate_sees=True,
    ),
    EventKind(
        Engagement,
        "agreement_signed_second",
        _("SPK ditandatangani Pihak Kedua (LAN)"),
        candidate_sees=True,
    ),
    # The participants and the intake.
    EventKind(Engagement, "participants_accepted", _("Daftar asesi diterima"), candidate_sees=True),
    EventKind(
        Engagement,
        "participants_refused",
        _("Berkas daftar asesi ditolak"),
        candidate_sees=True,
        problem=True,
    ),
    EventKind(
        Engagement, "invitations_sent", _("Undangan e-registrasi dikirim"), candidate_sees=True
    ),
    EventKind(Engagement, "session_planned", _("Sesi intake dijadwalkan"), candidate_sees=True),
    EventKind(Engagement, "session_changed", _("Sesi intake diubah"), candidate_sees=True),
    EventKind(Engagement, "intake_held", _("Intake dilaksanakan"), candidate_sees=True),
    # Payment.
    EventKind(Engagement, "invoice_issued", _("Tagihan diterbitkan"), candidate_sees=True),
    EventKind(Engagement, "proof_uploaded", _("Bukti pembayaran diunggah"), candidate_sees=True),
    EventKind(
        Engagement, "payment_confirmed", _("Pembayaran dikonfirmasi bendahara"), candidate_sees=True
    ),
    EventKind(
        Engagement,
        "proof_returned",
        _("Bukti pembayaran dikembalikan"),
        candidate_sees=True,
        problem=True,
    ),
    EventKind(
        Engagement,
        "payment_overdue",
        _("Pembayaran melewati batas waktu SPK"),
        candidate_sees=True,
        problem=True,
    ),
    # Reports.
    EventKind(Engagement, "report_created", _("Laporan disusun")),
    EventKind(Engagement, "report_delivered", _("Laporan diserahkan"), candidate_sees=True),
    # An asesi's own record.
    EventKind(Participant, "invited", _("Undangan e-registrasi dikirim"), candidate_sees=True),
    EventKind(Participant, "cv_submitted", _("Daftar Riwayat Hidup dikirim"), candidate_sees=True),
    EventKind(Participant, "questionnaire_submitted", _("Kuesioner dikirim"), candidate_sees=True),
    EventKind(Participant, "attendance", _("Kehadiran intake dicatat"), candidate_sees=True),
    # Intake part: the operator took an asesi off the list before inviting them.
    EventKind(
        Engagement, "participant_removed", _("Asesi dihapus dari daftar"), candidate_sees=True
    ),
]
