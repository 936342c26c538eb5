"""The dashboards and the staff home link to the workflow engine's pages: an employee with cases
to their own, an institution's operator to its proposals, the BKPSDM's staff to the cases, the
decision letters (who signs them) and the exam sessions (schedulers and assessors, an LSP's
external assessor included, who gets the staff home for that alone). Staff of another provider
see none of it. The engine's pages are named by their paths here (their routes are another
part's)."""

import datetime

import pytest
from django.urls import reverse

from casework.models import Case, Institution
from portal.constants import Role
from portal.models import Service, StaffRole
from registration.models import Rank
from tests.factories import LibrarianFactory

pytestmark = pytest.mark.django_db

MY_CASES = "/permohonan-layanan/saya/"
PROPOSALS = "/permohonan-layanan/usulan/"
STAFF_CASES = "/permohonan-layanan/petugas/"
DECISIONS = "/permohonan-layanan/petugas/penetapan/"
EXAMS = "/permohonan-layanan/uji/"
EMPLOYEE_NIP = "198803142012012003"


@pytest.fixture
def certification():
    return Service.objects.get(slug="sertifikasi-profesi-pns")


@pytest.fixture
def bkpsdm(certification):
    return certification.provider


@pytest.fixture
def operator(make_user, bkpsdm):
    user = make_user("operator-dinkes")
    Institution.objects.create(provider=bkpsdm, name="Dinas Kesehatan").operators.add(user)
    return user


@pytest.fixture
def employee(make_user, certification, operator):
    user = make_user("pegawai", nip=EMPLOYEE_NIP)
    Case.objects.create(
        service=certification,
        submitted_by=operator,
        applicant=user,
        nip=EMPLOYEE_NIP,
        name="Ratna Sari",
        birth_place="Pontianak",
        birth_date=datetime.date(1988, 3, 14),
        sex="P",
        rank=Rank.objects.get(code="III/a"),
        position="Perawat Ahli Pertama",
        work_unit="Puskesmas",
        education="S1 Keperawatan",
        scheme="Perawat",
        email="ratna@example.test",
        phone="081234567890",
    )
    return user


def get(client, user, name):
    client.force_login(user)
    response = client.get(reverse(name))
    return response


def test_an_institutions_operator_lands_on_a_dashboard_linking_its_proposals(client, operator):
    response = get(client, operator, "dashboard")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{PROPOSALS}"' in html and "Usulan instansi" in html
    assert MY_CASES not in html


def test_an_employee_with_a_case_is_linked_to_it_not_told_about_the_librarian_registry(
    client, employee
):
    html = get(client, employee, "dashboard").content.decode()

    assert f'href="{MY_CASES}"' in html and "Permohonan layanan" in html
    assert "database Pustakawan" not in html


def test_a_librarian_candidate_without_cases_sees_no_engine_link(client, make_user):
    candidate = make_user("kandidat", nip="199001152014031002")

    html = get(client, candidate, "dashboard").content.decode()

    assert MY_CASES not in html and PROPOSALS not in html


def test_a_librarian_candidate_who_also_has_a_case_gets_both(client, employee):
    LibrarianFactory(nip=EMPLOYEE_NIP, name="Ratna Sari")

    html = get(client, employee, "dashboard").content.decode()

    assert "Pengajuan uji kompetensi" in html  # the librarian exam's dashboard
    assert f'href="{MY_CASES}"' in html


def test_bkpsdm_staff_get_the_engines_card_with_their_own_links(client, make_user, bkpsdm):
    verifier = make_user("verifikator-bkpsdm", Role.VERIFIER, provider=bkpsdm)
    official = make_user("pejabat-bkpsdm", Role.SIGNING_OFFICIAL, provider=bkpsdm)
    officer = make_user("petugas-bkpsdm", Role.CERTIFICATE_OFFICER, Role.SCHEDULER, provider=bkpsdm)

    verifier_html = get(client, verifier, "staff_home").content.decode()
    official_html = get(client, official, "staff_home").content.decode()
    officer_html = get(client, officer, "staff_home").content.decode()

    assert f'href="{STAFF_CASES}"' in verifier_html
    assert DECISIONS not in verifier_html and EXAMS not in verifier_html
    assert f'href="{STAFF_CASES}"' in official_html and f'href="{DECISIONS}"' in official_html
    assert f'href="{EXAMS}"' in officer_html  # schedules the BKPSDM's exam sessions
    assert DECISIONS not in officer_html


def test_an_lsp_assessor_of_one_service_gets_the_staff_home_with_the_exam_sessions_only(
    client, make_user, bkpsdm, certification
):
    assessor = make_user("asesor-lsp")
    StaffRole.objects.create(
        user=assessor, provider=bkpsdm, role=Role.ASSESSOR, service=certification
    )

    landing = get(client, assessor, "dashboard")
    response = get(client, assessor, "staff_home")

    assert landing.status_code == 302 and landing["Location"] == reverse("staff_home")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{EXAMS}"' in html
    assert STAFF_CASES + '"' not in html and DECISIONS not in html
    assert f"Asesor, hanya untuk layanan {certification.name}" in html


def test_another_providers_staff_and_outsiders_get_no_engine_card(client, make_user, certification):
    perpusnas_verifier = make_user("verifikator", Role.VERIFIER)
    perpusnas_assessor = make_user("asesor", Role.ASSESSOR)
    outsider = make_user("orang-luar")

    for user in (perpusnas_verifier, perpusnas_assessor):
        html = get(client, user, "staff_home").content.decode()
        assert "/permohonan-layanan/" not in html
    assert get(client, outsider, "staff_home").status_code == 403


def test_the_staff_home_reads_the_engines_links_in_a_constant_number_of_queries(
    client, make_user, bkpsdm, django_assert_max_num_queries
):
    official = make_user("pejabat-bkpsdm", Role.SIGNING_OFFICIAL, provider=bkpsdm)
    client.force_login(official)
    client.get(reverse("staff_home"))

    with django_assert_max_num_queries(25):
        response = client.get(reverse("staff_home"))

    assert response.status_code == 200
