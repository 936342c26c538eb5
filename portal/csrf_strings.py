"""The random strings of Django's CSRF protection (a new secret, and the mask that makes every
page's token different), drawn from the same source with one system call instead of 32.

Django draws each of the 32 characters with secrets.choice: one os.urandom call per character,
about 40 to 90 µs per string on the build machine, and every page pays for one (the language
switch in base.html carries a token), the bare render two. This draws the bytes for the whole
string from os.urandom at once (the source secrets uses) and keeps those below 248, the largest
multiple of 62 under 256, so each of the 62 characters stays exactly as likely (4 bytes in 248
map to each) and the string is as unpredictable as Django's. install() (portal's AppConfig.ready)
puts it in place of django.middleware.csrf._get_new_csrf_string, which Django's get_token,
rotate_token and the mask call by that name.

Masking the secret (each {% csrf_token %}) and unmasking a form's token (each checked POST) add
or subtract the mask's characters' places in the alphabet; Django finds each place with
str.index, 64 searches a token. mask_cipher_secret and unmask_cipher_token give the same text
from a table of the places, about 20 µs less a page; the rest of the CSRF check is Django's
own."""

import os

from django.middleware import csrf

# Django's own functions, kept for the tests to compare with.
_django_get_new_csrf_string = csrf._get_new_csrf_string
_django_mask_cipher_secret = csrf._mask_cipher_secret
_django_unmask_cipher_token = csrf._unmask_cipher_token


def random_string(length: int, allowed_chars: str) -> str:
    """`length` characters drawn uniformly from `allowed_chars` (at most 256 of them)."""
    count = len(allowed_chars)
    limit = 256 - 256 % count  # bytes at or above it would favour the first characters
    chosen: list[str] = []
    while len(chosen) < length:
        # Twice what is needed: with 62 characters fewer than 4 % of the bytes are dropped.
        for byte in os.urandom(2 * (length - len(chosen))):
            if byte < limit:
                chosen.append(allowed_chars[byte % count])
                if len(chosen) == length:
                    break
    return "".join(chosen)


def new_csrf_string() -> str:
    return random_string(csrf.CSRF_SECRET_LENGTH, csrf.CSRF_ALLOWED_CHARS)


# Each allowed character's place in the alphabet (Django's masks add and subtract places).
_PLACE = {char: place for place, char in enumerate(csrf.CSRF_ALLOWED_CHARS)}


def mask_cipher_secret(secret: str) -> str:
    """Django's _mask_cipher_secret: a new mask, then each character of the secret moved on by
    the place of the mask's character at the same position."""
    mask = csrf._get_new_csrf_string()
    chars, count = csrf.CSRF_ALLOWED_CHARS, len(csrf.CSRF_ALLOWED_CHARS)
    moved = [chars[(_PLACE[x] + _PLACE[y]) % count] for x, y in zip(secret, mask, strict=True)]
    return mask + "".join(moved)


def unmask_cipher_token(token: str) -> str:
    """Django's _unmask_cipher_token: the secret a token's mask (its first half) hides. The
    token has been checked to be of the allowed characters and length (_check_token_format)."""
    length, chars = csrf.CSRF_SECRET_LENGTH, csrf.CSRF_ALLOWED_CHARS
    # A negative difference counts from the alphabet's end, as in Django's.
    pairs = zip(token[length:], token[:length], strict=True)
    return "".join([chars[_PLACE[x] - _PLACE[y]] for x, y in pairs])


def install() -> None:
    csrf._get_new_csrf_string = new_csrf_string
    csrf._mask_cipher_secret = mask_cipher_secret
    csrf._unmask_cipher_token = unmask_cipher_token
