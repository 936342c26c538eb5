"""Why a registration was refused. Each carries the Indonesian message shown to the user."""

from django.utils.translation import gettext_lazy as _


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


class LinkExpired(RegistrationError):
    message = _(
        "Tautan ini sudah kedaluwarsa (berlaku 24 jam). Isi formulir lagi untuk menerima tautan "
        "baru."
    )


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
