"""The levels an application names are those its service examines (registration.ServiceLevel):
the librarian exam examines every librarian level, the form offers the service's, and the
service refuses any other, as current level or as target."""

import pytest

from portal.models import Service
from registration import services
from registration.exceptions import ApplicationError
from registration.models import Application, Level, ServiceLevel, ServicePurpose
from registration.selectors import service_levels
from tests.factories import SERVICE_SLUG, ApplicationFactory, ProfileFactory, ServiceFactory

pytestmark = pytest.mark.django_db

APPLICATION_URL = "/pengajuan/"


def level(code: str) -> Level:
    return Level.objects.get(code=code)


@pytest.fixture
def service():
    return Service.objects.get(slug=SERVICE_SLUG)


def test_the_librarian_exam_examines_every_librarian_level_in_order(service):
    assert list(service_levels(service=service)) == list(Level.objects.order_by("order"))


def test_the_form_offers_only_the_levels_the_service_examines(client, candidate, service):
    ServiceLevel.objects.filter(service=service, level__code="ahli-utama").delete()
    client.force_login(candidate)

    page = client.get(APPLICATION_URL).content.decode()

    assert f'value="{level("ahli-madya").pk}"' in page
    assert f'value="{level("ahli-utama").pk}"' not in page


def test_a_target_level_the_service_does_not_examine_is_refused(client, candidate, service):
    ServiceLevel.objects.filter(service=service, level__code="ahli-muda").delete()
    client.force_login(candidate)

    response = client.post(
        APPLICATION_URL,
        {
            "purpose": "perpindahan",
            "current_level": "",
            "target_level": level("ahli-muda").pk,
        },
    )

    assert response.status_code == 200
    assert not Application.objects.exists()


@pytest.mark.parametrize("dropped", ["ahli-pertama", "ahli-muda"])
def test_the_service_refuses_a_current_or_target_level_it_does_not_examine(
    candidate, service, dropped
):
    ServiceLevel.objects.filter(service=service, level__code=dropped).delete()

    with pytest.raises(ApplicationError) as refused:
        services.application_create(
            candidate=candidate,
            service=service,
            purpose="kenaikan_jenjang",
            current_level=level("ahli-pertama"),
            target_level=level("ahli-muda"),
        )

    assert str(refused.value.message) == (
        f"Jenjang {level(dropped).name} tidak diujikan pada layanan {service.name}."
    )
    assert not Application.objects.exists()


def test_changing_to_a_level_the_service_does_not_examine_keeps_the_old(candidate, service):
    ProfileFactory(user=candidate)
    draft = ApplicationFactory(candidate=candidate)
    ServiceLevel.objects.filter(service=service, level__code="ahli-madya").delete()

    with pytest.raises(ApplicationError):
        services.application_update(
            application=draft,
            actor=candidate,
            purpose="kenaikan_jenjang",
            current_level=level("ahli-muda"),
            target_level=level("ahli-madya"),
        )

    draft.refresh_from_db()
    assert draft.target_level.code == "ahli-muda"


def test_another_service_examines_only_the_levels_it_lists(candidate):
    other = ServiceFactory()
    ServicePurpose.objects.create(service=other, code="sertifikasi", name="Sertifikasi")
    ServiceLevel.objects.create(service=other, level=level("ahli-muda"))

    with pytest.raises(ApplicationError):
        services.application_create(
            candidate=candidate,
            service=other,
            purpose="sertifikasi",
            current_level=None,
            target_level=level("ahli-madya"),
        )
    assert list(service_levels(service=other)) == [level("ahli-muda")]
