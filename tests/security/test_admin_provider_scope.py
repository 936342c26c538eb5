"""Platform-wide data in the admin is the superuser's; the librarian registry is the librarian
exam's provider's (issue 14). A provider's administrator (LAN's, here) sees the reference data
(closures, ranks, levels, revision reasons) but cannot add, change or remove it, cannot open
the outbox, and finds neither the registry nor the events of accounts and account claims;
Perpusnas's administrator (the librarian exam's provider) still looks after the registry.

Checked through the admin's pages, crafted POSTs included: the admin is a door, hiding a link
is not enough.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from portal.constants import Role
from portal.models import Closure, Event, OutboundEmail, Provider
from registration.models import AccountClaim, Librarian, User
from tests.factories import AccountClaimFactory, LibrarianFactory

LAN = "balai-pemetaan-kompetensi-lan"

pytestmark = pytest.mark.django_db


@pytest.fixture
def lan_admin(make_user):
    return make_user(
        "admin-lan", Role.ADMINISTRATOR, provider=Provider.objects.get(slug=LAN), is_staff=True
    )


@pytest.fixture
def perpusnas_admin(make_user):
    return make_user("admin-perpusnas", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def closure():
    return Closure.objects.create(date=datetime.date(2026, 12, 24), name="Libur kantor")


def test_a_providers_administrator_sees_the_closures_but_cannot_add_one(client, lan_admin):
    client.force_login(lan_admin)
    assert client.get(reverse("admin:portal_closure_changelist")).status_code == 200
    assert client.get(reverse("admin:portal_closure_add")).status_code == 403

    response = client.post(
        reverse("admin:portal_closure_add"), {"date": "2026-12-31", "name": "Tutup buku"}
    )

    assert response.status_code == 403
    assert not Closure.objects.exists()


def test_a_providers_administrator_cannot_change_or_remove_a_closure(client, lan_admin, closure):
    client.force_login(lan_admin)
    change = reverse("admin:portal_closure_change", args=[closure.pk])
    page = client.get(change)
    assert page.status_code == 200  # read-only: seen, no form to save

    moved = client.post(change, {"date": "2026-12-26", "name": "Digeser"})
    removed = client.post(
        reverse("admin:portal_closure_delete", args=[closure.pk]), {"post": "yes"}
    )

    assert (moved.status_code, removed.status_code) == (403, 403)
    closure.refresh_from_db()
    assert (closure.date, closure.name) == (datetime.date(2026, 12, 24), "Libur kantor")


@pytest.mark.parametrize(
    "url",
    [
        "admin:registration_rank_add",
        "admin:registration_level_add",
        "admin:verification_revisionreason_add",
    ],
)
def test_a_providers_administrator_adds_no_reference_data(client, lan_admin, url):
    client.force_login(lan_admin)
    changelist = url.removesuffix("_add") + "_changelist"
    assert client.get(reverse(changelist)).status_code == 200
    assert client.get(reverse(url)).status_code == 403


def test_a_superuser_still_adds_a_closure(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:portal_closure_add"), {"date": "2026-12-31", "name": "Tutup buku"}
    )

    assert response.status_code == 302
    assert Closure.objects.filter(name="Tutup buku").exists()


def test_a_providers_administrator_cannot_open_the_outbox(client, lan_admin):
    mail = OutboundEmail.objects.create(
        from_email="portal@example.test", to=["rina@contoh.id"], subject="Pengajuan PPS-1"
    )
    client.force_login(lan_admin)

    assert client.get(reverse("admin:portal_outboundemail_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:portal_outboundemail_change", args=[mail.pk])).status_code == 403
    )
    index = client.get(reverse("admin:index"))
    assert reverse("admin:portal_outboundemail_changelist") not in index.content.decode()


def test_a_providers_administrator_does_not_find_the_registry(client, lan_admin):
    entry = LibrarianFactory()
    client.force_login(lan_admin)

    assert client.get(reverse("admin:registration_librarian_changelist")).status_code == 403
    change = reverse("admin:registration_librarian_change", args=[entry.pk])
    assert client.get(change).status_code == 403
    assert client.post(change, {"nip": entry.nip, "name": "Diubah"}).status_code == 403
    entry.refresh_from_db()
    assert entry.name != "Diubah"


def test_the_librarian_exams_administrator_sees_the_registry(client, perpusnas_admin):
    entry = LibrarianFactory()
    client.force_login(perpusnas_admin)

    listed = client.get(reverse("admin:registration_librarian_changelist"))

    assert listed.status_code == 200
    assert entry in listed.context["cl"].result_list
    change = reverse("admin:registration_librarian_change", args=[entry.pk])
    assert client.get(change).status_code == 200


def _event(subject) -> Event:
    return Event.objects.create(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, kind="x"
    )


def test_the_events_of_accounts_and_claims_are_the_registrys_providers(
    client, lan_admin, perpusnas_admin, administrator
):
    claim = AccountClaimFactory()
    account = User.objects.get(pk=claim.account_id)
    events = {_event(account), _event(claim)}
    assert isinstance(claim, AccountClaim) and Librarian.objects.exists()
    changelist = reverse("admin:portal_event_changelist")

    seen = {}
    for user in (lan_admin, perpusnas_admin, administrator):
        client.force_login(user)
        seen[user.username] = set(client.get(changelist).context["cl"].result_list) & events

    assert seen == {"admin-lan": set(), "admin-perpusnas": events, "admin": events}
    client.force_login(lan_admin)
    one = reverse("admin:portal_event_change", args=[next(iter(events)).pk])
    assert client.get(one)["Location"] == reverse("admin:index")  # not found
