"""Why a registration was refused. Each carries the Indonesian message shown to the user."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registration.constants import REGISTRATION_LINK_VALID_HOURS


class RegistrationError(Exception):
    field = "nip"
    message = _("Pendaftaran tidak dapat diproses.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class InvalidNip(RegistrationError):
    pass


class NotInRegistry(RegistrationError):
    message = _(
        "NIP ini belum ada di database Pustakawan. Mintalah pengelola kepegawaian di instansi "
        "Anda mengajukan pemutakhiran data ke Perpustakaan Nasional, lalu coba lagi."
    )


class AlreadyRegistered(RegistrationError):
    message = _(
        "NIP ini sudah terdaftar dengan alamat e-mail lain. Jika akun itu milik Anda, masuk "
        "atau gunakan fitur Lupa Kata Sandi dengan alamat tersebut. Jika bukan, ajukan klaim "
        "NIP dengan KTP dan Kartu Pegawai."
    )


class EmailTaken(RegistrationError):
    field = "email"
    message = _("Alamat e-mail ini sudah dipakai akun lain. Gunakan alamat e-mail Anda sendiri.")


class LinkInvalid(RegistrationError):
    message = _(
        "Tautan ini tidak dikenal. Salin tautan lengkap dari e-mail, atau minta tautan baru "
        "dengan mengisi formulir lagi."
    )


def link_expired_message() -> str:
    """What an expired confirmation or claim link says, with the links' real lifetime."""
    return ngettext(
        "Tautan ini sudah kedaluwarsa (berlaku %(hours)d jam). Isi formulir lagi untuk "
        "menerima tautan baru.",
        "Tautan ini sudah kedaluwarsa (berlaku %(hours)d jam). Isi formulir lagi untuk "
        "menerima tautan baru.",
        REGISTRATION_LINK_VALID_HOURS,
    ) % {"hours": REGISTRATION_LINK_VALID_HOURS}


class LinkExpired(RegistrationError):
    def __init__(self, message=None):
        super().__init__(message or link_expired_message())


class RegistryAddressChanged(RegistrationError):
    field = "email"
    message = _(
        "Database Pustakawan kini mencatat alamat e-mail resmi untuk NIP ini, dan tautan ini "
        "dikirim ke alamat lain. Daftar lagi: tautan baru dikirim ke alamat resmi tersebut."
    )


class ClaimError(Exception):
    """An account claim cannot go this way; `message` says why, in Indonesian."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


class ApplicationError(Exception):
    """An application cannot be changed this way; `message` says why, in Indonesian."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


class InvalidTransition(ApplicationError):
    pass


class ApplicationIncomplete(ApplicationError):
    def __init__(self, message, missing: list[str]):
        super().__init__(message)
        self.missing = missing
