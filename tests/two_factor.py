"""Two-factor sign-in in tests: enrol a TOTP authenticator with allauth.mfa's own API, and compute
the codes an authenticator app would show for it (RFC 6238 written out here, not allauth's, so
the tests also prove that allauth accepts what a phone computes)."""

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt

PERIOD = 30  # seconds, 6 digits, SHA-1: what authenticator apps assume from an otpauth URI


def totp_enrol(user, secret: str | None = None) -> str:
    """Give the user a TOTP authenticator, as the setup page does; returns its secret."""
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_secret(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def totp_code(user_or_secret, *, steps: int = 0) -> str:
    """The code for now, `steps` periods later (allauth accepts one period either way)."""
    secret = user_or_secret if isinstance(user_or_secret, str) else totp_secret(user_or_secret)
    key = base64.b32decode(secret, casefold=True)
    counter = int(time.time()) // PERIOD + steps
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


_used: dict[int, set[str]] = {}


def unused_totp_code(user) -> str:
    """A valid code this user has not given yet: allauth refuses a code used once, so a test
    that signs the same person in twice within a period takes the next period's code."""
    used = _used.setdefault(user.pk, set())
    code = next(code for steps in (0, 1, -1) if (code := totp_code(user, steps=steps)) not in used)
    used.add(code)
    return code
