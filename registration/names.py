"""Comparing a person's name as typed in a profile with the registry's, which carries academic
and religious titles ("Dra. Endang Sri Rahayu, M.Si."): case, spaces, dots and titles apart."""

import re
import unicodedata

# Titles written in front of a name, without their dot and lowercased.
PREFIX_TITLES = frozenset(
    {"dr", "drs", "dra", "drg", "ir", "prof", "h", "hj", "kh", "apt", "ns", "st", "ners"}
)
# A title after the name without a comma: letters and dots, at least one dot inside
# ("S.I.Pust.", "M.Hum", "S.Sos.").
_SUFFIX_TITLE = re.compile(r"^[a-z]{1,4}(\.[a-z]{1,6})+\.?$")
_NOT_NAME = re.compile(r"[^\w\s'-]")


def person_name_key(name: str) -> str:
    """The name without titles, casefolded, single-spaced: what two spellings must share."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    # Indonesian writing puts degrees after a comma: "Rina Wulandari, S.I.Pust., M.Hum.".
    text = text.split(",", 1)[0]
    words = text.split()
    while words and words[0].rstrip(".") in PREFIX_TITLES and len(words) > 1:
        words.pop(0)
    while words and _SUFFIX_TITLE.match(words[-1]) and len(words) > 1:
        words.pop()
    return " ".join(_NOT_NAME.sub("", word) for word in words if _NOT_NAME.sub("", word))


def names_match(first: str, second: str) -> bool:
    return person_name_key(first) == person_name_key(second)
