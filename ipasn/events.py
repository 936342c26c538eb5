"""The events recorded on a Perangkat Daerah's IP-ASN report (portal.events collects
EVENT_KINDS). The Perangkat Daerah's operators read the timeline (candidate_sees); BKPSDM's
officials read every entry."""

from django.utils.translation import gettext_lazy as _

from ipasn.constants import ReportState
from ipasn.models import IndexCategory, Report, ScoreRule, ScoringDimension
from portal.events import EventKind


def _state_problem(event) -> bool:
    return event.to_state in {ReportState.RETURNED, ReportState.WITHDRAWN}


EVENT_KINDS = [
    EventKind(Report, "created", _("Laporan IP-ASN dibuat"), candidate_sees=True),
    EventKind(
        Report,
        "state",
        _("Status: %(from)s → %(to)s"),
        candidate_sees=True,
        problem=_state_problem,
        states=ReportState,
    ),
    EventKind(Report, "letter", _("Surat pengantar diunggah"), candidate_sees=True),
    EventKind(Report, "recap", _("Rekapitulasi data pegawai diterima"), candidate_sees=True),
    EventKind(Report, "step", _("Langkah diselesaikan"), candidate_sees=True),
    EventKind(Report, "laporan", _("Laporan Data IP-ASN dibuat"), candidate_sees=True),
    EventKind(Report, "signed", _("Laporan Data IP-ASN ditandatangani"), candidate_sees=True),
    # An administrator's edit of a scoring entry in the admin (ipasn.services.scoring): the
    # note says which fields changed from what to what.
    EventKind(ScoringDimension, "scoring", _("Dimensi IP-ASN diubah")),
    EventKind(ScoreRule, "scoring", _("Entri tabel nilai IP-ASN diubah")),
    EventKind(IndexCategory, "scoring", _("Kategori IP-ASN diubah")),
]
