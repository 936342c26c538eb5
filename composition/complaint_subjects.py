"""The complaint subjects complaints cannot resolve itself (it sits below the apps that own
them): an exam session by its id and a certificate by its number, each only at the complaint's
provider; and a signed-in reporter's own sessions and certificates, offered on the public form.
Registered into complaints.subjects by composition.apps at ready().

Every service of every provider: the librarian exam's sessions are keyed by their id, the
workflow engine's LSP sessions (casework.ExamSession) by "lsp-<id>", so the two never share a
key; a certificate number is the librarian exam's certificate or, failing that, the engine's
signed Surat Keterangan Hasil (casework.IssuedDocument), each at the complaint's provider."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework.models import Case, IssuedDocument
from casework.models import ExamSession as LspSession
from certificates.models import Certificate
from complaints.constants import AboutKind
from complaints.subjects import ReporterSubject
from scheduling.models import ExamSession, Seat


def _starts(session) -> str:
    return date_format(timezone.localtime(session.starts_at), "j F Y H:i")


LSP_SESSION_PREFIX = "lsp-"


def _lsp_session_label(session) -> str:
    return f"{session.scheme} ({session.organiser}), {_starts(session)}"


def session_label(*, provider_id: int, key: str) -> str | None:
    if key.lower().startswith(LSP_SESSION_PREFIX):
        number = key[len(LSP_SESSION_PREFIX) :]
        if not number.isdigit() or len(number) > 9:
            return None
        lsp_session = LspSession.objects.filter(
            pk=int(number), service__provider_id=provider_id
        ).first()
        return _lsp_session_label(lsp_session) if lsp_session is not None else None
    if not key.isdigit() or len(key) > 9:
        return None
    session = (
        ExamSession.objects.filter(pk=int(key), service__provider_id=provider_id)
        .select_related("service")
        .first()
    )
    if session is None:
        return None
    return f"{session.service.name}, {_starts(session)}"


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
    if number is None:
        number = (
            IssuedDocument.objects.filter(
                number__iexact=key,
                issued_at__isnull=False,
                case__service__provider_id=provider_id,
            )
            .values_list("number", flat=True)
            .first()
        )
    return number


def _session_subject(session, key: str, name: str) -> ReporterSubject:
    return ReporterSubject(
        kind=AboutKind.SESSION,
        key=key,
        label=_("Sesi uji: %(service)s, %(starts)s")
        % {"service": name, "starts": _starts(session)},
        provider_id=session.service.provider_id,
    )


def _certificate_subject(number: str, service) -> ReporterSubject:
    return ReporterSubject(
        kind=AboutKind.CERTIFICATE,
        key=number,
        label=_("Sertifikat %(number)s (%(service)s)")
        % {"number": number, "service": service.name},
        provider_id=service.provider_id,
    )


def subjects_of_reporter(*, user) -> list[ReporterSubject]:
    """A candidate's own exam sessions (each once, from their seats, absent ones included) and
    numbered certificates, newest first: two queries."""
    seats = (
        Seat.objects.filter(application__candidate=user)
        .select_related("session__service")
        .order_by("-session__starts_at", "session_id")
    )
    subjects, seen = [], set()
    for seat in seats:
        session = seat.session
        if session.pk in seen:
            continue
        seen.add(session.pk)
        subjects.append(_session_subject(session, str(session.pk), session.service.name))
    certificates = (
        Certificate.objects.filter(application__candidate=user)
        .exclude(number="")
        .select_related("application__service")
        .order_by("-pk")
    )
    subjects += [
        _certificate_subject(certificate.number, certificate.application.service)
        for certificate in certificates
    ]
    return subjects + _engine_subjects_of(user)


def _engine_subjects_of(user) -> list[ReporterSubject]:
    """An employee's LSP sessions and signed Surat Keterangan Hasil from the workflow engine's
    cases (seed 002): two queries."""
    cases = (
        Case.objects.filter(applicant=user, exam_session__isnull=False)
        .select_related("exam_session__service")
        .order_by("-exam_session__starts_at", "pk")
    )
    subjects, seen = [], set()
    for case in cases:
        session = case.exam_session
        if session.pk in seen:
            continue
        seen.add(session.pk)
        name = f"{session.service.name}, {session.scheme} ({session.organiser})"
        subjects.append(_session_subject(session, f"{LSP_SESSION_PREFIX}{session.pk}", name))
    documents = (
        IssuedDocument.objects.filter(case__applicant=user, issued_at__isnull=False)
        .exclude(number="")
        .select_related("case__service")
        .order_by("-pk")
    )
    subjects += [
        _certificate_subject(document.number, document.case.service) for document in documents
    ]
    return subjects
