"""After a pass: the dashboard's result card names the certificate's next action and its
deadline, and the certificate page shows the photo and the postal address that will be used."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.constants import CertificateStatus
from portal.constants import Stage, TextOrigin
from portal.models import ServiceTimeLimit
from registration.models import Document, Profile
from scheduling.constants import Outcome, ResultStatus, SessionStatus
from scheduling.models import Result, Seat

pytestmark = pytest.mark.django_db


def published_pass(application, make_session, recorder) -> Result:
    session = make_session(starts_at=timezone.now() - timedelta(days=2), status=SessionStatus.HELD)
    seat = Seat.objects.create(
        session=session, application=application, created_by=application.candidate
    )
    return Result.objects.create(
        seat=seat,
        outcome=Outcome.PASSED,
        status=ResultStatus.PUBLISHED,
        published_at=timezone.now(),
        recorded_by=recorder,
    )


def result_card(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("dashboard")).content.decode()
    return page[page.index('id="hasil-ujian"') :]


def test_a_pass_names_the_confirmation_and_its_deadline(
    client, passed_application, make_certificate, make_session, assessor
):
    published_pass(passed_application, make_session, assessor)
    certificate = make_certificate(application=passed_application, due_date=date(2030, 3, 13))

    card = result_card(client, passed_application.candidate)

    assert "konfirmasi data sertifikat paling lambat Rabu, 13 Maret 2030" in card
    assert f"{reverse('certificate_mine')}#sertifikat-{certificate.public_id}" in card
    assert "Ditetapkan penyelenggara" not in card  # the 2 working days come from seed 000


def test_a_limit_set_by_the_provider_is_marked(
    client, passed_application, make_certificate, make_session, assessor
):
    published_pass(passed_application, make_session, assessor)
    make_certificate(application=passed_application, due_date=date(2030, 3, 13))
    ServiceTimeLimit.objects.filter(
        service=passed_application.service, stage=Stage.DATA_VALIDATION
    ).update(origin=TextOrigin.PROVIDER, working_days=4)

    card = result_card(client, passed_application.candidate)

    assert "paling lambat Rabu, 13 Maret 2030" in card
    assert "Ditetapkan penyelenggara" in card


def test_once_confirmed_the_card_says_the_officer_validates(
    client, passed_application, make_certificate, make_session, assessor
):
    published_pass(passed_application, make_session, assessor)
    make_certificate(
        application=passed_application,
        due_date=date(2030, 3, 13),
        candidate_confirmed_at=timezone.now(),
    )

    card = result_card(client, passed_application.candidate)

    assert "paling lambat" not in card
    assert "validasi data sertifikat oleh petugas" in card
    assert "Target selesai 13 Maret 2030" in card


def test_a_later_stage_is_named(
    client, passed_application, make_certificate, make_session, assessor
):
    published_pass(passed_application, make_session, assessor)
    make_certificate(application=passed_application, status=CertificateStatus.SIGNING)

    card = result_card(client, passed_application.candidate)

    assert "Sertifikat Anda sedang diproses: " in card


def test_the_certificate_page_shows_the_photo_and_the_postal_address_with_a_change_link(
    client, passed_application, make_certificate
):
    certificate = make_certificate(application=passed_application)
    photo = Document.objects.get(
        application=passed_application, requirement__is_photo=True, is_current=True
    )
    profile = Profile.objects.get(user=passed_application.candidate)
    client.force_login(passed_application.candidate)

    page = client.get(reverse("certificate_mine")).content.decode()

    assert reverse("document_file", args=[photo.public_id]) in page
    assert "Jl. Salemba Raya No. 28A, Jakarta Pusat" in page
    assert profile.postal_code in page
    assert reverse("profile_edit") in page
    assert "Ubah alamat pengiriman" in page
    # Once sent, the address is history: the block is gone.
    certificate.sent_on = date(2030, 3, 20)
    certificate.save(update_fields=["sent_on"])
    assert "Ubah alamat pengiriman" not in client.get(reverse("certificate_mine")).content.decode()
