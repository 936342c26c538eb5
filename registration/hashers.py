"""A fast keyed hash for the first password the portal generates (issue 19), never for a chosen one.

A chosen password is guessable, so it is stretched: PBKDF2 with Django's iterations, about
0.4 s of CPU each. A generated one is 14 characters drawn by `secrets` from 55 (about 81 bits,
registration.services.password_generate): nobody guesses it by trying, stretched or not, so the
stretching only made each registration cost 0.4 s of CPU and capped one core at about 2.5
accounts per second. It is stored as HMAC-SHA256 keyed with a key derived from SECRET_KEY (and a
per-password salt): a leaked database alone does not even allow an offline search, and with the
key too the search is over 2**81 candidates.

Safety as before:
- Only `GeneratedPassword` (made by password_generate) can be encoded here; anything else, a
  password someone typed, raises. Django's own `set_password`, allauth's change and reset forms
  and the admin use the default hasher (first in PASSWORD_HASHERS), so a chosen password is
  always PBKDF2.
- At the first successful login Django's check_password sees a hash that is not the preferred
  algorithm and rehashes the password with PBKDF2; the forced change (must_change_password)
  then replaces it with the user's own.
- A wrong password costs what it costs against a PBKDF2 hash: `verify` runs the default hasher
  once when it fails (Django calls harden_runtime only when the algorithm did not change), so
  the login's timing does not tell an account with a fresh generated password from any other
  account or from no account (Django hashes once for an unknown login too).
"""

from django.conf import settings
from django.contrib.auth.hashers import BasePasswordHasher, get_hasher, mask_hash
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_noop as _

ALGORITHM = "portal_generated_hmac_sha256"
KEY_SALT = "registration.hashers.GeneratedPasswordHasher"


class GeneratedPassword(str):
    """A password the portal drew at random (registration.services.password_generate). The type
    is the hasher's guard: a plain str, whatever its content, is refused."""

    __slots__ = ()


class NotGenerated(ValueError):
    """A password that the portal did not generate reached the fast hasher."""


def _digest(password: str, salt: str, secret: str) -> str:
    return salted_hmac(
        KEY_SALT, f"{salt}${password}", secret=secret, algorithm="sha256"
    ).hexdigest()


class GeneratedPasswordHasher(BasePasswordHasher):
    """HMAC-SHA256(key from SECRET_KEY, salt + password), for GeneratedPassword only. Listed in
    PASSWORD_HASHERS after the default so that it verifies but never hashes on its own."""

    algorithm = ALGORITHM

    def encode(self, password, salt):
        if not isinstance(password, GeneratedPassword):
            raise NotGenerated("Only a password the portal generated may use the fast hasher.")
        self._check_encode_args(password, salt)
        return f"{self.algorithm}${salt}${_digest(password, salt, settings.SECRET_KEY)}"

    def decode(self, encoded):
        algorithm, salt, hash_ = encoded.split("$", 2)
        assert algorithm == self.algorithm  # noqa: S101 - as Django's own hashers do
        return {"algorithm": algorithm, "hash": hash_, "salt": salt}

    def verify(self, password, encoded):
        decoded = self.decode(encoded)
        # The old keys too, so that rotating SECRET_KEY (with the old one in
        # SECRET_KEY_FALLBACKS) does not void the passwords already mailed.
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
            if constant_time_compare(_digest(password, decoded["salt"], secret), decoded["hash"]):
                return True
        self.harden_runtime(password, encoded)
        return False

    def safe_summary(self, encoded):
        decoded = self.decode(encoded)
        return {
            _("algorithm"): decoded["algorithm"],
            _("salt"): mask_hash(decoded["salt"], show=2),
            _("hash"): mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded):
        # A generated password is for one login: once it is known to be right, it is rehashed
        # with the default hasher (Django does so anyway, the algorithm not being preferred).
        return True

    def harden_runtime(self, password, encoded):
        # A wrong password costs one default hash, as against a PBKDF2 hash or no account.
        default = get_hasher("default")
        if default.algorithm != self.algorithm:
            default.encode(str(password), default.salt())


def generated_password_hash(password: GeneratedPassword) -> str:
    """The stored form of a generated password (what User.password holds)."""
    hasher = get_hasher(ALGORITHM)
    return hasher.encode(password, hasher.salt())
