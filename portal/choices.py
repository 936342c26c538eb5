"""Choice labels for long lists: each value's label looked up once per page (issue 19).

`row.get_FOO_display()` rebuilds a dict of the field's choices on every call, hashing (so
translating) every lazy label: on a list of hundreds of rows that was over half of the page's
template time. A page takes the labels once, in the active language, and gives each row its own.
"""

from collections.abc import Iterable


def choice_labels(choices: Iterable[tuple]) -> dict:
    """Each value of `choices` (a field's or a TextChoices' `.choices`) with its label as text
    in the active language."""
    return {value: str(label) for value, label in choices}


def labels_set(
    rows: Iterable, *, field: str, choices: Iterable[tuple], attribute: str = ""
) -> None:
    """Set `<field>_label` (or `attribute`) on each row to the label of its `field`'s value, as
    get_<field>_display() would give it (the value itself when it is not a choice)."""
    labels = choice_labels(choices)
    attribute = attribute or f"{field}_label"
    for row in rows:
        value = getattr(row, field)
        setattr(row, attribute, labels.get(value, value))
