"""Django's CSRF secrets and masks come from portal.csrf_strings: the same alphabet and length,
every character as likely (a chi-square test that a modulo without rejection would fail), the
masked tokens as Django's functions write and read them, and Django's check still accepts the
tokens the pages carry and refuses a wrong one."""

import os
from collections import Counter

import pytest
from django.http import HttpResponse
from django.middleware import csrf
from django.test import RequestFactory

from portal import csrf_strings

# Chi-square with 61 degrees of freedom: exceeded by chance about once in a million runs.
CHI_SQUARE_LIMIT = 135.0


def test_djangos_csrf_uses_the_portals_strings():
    assert csrf._get_new_csrf_string is csrf_strings.new_csrf_string
    assert csrf_strings._django_get_new_csrf_string is not csrf_strings.new_csrf_string


def test_strings_have_djangos_length_and_alphabet_and_differ():
    strings = [csrf._get_new_csrf_string() for _ in range(200)]
    assert all(len(s) == csrf.CSRF_SECRET_LENGTH for s in strings)
    assert set("".join(strings)) <= set(csrf.CSRF_ALLOWED_CHARS)
    assert len(set(strings)) == len(strings)


def _chi_square(text: str, alphabet: str) -> float:
    counts = Counter(text)
    expected = len(text) / len(alphabet)
    return sum((counts.get(c, 0) - expected) ** 2 / expected for c in alphabet)


def test_every_character_is_as_likely():
    alphabet = csrf.CSRF_ALLOWED_CHARS
    text = csrf_strings.random_string(310_000, alphabet)
    assert len(text) == 310_000
    assert _chi_square(text, alphabet) < CHI_SQUARE_LIMIT
    # The same test sees the bias of taking every byte modulo 62 (the first 8 characters then
    # come 5 times in 256 instead of 4): it is what the rejection of bytes 248-255 prevents.
    biased = "".join(alphabet[b % len(alphabet)] for b in os.urandom(310_000))
    assert _chi_square(biased, alphabet) > CHI_SQUARE_LIMIT


def test_a_short_alphabet_and_lengths_that_need_a_second_draw():
    assert csrf_strings.random_string(0, "ab") == ""
    text = csrf_strings.random_string(5_000, "abc")
    assert len(text) == 5_000 and set(text) == set("abc")


@pytest.mark.django_db  # the refusal renders the 403 page, whose footer reads the providers
def test_djangos_check_accepts_the_masked_token_and_refuses_another():
    factory = RequestFactory()
    page = factory.get("/")
    csrf.CsrfViewMiddleware(lambda r: HttpResponse()).process_request(page)
    token = csrf.get_token(page)
    secret = page.META["CSRF_COOKIE"]
    assert len(token) == 2 * csrf.CSRF_SECRET_LENGTH
    assert csrf._unmask_cipher_token(token) == secret
    assert csrf.get_token(page) != token  # each call masks anew, as Django's

    def post(form_token):
        request = factory.post("/", {"csrfmiddlewaretoken": form_token})
        request.COOKIES[csrf.settings.CSRF_COOKIE_NAME] = secret
        middleware = csrf.CsrfViewMiddleware(lambda r: HttpResponse())
        middleware.process_request(request)
        return middleware.process_view(request, lambda r: HttpResponse(), (), {})

    assert post(token) is None  # accepted
    assert post(csrf._mask_cipher_secret(csrf._get_new_csrf_string())).status_code == 403


def test_the_mask_and_unmask_give_djangos_text(monkeypatch):
    assert csrf._mask_cipher_secret is csrf_strings.mask_cipher_secret
    assert csrf._unmask_cipher_token is csrf_strings.unmask_cipher_token
    alphabet = csrf.CSRF_ALLOWED_CHARS
    # Secrets and masks at the alphabet's ends (the sums and differences wrap around) and
    # random ones; both functions given the same mask.
    secrets_ = [alphabet[:32], alphabet[-32:], "9" * 32, "a" * 32]
    secrets_ += [csrf_strings.new_csrf_string() for _ in range(200)]
    masks = [alphabet[-32:], alphabet[:32], "0" * 32, "Z" * 32]
    masks += [csrf_strings.new_csrf_string() for _ in range(200)]
    for secret, mask in zip(secrets_, masks, strict=True):
        monkeypatch.setattr(csrf, "_get_new_csrf_string", lambda mask=mask: mask)
        token = csrf_strings.mask_cipher_secret(secret)
        assert token == csrf_strings._django_mask_cipher_secret(secret)
        assert token.startswith(mask) and len(token) == 2 * csrf.CSRF_SECRET_LENGTH
        assert csrf_strings.unmask_cipher_token(token) == secret
        assert csrf_strings.unmask_cipher_token(token) == (
            csrf_strings._django_unmask_cipher_token(token)
        )
