"""seed_demo's IP-ASN part: BKPSDM Kota Singkawang's officials one per role (the Sekretaris Badan
also the complaint handler, the Kabid with TOTP), two Perangkat Daerah with their operators, and
reports made through the services at different steps, made once however often it runs."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model

from casework.models import Institution
from ipasn.constants import ReportState
from ipasn.models import Report
from portal.constants import Role
from portal.models import StaffRole

pytestmark = pytest.mark.django_db

BKPSDM = "bkpsdm-kota-singkawang"
OFFICIALS = {
    "adm.bkpsdm": {Role.ADMIN_CLERK},
    "kasubbag.bkpsdm": {Role.GENERAL_AFFAIRS_HEAD},
    "sekretaris.bkpsdm": {Role.AGENCY_SECRETARY, Role.COMPLAINT_HANDLER},
    "kepala.bkpsdm": {Role.AGENCY_HEAD},
    "kabid.bkpsdm": {Role.DIVISION_HEAD},
    "analis.bkpsdm": {Role.PERSONNEL_ANALYST},
}


@pytest.fixture
def seeded(demo_seeded):
    """seed_demo twice, once for this module (tests/conftest.py `demo_seeded`)."""
    return demo_seeded


def test_one_official_per_role_at_bkpsdm_kota_singkawang(seeded):
    User = get_user_model()
    for username, roles in OFFICIALS.items():
        user = User.objects.get(username=username)
        assert user.check_password(f"demo-{username}-2026")
        held = set(StaffRole.objects.filter(user=user).values_list("provider__slug", "role"))
        assert held == {(BKPSDM, role.value) for role in roles}, username
        assert username in seeded
    kabid = User.objects.get(username="kabid.bkpsdm")
    assert Authenticator.objects.filter(user=kabid, type=Authenticator.Type.TOTP).count() == 1


def test_two_perangkat_daerah_with_their_operators(seeded):
    for username, name in (
        ("operator.disdik", "Dinas Pendidikan Kota Singkawang"),
        ("operator.dinkes", "Dinas Kesehatan Kota Singkawang"),
    ):
        institution = Institution.objects.get(provider__slug=BKPSDM, name=name)
        assert institution.verified_at is not None
        assert list(institution.operators.values_list("username", flat=True)) == [username]
        assert (
            get_user_model().objects.get(username=username).check_password(f"demo-{username}-2026")
        )


def test_reports_at_different_steps_made_once(seeded):
    reports = Report.objects.filter(service__slug="indeks-profesionalitas-asn")

    assert reports.count() == 3
    this_year, last_year = reports.order_by("-year").values_list("year", flat=True).distinct()
    waiting = reports.get(
        state=ReportState.ROUTING, year=this_year, institution__name__startswith="Dinas Pend"
    )
    assert waiting.step.actor == Role.ADMIN_CLERK
    assert waiting.reference
    returned = reports.get(state=ReportState.RETURNED)
    assert returned.institution.name == "Dinas Kesehatan Kota Singkawang"
    assert "belum ditandatangani" in returned.pauses.get().reasons
    done = reports.get(year=last_year)
    # Completed once the laporan's module is installed; until then waiting at its step.
    assert done.state in (ReportState.COMPLETED, ReportState.ROUTING)
    assert done.bkn_uploaded_on is not None
    # The recap went through ipasn.recap: the template's trainings were read.
    ahmad = waiting.entries.get(nip="198203152006041003")
    assert ahmad.trainings and ahmad.trainings[0]["hours"] == 40
    assert waiting.recap_file.name.endswith(".xlsx")
    for report in reports:
        assert report.entries.count() == 4
        assert report.entries.filter(index__gt=0).count() == 4
        assert report.cover_letter
