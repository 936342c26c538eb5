"""Why a scheduling action was refused. Each carries the Indonesian message shown to the user."""

from django.utils.translation import gettext_lazy as _


class SchedulingError(Exception):
    message = _("Permintaan penjadwalan tidak dapat diproses.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class InvalidTransition(SchedulingError):
    message = _("Status sesi ini tidak dapat diubah.")


class SessionFull(SchedulingError):
    message = _("Sesi ini sudah penuh. Pilih sesi lain.")


class BookingClosed(SchedulingError):
    message = _("Pemesanan kursi untuk sesi ini sedang tidak dibuka.")


class AlreadySeated(SchedulingError):
    message = _("Pengajuan ini sudah mendapat kursi pada sebuah sesi.")


class NotEligible(SchedulingError):
    message = _("Hanya pengajuan yang sudah terverifikasi yang dapat memesan kursi.")


class PanelConflict(NotEligible):
    """An assessor of the session conflicts with the candidate (registration.conflicts)."""

    message = _("Konflik kepentingan dengan asesor sesi ini. Pilih sesi lain.")


class SessionInvalid(SchedulingError):
    """The session's data break its rules. `errors` maps each ExamSession field at fault to
    what is wrong with it (in Indonesian, naming the field), so a form can show each message
    next to its field; `message` is all of them in one sentence, for a screen without fields."""

    message = _("Data sesi uji belum benar.")

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(" ".join(str(text) for texts in errors.values() for text in texts))


class ResultError(SchedulingError):
    message = _("Hasil uji tidak dapat diproses.")


class NotOnPanel(ResultError):
    message = _("Anda bukan asesor sesi uji ini.")


class NotHeadOfPanel(ResultError):
    message = _("Hanya ketua panel sesi ini yang dapat melakukannya.")


class ResultsPublished(ResultError):
    message = _("Hasil sesi ini sudah diumumkan; perubahan hanya melalui ralat oleh ketua panel.")


class ResultsIncomplete(ResultError):
    message = _("Hasil sesi ini belum lengkap.")


class WaitlistError(SchedulingError):
    message = _("Permintaan daftar tunggu tidak dapat diproses.")


class OfferExpired(WaitlistError):
    message = _(
        "Batas waktu menerima tawaran kursi ini sudah lewat; kursi ditawarkan kepada peserta "
        "berikutnya. Anda dapat masuk daftar tunggu lagi."
    )
