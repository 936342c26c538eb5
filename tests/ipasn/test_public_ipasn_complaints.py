"""Seed 003's complaints and satisfaction survey: a complaint about the IP-ASN service goes to
BKPSDM Kota Singkawang's complaint team only; the complaint form and the standard page say, from
the seed's text, that the Sekretaris Badan receives complaints in the Ruang Kerja Sekretaris; the
Perangkat Daerah's operator is offered the SKM once their report is completed, and the survey
takes their rating."""

import pytest
from django.urls import reverse

from complaints.constants import ComplaintKind
from complaints.models import Complaint
from ipasn.constants import ReportState
from ipasn.models import Report
from portal.constants import Role
from survey.models import SurveyResponse

pytestmark = pytest.mark.django_db

SLUG = "indeks-profesionalitas-asn"
QUEUE = reverse("complaints_queue")


def _file(client, service):
    response = client.post(
        reverse("complaint_new"),
        {
            "kind": ComplaintKind.COMPLAINT,
            "service": str(service.pk),
            "subject": "Laporan Data IP-ASN belum diterima",
            "description": "Laporan IP-ASN kami disampaikan tiga hari lalu dan belum selesai.",
            "incident_date": "2026-11-20",
            "reporter_name": "Rina Operator Disdik",
            "reporter_email": "rina@example.test",
            "reporter_phone": "0812 3456 7890",
            "website": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    return Complaint.objects.get(subject="Laporan Data IP-ASN belum diterima")


def _listed(client) -> set:
    response = client.get(QUEUE, {"status": "semua"})
    assert response.status_code == 200
    return set(response.context["page"].object_list)


def test_a_complaint_about_the_report_reaches_bkpsdms_team_only(
    client, ipasn_service, bkpsdm, make_user
):
    complaint = _file(client, ipasn_service)

    assert complaint.service == ipasn_service
    assert complaint.provider == bkpsdm
    secretary = make_user(
        "sekretaris-pengaduan", Role.AGENCY_SECRETARY, Role.COMPLAINT_HANDLER, provider=bkpsdm
    )
    client.force_login(secretary)
    assert _listed(client) == {complaint}
    client.force_login(make_user("pengaduan-perpusnas", Role.COMPLAINT_HANDLER))
    assert complaint not in _listed(client)
    assert client.get(reverse("complaints_detail", args=[complaint.public_id])).status_code == 404


def test_the_complaint_form_says_who_receives_the_services_complaints(client):
    response = client.get(reverse("complaint_new"), {"layanan": SLUG})

    html = " ".join(response.content.decode().split())
    box = html[html.index("complaint-handling") :]
    box = box[: box.index("</div>")]
    assert "Petugas Penerima/Pengelola Pengaduan" in box
    assert "Sekretaris Badan" in box
    assert "Ruang Kerja Sekretaris" in box
    assert "petugas pengaduan BKPSDM Kota Singkawang" in box


def test_the_complaint_form_without_a_service_names_no_officer(client):
    html = client.get(reverse("complaint_new")).content.decode()

    assert "complaint-handling" not in html


def test_the_standard_page_names_the_sekretaris_badan(client):
    html = " ".join(client.get(reverse("service_standard", args=[SLUG])).content.decode().split())

    part = html[html.index('id="komponen-pengaduan"') :]
    part = part[: part.index("</tr>")]
    assert "Sekretaris Badan" in part
    assert "Ruang Kerja Sekretaris" in part


def test_the_operator_is_offered_the_survey_once_the_report_is_completed(
    client, pd_operator, make_report
):
    report = make_report(at=2)
    client.force_login(pd_operator)
    survey = reverse("survey_public", args=[SLUG])
    assert survey not in client.get(reverse("dashboard")).content.decode()

    # The route's last step (the Kabid's signature) is i17/laporan's; its outcome is this.
    Report.objects.filter(pk=report.pk).update(state=ReportState.COMPLETED)
    html = client.get(reverse("dashboard")).content.decode()

    assert f'href="{survey}"' in html
    assert "Isi survei kepuasan masyarakat (SKM)" in html


def test_the_survey_takes_the_operators_rating(client, ipasn_service):
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
    assert SurveyResponse.objects.filter(service=ipasn_service).count() == 1
