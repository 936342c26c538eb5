"""Which current/target level combinations make sense for each exam purpose."""

from django.utils.translation import gettext as _

from registration.constants import ExamPurpose, LevelCategory
from registration.models import Level


def level_combination_error(
    *, purpose: str, current: Level | None, target: Level | None
) -> str | None:
    """None when the combination is valid, else the reason in Indonesian."""
    if target is None:
        return _("Pilih jenjang yang dituju.")
    if purpose == ExamPurpose.PROMOTION:
        if current is None:
            return _("Kenaikan jenjang memerlukan jenjang saat ini.")
        if current.category != target.category or target.order != current.order + 1:
            return _(
                "Kenaikan jenjang hanya ke satu jenjang di atas jenjang saat ini, "
                "pada kategori yang sama."
            )
    elif purpose == ExamPurpose.CATEGORY_CHANGE:
        if current is None or current.category != LevelCategory.TERAMPIL:
            return _("Alih kategori berlaku dari jenjang keterampilan.")
        if target.category != LevelCategory.AHLI:
            return _("Alih kategori menuju jenjang keahlian.")
    elif purpose in (ExamPurpose.TRANSFER, ExamPurpose.FIRST_APPOINTMENT):
        if current is not None:
            return _("Untuk tujuan ini, kosongkan jenjang saat ini (belum menjabat pustakawan).")
        if purpose == ExamPurpose.FIRST_APPOINTMENT:
            lowest = Level.objects.filter(category=target.category).order_by("order").first()
            if lowest != target:
                return _("Pengangkatan pertama hanya pada jenjang terendah kategori tersebut.")
    return None
