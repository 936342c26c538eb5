"""Every complaint belongs to a provider: its service's, the one the reporter chose, or the
portal's default provider. The public report and the IKM read per provider."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from complaints.constants import ComplaintKind
from complaints.exceptions import ComplaintError
from complaints.models import Complaint
from complaints.reports import complaint_report
from complaints.services import complaint_submit, intake_token_create
from portal.models import Provider, Service
from survey.constants import SurveySource
from survey.models import SurveyResponse
from survey.selectors import complaint_survey_service, survey_results
from tests.factories import SERVICE_SLUG

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
MAY = datetime(2025, 5, 12, 9, tzinfo=WIB)


def provider(slug: str) -> Provider:
    return Provider.objects.get(slug=slug)


def service(slug: str) -> Service:
    return Service.objects.get(slug=slug)


def submit(**fields) -> Complaint:
    return complaint_submit(
        kind=ComplaintKind.COMPLAINT, subject="Judul", description="Uraian", **fields
    )


def test_a_complaint_about_a_service_belongs_to_its_provider():
    complaint = submit(service=service("indeks-profesionalitas-asn"))

    assert complaint.provider.slug == "bkpsdm-kota-singkawang"


def test_a_complaint_about_no_service_belongs_to_the_provider_chosen():
    complaint = submit(provider=provider("balai-pemetaan-kompetensi-lan"))

    assert complaint.service is None
    assert complaint.provider.slug == "balai-pemetaan-kompetensi-lan"


def test_without_service_or_provider_the_portals_default_provider_answers(settings):
    assert submit().provider.slug == "pusat-pembinaan-pustakawan"

    settings.PORTAL_DEFAULT_PROVIDER = "bkpsdm"
    assert submit().provider.slug == "bkpsdm"


def test_a_service_of_another_provider_than_the_one_chosen_is_refused():
    with pytest.raises(ComplaintError) as refused:
        submit(service=service(SERVICE_SLUG), provider=provider("bkpsdm"))

    assert refused.value.field == "service"
    assert "tidak diselenggarakan oleh penyelenggara yang Anda pilih" in str(refused.value)
    assert not Complaint.objects.exists()


def test_the_public_form_keeps_what_was_typed_when_service_and_provider_disagree(client):
    librarian_exam = service(SERVICE_SLUG)
    response = client.post(
        reverse("complaint_new"),
        {
            "kind": ComplaintKind.COMPLAINT,
            "service": librarian_exam.pk,
            "provider": "bkpsdm",
            "subject": "Jadwal ujian tidak muncul",
            "description": "Sudah terverifikasi sejak Senin.",
            "website": "",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "tidak diselenggarakan oleh penyelenggara yang Anda pilih" in html
    assert "Jadwal ujian tidak muncul" in html
    assert '<option value="bkpsdm" selected>' in html


def test_the_intake_api_takes_the_provider_by_its_slug(client):
    _token, raw = intake_token_create(name="Konektor", channel="lapor")
    response = client.post(
        reverse("complaint_intake_api"),
        {
            "kind": "informasi",
            "subject": "Jam layanan",
            "description": "Apakah Sabtu buka?",
            "provider": "bkpsdm-kota-singkawang",
            "external_reference": "LAPOR-1",
        },
        content_type="application/json",
        headers={"authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 201
    assert Complaint.objects.get().provider.slug == "bkpsdm-kota-singkawang"


# --- the report and the IKM per provider ---------------------------------------------------


def three_complaints() -> None:
    for about in (
        {"service": service("penilaian-kompetensi-lan")},
        {"provider": provider("balai-pemetaan-kompetensi-lan")},
        {"service": service(SERVICE_SLUG)},
    ):
        complaint = submit(**about)
        Complaint.objects.filter(pk=complaint.pk).update(received_at=MAY)


def test_the_report_of_a_provider_counts_its_complaints_only():
    three_complaints()

    lan = complaint_report(
        start=MAY.date(), end=MAY.date(), provider=provider("balai-pemetaan-kompetensi-lan")
    )
    everyone = complaint_report(start=MAY.date(), end=MAY.date())

    assert (lan.total, everyone.total) == (2, 3)
    assert dict(lan.by_service) == {
        service("penilaian-kompetensi-lan").name: 1,
        "Tanpa layanan tertentu": 1,
    }
    assert ("Penyelenggara", "Balai Layanan Pemetaan Kompetensi", None) in lan.table_rows()


def test_the_public_report_page_filters_by_provider_and_shows_it(client):
    three_complaints()

    html = client.get(
        reverse("complaint_report_public"),
        {"periode": "2025-05", "penyelenggara": "balai-pemetaan-kompetensi-lan"},
    ).content.decode()

    assert "Mei 2025 · Balai Layanan Pemetaan Kompetensi" in html
    assert "penyelenggara=balai-pemetaan-kompetensi-lan" in html  # the PDF of the same
    assert "Jalan Kiarapayung" in html.split('<footer class="site-footer">')[1]


def test_an_unknown_provider_on_the_public_report_says_to_choose_from_the_list(client):
    response = client.get(
        reverse("complaint_report_public"), {"periode": "2025-05", "penyelenggara": "tidak-ada"}
    )

    assert response.status_code == 400
    assert "Pilih penyelenggara dari daftar." in response.content.decode()


def test_the_ikm_reads_per_provider():
    for slug in ("penilaian-kompetensi-lan", SERVICE_SLUG):
        SurveyResponse.objects.create(
            service=service(slug), source=SurveySource.PUBLIC, **{f"u{n}": 4 for n in range(1, 10)}
        )

    results = survey_results(provider=provider("balai-pemetaan-kompetensi-lan"))

    assert [result.service_slug for result in results] == ["penilaian-kompetensi-lan"]


def test_a_complaint_to_a_provider_counts_in_its_services_survey():
    complaint = submit(provider=provider("bkpsdm-kota-singkawang"))

    assert complaint_survey_service(complaint).slug == "indeks-profesionalitas-asn"
