"""Why a survey answer was refused. Each carries the Indonesian message shown to the respondent."""

from django.utils.translation import gettext_lazy as _


class SurveyError(Exception):
    message = _("Jawaban survei tidak dapat disimpan.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class SurveyUnavailable(SurveyError):
    message = _("Survei ini dapat diisi setelah layanan Anda selesai.")


class SurveyAlreadyAnswered(SurveyError):
    message = _("Anda sudah mengisi survei untuk layanan ini. Terima kasih atas penilaian Anda.")
