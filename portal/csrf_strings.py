"""The random strings of Django's CSRF protection (a new secret, and the mask that makes every
page's token different), drawn from the same source with one system call instead of 32.

Django draws each of the 32 characters with secrets.choice: one os.urandom call per character,
about 40 to 90 µs per string on the build machine, and every page pays for one (the language
switch in base.html carries a token), the bare render two. This draws the bytes for the whole
string from os.urandom at once (the source secrets uses) and keeps those below 248, the largest
multiple of 62 under 256, so each of the 62 characters stays exactly as likely (4 bytes in 248
map to each) and the string is as unpredictable as Django's. install() (portal's AppConfig.ready)
puts it in place of django.middleware.csrf._get_new_csrf_string, which Django's get_token,
rotate_token and the mask call by that name; the rest of the CSRF check is Django's own."""

import os

from django.middleware import csrf

# Django's own function, kept for the tests and for install() to check what it replaces.
_django_get_new_csrf_string = csrf._get_new_csrf_string


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


def install() -> None:
    csrf._get_new_csrf_string = new_csrf_string
