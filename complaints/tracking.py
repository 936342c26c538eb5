"""Tracking codes: the reporter's only key to their complaint, so they must be unguessable, yet
easy to read aloud over the telephone and to type from a printed receipt.

A code is ``ADU-XXXX-XXXX``: eight symbols drawn with ``secrets`` from a Crockford-like alphabet
of 30 (digits and capitals without 0/O, 1/I/L, nor U), i.e. 30^8 = 6.6e11 codes (~39 bits).
Guessing is throttled by the lookup rate limit (PORTAL_RATE_LIMITS["complaint_track"]): at 30 a
minute, one address needs about four years on average to hit any of 10,000 complaints. People
type codes in any case, with or without the dashes and with stray spaces, so lookups go through
``code_normalize``.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "ADU"
GROUPS = 2
GROUP_LENGTH = 4
LENGTH = GROUPS * GROUP_LENGTH

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def _format(symbols: str) -> str:
    groups = [symbols[i : i + GROUP_LENGTH] for i in range(0, LENGTH, GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])


def code_generate() -> str:
    """A new random code; the caller makes sure it is not taken (the column is unique)."""
    return _format("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def code_normalize(raw: str) -> str | None:
    """The stored form of a typed code ("adu 7k3m 9qx2", "7K3M9QX2" → "ADU-7K3M-9QX2"), or
    None when it cannot be a code (wrong length or a symbol outside the alphabet)."""
    symbols = _NOT_ALNUM.sub("", (raw or "").upper())
    if len(symbols) == len(PREFIX) + LENGTH and symbols.startswith(PREFIX):
        symbols = symbols[len(PREFIX) :]
    if len(symbols) != LENGTH or any(symbol not in ALPHABET for symbol in symbols):
        return None
    return _format(symbols)
