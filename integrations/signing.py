"""Signatures of webhook deliveries, in the Standard Webhooks style (standardwebhooks.com).

Each request carries three headers: `webhook-id` (the delivery's id, the same on every retry:
receivers de-duplicate on it), `webhook-timestamp` (seconds since the epoch, when this attempt
was signed) and `webhook-signature`: "v1," followed by the base64 of
HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>"), where the key is the bytes the
subscription's secret "whsec_<base64>" encodes. A receiver recomputes it over the raw body,
compares in constant time, and refuses a timestamp far from its clock (replays).
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix, not a secret
ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"


def secret_new() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_valid(
    *, secret: str, message_id: str, timestamp: int, body: bytes, header: str
) -> bool:
    """Whether one of the space-separated signatures of `header` is ours (what a receiver
    does; the tests use it too)."""
    expected = signature(secret=secret, message_id=message_id, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, given) for given in header.split())
