"""The /admin/ part of the access matrix (tests/test_access_matrix.py runs it): every URL of the
URLconf under admin/ x every role → the answer a GET must get.

Django's admin decides in two steps. admin_view sends whoever is not active and is_staff to the
admin's login: the anonymous visitor, both candidates and every staff role but the
administrator (roles are groups, and only the administrator fixture has is_staff). Then the
ModelAdmin's has_*_permission: the model permissions (every one for a superuser; for the
Administrator group, those portal's migrations 0003, 0006, 0008 and 0013 grant), narrowed by
the admin class (read-only records, nothing added here, platform-wide data the superusers',
the librarian registry its provider's...).

Two administrators are checked: "administrator", the fixture of tests/conftest.py (a superuser
in the Administrator group, as seed_demo makes the demo's admin), and "administrator_group",
is_staff and the Administrator group only: what the role itself grants.

Object ids are made up, so a change, delete or history page answers as for an object that does
not exist: a redirect to the admin index once its permission check has passed (the history page
looks the object up first, so everyone let into the admin gets that redirect).

Whoever registers a model in the admin, or adds a URL under admin/, adds its facts here.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.urls import NoReverseMatch, URLPattern, reverse

MADE_UP_ID = 987654
ADMINISTRATORS = ("administrator", "administrator_group")


@dataclass(frozen=True)
class AdminRedirect:
    """A 302 to the named admin URL (with the sample object id when `with_id`)."""

    to: str
    with_id: bool = False


ADMIN_LOGIN = AdminRedirect("admin:login")
ADMIN_INDEX = AdminRedirect("admin:index")


@dataclass(frozen=True)
class AdminModel:
    """What the admin of one model allows: `add` and `delete` are False where the admin class
    refuses them to everyone (read-only records); `group` says whether the Administrator group
    holds the model's permissions (view, add, change, delete), or the admin class grants them to
    the Administrator role; `group_add` and `group_delete` are False where the admin class keeps
    adding or removing to superusers."""

    add: bool = True
    delete: bool = True
    group: bool = False
    group_add: bool = True
    group_delete: bool = True


ADMIN_MODELS: dict[str, AdminModel] = {
    # Roles and their permissions: only superusers add, change or remove them (registration.admin).
    "auth.group": AdminModel(group=True, group_add=False, group_delete=False),
    # Where a password reset goes: only superusers add one (registration.admin).
    "account.emailaddress": AdminModel(group=True, group_add=False),
    # Second factors: removed by an administrator (a lost phone), never made or changed here.
    "mfa.authenticator": AdminModel(add=False),
    # The outbox holds every provider's mails: the superusers' only, seeing included
    # (portal.admin.OutboundEmailAdmin), whatever the group holds.
    "portal.outboundemail": AdminModel(add=False),
    "portal.event": AdminModel(add=False, delete=False, group=True),
    # Providers are the platform's: only superusers add or remove one; a provider's
    # administrator sees and changes its own (portal.admin.ProviderAdmin decides, not the
    # group's permissions), so the made-up one is not found (issue 14).
    "portal.provider": AdminModel(group=True, group_add=False, group_delete=False),
    "portal.service": AdminModel(group=True),
    # Platform reference data (closures move every provider's deadlines): an administrator
    # sees it, only superusers add, change or remove it (portal.admin.SuperuserEditsMixin).
    "portal.closure": AdminModel(group=True, group_add=False, group_delete=False),
    "registration.user": AdminModel(group=True),
    # The librarian registry is the librarian exam's provider's: the matrix's
    # administrator_group is an Administrator there (registration.admin.LibrarianAdmin).
    "registration.librarian": AdminModel(group=True),
    # Conflict-of-interest declarations: shown only, the superusers' (each staff member edits
    # their own at /staf/konflik-kepentingan/).
    "registration.staffdeclaration": AdminModel(add=False, delete=False),
    "registration.rank": AdminModel(group=True, group_add=False, group_delete=False),
    "registration.level": AdminModel(group=True, group_add=False, group_delete=False),
    "verification.revisionreason": AdminModel(group=True, group_add=False, group_delete=False),
    "verification.documentreview": AdminModel(add=False, delete=False),
    # Objections: read-only records, the superusers' (objections.admin).
    "objections.objection": AdminModel(add=False, delete=False),
    "scheduling.examsession": AdminModel(add=False, delete=False),
    "certificates.certificate": AdminModel(add=False, delete=False),
    "certificates.numbersequence": AdminModel(add=False, delete=False),
    "certificates.resultletter": AdminModel(add=False, delete=False),
    "complaints.intaketoken": AdminModel(delete=False),
    "complaints.complaint": AdminModel(add=False, delete=False),
    # Webhook subscriptions and their delivery log (integrations.admin): no group holds their
    # permissions, the admin classes let in the Administrator role at its own providers' rows
    # (the made-up one is not found). The log is only looked at (and given-up rows resent); a
    # subscription is switched off, never deleted.
    "integrations.webhooksubscription": AdminModel(delete=False, group=True),
    "integrations.delivery": AdminModel(add=False, delete=False, group=True),
    "complaints.sealopening": AdminModel(add=False, delete=False),
    # The engine's records (casework.admin): no group holds their permissions, the admin classes
    # let in the Administrator role, each at its own providers' rows (the made-up one is not
    # found). Institutions are edited there; cases and the rest are workflow records, shown only.
    "casework.institution": AdminModel(group=True),
    "casework.case": AdminModel(add=False, delete=False, group=True),
    "casework.proposal": AdminModel(add=False, delete=False, group=True),
    "casework.decisionletter": AdminModel(add=False, delete=False, group=True),
    "casework.examsession": AdminModel(add=False, delete=False, group=True),
    # An institution's assessment (seed 004, assessments.admin): the Administrator group views
    # every record and changes the report limits (assessments migration 0003); the admin
    # classes scope each to the administrator's providers. Report limits are edited, never
    # added or removed; the rest are workflow records, shown only.
    "assessments.reportlimit": AdminModel(add=False, delete=False, group=True),
    "assessments.engagement": AdminModel(add=False, delete=False, group=True),
    "assessments.agreement": AdminModel(add=False, delete=False, group=True),
    "assessments.participant": AdminModel(add=False, delete=False, group=True),
    "assessments.intakesession": AdminModel(add=False, delete=False, group=True),
    "assessments.invoice": AdminModel(add=False, delete=False, group=True),
    "assessments.paymentproof": AdminModel(add=False, delete=False, group=True),
    "assessments.report": AdminModel(add=False, delete=False, group=True),
    # The IP-ASN report (seed 003, ipasn.admin): the Administrator group views every record and
    # changes the scoring tables (ipasn migration 0004); the admin classes scope each to the
    # administrator's providers. Scoring entries are edited, never added or removed here; the
    # reports and the rest are workflow records, shown only.
    "ipasn.scoringdimension": AdminModel(add=False, delete=False, group=True),
    "ipasn.scorerule": AdminModel(add=False, delete=False, group=True),
    "ipasn.indexcategory": AdminModel(add=False, delete=False, group=True),
    "ipasn.report": AdminModel(add=False, delete=False, group=True),
    "ipasn.recapentry": AdminModel(add=False, delete=False, group=True),
    "ipasn.routing": AdminModel(add=False, delete=False, group=True),
    "ipasn.pause": AdminModel(add=False, delete=False, group=True),
    "ipasn.agencysummary": AdminModel(add=False, delete=False, group=True),
}


def _admin_row(roles, *, administrator, administrator_group) -> dict:
    return {
        **dict.fromkeys(roles, ADMIN_LOGIN),
        "administrator": administrator,
        "administrator_group": administrator_group,
    }


def model_rows(roles) -> dict[str, dict]:
    """Each model's changelist, add, change, delete and history pages, and the bare object URL
    (a redirect to its change page), from the facts in ADMIN_MODELS."""
    rows = {}
    for label, facts in ADMIN_MODELS.items():
        app, model = label.split(".")
        may = facts.group  # the Administrator group's permissions on the model
        answers = {
            "changelist": (200, 200 if may else 403),
            "add": (
                200 if facts.add else 403,
                200 if may and facts.add and facts.group_add else 403,
            ),
            "change": (ADMIN_INDEX, ADMIN_INDEX if may else 403),
            "delete": (
                ADMIN_INDEX if facts.delete else 403,
                ADMIN_INDEX if may and facts.delete and facts.group_delete else 403,
            ),
            "history": (ADMIN_INDEX, ADMIN_INDEX),
        }
        for page, (superuser, group) in answers.items():
            rows[f"{app}_{model}_{page}"] = _admin_row(
                roles, administrator=superuser, administrator_group=group
            )
        to_change = AdminRedirect(f"admin:{app}_{model}_change", with_id=True)
        rows[f"{app}/{model}/<path:object_id>/"] = _admin_row(
            roles, administrator=to_change, administrator_group=to_change
        )
    return rows


# Apps in which the Administrator group holds a permission: its app page; the others are 404.
GROUP_APPS = {label.split(".")[0] for label, facts in ADMIN_MODELS.items() if facts.group}


def site_rows(roles) -> dict[str, dict]:
    staff = dict.fromkeys(ADMINISTRATORS)
    rows = {
        "index": _admin_row(roles, administrator=200, administrator_group=200),
        # Wrapped in allauth's secure_admin_login, so nobody skips the second factor: the
        # anonymous visitor goes to the portal's login, a logged-in non-staff user is refused,
        # staff go to the index.
        "login": {
            **dict.fromkeys(roles, 403),
            "anonymous": AdminRedirect("account_login"),
            **dict.fromkeys(staff, ADMIN_INDEX),
        },
        # POST only; admin_view sends others to the index (and from there to the login).
        "logout": {**dict.fromkeys(roles, ADMIN_INDEX), **dict.fromkeys(staff, 405)},
        "password_change": _admin_row(roles, administrator=200, administrator_group=200),
        "password_change_done": _admin_row(roles, administrator=200, administrator_group=200),
        # Without its parameters (app, model, field), refused.
        "autocomplete": _admin_row(roles, administrator=403, administrator_group=403),
        "jsi18n": _admin_row(roles, administrator=200, administrator_group=200),
        "view_on_site": _admin_row(roles, administrator=404, administrator_group=404),
        "(?P<url>.*)$": _admin_row(roles, administrator=404, administrator_group=404),
        # UserAdmin's password form: the made-up user is not found, once the change
        # permission has been checked.
        "auth_user_password_change": _admin_row(roles, administrator=404, administrator_group=404),
        # The revocation page asks for the Administrator role (certificates.admin), not for
        # the certificate permissions; the made-up certificate is then not found.
        "certificates_certificate_revoke": _admin_row(
            roles, administrator=ADMIN_INDEX, administrator_group=ADMIN_INDEX
        ),
    }
    for app in sorted({model._meta.app_label for model in admin.site._registry}):
        rows[f"app_list:{app}"] = _admin_row(
            roles, administrator=200, administrator_group=200 if app in GROUP_APPS else 404
        )
    return rows


def admin_matrix(roles) -> dict[str, dict]:
    return {**site_rows(roles), **model_rows(roles)}


# --- the URLs -----------------------------------------------------------------------------------


def admin_keys(pattern: URLPattern, route: str) -> list[str]:
    """The matrix keys of one URL pattern under admin/: its name, or its route after the
    model's prefix when it has none; the app page has one key per app."""
    if pattern.name == "app_list":
        return [f"app_list:{model._meta.app_label}" for model in admin.site._registry]
    if pattern.name:
        return [pattern.name]
    return [route.removeprefix("admin/")]


def admin_sample_path(key: str) -> str:
    if key.startswith("app_list:"):
        return reverse("admin:app_list", kwargs={"app_label": key.split(":")[1]})
    if key == "(?P<url>.*)$":
        return "/admin/tidak-ada/"
    if key.endswith("/<path:object_id>/"):
        return "/admin/" + key.replace("<path:object_id>", str(MADE_UP_ID))
    if key == "view_on_site":
        return reverse("admin:view_on_site", args=[MADE_UP_ID, MADE_UP_ID])
    try:
        return reverse(f"admin:{key}")
    except NoReverseMatch:  # the page of one object
        return reverse(f"admin:{key}", args=[MADE_UP_ID])


def admin_redirect_path(expected: AdminRedirect) -> str:
    return reverse(expected.to, args=[MADE_UP_ID] if expected.with_id else [])
