"""Comparing a profile's name with the registry's: case, spaces, dots and titles apart."""

import pytest

from registration.names import names_match, person_name_key


@pytest.mark.parametrize(
    ("registry", "typed"),
    [
        ("Rina Wulandari, S.I.Pust.", "rina  WULANDARI"),
        ("Dra. Endang Sri Rahayu, M.Si.", "Endang Sri Rahayu"),
        ("Dr. H. Ahmad Fauzi, M.Hum.", "Ahmad Fauzi"),
        ("Budi Santoso S.Sos", "Budi Santoso"),
        ("Hj. Nurjanah, S.Sos., M.Si.", "Nurjanah"),
    ],
)
def test_the_same_person_with_or_without_titles_matches(registry, typed):
    assert names_match(registry, typed)


@pytest.mark.parametrize(
    ("registry", "typed"),
    [
        ("Rina Wulandari, S.I.Pust.", "Rudi Penyerobot"),
        ("Rina Wulandari, S.I.Pust.", "Rina"),
        ("Muh. Ali", "Ali"),  # an abbreviated name is not a title
    ],
)
def test_another_name_does_not_match(registry, typed):
    assert not names_match(registry, typed)


def test_a_lone_title_like_word_is_kept_as_a_name():
    assert person_name_key("H") == "h"
