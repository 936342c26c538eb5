"""Seed 004's complaints and satisfaction survey: a complaint filed on the public form for LAN's
assessment belongs to LAN and reaches LAN's complaint team only; the public survey form takes a
rating of the service."""

import pytest
from django.urls import reverse

from complaints.constants import ComplaintKind
from complaints.models import Complaint
from portal.constants import Role
from survey.models import SurveyResponse

pytestmark = pytest.mark.django_db

SLUG = "penilaian-kompetensi-lan"
QUEUE = reverse("complaints_queue")


def _file(client, service):
    response = client.post(
        reverse("complaint_new"),
        {
            "kind": ComplaintKind.COMPLAINT,
            "service": str(service.pk),
            "subject": "Laporan ringkas belum diterima",
            "description": "Sudah 12 hari kerja sejak intake, laporan ringkas belum kami terima.",
            "incident_date": "2026-11-20",
            "reporter_name": "Siti Rahmawati",
            "reporter_email": "siti@example.test",
            "reporter_phone": "0812 3456 7890",
            "website": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    return Complaint.objects.get(subject="Laporan ringkas belum diterima")


def _listed(client) -> set:
    response = client.get(QUEUE, {"status": "semua"})
    assert response.status_code == 200
    return set(response.context["page"].object_list)


def test_a_complaint_about_the_assessment_reaches_lans_team_only(
    client, assessment_service, lan, make_user
):
    complaint = _file(client, assessment_service)

    assert complaint.service == assessment_service
    assert complaint.provider == lan
    client.force_login(make_user("pengaduan-lan", Role.COMPLAINT_HANDLER, provider=lan))
    assert _listed(client) == {complaint}
    client.force_login(make_user("pengaduan-perpusnas", Role.COMPLAINT_HANDLER))
    assert complaint not in _listed(client)
    assert client.get(reverse("complaints_detail", args=[complaint.public_id])).status_code == 404


def test_the_public_survey_takes_a_rating_of_the_assessment(client, assessment_service):
    response = client.get(reverse("survey_public", args=[SLUG]))
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        choices = getattr(field, "choices", None)
        if choices:
            values = [value for value, _label in choices if value not in ("", None)]
            data[name] = values[-1]
    data.update({"website": ""})

    response = client.post(reverse("survey_public", args=[SLUG]), data)

    assert response.status_code == 302, response.content.decode()[:1500]
    assert SurveyResponse.objects.filter(service=assessment_service).count() == 1
