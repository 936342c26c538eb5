"""The complaint subjects complaints cannot resolve itself (it sits below the apps that own
them): an exam session by its id and a certificate by its number, each only at the complaint's
provider. Registered into complaints.subjects by composition.apps at ready()."""

from django.utils import timezone
from django.utils.formats import date_format

from certificates.models import Certificate
from scheduling.models import ExamSession


def session_label(*, provider_id: int, key: str) -> str | None:
    if not key.isdigit() or len(key) > 9:
        return None
    session = (
        ExamSession.objects.filter(pk=int(key), service__provider_id=provider_id)
        .select_related("service")
        .first()
    )
    if session is None:
        return None
    starts = date_format(timezone.localtime(session.starts_at), "j F Y H:i")
    return f"{session.service.name}, {starts}"


def certificate_label(*, provider_id: int, key: str) -> str | None:
    # The number only: the holder's name is not the reporter's to learn.
    number = (
        Certificate.objects.filter(
            number__iexact=key, application__service__provider_id=provider_id
        )
        .exclude(number="")
        .values_list("number", flat=True)
        .first()
    )
    return number
