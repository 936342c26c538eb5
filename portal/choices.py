"""Choice labels for long lists: each value's label looked up once per page (issue 19).

`row.get_FOO_display()` rebuilds a dict of the field's choices on every call, hashing (so
translating) every lazy label: on a list of hundreds of rows that was over half of the page's
template time. A page takes the labels once, in the active language, and gives each row its own.
"""

from collections.abc import Iterable

from django.core.signals import setting_changed
from django.utils import translation


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


class KeptLabels:
    """The labels of a TextChoices, kept per language for the life of the process: for a tag
    that draws one badge per row on every page (get_FOO_display() rebuilds the field's choices
    on each call). `label(value)` gives what get_FOO_display() would: the value's label in the
    active language, or the value itself when it is not a choice."""

    _SETTINGS = frozenset({"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N"})

    def __init__(self, choices):
        self._choices = dict(choices.choices)
        self._kept: dict[tuple[str, str | None], str] = {}
        setting_changed.connect(self._reset, weak=False)

    def _reset(self, *, setting, **kwargs):
        if setting in self._SETTINGS:
            self._kept.clear()

    def label(self, value) -> str:
        if value not in self._choices:
            return str(value)
        key = (value, translation.get_language())
        try:
            return self._kept[key]
        except KeyError:
            label = self._kept[key] = str(self._choices[value])
            return label
