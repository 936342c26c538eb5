"""Indonesian mobile numbers (WhatsApp), normalised to +62."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s\-().]")


def whatsapp_normalize(raw: str) -> str:
    """ "0812-3456-7890", "62812...", "+62 812 ..." → "+6281234567890".

    Indonesian mobile numbers start with 8 after the country code and have 9-12 digits there.
    """
    number = _SEPARATORS.sub("", raw or "")
    if number.startswith("+62"):
        number = number[3:]
    elif number.startswith("62"):
        number = number[2:]
    elif number.startswith("0"):
        number = number[1:]
    if not number.isdigit() or not number.startswith("8") or not 9 <= len(number) <= 12:
        raise ValidationError(
            _("Nomor WhatsApp tidak valid. Tulis nomor ponsel Indonesia, mis. 0812 3456 7890."),
            code="whatsapp",
        )
    return f"+62{number}"
