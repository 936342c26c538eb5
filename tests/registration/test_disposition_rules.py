"""The disposition rule is the service's data (registration.DispositionRule): a certificate
waits for the disposition official only for a level change its service names, the librarian
exam's Ahli Madya to Ahli Utama as before, and the candidate's tracker shows that step only
then."""

import pytest

from certificates.constants import CertificateStatus as C
from certificates.services import certificate_issue
from portal.constants import Role
from portal.models import Service
from registration.constants import ApplicationStatus
from registration.models import DispositionRule, Level
from registration.selectors import disposition_required
from tests.factories import SERVICE_SLUG, ApplicationFactory, CertificateFactory, ServiceFactory

pytestmark = pytest.mark.django_db

MINE = "/sertifikat/"
DISPOSITION_LABEL = "Disetujui Pejabat Disposisi"


def level(code: str) -> Level:
    return Level.objects.get(code=code)


def passed(current: str, target: str, **fields):
    return ApplicationFactory(
        status=ApplicationStatus.PASSED,
        current_level=level(current),
        target_level=level(target),
        **fields,
    )


def issued(application, officer):
    """The certificate of the application, given its number by the officer."""
    certificate = CertificateFactory(application=application, status=C.ISSUANCE)
    result = certificate_issue(certificates=[certificate], actor=officer)
    assert not result.refused, result.refused
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def librarian_exam():
    return Service.objects.get(slug=SERVICE_SLUG)


@pytest.fixture
def officer(make_user):
    return make_user("petugas-sertifikat", Role.CERTIFICATE_OFFICER)


def test_the_librarian_exam_holds_its_one_rule_ahli_madya_to_ahli_utama(librarian_exam):
    rules = DispositionRule.objects.filter(service=librarian_exam)

    assert [(rule.from_level.code, rule.to_level.code) for rule in rules] == [
        ("ahli-madya", "ahli-utama")
    ]


def test_the_rule_is_read_per_service(librarian_exam):
    other = ServiceFactory()

    assert disposition_required(application=passed("ahli-madya", "ahli-utama"))
    assert not disposition_required(application=passed("ahli-madya", "ahli-utama", service=other))
    assert not disposition_required(application=passed("ahli-muda", "ahli-madya"))


def test_a_level_change_a_rule_names_waits_for_the_disposition(officer, librarian_exam):
    DispositionRule.objects.create(
        service=librarian_exam, from_level=level("ahli-muda"), to_level=level("ahli-madya")
    )

    certificate = issued(passed("ahli-muda", "ahli-madya"), officer)

    assert (certificate.status, certificate.needs_disposition) == (C.DISPOSITION, True)


def test_without_its_rule_ahli_madya_to_ahli_utama_goes_straight_to_signing(
    officer, librarian_exam
):
    DispositionRule.objects.filter(service=librarian_exam).delete()

    certificate = issued(passed("ahli-madya", "ahli-utama"), officer)

    assert (certificate.status, certificate.needs_disposition) == (C.SIGNING, False)


def test_a_service_without_rules_sends_every_certificate_to_signing(make_user):
    other = ServiceFactory()
    officer = make_user("petugas-b", Role.CERTIFICATE_OFFICER, provider=other.provider)

    certificate = issued(passed("ahli-madya", "ahli-utama", service=other), officer)

    assert (certificate.status, certificate.needs_disposition) == (C.SIGNING, False)


def tracker_labels(client, certificate) -> list[str]:
    client.force_login(certificate.application.candidate)
    response = client.get(MINE)
    (entry,) = response.context["entries"]
    return [step.label for step in entry["steps"]]


def test_the_tracker_shows_the_coming_disposition_for_a_change_a_rule_names(client, librarian_exam):
    DispositionRule.objects.create(
        service=librarian_exam, from_level=level("ahli-muda"), to_level=level("ahli-madya")
    )
    certificate = CertificateFactory(application=passed("ahli-muda", "ahli-madya"))

    assert DISPOSITION_LABEL in tracker_labels(client, certificate)


def test_the_tracker_leaves_out_the_disposition_once_the_service_drops_the_rule(
    client, librarian_exam
):
    DispositionRule.objects.filter(service=librarian_exam).delete()
    certificate = CertificateFactory(application=passed("ahli-madya", "ahli-utama"))

    assert DISPOSITION_LABEL not in tracker_labels(client, certificate)
