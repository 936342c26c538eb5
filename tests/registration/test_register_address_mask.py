"""The masked address the registration pages show for an account (registration.addresses):
the first character of the local part, ***, the whole domain, whatever the local part is."""

import pytest

from registration.addresses import address_mask


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("rina.wulandari@perpusnas.go.id", "r***@perpusnas.go.id"),
        ("ri@contoh.id", "r***@contoh.id"),  # a short local part is not shown whole
        ("r@contoh.id", "r***@contoh.id"),  # one character: the mask still hides its length
        ("rina+ujikom@example.go.id", "r***@example.go.id"),  # the tag goes with the rest
        ("budi@mail.perpusnas.go.id", "b***@mail.perpusnas.go.id"),  # the whole domain
        ('"a@b"@contoh.id', '"***@contoh.id'),  # a quoted local part: split at the last @
        ("@contoh.id", "***"),
        ("", ""),
    ],
)
def test_an_address_is_masked_to_its_first_character_and_domain(address, masked):
    assert address_mask(address) == masked
