"""Fixtures for the workflow engine: seed 002's service as its migration entered it, its
BKPSDM staff, a Perangkat Daerah with its operator, and a case made the way the intake makes
one."""

import datetime
import functools

import pytest

from casework.models import Case, Institution
from portal.constants import Role
from portal.models import Provider, Service
from registration.models import Rank

SEED_002 = "sertifikasi-profesi-pns"


@pytest.fixture
def certification():
    """Seed 002's service: Sertifikasi Profesi bagi PNS, run by the engine."""
    return Service.objects.get(slug=SEED_002)


@pytest.fixture
def bkpsdm(certification):
    return certification.provider


# The BKPSDM's acting roles, one account each (bkpsdm-0, bkpsdm-1, ...).
STAFF_ROLES = [Role.VERIFIER, Role.SIGNING_OFFICIAL, Role.CERTIFICATE_OFFICER, Role.ASSESSOR]


def bkpsdm_staff_make(make, bkpsdm) -> dict:
    """One account per acting role at the BKPSDM, made with `make` (the make_user fixture, or
    tests.users.user_make where a module makes them once)."""
    return {
        role: make(f"bkpsdm-{index}", role, provider=bkpsdm)
        for index, role in enumerate(STAFF_ROLES)
    }


def institution_make(make, bkpsdm) -> Institution:
    """The Perangkat Daerah Dinas Kesehatan with its operator (made with `make`)."""
    institution = Institution.objects.create(provider=bkpsdm, name="Dinas Kesehatan")
    institution.operators.add(make("operator-dinkes"))
    return institution


@pytest.fixture
def bkpsdm_staff(make_user, bkpsdm):
    """One account per acting role at the BKPSDM."""
    return bkpsdm_staff_make(make_user, bkpsdm)


@pytest.fixture
def institution(bkpsdm, make_user):
    return institution_make(make_user, bkpsdm)


@pytest.fixture
def operator(institution):
    return institution.operators.get()


@pytest.fixture
def other_operator(make_user, bkpsdm):
    """The operator of another Perangkat Daerah at the same BKPSDM."""
    other = Institution.objects.create(provider=bkpsdm, name="Dinas Pendidikan")
    user = make_user("operator-disdik")
    other.operators.add(user)
    return user


def case_make(nip="198609262015052001", *, certification, operator, **fields) -> Case:
    """A case of seed 002's service sent by `operator`, as the intake makes one."""
    defaults = {
        "service": certification,
        "submitted_by": operator,
        "nip": nip,
        "name": "Rina Wulandari, S.Kom.",
        "birth_place": "Singkawang",
        "birth_date": datetime.date(1986, 9, 26),
        "sex": "P",
        "rank": Rank.objects.get(code="III/a"),
        "position": "Pranata Komputer Ahli Pertama",
        "work_unit": "Sekretariat",
        "education": "S1 Teknik Informatika",
        "scheme": "Pranata Komputer",
        "email": "rina@example.test",
        "phone": "081234567890",
    }
    return Case.objects.create(**(defaults | fields))


@pytest.fixture
def make_case(certification, operator):
    return functools.partial(case_make, certification=certification, operator=operator)


__all__ = ["Provider"]
