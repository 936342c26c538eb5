"""Roles are sealed: an Administrator cannot raise itself or anyone else, gives only the ordinary
roles at its own provider, and granting the sensitive roles is recorded and told to the
superusers and the Administrators at that provider.

Every test works through the real admin pages (crafted POSTs included), the way an
Administrator who wants more than the role gives would try it.
"""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from portal.constants import Role
from portal.models import Event, Provider, StaffRole
from registration import services
from registration.models import User
from tests.admin_forms import staff_roles_post
from tests.factories import PERPUSNAS

LAN = "balai-pemetaan-kompetensi-lan"

pytestmark = pytest.mark.django_db


def group(role: Role) -> Group:
    return Group.objects.get(name=role.value)


@pytest.fixture
def office_admin(make_user):
    """An Administrator as the role is meant to be held: in the admin, not a superuser."""
    return make_user("admin-kantor", Role.ADMINISTRATOR, is_staff=True, first_name="Tono")


@pytest.fixture
def root(make_user):
    return make_user("root", is_staff=True, is_superuser=True, first_name="Sari")


def provider(slug: str = PERPUSNAS) -> Provider:
    return Provider.objects.get(slug=slug)


def held(user) -> set[tuple[str, str]]:
    """The user's roles as (provider slug, role)."""
    return set(StaffRole.objects.filter(user=user).values_list("provider__slug", "role"))


def change_url(user) -> str:
    return reverse("admin:registration_user_change", args=[user.pk])


def user_form(user, roles: dict | None = None, **changes) -> dict:
    """What the admin's change form posts for `user`, with `changes` on top; `roles`: the roles
    inline (tests.admin_forms.staff_roles_post), by default every row a superuser is shown, as
    it is."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "nip": user.nip or "",
    }
    data.update(changes)
    data.update(staff_roles_post(StaffRole.objects.filter(user=user)) if roles is None else roles)
    return {key: value for key, value in data.items() if value is not None}


# --- only superusers raise anyone ---------------------------------------------------------------


def test_an_administrator_posting_superuser_and_every_role_to_a_user_changes_neither(
    client, office_admin, verifier
):
    client.force_login(office_admin)
    everything = {
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [str(pk) for pk in Group.objects.values_list("pk", flat=True)],
        "user_permissions": [str(pk) for pk in Permission.objects.values_list("pk", flat=True)],
    }

    for target in (office_admin, verifier):
        # The roles inline as the administrator is shown it: its ordinary roles, unchanged.
        shown = StaffRole.objects.filter(user=target, role=Role.VERIFIER)
        response = client.post(
            change_url(target),
            user_form(target, staff_roles_post(shown), first_name="Diubah", **everything),
        )
        assert response.status_code == 302  # the rest of the form was saved

    for target, roles in ((office_admin, {Role.ADMINISTRATOR}), (verifier, {Role.VERIFIER})):
        target.refresh_from_db()
        assert target.first_name == "Diubah"
        assert not target.is_superuser
        assert set(target.groups.values_list("name", flat=True)) == {r.value for r in roles}
        assert held(target) == {(PERPUSNAS, r.value) for r in roles}
        assert not target.user_permissions.exists()
    verifier.refresh_from_db()
    assert not verifier.is_staff


def test_the_change_form_offers_an_administrator_only_the_ordinary_roles_at_its_provider(
    client, office_admin, make_user
):
    lan = provider(LAN)
    staff = make_user("petugas", Role.VERIFIER, Role.COMPLAINT_HANDLER)
    client.force_login(office_admin)

    page = client.get(change_url(staff)).text

    assert 'name="groups"' not in page
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    assert 'name="staff_roles-TOTAL_FORMS"' in page
    # Every role held is listed, so the administrator sees who holds what...
    assert "Tim pengelola pengaduan — Pusat Pembinaan Pustakawan" in page
    # ...but only the ordinary ones at its own provider are rows it may change.
    assert 'value="Tim Verifikasi" selected' in page
    assert 'value="Tim Pengelola Pengaduan" selected' not in page
    for sensitive in ("Administrator", "Petugas Sertifikat", "Pejabat Penandatangan"):
        assert f'<option value="{sensitive}"' not in page
    assert f'<option value="{lan.pk}"' not in page


def test_an_administrator_adding_a_user_cannot_make_them_superuser_or_give_roles(
    client, office_admin, password
):
    client.force_login(office_admin)

    client.post(
        reverse("admin:registration_user_add"),
        {
            "username": "baru",
            "email": "baru@example.test",
            "password1": password,
            "password2": password,
            "usable_password": "true",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [str(group(Role.ADMINISTRATOR).pk)],
        },
    )

    created = User.objects.get(username="baru")
    assert not created.is_superuser
    assert not created.is_staff
    assert not created.groups.exists()
    assert not held(created)


def test_an_administrator_cannot_give_the_administrator_group_more_permissions(
    client, office_admin
):
    client.force_login(office_admin)
    administrators = group(Role.ADMINISTRATOR)
    before = set(administrators.permissions.values_list("pk", flat=True))
    every_permission = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]

    change = client.post(
        reverse("admin:auth_group_change", args=[administrators.pk]),
        {"name": "Administrator", "permissions": every_permission},
    )
    add = client.post(
        reverse("admin:auth_group_add"), {"name": "Semua", "permissions": every_permission}
    )
    delete = client.post(
        reverse("admin:auth_group_delete", args=[group(Role.SIGNING_OFFICIAL).pk]),
        {"post": "yes"},
    )

    assert change.status_code == 403
    assert add.status_code == 403
    assert delete.status_code == 403
    assert set(administrators.permissions.values_list("pk", flat=True)) == before
    assert not Group.objects.filter(name="Semua").exists()
    assert Group.objects.filter(name=Role.SIGNING_OFFICIAL.value).exists()


def test_the_administrator_group_holds_no_permission_to_change_groups():
    codenames = set(group(Role.ADMINISTRATOR).permissions.values_list("codename", flat=True))

    assert "view_group" in codenames  # the roles are still visible
    assert not {"add_group", "change_group", "delete_group"} & codenames
    assert not {"add_permission", "change_permission", "delete_permission"} & codenames


def test_an_administrator_cannot_take_over_a_superuser_account(
    client, office_admin, root, password
):
    client.force_login(office_admin)

    edit = client.post(change_url(root), user_form(root, email="saya@example.test"))
    new_password = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "Sandi-Baru-2026!", "password2": "Sandi-Baru-2026!"},
    )
    delete = client.post(reverse("admin:registration_user_delete", args=[root.pk]), {"post": "yes"})

    assert edit.status_code == 403
    assert new_password.status_code == 403
    assert delete.status_code == 403
    root.refresh_from_db()
    assert root.email == "root@example.test"
    assert root.check_password(password)


def test_the_role_service_refuses_an_administrator_a_sensitive_role_or_another_provider(
    office_admin, verifier
):
    perpusnas, lan = provider(), provider(LAN)
    for pairs in (
        [(perpusnas, Role.VERIFIER), (perpusnas, Role.ADMINISTRATOR)],
        [(perpusnas, Role.VERIFIER), (lan, Role.VERIFIER)],
        [],  # revoking at its own provider is fine, but not superuser status
    ):
        with pytest.raises(PermissionDenied):
            services.user_staff_roles_set(
                user=verifier, roles=pairs, actor=office_admin, is_superuser=bool(not pairs)
            )

    assert list(verifier.groups.values_list("name", flat=True)) == [Role.VERIFIER.value]
    assert held(verifier) == {(PERPUSNAS, Role.VERIFIER.value)}
    assert not Event.objects.filter(object_id=verifier.pk, kind__startswith="role_").exists()


def test_an_administrator_gives_and_takes_an_ordinary_role_at_its_provider_in_the_admin(
    client, office_admin, candidate, make_user
):
    """The roles it cannot change (a sensitive one at its provider, any role elsewhere) stay."""
    perpusnas, lan = provider(), provider(LAN)
    staff = make_user("petugas", Role.VERIFIER, Role.COMPLAINT_HANDLER)
    client.force_login(office_admin)

    given = client.post(
        change_url(candidate),
        user_form(candidate, staff_roles_post(add=[(perpusnas, Role.SCHEDULER)], user=candidate)),
    )
    verifying = StaffRole.objects.get(user=staff, role=Role.VERIFIER)
    taken = client.post(
        change_url(staff),
        user_form(staff, staff_roles_post([verifying], delete=[verifying])),
    )

    assert given.status_code == 302
    assert taken.status_code == 302
    assert held(candidate) == {(PERPUSNAS, Role.SCHEDULER.value)}
    assert set(candidate.groups.values_list("name", flat=True)) == {Role.SCHEDULER.value}
    assert held(staff) == {(PERPUSNAS, Role.COMPLAINT_HANDLER.value)}
    event = Event.objects.get(kind="role_granted", object_id=candidate.pk)
    assert (event.actor, event.to_state, event.note) == (
        office_admin,
        Role.SCHEDULER,
        "Pusat Pembinaan Pustakawan",
    )
    assert lan.pk  # (the other provider: see the next test)


def test_an_administrator_posting_a_sensitive_role_or_another_provider_changes_nothing(
    client, office_admin, candidate
):
    perpusnas, lan = provider(), provider(LAN)
    client.force_login(office_admin)

    for pair in ((perpusnas, Role.ADMINISTRATOR), (lan, Role.VERIFIER)):
        response = client.post(
            change_url(candidate),
            user_form(candidate, staff_roles_post(add=[pair], user=candidate)),
        )
        assert response.status_code == 200  # the choice is refused, the form shown again

    assert not held(candidate)
    assert not candidate.groups.exists()


def test_an_administrator_cannot_change_an_account_working_at_another_provider(
    client, office_admin, make_user
):
    """A new password or address would make that provider's cases its own."""
    lan_verifier = make_user("verifikator-lan", Role.VERIFIER, provider=provider(LAN))
    client.force_login(office_admin)

    edit = client.post(change_url(lan_verifier), user_form(lan_verifier, email="saya@example.test"))
    new_password = client.post(
        reverse("admin:auth_user_password_change", args=[lan_verifier.pk]),
        {"password1": "Sandi-Baru-2026!", "password2": "Sandi-Baru-2026!"},
    )

    page = client.get(change_url(lan_verifier)).text  # read-only, and only how many roles
    assert edit.status_code == 403
    assert new_password.status_code == 403
    assert "Peran di penyelenggara lain — 1" in page
    assert "Balai Layanan Pemetaan Kompetensi" not in page
    assert 'name="email"' not in page
    lan_verifier.refresh_from_db()
    assert lan_verifier.email == "verifikator-lan@example.test"
    assert held(lan_verifier) == {(LAN, Role.VERIFIER.value)}


# --- sensitive roles are recorded and told ------------------------------------------------------


@pytest.fixture
def administrators(make_user, root, office_admin):
    """Who hears about a role change at Perpusnas: the other superusers and the Administrators
    at Perpusnas, active ones (not the Administrators of another provider)."""
    other_root = make_user("root2", is_staff=True, is_superuser=True)
    make_user("admin-lama", Role.ADMINISTRATOR, is_active=False)
    make_user("verifikator-lain", Role.VERIFIER)
    make_user("admin-lan", Role.ADMINISTRATOR, is_staff=True, provider=provider(LAN))
    return {other_root.email, office_admin.email}


def test_a_superuser_granting_certificate_officer_records_it_and_mails_every_other_administrator(
    client, root, candidate, administrators, django_capture_on_commit_callbacks
):
    client.force_login(root)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(candidate),
            user_form(
                candidate,
                staff_roles_post(add=[(provider(), Role.CERTIFICATE_OFFICER)], user=candidate),
            ),
        )

    assert response.status_code == 302
    assert list(candidate.groups.values_list("name", flat=True)) == ["Petugas Sertifikat"]
    event = Event.objects.get(kind="role_granted", object_id=candidate.pk)
    assert event.actor == root
    assert event.to_state == Role.CERTIFICATE_OFFICER.value
    assert event.note == "Pusat Pembinaan Pustakawan"  # the provider where it is held
    assert event.subject == candidate
    told = [message for message in mail.outbox if "Petugas sertifikat" in message.subject]
    assert sorted(address for message in told for address in message.to) == sorted(administrators)
    assert all(len(message.to) == 1 for message in told)  # nobody sees the others' addresses
    body = told[0].body
    assert candidate.username in body
    assert "diberikan" in body
    assert "Petugas sertifikat di Pusat Pembinaan Pustakawan" in body
    assert "root" in body  # who did it


def test_revoking_a_sensitive_role_is_recorded_and_mailed_too(
    client, root, make_user, administrators, django_capture_on_commit_callbacks
):
    official = make_user("penandatangan", Role.SIGNING_OFFICIAL)
    client.force_login(root)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(official),
            user_form(
                official,
                staff_roles_post(
                    StaffRole.objects.filter(user=official),
                    delete=list(StaffRole.objects.filter(user=official)),
                ),
            ),
        )

    assert not official.groups.exists()
    assert not held(official)
    event = Event.objects.get(kind="role_revoked", object_id=official.pk)
    assert (event.actor, event.from_state) == (root, Role.SIGNING_OFFICIAL.value)
    told = [message for message in mail.outbox if "Pejabat penandatangan" in message.subject]
    assert {message.to[0] for message in told} == administrators
    assert "dicabut" in told[0].body


def test_making_someone_superuser_is_recorded_and_mailed(
    client, root, verifier, administrators, django_capture_on_commit_callbacks
):
    client.force_login(root)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(verifier),
            user_form(verifier, is_superuser="on"),
        )

    verifier.refresh_from_db()
    assert verifier.is_superuser
    assert Event.objects.filter(kind="superuser_granted", object_id=verifier.pk, actor=root)
    # Superuser status is the whole portal's: every provider's Administrators hear of it.
    told = {m.to[0] for m in mail.outbox if "superuser" in m.subject.lower()}
    assert told == administrators | {"admin-lan@example.test"}


def test_a_role_without_risk_is_recorded_but_not_mailed(
    client, root, candidate, administrators, django_capture_on_commit_callbacks
):
    client.force_login(root)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(candidate),
            user_form(
                candidate, staff_roles_post(add=[(provider(), Role.VERIFIER)], user=candidate)
            ),
        )

    assert Event.objects.filter(kind="role_granted", object_id=candidate.pk).exists()
    assert not mail.outbox


# --- where a password reset goes -----------------------------------------------------------------


def test_an_administrator_cannot_put_an_address_on_a_guarded_account(
    client, office_admin, root, make_user, candidate
):
    """A password reset goes to an account's addresses: an Administrator who could change the
    address of a superuser or a signing official would lock its owner out."""
    signer = make_user("penandatangan", Role.SIGNING_OFFICIAL, email="ttd@example.go.id")
    EmailAddress.objects.create(user=signer, email=signer.email, primary=True, verified=True)
    EmailAddress.objects.create(user=root, email="root@example.go.id", primary=True, verified=True)
    EmailAddress.objects.create(user=candidate, email=candidate.email, primary=True, verified=True)
    client.force_login(office_admin)

    for owner in (signer, root):
        address = EmailAddress.objects.get(user=owner)
        url = reverse("admin:account_emailaddress_change", args=[address.pk])
        response = client.post(
            url, {"user": owner.pk, "email": "admin-kantor@example.go.id", "primary": "on"}
        )
        assert response.status_code == 403
        delete = reverse("admin:account_emailaddress_delete", args=[address.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        address.refresh_from_db()
        assert address.email != "admin-kantor@example.go.id"
    response = client.post(
        reverse("admin:account_emailaddress_add"),
        {"user": signer.pk, "email": "admin-kantor@example.go.id", "primary": "on"},
    )
    assert response.status_code == 403
    assert not EmailAddress.objects.filter(email="admin-kantor@example.go.id").exists()

    # A candidate's address is still the Administrator's to look after.
    address = EmailAddress.objects.get(user=candidate)
    url = reverse("admin:account_emailaddress_change", args=[address.pk])
    assert client.get(url).status_code == 200


def test_an_administrator_lists_its_providers_staff_and_not_anothers(
    client, office_admin, verifier, make_user
):
    lan = provider(LAN)
    make_user("verifikator-lan", Role.VERIFIER, provider=lan)
    users = reverse("admin:registration_user_changelist")
    client.force_login(office_admin)

    own = client.get(users, {"penyelenggara": provider().pk})
    other = client.get(users, {"penyelenggara": lan.pk})

    assert {u.username for u in own.context["cl"].result_list} == {"verifikator", "admin-kantor"}
    assert not other.context["cl"].result_list
    assert "Balai Layanan Pemetaan Kompetensi" not in own.text  # not among its choices


def test_an_administrator_removes_no_account_holding_a_role_it_could_not_revoke(
    client, office_admin, verifier, make_user
):
    """Removing an account takes its roles with it, past the service and its mail."""
    handler = make_user("pengaduan", Role.COMPLAINT_HANDLER)
    client.force_login(office_admin)

    refused = client.post(
        reverse("admin:registration_user_delete", args=[handler.pk]), {"post": "yes"}
    )
    allowed = client.post(
        reverse("admin:registration_user_delete", args=[verifier.pk]), {"post": "yes"}
    )

    assert refused.status_code == 403
    assert User.objects.filter(pk=handler.pk).exists()
    assert allowed.status_code == 302
    assert not User.objects.filter(pk=verifier.pk).exists()
