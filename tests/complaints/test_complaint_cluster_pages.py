"""The complaint team's cluster page (issue 20): one answer and one status move for every
member, shown and refused by the same rules as each complaint's page (another provider's
cluster is not found; a sealed reporter stays sealed; a complaint naming the reader is not
listed); the queue's cluster column and filter; constant query counts as clusters grow."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services, staff_views
from complaints.constants import AboutKind, ComplaintStatus, NamedAs
from complaints.models import ComplaintCluster, ComplaintMessage
from portal.constants import Role
from portal.models import Requirement, Service
from tests.factories import SERVICE_SLUG
from tests.queue_counts import assert_constant_queries, page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return Service.objects.get(slug=SERVICE_SLUG)


@pytest.fixture
def about(service):
    requirement = Requirement.objects.filter(service=service).order_by("order").first()
    return {"about_kind": AboutKind.REQUIREMENT, "about_key": str(requirement.pk)}


@pytest.fixture
def members(make_complaint, service, about):
    return [
        make_complaint(service=service, subject="Unggahan SK gagal", **about),
        make_complaint(
            service=service,
            subject="Tidak bisa unggah",
            anonymous=True,
            reporter_name="Siti Rahasia",
            **about,
        ),
    ]


def cluster_url(cluster, action: str = "") -> str:
    name = {"": "complaints_cluster_detail", "answer": "complaints_cluster_answer"}.get(
        action, "complaints_cluster_transition"
    )
    return reverse(name, args=[cluster.public_id])


def test_the_cluster_page_lists_its_members_and_keeps_the_seal(client, handler, members):
    client.force_login(handler)
    response = client.get(cluster_url(members[0].cluster))
    html = response.content.decode()
    assert response.status_code == 200
    assert members[0].tracking_code in html and members[1].tracking_code in html
    assert "Siti Rahasia" not in html
    assert "Identitas disegel" in html
    assert "2 laporan" in html


def test_a_member_naming_the_reader_is_not_listed(client, handler, members, make_user):
    colleague = make_user("pengaduan2", Role.COMPLAINT_HANDLER)
    services.complaint_staff_name(
        complaint=members[0], user=handler, named_as=NamedAs.HANDLER, actor=colleague
    )
    client.force_login(handler)
    html = client.get(cluster_url(members[0].cluster)).content.decode()
    assert members[0].tracking_code not in html
    assert members[1].tracking_code in html
    # Nor counted in the queue's cluster column.
    queue = client.get(reverse("complaints_queue"), {"status": "semua"}).content.decode()
    assert "1 laporan" in queue and "2 laporan" not in queue


def test_another_providers_team_does_not_find_the_cluster(client, members, make_user, lan):
    other = make_user("pengaduan-lan", Role.COMPLAINT_HANDLER, provider=lan)
    client.force_login(other)
    cluster = members[0].cluster
    assert client.get(cluster_url(cluster)).status_code == 404
    assert client.post(cluster_url(cluster, "answer"), {"body": "x"}).status_code == 404
    assert not ComplaintMessage.objects.exists()


def test_one_posted_answer_reaches_every_member_once(client, handler, members):
    client.force_login(handler)
    cluster = members[0].cluster
    client.post(cluster_url(cluster, "status"), {"to": ComplaintStatus.VERIFIED})
    for _twice in range(2):
        response = client.post(cluster_url(cluster, "answer"), {"body": "Sudah diperbaiki."})
        assert response.status_code == 302
    for member in members:
        member.refresh_from_db()
        assert member.status == ComplaintStatus.ANSWERED
        assert member.messages.filter(body="Sudah diperbaiki.").count() == 1
        tracking = client.get(reverse("complaint_track", args=[member.tracking_code]))
        assert "Sudah diperbaiki." in tracking.content.decode()


def test_an_empty_answer_is_refused_in_indonesian(client, handler, members):
    client.force_login(handler)
    response = client.post(cluster_url(members[0].cluster, "answer"), {"body": " "})
    assert response.status_code == 400
    assert "Tuliskan jawaban" in response.content.decode()


def test_staff_set_the_subject_and_a_key_of_another_provider_is_refused(
    client, handler, make_complaint, service
):
    complaint = make_complaint(service=service)
    foreign = Requirement.objects.exclude(service__provider=service.provider).first()
    client.force_login(handler)
    url = reverse("complaints_about", args=[complaint.public_id])
    response = client.post(url, {"about_kind": AboutKind.REQUIREMENT, "about_key": foreign.pk})
    assert response.status_code == 400
    assert "bukan persyaratan layanan penyelenggara" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.cluster_id is None

    own = Requirement.objects.filter(service=service).first()
    client.post(url, {"about_kind": AboutKind.REQUIREMENT, "about_key": own.pk})
    complaint.refresh_from_db()
    assert complaint.cluster is not None
    client.post(reverse("complaints_detach", args=[complaint.public_id]))
    complaint.refresh_from_db()
    assert complaint.cluster_id is None


def test_the_queue_shows_the_cluster_column_and_filters_clustered(
    client, handler, members, make_complaint
):
    alone = make_complaint(subject="Tanpa kelompok")
    client.force_login(handler)
    html = client.get(reverse("complaints_queue"), {"status": "semua"}).content.decode()
    assert cluster_url(members[0].cluster) in html
    filtered = client.get(reverse("complaints_queue"), {"status": "semua", "kelompok": "on"})
    codes = {row.tracking_code for row in filtered.context["page"]}
    assert codes == {member.tracking_code for member in members}
    assert alone.tracking_code not in codes


@pytest.mark.parametrize("params", [{"status": "semua"}, {"status": "semua", "kelompok": "on"}])
def test_the_queue_with_clusters_keeps_its_query_count(
    client, handler, make_complaint, service, monkeypatch, params
):
    monkeypatch.setattr(staff_views, "PAGE_SIZE", 2)
    requirements = list(Requirement.objects.filter(service=service).order_by("pk"))

    def grow(count):
        for number in range(count):
            requirement = requirements[number % len(requirements)]
            make_complaint(
                service=service,
                subject=f"Unggahan gagal ({number})",
                about_kind=AboutKind.REQUIREMENT,
                about_key=str(requirement.pk),
            )

    client.force_login(handler)
    assert_constant_queries(
        client,
        reverse("complaints_queue"),
        grow,
        params=params,
        page_of=lambda response: response.context["page"],
    )


def test_the_cluster_page_keeps_its_query_count(client, handler, make_complaint, service, about):
    """One page of members and several (page 1 and the last) make the same queries as the
    cluster grows; an unpaged cluster of few members the same as one of many on one page."""
    first = make_complaint(service=service, **about)
    client.force_login(handler)
    url = cluster_url(first.cluster)
    client.get(url)
    few, _response = page_queries(client, url)
    for number in range(6):
        make_complaint(service=service, anonymous=number % 2 == 0, **about)
    many, response = page_queries(client, url)
    assert len(response.context["page"].object_list) == 7
    assert many == few
    assert ComplaintCluster.objects.count() == 1


def test_the_paged_cluster_page_keeps_its_query_count(
    client, handler, make_complaint, service, about, monkeypatch
):
    monkeypatch.setattr(staff_views, "CLUSTER_PAGE_SIZE", 2)
    first = make_complaint(service=service, **about)
    client.force_login(handler)

    def grow(count):
        for number in range(count):
            make_complaint(service=service, anonymous=number % 2 == 0, **about)

    counts = assert_constant_queries(
        client,
        cluster_url(first.cluster),
        grow,
        page_of=lambda response: response.context["page"],
    )
    assert counts["last page (many)"] == counts["page 1 (many)"], counts
    single, _response = page_queries(client, cluster_url(first.cluster), {"halaman": "1"})
    assert single == counts["page 1 (many)"]
    assert ComplaintCluster.objects.count() == 1


def test_the_header_counts_the_whole_cluster_on_every_page(
    client, handler, make_complaint, service, about, monkeypatch
):
    monkeypatch.setattr(staff_views, "CLUSTER_PAGE_SIZE", 2)
    now = timezone.now()
    made = [
        make_complaint(
            service=service,
            subject=f"Laporan {number}",
            received_at=now - timedelta(days=5 - number),
            **about,
        )
        for number in range(5)
    ]
    client.force_login(handler)
    url = cluster_url(made[0].cluster)
    pages = [client.get(url, {"halaman": number}) for number in ("1", "2", "3")]
    for number, response in enumerate(pages, 1):
        html = response.content.decode()
        assert response.context["page"].number == number
        assert "5 laporan" in html
        assert response.context["size"] == 5
        assert response.context["first_report"] == made[0].received_at
        assert response.context["latest_report"] == made[-1].received_at
        assert 'aria-label="Halaman anggota kelompok"' in html
        assert f"Halaman {number} dari 3" in html
    shown = [
        [code for code in (m.tracking_code for m in made) if code in page.content.decode()]
        for page in pages
    ]
    codes = [m.tracking_code for m in made]
    assert shown == [codes[0:2], codes[2:4], codes[4:5]]
    # A wrong or too large number gives the first or the last page, as the queues do.
    assert client.get(url, {"halaman": "x"}).context["page"].number == 1
    assert client.get(url, {"halaman": "99"}).context["page"].number == 3


def test_the_public_report_counts_reports_and_clusters(client, members, make_complaint):
    make_complaint(subject="Tanpa kelompok")
    year = str(members[0].received_at.astimezone(ZoneInfo("Asia/Jakarta")).year)
    response = client.get("/pengaduan/laporan/", {"periode": year})
    report = response.context["report"]
    assert (report.total, report.clustered, report.clusters) == (3, 2, 1)
    assert "2 laporan dalam 1 kelompok" in response.content.decode()


def test_the_public_form_takes_a_certificate_number_of_the_services_provider_only(
    client, service, other_provider_service
):
    from complaints.models import Complaint
    from registration.constants import ApplicationStatus
    from tests.factories import ApplicationFactory, CertificateFactory

    CertificateFactory(number="UKP/2026/000321")
    CertificateFactory(
        number="B/2026/000009",
        application=ApplicationFactory(
            service=other_provider_service, status=ApplicationStatus.PASSED
        ),
    )
    data = {
        "kind": "pengaduan",
        "service": service.pk,
        "subject": "Nama salah di sertifikat",
        "description": "Gelar saya tidak tercetak.",
        "reporter_email": "dewi@example.test",
        "website": "",
    }
    refused = client.post(reverse("complaint_new"), {**data, "about_certificate": "B/2026/000009"})
    assert refused.status_code == 400
    assert "Nomor sertifikat ini tidak ditemukan" in refused.content.decode()
    assert not Complaint.objects.exists()

    taken = client.post(reverse("complaint_new"), {**data, "about_certificate": "UKP/2026/000321"})
    assert taken.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.about_kind, complaint.about_label) == (
        AboutKind.CERTIFICATE,
        "UKP/2026/000321",
    )
    assert complaint.cluster is not None
