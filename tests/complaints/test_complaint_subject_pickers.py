"""The reporter says what their complaint is about on the public form (issue 20): a document
requirement of the chosen service (from the cached choices), or, signed in, one of their own
exam sessions or certificates (complaints.subjects.subjects_of_reporter, provided by
composition); one subject per complaint. A certificate points at its holder, so beside an
anonymous reporter the team sees it sealed until the seal is opened; the cluster still forms
on its number."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.constants import AboutKind, SealPurpose
from complaints.exceptions import ComplaintError
from complaints.models import Complaint, ComplaintCluster
from portal.constants import Role
from portal.models import Requirement, Service
from registration.constants import ApplicationStatus
from scheduling.constants import SessionMode
from scheduling.models import ExamSession, Seat
from tests.factories import SERVICE_SLUG, ApplicationFactory, CertificateFactory

pytestmark = pytest.mark.django_db

SEALED = "Sertifikat (disegel)"
NUMBER = "UKP/2026/000555"


@pytest.fixture
def service():
    return Service.objects.get(slug=SERVICE_SLUG)


@pytest.fixture
def requirement(service):
    return Requirement.objects.filter(service=service).order_by("order", "pk").first()


def seat_of(candidate, service, *, recorder) -> Seat:
    now = timezone.now()
    session = ExamSession.objects.create(
        service=service,
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=3),
        mode=SessionMode.ONLINE,
        capacity=10,
        booking_opens_at=now - timedelta(days=20),
        booking_closes_at=now - timedelta(days=5),
    )
    application = ApplicationFactory(
        candidate=candidate, service=service, status=ApplicationStatus.PASSED
    )
    return Seat.objects.create(session=session, application=application, created_by=recorder)


@pytest.fixture
def own_seat(candidate, service, handler):
    return seat_of(candidate, service, recorder=handler)


@pytest.fixture
def others_seat(outsider, service, handler):
    return seat_of(outsider, service, recorder=handler)


def form_data(service, **about) -> dict:
    return {
        "kind": "pengaduan",
        "service": service.pk if service else "",
        "subject": "Ada yang salah",
        "description": "Mohon diperiksa.",
        "reporter_email": "dewi@example.test",
        "website": "",
        **about,
    }


def post(client, data):
    return client.post(reverse("complaint_new"), data)


# --- the document requirement picker -----------------------------------------------------------


def test_the_form_offers_requirements_grouped_under_their_service(client, service, requirement):
    html = client.get(reverse("complaint_new")).content.decode()
    assert "Persyaratan dokumen yang dilaporkan (opsional)" in html
    assert f'<optgroup label="{service.name} ({service.provider.name})">' in html
    assert f'value="{requirement.pk}"' in html


def test_a_requirement_of_the_chosen_service_joins_its_cluster(client, service, requirement):
    response = post(client, form_data(service, about_requirement=requirement.pk))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.about_kind, complaint.about_key) == (
        AboutKind.REQUIREMENT,
        str(requirement.pk),
    )
    assert complaint.cluster is not None


def test_a_requirement_of_another_service_or_without_a_service_is_refused(
    client, service, other_provider_service
):
    other = other_provider_service.requirements.create(code="sk", name="SK penyelenggara B")
    for chosen in (service, None):
        response = post(client, form_data(chosen, about_requirement=other.pk))
        assert response.status_code == 400
        assert "bukan persyaratan layanan yang Anda pilih" in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_requirement_choices_are_kept_and_a_changed_requirement_shows(
    client, settings, requirement
):
    settings.PORTAL_PROVIDER_CACHE_SECONDS = 300
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(reverse("complaint_new"))
    with CaptureQueriesContext(connection) as warm:
        client.get(reverse("complaint_new"))
    assert len(warm) == 0
    # Read cold again with more requirements: still one query for all of them.
    for number in range(3):
        requirement.service.requirements.create(code=f"tambahan-{number}", name=f"Surat {number}")
    cache.clear()
    with CaptureQueriesContext(connection) as colder:
        client.get(reverse("complaint_new"))
    assert len(colder) == len(cold)
    requirement.name = "Surat yang baru saja dinamai"
    requirement.save()
    assert "Surat yang baru saja dinamai" in client.get(reverse("complaint_new")).content.decode()


# --- the signed-in reporter's own sessions and certificates ------------------------------------


def test_only_a_signed_in_reporter_is_offered_their_own_sessions_and_certificates(
    client, candidate, own_seat, others_seat
):
    CertificateFactory(number=NUMBER, application=own_seat.application)
    assert "about_own" not in client.get(reverse("complaint_new")).content.decode()
    client.force_login(candidate)
    html = client.get(reverse("complaint_new")).content.decode()
    assert f'value="sesi:{own_seat.session_id}"' in html
    assert f'value="sertifikat:{NUMBER}"' in html
    assert f'value="sesi:{others_seat.session_id}"' not in html


def test_a_signed_in_reporter_names_their_own_session(client, candidate, service, own_seat):
    client.force_login(candidate)
    response = post(client, form_data(service, about_own=f"sesi:{own_seat.session_id}"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.about_kind, complaint.about_key) == (
        AboutKind.SESSION,
        str(own_seat.session_id),
    )
    assert service.name in complaint.about_label and complaint.cluster is not None


def test_someone_elses_session_is_refused_on_the_form_and_in_the_service(
    client, candidate, service, own_seat, others_seat, make_complaint
):
    client.force_login(candidate)
    response = post(client, form_data(service, about_own=f"sesi:{others_seat.session_id}"))
    assert response.status_code == 400
    assert "Pilih sesi uji atau sertifikat Anda sendiri dari daftar." in response.content.decode()
    # Past the form (another door): the service checks it again.
    with pytest.raises(ComplaintError) as refused:
        make_complaint(
            service=service,
            reporter=candidate,
            about_kind=AboutKind.SESSION,
            about_key=str(others_seat.session_id),
        )
    assert refused.value.field == "about_key"
    assert "sesi uji Anda sendiri" in str(refused.value)
    assert not Complaint.objects.exists()


def test_a_session_of_another_provider_is_refused(
    client, candidate, service, handler, other_provider_service
):
    foreign = seat_of(candidate, other_provider_service, recorder=handler)
    client.force_login(candidate)
    response = post(client, form_data(service, about_own=f"sesi:{foreign.session_id}"))
    assert response.status_code == 400
    assert "Sesi uji ini tidak ditemukan pada penyelenggara" in response.content.decode()
    assert not Complaint.objects.exists()


def test_two_subjects_at_once_are_refused_with_a_request_to_choose_one(
    client, candidate, service, requirement, own_seat
):
    CertificateFactory(number=NUMBER)
    refused = post(
        client, form_data(service, about_requirement=requirement.pk, about_certificate=NUMBER)
    )
    assert refused.status_code == 400
    assert "Pilih satu saja yang dilaporkan" in refused.content.decode()
    client.force_login(candidate)
    refused = post(
        client,
        form_data(
            service, about_requirement=requirement.pk, about_own=f"sesi:{own_seat.session_id}"
        ),
    )
    assert refused.status_code == 400
    assert "Pilih satu saja yang dilaporkan" in refused.content.decode()
    assert not Complaint.objects.exists()


def test_an_anonymous_reporter_naming_their_own_session_stays_sealed(
    client, candidate, handler, service, own_seat
):
    client.force_login(candidate)
    data = form_data(service, about_own=f"sesi:{own_seat.session_id}", anonymous="on")
    data["reporter_name"] = "Rina Rahasia"
    assert post(client, data).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.about_kind == AboutKind.SESSION
    client.force_login(handler)
    html = client.get(reverse("complaints_detail", args=[complaint.public_id])).content.decode()
    assert "Rina Rahasia" not in html and "dewi@example.test" not in html


# --- a certificate beside a sealed identity ----------------------------------------------------


@pytest.fixture
def sealed_pair(make_complaint, service):
    """Two reports about one certificate: one signed, one anonymous."""
    CertificateFactory(number=NUMBER)
    about = {"about_kind": AboutKind.CERTIFICATE, "about_key": NUMBER}
    return (
        make_complaint(service=service, **about),
        make_complaint(service=service, anonymous=True, reporter_name="Anonim Rahasia", **about),
    )


def test_the_help_text_says_a_certificate_can_undo_anonymity(client):
    html = client.get(reverse("complaint_new")).content.decode()
    assert "dapat mengungkap siapa Anda walaupun Anda memilih anonim" in html


def test_staff_see_an_anonymous_complaints_certificate_sealed_until_they_open_the_seal(
    client, handler, sealed_pair
):
    signed, anonymous = sealed_pair
    # The cluster still forms on the number.
    assert signed.cluster_id == anonymous.cluster_id is not None
    assert ComplaintCluster.objects.get().about_key == NUMBER
    client.force_login(handler)
    pages = [
        reverse("complaints_detail", args=[anonymous.public_id]),
        reverse("complaints_cluster_detail", args=[anonymous.cluster.public_id]),
        reverse("complaints_queue"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert NUMBER not in html, url
    assert SEALED in client.get(pages[1]).content.decode()
    detail = client.get(pages[0]).content.decode()
    assert "(disegel)" in detail
    # The signed complaint's own page shows its subject.
    signed_page = reverse("complaints_detail", args=[signed.public_id])
    assert NUMBER in client.get(signed_page).content.decode()

    services.complaint_seal_open(
        complaint=anonymous,
        actor=handler,
        purpose=SealPurpose.CALL_BACK,
        reason="Perlu menghubungi pelapor untuk klarifikasi",
    )
    assert NUMBER in client.get(pages[0]).content.decode()
    assert NUMBER in client.get(pages[1]).content.decode()


def test_the_admin_seals_an_anonymous_complaints_certificate_too(client, make_user, sealed_pair):
    signed, anonymous = sealed_pair
    team_admin = make_user(
        "admin-pengaduan",
        Role.ADMINISTRATOR,
        Role.COMPLAINT_HANDLER,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(team_admin)

    sealed = client.get(f"/admin/complaints/complaint/{anonymous.pk}/change/")
    shown = client.get(f"/admin/complaints/complaint/{signed.pk}/change/")

    assert sealed.status_code == shown.status_code == 200
    assert NUMBER not in sealed.content.decode()
    assert NUMBER in shown.content.decode()
