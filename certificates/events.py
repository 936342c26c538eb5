"""The events certificates records, all on the candidate's application so that their timeline
tells the certificate's journey too (portal.events collects EVENT_KINDS). Staff read them on the
certificate's page in the officers' words, the candidate in their own."""

from django.utils.translation import gettext_lazy as _

from portal.events import EventKind
from registration.models import Application


def _certificate(kind: str, staff, candidate, *, problem: bool = False) -> EventKind:
    return EventKind(
        Application,
        f"certificate_{kind}",
        staff,
        candidate_title=candidate,
        candidate_sees=True,
        problem=problem,
    )


EVENT_KINDS = [
    _certificate("opened", _("Data sertifikat disiapkan"), _("Data sertifikat siap diperiksa")),
    _certificate(
        "confirmed",
        _("Peserta menyatakan data sudah benar"),
        _("Data sertifikat dikonfirmasi"),
    ),
    _certificate(
        "correction_requested",
        _("Peserta meminta perbaikan data"),
        _("Perbaikan data sertifikat diminta"),
        problem=True,
    ),
    _certificate(
        "data_updated", _("Data sertifikat diperbaiki petugas"), _("Data sertifikat diperbaiki")
    ),
    _certificate("validated", _("Data divalidasi"), _("Data sertifikat divalidasi")),
    _certificate("issued", _("Nomor sertifikat diterbitkan"), _("Sertifikat diterbitkan")),
    _certificate("disposed", _("Disposisi disetujui"), _("Disposisi disetujui")),
    _certificate(
        "returned",
        _("Dikembalikan Pejabat Disposisi"),
        _("Sertifikat dikembalikan untuk validasi ulang"),
        problem=True,
    ),
    _certificate("signed", _("Ditandatangani pejabat"), _("Sertifikat ditandatangani")),
    _certificate("legalised", _("Dilegalisir"), _("Sertifikat dilegalisir")),
    _certificate("sent", _("Dikirim"), _("Sertifikat dikirim")),
    _certificate("delivered", _("Diterima peserta"), _("Sertifikat diterima")),
    _certificate("revoked", _("Sertifikat dicabut"), _("Sertifikat dicabut"), problem=True),
    _certificate(
        "withdrawn",
        _("Sertifikat dibatalkan (hasil diralat)"),
        _("Sertifikat dibatalkan"),
        problem=True,
    ),
]
