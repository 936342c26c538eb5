"""A provider's administrator in /admin/: its own provider record, its own services, nothing of
another provider's (issue 14). The admin is a door like any page: another provider's service or
record is not found (the admin's "does not exist" redirect, as for an id that exists nowhere),
and no POST puts a service into a provider the administrator does not manage. Superusers manage
everything, providers included."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.constants import Role
from portal.models import Provider, Service
from tests.factories import PERPUSNAS, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lan_service(lan):
    return ServiceFactory(provider=lan, name="Asesmen Kompetensi LAN")


@pytest.fixture
def office_admin(make_user):
    """Administrator at Perpusnas, in the admin, not a superuser."""
    return make_user("admin-perpusnas", Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def root_client(administrator):
    """A superuser's browser (with its second factor, as make_user gives it)."""
    browser = Client()
    browser.force_login(administrator)
    return browser


def form_post(response, **changes) -> dict:
    """What the admin's add or change page posts as it was shown (the form's values and every
    inline's management form, no inline rows added), with `changes` on top."""
    context = response.context
    form = context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or field.disabled:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = management[name].value()
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.initial_form_count()
        for row in formset.initial_forms:
            for name in row.fields:
                value = row[name].value()
                if value is not None and value is not False:
                    data[row.add_prefix(name)] = "on" if value is True else value
    data.update(changes)
    return data


def change_url(model: str, obj) -> str:
    return reverse(f"admin:portal_{model}_change", args=[obj.pk])


def index_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


# --- providers ----------------------------------------------------------------------------------


def test_a_provider_administrator_sees_and_changes_only_its_own_provider(
    client, office_admin, perpusnas, lan
):
    client.force_login(office_admin)

    listed = client.get(reverse("admin:portal_provider_changelist"))
    own = client.get(change_url("provider", perpusnas))
    saved = client.post(
        change_url("provider", perpusnas),
        form_post(own, telephone="(021) 555-0101", slug="lain"),
    )

    assert [p.pk for p in listed.context["cl"].result_list] == [perpusnas.pk]
    assert own.status_code == 200
    assert 'name="slug"' not in own.text  # the address of its pages is the platform's
    assert saved.status_code == 302
    perpusnas.refresh_from_db()
    assert (perpusnas.telephone, perpusnas.slug) == ("(021) 555-0101", PERPUSNAS)


def test_another_providers_record_is_not_found_and_not_changed(
    client, office_admin, perpusnas, lan, root_client
):
    shown = root_client.get(change_url("provider", lan))
    client.force_login(office_admin)

    page = client.get(change_url("provider", lan))
    post = client.post(change_url("provider", lan), form_post(shown, telephone="0000"))
    history = client.get(reverse("admin:portal_provider_history", args=[lan.pk]))
    delete = client.post(reverse("admin:portal_provider_delete", args=[lan.pk]), {"post": "yes"})
    add = client.get(reverse("admin:portal_provider_add"))

    assert index_redirect(page)  # as for a provider that does not exist
    assert index_redirect(post)
    assert index_redirect(history)
    assert delete.status_code == 403  # removing providers is the superuser's, even its own
    assert add.status_code == 403
    lan.refresh_from_db()
    assert lan.telephone != "0000"
    assert Provider.objects.filter(pk=lan.pk).exists()


def test_a_superuser_manages_every_provider(root_client, lan):
    assert root_client.get(change_url("provider", lan)).status_code == 200
    assert root_client.get(reverse("admin:portal_provider_add")).status_code == 200
    listed = root_client.get(reverse("admin:portal_provider_changelist"))
    assert listed.context["cl"].result_count == Provider.objects.count()


# --- services -----------------------------------------------------------------------------------


def test_a_provider_administrator_lists_and_opens_only_its_providers_services(
    client, office_admin, perpusnas, lan_service, django_assert_max_num_queries
):
    client.force_login(office_admin)

    with django_assert_max_num_queries(20):
        listed = client.get(reverse("admin:portal_service_changelist"))
    page = client.get(change_url("service", lan_service))

    shown = {service.pk for service in listed.context["cl"].result_list}
    assert shown == set(Service.objects.filter(provider=perpusnas).values_list("pk", flat=True))
    assert lan_service.name not in listed.text
    assert index_redirect(page)
    delete = client.post(
        reverse("admin:portal_service_delete", args=[lan_service.pk]), {"post": "yes"}
    )
    assert delete.status_code in (302, 403) and Service.objects.filter(pk=lan_service.pk).exists()


def test_a_provider_administrator_cannot_post_a_service_into_another_provider(
    client, office_admin, perpusnas, lan, lan_service, root_client
):
    own_service = ServiceFactory(provider=perpusnas, name="Layanan Perpusnas")
    client.force_login(office_admin)
    add_page = client.get(reverse("admin:portal_service_add"))
    own_page = client.get(change_url("service", own_service))
    lan_page = root_client.get(change_url("service", lan_service))

    added = client.post(
        reverse("admin:portal_service_add"),
        form_post(add_page, name="Layanan Baru", slug="layanan-baru", provider=lan.pk),
    )
    moved = client.post(change_url("service", own_service), form_post(own_page, provider=lan.pk))
    taken = client.post(
        change_url("service", lan_service),
        form_post(lan_page, name="Diambil", provider=perpusnas.pk),
    )

    assert added.status_code == 200  # "choose a valid option": LAN is not offered
    assert f'<option value="{lan.pk}"' not in add_page.text
    assert not Service.objects.filter(slug="layanan-baru").exists()
    assert moved.status_code == 200
    own_service.refresh_from_db()
    assert own_service.provider == perpusnas
    assert index_redirect(taken)
    lan_service.refresh_from_db()
    assert (lan_service.name, lan_service.provider) == ("Asesmen Kompetensi LAN", lan)

    created = client.post(
        reverse("admin:portal_service_add"),
        form_post(add_page, name="Layanan Baru", slug="layanan-baru", provider=perpusnas.pk),
    )
    assert created.status_code == 302
    assert Service.objects.get(slug="layanan-baru").provider == perpusnas


def test_an_administrator_at_two_providers_manages_both(
    make_user, client, perpusnas, lan, lan_service
):
    both = make_user("admin-dua", Role.ADMINISTRATOR, is_staff=True, provider=[perpusnas, lan])
    client.force_login(both)

    assert client.get(change_url("service", lan_service)).status_code == 200
    assert client.get(change_url("provider", lan)).status_code == 200
    listed = client.get(reverse("admin:portal_provider_changelist"))
    assert {p.pk for p in listed.context["cl"].result_list} == {perpusnas.pk, lan.pk}


# --- the audit trail ----------------------------------------------------------------------------


def test_a_provider_administrator_reads_only_its_providers_events(
    client, office_admin, perpusnas, lan, root_client
):
    """An application's events (and a session's, a complaint's) are its provider's; the events
    of accounts belong to no provider and stay everyone's."""
    from portal.events import event_record
    from portal.models import Event
    from tests.factories import ApplicationFactory

    ours = ApplicationFactory()
    theirs = ApplicationFactory(service=ServiceFactory(provider=lan))
    for application in (ours, theirs):
        event_record(subject=application, kind="status", actor=application.candidate)
    event_record(subject=office_admin, kind="password_changed", actor=office_admin)
    their_event = Event.objects.get(object_id=theirs.pk, kind="status")
    client.force_login(office_admin)

    listed = client.get(reverse("admin:portal_event_changelist"))
    page = client.get(reverse("admin:portal_event_change", args=[their_event.pk]))

    shown = {(event.object_id, event.kind) for event in listed.context["cl"].result_list}
    assert (ours.pk, "status") in shown
    assert (office_admin.pk, "password_changed") in shown
    assert (theirs.pk, "status") not in shown
    assert index_redirect(page)
    everything = root_client.get(reverse("admin:portal_event_changelist"))
    assert their_event in everything.context["cl"].result_list


# --- the workflow's steps (issue 15) --------------------------------------------------------------

CERTIFICATION = "sertifikasi-profesi-pns"


@pytest.fixture
def certification():
    return Service.objects.get(slug=CERTIFICATION)


@pytest.fixture
def bkpsdm_admin(make_user, certification):
    return make_user(
        "admin-bkpsdm", Role.ADMINISTRATOR, provider=certification.provider, is_staff=True
    )


def test_the_providers_administrator_edits_its_services_steps_and_completion_limit(
    client, bkpsdm_admin, certification
):
    client.force_login(bkpsdm_admin)

    response = client.get(change_url("service", certification))

    assert response.status_code == 200
    inlines = {
        inline.formset.prefix: inline.formset
        for inline in response.context["inline_admin_formsets"]
    }
    assert inlines["steps"].initial_form_count() == 9
    assert inlines["completion_limit"].initial_form_count() == 1
    step_fields = inlines["steps"].forms[0].fields
    assert {"kind", "order", "name", "actor", "product", "starts_completion_clock"} <= set(
        step_fields
    )
    assert {"limit_unit", "limit_amount", "limit_maximum", "limit_anchor", "limit_event"} <= set(
        step_fields
    )
    requirement_fields = inlines["requirements"].forms[0].fields
    assert {"provided_by", "fulfilment"} <= set(requirement_fields)


def test_another_providers_administrator_cannot_see_the_steps(client, office_admin, certification):
    client.force_login(office_admin)
    own = Service.objects.get(slug="uji-kompetensi-pustakawan")

    other = client.get(change_url("service", certification))
    own_page = client.get(change_url("service", own))

    assert index_redirect(other)
    step_names = certification.steps.values_list("name", flat=True)
    assert not any(name in own_page.text for name in step_names)
    listed = client.get(reverse("admin:portal_service_changelist"))
    assert certification.name not in listed.text


def test_a_step_of_another_service_cannot_be_posted_through_ones_own(
    client, office_admin, certification
):
    """The steps formset is the service's own: another service's step id posted in it is not
    one of its rows (Django makes a new row of it, in one's own service), and the step is
    not changed."""
    own = Service.objects.get(slug="uji-kompetensi-pustakawan")
    client.force_login(office_admin)
    page = client.get(change_url("service", own))
    step = certification.steps.get(order=3)
    data = form_post(
        page,
        **{
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "1",
            "steps-0-id": str(step.pk),
            "steps-0-service": str(own.pk),
            "steps-0-order": "3",
            "steps-0-kind": step.kind,
            "steps-0-name": "Diambil alih",
            "steps-0-actor": step.actor,
            "steps-0-limit_anchor": "since",
        },
    )

    client.post(change_url("service", own), data)

    step.refresh_from_db()
    assert (step.name, step.service) == (
        "Verifikasi administrasi dan substantif oleh BKPSDM",
        certification,
    )
    assert not certification.steps.filter(name="Diambil alih").exists()


def test_a_step_a_case_stands_at_cannot_be_removed_in_the_admin(
    client, bkpsdm_admin, certification, make_user
):
    import datetime

    from casework.models import Case
    from registration.models import Rank

    step = certification.steps.get(order=3)
    Case.objects.create(
        service=certification,
        submitted_by=make_user("operator-dinkes"),
        step=step,
        nip="198803142012012003",
        name="Ratna Sari",
        birth_place="Pontianak",
        birth_date=datetime.date(1988, 3, 14),
        sex="P",
        rank=Rank.objects.get(code="III/a"),
        position="Perawat",
        work_unit="Puskesmas",
        education="S1",
        scheme="Perawat",
        email="ratna@example.test",
        phone="081234567890",
    )
    client.force_login(bkpsdm_admin)
    page = client.get(change_url("service", certification))
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.prefix == "steps"
    )
    index = next(i for i, form in enumerate(formset.forms) if form.instance.pk == step.pk)

    response = client.post(
        change_url("service", certification), form_post(page, **{f"steps-{index}-DELETE": "on"})
    )

    assert response.status_code == 200  # the protected records are named, nothing removed
    errors = next(
        inline.formset.non_form_errors()
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "steps"
    )
    assert "Ratna Sari (198803142012012003)" in str(errors)
    assert certification.steps.filter(pk=step.pk).exists()
