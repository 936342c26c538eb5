"""Fixtures for the certificates tests: one user per certificate role, a passed application,
and a way to make a certificate at any stage."""

import pytest

from certificates.constants import CertificateStatus
from certificates.models import Certificate
from portal.constants import Role
from registration.constants import ApplicationStatus
from tests.factories import ApplicationFactory, CertificateFactory

# The exam's fixtures, for the certificates that publishing a result opens.
from tests.scheduling.conftest import (  # noqa: F401
    assessor,
    head_assessor,
    make_session,
    scheduler,
)


@pytest.fixture
def certificate_officer(make_user):
    return make_user("petugas-sertifikat", Role.CERTIFICATE_OFFICER)


@pytest.fixture
def bkpsdm_officer(make_user):
    return make_user("pejabat-bkpsdm", Role.BKPSDM_OFFICER)


@pytest.fixture
def signing_official(make_user):
    return make_user("pejabat-penandatangan", Role.SIGNING_OFFICIAL)


@pytest.fixture
def passed_application():
    """A passed application whose candidate has a profile and every document, the photo too."""
    return ApplicationFactory(documents=True, status=ApplicationStatus.PASSED)


@pytest.fixture
def make_certificate():
    """A certificate at `status` (DATA_CHECK by default), for a new passed application unless
    one is given. Later stages are numbered, as they would be after issuance."""

    def make(**fields) -> Certificate:
        status = fields.pop("status", CertificateStatus.DATA_CHECK)
        if "application" not in fields or fields["application"] is None:
            fields["application"] = ApplicationFactory(status=ApplicationStatus.PASSED)
        numbered = status not in (CertificateStatus.DATA_CHECK, CertificateStatus.ISSUANCE)
        if numbered and "number" not in fields:
            fields["number"] = f"UKP/2026/{fields['application'].pk:06d}"
        return CertificateFactory(status=status, **fields)

    return make
