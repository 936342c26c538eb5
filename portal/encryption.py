"""Secrets the portal must read back (to sign with them) but must not keep readable at rest:
the providers' credential keys (portal.credentials.keys) and webhook secrets
(integrations). A database dump alone opens none of them.

One passphrase for both, CREDENTIAL_KEY_SECRET (or, on laptops and in the tests, one derived from
SECRET_KEY; `check --deploy` asks for the former in production, certificates.checks). Short
values are sealed with AES-256-GCM (an AEAD: a changed byte is refused, not decrypted into
garbage) under a key derived per purpose, so a value sealed for one use cannot be passed off as
another's."""

import base64
import hashlib
import secrets

from django.conf import settings

# The version prefix of a sealed value, so that a later scheme can be told apart.
SEALED_PREFIX = "v1:"
_NONCE_BYTES = 12


class UnsealError(Exception):
    """The value was not sealed by this portal under the current secret, or was altered."""


def at_rest_passphrase() -> bytes:
    """CREDENTIAL_KEY_SECRET, or (laptops, tests) one derived from SECRET_KEY. The credential
    keys' PKCS#8 encryption uses it as is; changing this derivation loses every stored key."""
    secret = settings.CREDENTIAL_KEY_SECRET or f"credential-keys:{settings.SECRET_KEY}"
    return hashlib.sha256(secret.encode()).hexdigest().encode()


def _key(purpose: str) -> bytes:
    return hashlib.sha256(
        b"portal-at-rest:" + purpose.encode() + b":" + at_rest_passphrase()
    ).digest()


def seal(plaintext: str, *, purpose: str) -> str:
    """The plaintext encrypted for storage: "v1:" and the base64 of nonce and ciphertext."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = AESGCM(_key(purpose)).encrypt(nonce, plaintext.encode(), purpose.encode())
    return SEALED_PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(value: str, *, purpose: str) -> str:
    """The plaintext of a value `seal` made for the same purpose; UnsealError otherwise."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not value.startswith(SEALED_PREFIX):
        raise UnsealError("not a sealed value")
    try:
        raw = base64.b64decode(value.removeprefix(SEALED_PREFIX), validate=True)
        nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
        return AESGCM(_key(purpose)).decrypt(nonce, sealed, purpose.encode()).decode()
    except (InvalidTag, ValueError) as exc:
        raise UnsealError("cannot be opened with the current secret") from exc
