"""Where the dashboard and the staff home send the people of seed 004: an institution's operator
to its page (never to seed 002's proposals), an asesi to their own page, LAN's staff to the
queue (and the verifiers to the institution accounts); staff of another unit nowhere."""

import pytest
from django.urls import reverse

from assessments.models import Participant
from casework.models import Institution
from portal.constants import Role
from portal.models import Service

pytestmark = pytest.mark.django_db

INSTITUTION_HOME = "/penilaian-kompetensi/instansi/"
ASESI_HOME = "/penilaian-kompetensi/asesi/"
STAFF_QUEUE = "/penilaian-kompetensi/petugas/"
PENDING = "/penilaian-kompetensi/petugas/instansi/"
PROPOSALS = "/permohonan-layanan/usulan/"


def _asesi(engagement, account, nip="198501012010011001"):
    return Participant.objects.create(
        engagement=engagement,
        nip=nip,
        name="Asesi Satu",
        position="Analis Kebijakan",
        work_unit="Bappeda",
        email="asesi@example.test",
        account=account,
    )


def test_a_lan_operator_goes_to_their_institutions_page(client, institution_operator):
    client.force_login(institution_operator)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == INSTITUTION_HOME


def test_a_lan_operator_is_never_offered_the_engines_proposals(
    client, institution_operator, make_user
):
    # Also an employee with a case of their own elsewhere would land on the engine's
    # dashboard; there the proposals link needs an institution of an engine's provider.
    bkpsdm = Service.objects.get(slug="sertifikasi-profesi-pns").provider
    client.force_login(institution_operator)

    html = client.get(reverse("dashboard"), follow=False)
    assert PROPOSALS not in html.content.decode()

    Institution.objects.create(provider=bkpsdm, name="Dinas Kesehatan").operators.add(
        institution_operator
    )
    html = client.get(reverse("dashboard")).content.decode()
    assert PROPOSALS in html  # an operator at both providers gets both pages
    assert f'href="{INSTITUTION_HOME}"' in html


def test_an_asesi_goes_to_their_own_page(client, make_engagement, make_user):
    account = make_user("asesi-satu")
    _asesi(make_engagement(), account)
    client.force_login(account)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == ASESI_HOME


def test_an_asesi_with_a_nip_but_no_librarian_entry_goes_to_their_own_page(
    client, make_engagement, make_user
):
    account = make_user("asesi-dua", nip="198501012010011001")
    _asesi(make_engagement(), account)
    client.force_login(account)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == ASESI_HOME


def test_someone_without_any_business_here_is_not_sent_to_the_assessment(client, make_user):
    client.force_login(make_user("pegawai-lain", nip="198501012010011002"))

    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    html = response.content.decode()
    assert INSTITUTION_HOME not in html
    assert ASESI_HOME not in html


@pytest.mark.parametrize("role", [Role.SCHEDULER, Role.TREASURER, Role.ASSESSOR])
def test_lan_staff_find_the_queue_on_the_staff_home(client, lan_staff, role):
    client.force_login(lan_staff[role])

    html = client.get(reverse("staff_home")).content.decode()

    assert f'href="{STAFF_QUEUE}"' in html
    assert f'href="{PENDING}"' not in html


def test_a_lan_verifier_also_finds_the_institutions_to_verify(client, lan_staff):
    client.force_login(lan_staff[Role.VERIFIER])

    html = client.get(reverse("staff_home")).content.decode()

    assert f'href="{STAFF_QUEUE}"' in html
    assert f'href="{PENDING}"' in html


def test_staff_of_another_unit_or_provider_find_no_assessment_link(client, make_user):
    from portal.models import Provider

    other = Provider.objects.create(slug="unit-lain", name="Pusat Lain")
    for user in (
        make_user("unit-lain", Role.VERIFIER, Role.SCHEDULER, provider=other),
        make_user("perpusnas-verifikator", Role.VERIFIER),
    ):
        client.force_login(user)
        html = client.get(reverse("staff_home")).content.decode()
        assert STAFF_QUEUE not in html


def test_the_engines_proposals_link_needs_an_institution_of_an_engines_provider(
    institution_operator,
):
    from casework.selectors import casework_user_links
    from composition.views import _user_links

    # casework alone counts any institution's operator; the dashboards ask for more.
    assert casework_user_links(user=institution_operator).proposals is True

    links, assessment = _user_links(institution_operator)

    assert links.proposals is False
    assert assessment.institution is True
    assert assessment.asesi is False
