"""The purposes a candidate applies with are the service's data (registration.ServicePurpose):
the form offers the service's own, the service refuses any other (whatever the form sent), and
every page names a purpose as the service does."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.models import Service
from registration import services
from registration.constants import ApplicationStatus, ExamPurpose
from registration.exceptions import ApplicationError, ApplicationIncomplete
from registration.models import Application, Level, ServiceLevel, ServicePurpose
from registration.selectors import service_purpose_choices
from tests.factories import SERVICE_SLUG, ApplicationFactory, ProfileFactory, ServiceFactory

pytestmark = pytest.mark.django_db

APPLICATION_URL = reverse("application")


def level(code: str) -> Level:
    return Level.objects.get(code=code)


@pytest.fixture
def service():
    return Service.objects.get(slug=SERVICE_SLUG)


def test_the_librarian_exam_lists_the_four_purposes_it_always_offered(service):
    assert service_purpose_choices(service=service) == [
        (purpose.value, purpose.label) for purpose in ExamPurpose
    ]


def test_the_form_offers_the_services_purposes_as_it_names_them(client, candidate, service):
    ServicePurpose.objects.filter(service=service, code="perpindahan").update(
        name="Perpindahan dari jabatan fungsional lain"
    )
    ServicePurpose.objects.create(service=service, code="uji-ulang", name="Uji ulang", order=9)
    client.force_login(candidate)

    page = client.get(APPLICATION_URL).content.decode()

    assert "Perpindahan dari jabatan fungsional lain" in page
    assert 'value="uji-ulang"' in page
    assert page.index("Pengangkatan pertama") < page.index("Uji ulang")


def test_the_form_refuses_a_purpose_the_service_no_longer_lists(client, candidate, service):
    ServicePurpose.objects.filter(service=service, code=ExamPurpose.TRANSFER).delete()
    client.force_login(candidate)

    response = client.post(
        APPLICATION_URL,
        {
            "purpose": ExamPurpose.TRANSFER,
            "current_level": "",
            "target_level": level("ahli-muda").pk,
        },
    )

    assert response.status_code == 200
    assert 'value="perpindahan"' not in response.content.decode()
    assert not Application.objects.exists()


def test_the_service_refuses_a_purpose_its_service_does_not_list(candidate, service):
    ServicePurpose.objects.filter(service=service, code=ExamPurpose.TRANSFER).delete()

    with pytest.raises(ApplicationError) as refused:
        services.application_create(
            candidate=candidate,
            service=service,
            purpose=ExamPurpose.TRANSFER,
            current_level=None,
            target_level=level("ahli-muda"),
        )

    assert "Pilih tujuan uji kompetensi yang tersedia" in str(refused.value.message)
    assert not Application.objects.exists()


def test_a_purpose_of_another_service_is_refused(candidate):
    other = ServiceFactory()
    ServicePurpose.objects.create(service=other, code="sertifikasi", name="Sertifikasi")
    librarian_exam = Service.objects.get(slug=SERVICE_SLUG)

    with pytest.raises(ApplicationError):
        services.application_create(
            candidate=candidate,
            service=librarian_exam,
            purpose="sertifikasi",
            current_level=None,
            target_level=level("ahli-muda"),
        )


def test_another_service_takes_its_own_purposes(candidate):
    other = ServiceFactory()
    ServicePurpose.objects.create(service=other, code="sertifikasi", name="Sertifikasi profesi")
    ServiceLevel.objects.create(service=other, level=level("ahli-muda"))

    application = services.application_create(
        candidate=candidate,
        service=other,
        purpose="sertifikasi",
        current_level=None,
        target_level=level("ahli-muda"),
    )

    assert application.get_purpose_display() == "Sertifikasi profesi"


def test_changing_to_a_purpose_the_service_does_not_list_is_refused_and_keeps_the_old(candidate):
    ProfileFactory(user=candidate)
    draft = ApplicationFactory(candidate=candidate)

    with pytest.raises(ApplicationError):
        services.application_update(
            application=draft,
            actor=candidate,
            purpose="tidak-ada",
            current_level=None,
            target_level=level("ahli-muda"),
        )

    draft.refresh_from_db()
    assert draft.purpose == ExamPurpose.PROMOTION


def test_the_application_page_names_the_purpose_as_the_service_does(client, candidate, service):
    ProfileFactory(user=candidate)
    ApplicationFactory(candidate=candidate, status=ApplicationStatus.SUBMITTED)
    ServicePurpose.objects.filter(service=service, code=ExamPurpose.PROMOTION).update(
        name="Kenaikan jenjang jabatan"
    )
    client.force_login(candidate)

    page = client.get(APPLICATION_URL).content.decode()

    assert "Kenaikan jenjang jabatan" in page


def test_the_verification_queue_names_each_purpose_as_its_service_does(client, verifier, service):
    ApplicationFactory(status=ApplicationStatus.SUBMITTED, purpose=ExamPurpose.CATEGORY_CHANGE)
    ServicePurpose.objects.filter(service=service, code=ExamPurpose.CATEGORY_CHANGE).update(
        name="Alih kategori ke keahlian"
    )
    client.force_login(verifier)

    page = client.get("/verifikasi/").content.decode()

    assert "Alih kategori ke keahlian" in page


def test_a_purpose_name_the_catalogue_knows_is_shown_in_the_readers_language(service):
    application = ApplicationFactory(purpose=ExamPurpose.PROMOTION)

    with translation.override("en"):
        assert application.get_purpose_display() == "Promotion to a higher level"
        assert dict(service_purpose_choices(service=service))[ExamPurpose.FIRST_APPOINTMENT] == (
            "First appointment"
        )


def test_an_application_keeps_the_label_of_a_purpose_the_service_removed_since(service):
    application = ApplicationFactory(purpose=ExamPurpose.CATEGORY_CHANGE)
    ServicePurpose.objects.filter(service=service, code=ExamPurpose.CATEGORY_CHANGE).delete()

    assert application.get_purpose_display() == "Alih kategori"


def test_an_application_whose_purpose_was_withdrawn_cannot_be_submitted_until_changed(
    client, candidate, service
):
    ProfileFactory(user=candidate)
    draft = ApplicationFactory(candidate=candidate, documents=True)
    ServicePurpose.objects.filter(service=service, code=draft.purpose).delete()
    client.force_login(candidate)

    page = client.get(APPLICATION_URL).content.decode()
    with pytest.raises(ApplicationIncomplete) as refused:
        services.application_submit(application=draft, actor=candidate, declared=True)

    withdrawn = "Tujuan uji kompetensi ini tidak lagi ditawarkan layanan"
    assert withdrawn in page
    assert any(withdrawn in str(reason) for reason in refused.value.missing)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
