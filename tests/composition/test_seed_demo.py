"""`make run`'s demo data: one account per role and two exam sessions, however often it runs
(seeded once for the module: the `demo_seeded` fixture; the librarian exam's stages are
tests/composition/test_seed_demo_stages.py)."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from casework.models import Institution
from composition.management.commands.seed_demo import DEMO_TOTP_SECRET
from portal.constants import Role
from portal.events import event_list
from portal.models import StaffRole
from registration.nip import parse_nip
from scheduling.constants import SessionStatus
from scheduling.models import ExamSession

pytestmark = pytest.mark.django_db


def test_demo_data_is_refused_outside_development(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=None)


def test_running_it_twice_gives_the_same_accounts_and_sessions(demo_seeded):
    sessions = ExamSession.objects.order_by("starts_at")
    assert [s.status for s in sessions] == [SessionStatus.OPEN, SessionStatus.DRAFT]
    open_session = sessions[0]
    assert open_session.head_assessor.username == "asesor"
    assert list(open_session.assessors.values_list("username", flat=True)) == ["asesor"]
    assert open_session.booking_closes_at < open_session.starts_at
    User = get_user_model()
    assert User.objects.get(username="penjadwal").check_password("demo-penjadwal-2026")
    assert "demo-asesor-2026" in demo_seeded


def test_accounts_that_need_a_second_factor_get_the_printed_demo_key(demo_seeded, client, capsys):
    out = demo_seeded  # seeded twice: the key is set again, not added twice

    assert DEMO_TOTP_SECRET in out
    assert f"otpauth://totp/Portal%20Kompetensi%20ASN:demo?secret={DEMO_TOTP_SECRET}" in out
    with_key = {
        authenticator.user.username
        for authenticator in Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    }
    assert with_key == {
        "admin",
        "admin-perpusnas",
        "bkpsdm",
        "petugas-sertifikat",
        "penandatangan",
        "pengaduan",
        "supervisor-pengaduan",  # reads who opened which reporter's seal, and why
        "pejabat.bkpsdm",
        "petugas.bkpsdm",
        "pejabat.lan",
        # Seed 003: the Kabid signs the laporan; the Sekretaris Badan handles complaints.
        "kabid.bkpsdm",
        "sekretaris.bkpsdm",
    }

    call_command("demo_totp_code")
    code = capsys.readouterr().out.split()[0]
    client.post(reverse("account_login"), {"login": "admin", "password": "demo-admin-2026"})
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get("/admin/").status_code == 200


def test_a_lan_verifier_and_perpusnass_own_administrator_are_printed_with_their_provider(
    demo_seeded,
):
    out = demo_seeded  # seeded twice: the roles are set again, not added twice

    def held(username):
        rows = StaffRole.objects.filter(user__username=username)
        return set(rows.values_list("provider__slug", "role"))

    assert held("verifikator-lan") == {("balai-pemetaan-kompetensi-lan", Role.VERIFIER)}
    assert held("verifikator") == {("pusat-pembinaan-pustakawan", Role.VERIFIER)}
    assert held("admin-perpusnas") == {("pusat-pembinaan-pustakawan", Role.ADMINISTRATOR)}
    provider_admin = get_user_model().objects.get(username="admin-perpusnas")
    assert provider_admin.is_staff and not provider_admin.is_superuser
    assert get_user_model().objects.get(username="admin").is_superuser
    lines = {
        username: next(line for line in out.splitlines() if f"demo-{username}-2026" in line)
        for username in ("verifikator-lan", "admin-perpusnas")
    }
    assert "Balai Layanan Pemetaan Kompetensi" in lines["verifikator-lan"]
    assert "Pusat Pembinaan Pustakawan" in lines["admin-perpusnas"]
    assert "Superuser" not in lines["admin-perpusnas"]


def test_seed_002s_people_are_made_once_with_their_roles_at_the_bkpsdm(demo_seeded):
    out = demo_seeded  # seeded twice: nothing added twice
    User = get_user_model()

    def held(username):
        rows = StaffRole.objects.filter(user__username=username)
        return set(rows.values_list("provider__slug", "role", "service__slug"))

    assert held("verifikator.bkpsdm") == {("bkpsdm", Role.VERIFIER, None)}
    assert held("pejabat.bkpsdm") == {("bkpsdm", Role.SIGNING_OFFICIAL, None)}
    assert held("petugas.bkpsdm") == {
        ("bkpsdm", Role.CERTIFICATE_OFFICER, None),
        ("bkpsdm", Role.SCHEDULER, None),
    }
    # The LSP's assessor acts for the certification service only.
    assert held("asesor.lsp") == {("bkpsdm", Role.ASSESSOR, "sertifikasi-profesi-pns")}
    assessor = User.objects.get(username="asesor.lsp")
    assert not assessor.groups.exists() and not assessor.is_staff
    institution = Institution.objects.get(provider__slug="bkpsdm", name="Dinas Kesehatan Kota")
    assert list(institution.operators.values_list("username", flat=True)) == ["operator.dinkes"]
    employees = User.objects.filter(username__in=["198803142012012003", "199107222015031001"])
    assert sorted(employees.values_list("nip", flat=True)) == [
        "198803142012012003",
        "199107222015031001",
    ]
    for nip in employees.values_list("nip", flat=True):
        parse_nip(nip)  # a valid PNS NIP
    for username in (
        "operator.dinkes",
        "verifikator.bkpsdm",
        "pejabat.bkpsdm",
        "petugas.bkpsdm",
        "asesor.lsp",
        "198803142012012003",
    ):
        assert User.objects.get(username=username).check_password(f"demo-{username}-2026")
        assert f"demo-{username}-2026" in out


def test_seed_004s_people_institution_and_request_are_made_once_at_lan(demo_seeded):
    from assessments.constants import EngagementState
    from assessments.models import Engagement

    out = demo_seeded  # seeded twice: nothing added twice
    User = get_user_model()
    lan = "balai-pemetaan-kompetensi-lan"

    def held(username):
        rows = StaffRole.objects.filter(user__username=username)
        return set(rows.values_list("provider__slug", "role", "service__slug"))

    assert held("pejabat.lan") == {(lan, Role.SIGNING_OFFICIAL, None)}
    assert held("panitia.lan") == {(lan, Role.SCHEDULER, None)}
    assert held("asesor.lan") == {(lan, Role.ASSESSOR, None)}
    assert held("bendahara.lan") == {(lan, Role.TREASURER, None)}
    assert held("verifikator-lan") == {(lan, Role.VERIFIER, None)}
    assert held("operator.singkawang") == set()
    institution = Institution.objects.get(provider__slug=lan, name="Pemerintah Kota Singkawang")
    assert institution.kind == "regional_government"
    assert institution.verified_at is not None
    assert list(institution.operators.values_list("username", flat=True)) == ["operator.singkawang"]
    engagement = Engagement.objects.get(institution=institution)
    assert engagement.state == EngagementState.REQUESTED
    assert engagement.requested_by.username == "operator.singkawang"
    with engagement.cover_letter.open("rb") as letter:
        assert letter.read(5) == b"%PDF-"
    assert [event.kind for event in event_list(subject=engagement)] == ["created"]
    for username in ("operator.singkawang", "pejabat.lan", "panitia.lan", "asesor.lan"):
        assert User.objects.get(username=username).check_password(f"demo-{username}-2026")
        assert f"demo-{username}-2026" in out
    assert "demo-bendahara.lan-2026" in out
