"""The engine's records in /admin/: each provider's to its own administrators. A BKPSDM
administrator edits its Perangkat Daerah and their operators; cases, proposals, decision
letters and exam sessions are shown, never added, changed or removed there; another provider's
administrator finds none of them, and none of the cases' events."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from casework.models import Case, Institution
from portal.constants import Role
from portal.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def bkpsdm_admin(make_user, bkpsdm):
    return make_user("admin-bkpsdm", Role.ADMINISTRATOR, provider=bkpsdm, is_staff=True)


@pytest.fixture
def perpusnas_admin(make_user, perpusnas):
    return make_user("admin-perpusnas", Role.ADMINISTRATOR, provider=perpusnas, is_staff=True)


def index_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_the_providers_administrator_adds_an_institution_with_its_operators(
    client, bkpsdm_admin, bkpsdm, make_user
):
    operator = make_user("operator-dinsos")
    client.force_login(bkpsdm_admin)

    response = client.post(
        reverse("admin:casework_institution_add"),
        {
            "provider": bkpsdm.pk,
            "name": "Dinas Sosial",
            "head_title": "Kepala Dinas Sosial",
            "operators": [operator.pk],
        },
    )

    assert response.status_code == 302
    institution = Institution.objects.get(name="Dinas Sosial")
    assert institution.provider == bkpsdm
    assert list(institution.operators.all()) == [operator]


def test_an_institution_cannot_be_put_at_a_provider_one_does_not_administer(
    client, bkpsdm_admin, perpusnas
):
    client.force_login(bkpsdm_admin)
    page = client.get(reverse("admin:casework_institution_add"))

    response = client.post(
        reverse("admin:casework_institution_add"),
        {"provider": perpusnas.pk, "name": "Dinas Lain", "head_title": ""},
    )

    assert f'<option value="{perpusnas.pk}"' not in page.text
    assert response.status_code == 200  # "choose a valid option"
    assert not Institution.objects.filter(name="Dinas Lain").exists()


def test_another_providers_administrator_finds_no_institution_nor_case(
    client, perpusnas_admin, institution, make_case
):
    case = make_case()
    client.force_login(perpusnas_admin)

    institutions = client.get(reverse("admin:casework_institution_changelist"))
    cases = client.get(reverse("admin:casework_case_changelist"))

    assert institutions.status_code == 200
    assert list(institutions.context["cl"].result_list) == []
    assert list(cases.context["cl"].result_list) == []
    assert index_redirect(
        client.get(reverse("admin:casework_institution_change", args=[institution.pk]))
    )
    assert index_redirect(client.get(reverse("admin:casework_case_change", args=[case.pk])))
    client.post(
        reverse("admin:casework_institution_delete", args=[institution.pk]), {"post": "yes"}
    )
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_cases_are_shown_to_the_providers_administrator_and_never_changed_there(
    client, bkpsdm_admin, make_case, django_assert_max_num_queries
):
    case = make_case()
    for number in range(5):
        make_case(nip=f"19860926201505210{number}")
    client.force_login(bkpsdm_admin)
    change = reverse("admin:casework_case_change", args=[case.pk])

    with django_assert_max_num_queries(20):
        listed = client.get(reverse("admin:casework_case_changelist"))
    shown = client.get(change)
    posted = client.post(change, {"name": "Diubah"})

    assert len(listed.context["cl"].result_list) == 6
    assert shown.status_code == 200 and case.nip in shown.text
    assert posted.status_code == 403
    case.refresh_from_db()
    assert case.name == "Rina Wulandari, S.Kom."
    assert client.get(reverse("admin:casework_case_add")).status_code == 403
    assert client.get(reverse("admin:casework_case_delete", args=[case.pk])).status_code == 403


def test_a_cases_events_are_its_providers_in_the_audit_trail(
    client, bkpsdm_admin, perpusnas_admin, make_case
):
    case = make_case()
    Event.objects.create(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=case.pk,
        kind="created",
    )
    events = reverse("admin:portal_event_changelist")

    client.force_login(bkpsdm_admin)
    own = [event.object_id for event in client.get(events).context["cl"].result_list]
    client.force_login(perpusnas_admin)
    other = [event.object_id for event in client.get(events).context["cl"].result_list]

    assert case.pk in own
    assert case.pk not in other


def test_staff_who_do_not_administer_are_kept_out(client, bkpsdm_staff, make_case):
    case = make_case()
    verifier = bkpsdm_staff[Role.VERIFIER]
    verifier.is_staff = True  # even let into the admin, the role grants nothing there
    verifier.save()
    client.force_login(verifier)

    assert client.get(reverse("admin:casework_case_changelist")).status_code == 403
    assert client.get(reverse("admin:casework_case_change", args=[case.pk])).status_code in (
        302,
        403,
    )
    assert client.get(reverse("admin:casework_institution_add")).status_code == 403
