"""What certificates does when scheduling publishes or amends exam results: the receivers of
scheduling.signals, connected in CertificatesConfig.ready(). They run inside the publishing (or
amending) transaction; a certificate refusal becomes portal.handoffs.HandOffRefused, with which
scheduling refuses the publication or amendment and everything rolls back."""

from django.utils.translation import gettext as _

from certificates import services
from certificates.documents import result_letters_request
from certificates.exceptions import CertificateError
from portal.handoffs import HandOffRefused
from scheduling import signals
from scheduling.constants import Outcome


def _open(*, application, actor) -> None:
    try:
        services.certificate_open(application=application, actor=actor)
    except CertificateError as exc:
        raise HandOffRefused(exc.message) from exc


def certificate_open_for_pass(sender, *, result, application, actor, **kwargs) -> None:
    """A published pass starts the candidate's certificate."""
    if result.outcome == Outcome.PASSED:
        _open(application=application, actor=actor)


def result_letters_for_session(sender, *, results, **kwargs) -> None:
    """Every published result, pass or fail, gets its signed letter (rendered after commit)."""
    result_letters_request(results)


def certificate_withdraw_for_pass(sender, *, application, actor, reason, **kwargs) -> None:
    """A pass amended to a fail takes back the certificate it started; a numbered one is not
    taken back, and the amendment is refused (services.certificate_withdraw says why)."""
    try:
        services.certificate_withdraw(
            application=application,
            actor=actor,
            note=_("Sertifikat dibatalkan karena hasil uji diralat menjadi tidak lulus: %(reason)s")
            % {"reason": reason},
        )
    except CertificateError as exc:
        raise HandOffRefused(exc.message) from exc


def certificate_and_letter_for_amendment(
    sender, *, result, application, actor, outcome_before, **kwargs
) -> None:
    """An amendment to a pass starts the certificate; the letter is rendered again, so that it
    says what the result says now."""
    if outcome_before != result.outcome and result.outcome == Outcome.PASSED:
        _open(application=application, actor=actor)
    result_letters_request([result])


def connect() -> None:
    signals.result_published.connect(certificate_open_for_pass, dispatch_uid="certificates.open")
    signals.results_published.connect(
        result_letters_for_session, dispatch_uid="certificates.result_letters"
    )
    signals.pass_withdrawn.connect(
        certificate_withdraw_for_pass, dispatch_uid="certificates.withdraw"
    )
    signals.result_amended.connect(
        certificate_and_letter_for_amendment, dispatch_uid="certificates.amendment"
    )
