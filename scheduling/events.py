"""The events scheduling records (portal.events collects EVENT_KINDS): on an exam session (the
committee's history of it, and the panel's result drafts, which never reach the candidate), and
on a candidate's application (their seat and their result)."""

from django.utils.translation import gettext_lazy as _

from portal.events import EventKind
from registration.models import Application
from scheduling.constants import Attendance, Outcome, SessionStatus
from scheduling.models import ExamSession

EVENT_KINDS = [
    # --- A session ----------------------------------------------------------------------------
    EventKind(ExamSession, "created", _("Sesi dibuat")),
    EventKind(ExamSession, "edited", _("Data sesi diubah")),
    EventKind(
        ExamSession,
        "status",
        _("Status menjadi “%(to)s”"),
        problem=lambda event: event.to_state == SessionStatus.CANCELLED,
        states=SessionStatus,
    ),
    EventKind(ExamSession, "result_recorded", _("Draf hasil dicatat: %(to)s"), states=Outcome),
    EventKind(ExamSession, "results_published", _("Hasil diumumkan")),
    # --- An application -----------------------------------------------------------------------
    # Taking and giving back a seat come with a status change carrying the same note, which
    # tells the candidate already.
    EventKind(Application, "seat_taken", _("Mendapat kursi pada sesi uji")),
    EventKind(Application, "seat_released", _("Kursi pada sesi uji dilepas")),
    EventKind(Application, "seat_moved", _("Jadwal ujian dipindah"), candidate_sees=True),
    EventKind(
        Application, "session_changed", _("Jadwal ujian diubah panitia"), candidate_sees=True
    ),
    # The panel's record until the results are published.
    EventKind(Application, "attendance", _("Kehadiran dicatat: %(to)s"), states=Attendance),
    # Comes with the status change (passed, failed, back to awaiting a schedule).
    EventKind(Application, "result_published", _("Hasil ujian diumumkan: %(to)s"), states=Outcome),
    EventKind(Application, "result_amended", _("Hasil ujian diralat"), candidate_sees=True),
    # The waiting list for a seat when every open session is full.
    EventKind(Application, "waitlist_joined", _("Masuk daftar tunggu kursi"), candidate_sees=True),
    EventKind(
        Application, "waitlist_left", _("Keluar dari daftar tunggu kursi"), candidate_sees=True
    ),
    EventKind(
        Application, "waitlist_offered", _("Ditawari kursi dari daftar tunggu"), candidate_sees=True
    ),
    EventKind(
        Application,
        "waitlist_expired",
        _("Tawaran kursi dari daftar tunggu tidak diterima sampai batas waktunya"),
        candidate_sees=True,
        problem=True,
    ),
]
