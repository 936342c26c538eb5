"""The open data: each provider's complaint figures and IKM per service and period, as CSV and
JSON that validate against their published schemas, with the public report's figures, no
personal data, and never another provider's figures."""

import csv
import io
import itertools
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.constants import Channel, ComplaintKind, ComplaintStatus
from complaints.models import Complaint
from complaints.reports import complaint_report
from portal.models import Provider, Service
from survey.constants import SurveySource
from survey.models import SurveyResponse
from tests.factories import PERPUSNAS, SERVICE_SLUG, ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
PERIOD = "2025-S1"
_codes = itertools.count(1)


def wib(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 10, 0, tzinfo=WIB)


def complaint(provider, **fields) -> Complaint:
    values = {
        "tracking_code": f"ADU-DATA-{next(_codes):04d}",
        "kind": ComplaintKind.COMPLAINT,
        "channel": Channel.PORTAL,
        "subject": "Judul rahasia pelapor",
        "description": "Uraian panjang dari pelapor",
        "reporter_name": "Budi Santoso",
        "reporter_email": "budi.santoso@example.com",
        "reporter_phone": "081234567890",
        "received_at": wib(5, 2),
        "provider": provider,
        **fields,
    }
    return Complaint.objects.create(**values)


def answer(service, scores, *, when=None) -> SurveyResponse:
    response = SurveyResponse.objects.create(
        service=service,
        source=SurveySource.PUBLIC,
        suggestion="Saran pribadi responden",
        **{f"u{n}": value for n, value in enumerate(scores, start=1)},
    )
    SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=when or wib(3, 10))
    return response


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def perpusnas():
    return Provider.objects.get(slug=PERPUSNAS)


@pytest.fixture
def librarian_service():
    return Service.objects.get(slug=SERVICE_SLUG)


@pytest.fixture
def other_service():
    """A service of another provider, with complaints and answers of its own."""
    return ServiceFactory(
        provider=ProviderFactory(slug="penyelenggara-lain", name="Penyelenggara Lain"),
        name="Layanan Penyelenggara Lain",
        slug="layanan-penyelenggara-lain",
    )


@pytest.fixture
def figures(perpusnas, librarian_service, other_service):
    """Perpusnas: three complaints about the librarian exam (one by e-mail, one closed), one
    about no service, two confidential; the other provider: two of its own."""
    complaint(perpusnas, service=librarian_service)
    complaint(perpusnas, service=librarian_service, channel=Channel.EMAIL)
    complaint(
        perpusnas,
        service=librarian_service,
        kind=ComplaintKind.INFORMATION,
        status=ComplaintStatus.CLOSED,
        verified_at=wib(5, 5),
        first_answered_at=wib(5, 6),
        closed_at=wib(5, 6),
    )
    complaint(perpusnas, service=None, kind=ComplaintKind.ASPIRATION)
    complaint(perpusnas, service=librarian_service, confidential=True)
    complaint(perpusnas, service=None, confidential=True, channel=Channel.LAPOR)
    complaint(other_service.provider, service=other_service)
    complaint(other_service.provider, service=other_service, received_at=wib(6, 3))


def table_schema(client, dataset):
    response = client.get(f"/data-terbuka/skema/{dataset}/table-schema.json")
    assert response.status_code == 200
    return response.json()


def json_schema(client, dataset):
    response = client.get(f"/data-terbuka/skema/{dataset}/json-schema.json")
    assert response.status_code == 200
    schema = response.json()
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def get_json(client, provider, dataset, period=PERIOD):
    response = client.get(f"/data-terbuka/{provider}/{dataset}/{period}.json")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json"
    document = response.json()
    jsonschema.validate(
        document,
        json_schema(client, dataset),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    return document


def _cell(field: dict, text: str):
    """A CSV cell read by its Table Schema field; raises on a value the schema refuses."""
    constraints = field.get("constraints", {})
    if text == "":
        assert not constraints.get("required"), f"{field['name']} is required"
        return None
    kind = field["type"]
    if kind == "integer":
        value = int(text)
    elif kind == "number":
        value = float(text)
    elif kind == "boolean":
        assert text in ("true", "false"), text
        value = text == "true"
    else:
        assert kind == "string", kind
        value = text
    if "enum" in constraints:
        assert value in constraints["enum"], (field["name"], value)
    if "minimum" in constraints:
        assert value >= constraints["minimum"], (field["name"], value)
    if "maximum" in constraints:
        assert value <= constraints["maximum"], (field["name"], value)
    return value


def get_csv(client, provider, dataset, period=PERIOD) -> list[dict]:
    response = client.get(f"/data-terbuka/{provider}/{dataset}/{period}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    fields = table_schema(client, dataset)["fields"]
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == [field["name"] for field in fields]
    return [
        {field["name"]: _cell(field, cell) for field, cell in zip(fields, row, strict=True)}
        for row in reader
    ]


def test_complaint_figures_per_service_add_up_to_the_public_report(client, figures, perpusnas):
    document = get_json(client, PERPUSNAS, "pengaduan")
    rows = {(row["kelompok"], row["layanan"]): row for row in document["data"]}
    exam = rows[("layanan", SERVICE_SLUG)]
    assert (exam["diterima"], exam["jenis_pengaduan"], exam["jenis_informasi"]) == (3, 2, 1)
    assert (exam["saluran_portal"], exam["saluran_email"], exam["status_closed"]) == (2, 1, 1)
    assert exam["tepat_waktu"] == 1
    no_service = rows[("tanpa_layanan", None)]
    assert (no_service["diterima"], no_service["jenis_aspirasi"]) == (1, 1)
    # The confidential complaints: counted, never broken down by service, kind, channel or status.
    secret = rows[("rahasia", None)]
    assert secret["diterima"] == 2 and secret["nama_layanan"] is None
    assert secret["saluran_lapor"] is None and secret["jenis_pengaduan"] is None
    assert sum(row["saluran_lapor"] or 0 for row in document["data"]) == 0

    report = complaint_report(
        start=date(2025, 1, 1), end=date(2025, 6, 30), provider=perpusnas, public=True
    )
    for name, figure in (
        ("diterima", report.total),
        ("tepat_waktu", report.on_time),
        ("melewati_batas_waktu", report.late),
        ("belum_jatuh_tempo", report.pending),
    ):
        assert sum(row[name] for row in document["data"]) == figure, name
    published = {name: count for name, count in report.by_service}
    assert published == {
        row["nama_layanan"]: row["diterima"]
        for row in document["data"]
        if row["kelompok"] != "rahasia" and row["diterima"]
    }
    assert document["metadata"]["penyelenggara"] == {"kode": PERPUSNAS, "nama": perpusnas.name}
    assert document["metadata"]["periode"]["kode"] == PERIOD
    assert document["metadata"]["sementara"] is False
    assert document["metadata"]["lisensi"]["name"] == "CC-BY-4.0"
    assert document["metadata"]["lisensi"]["ditetapkan_oleh"] == "portal"  # not a source's


def test_csv_holds_the_json_rows_and_validates_against_the_table_schema(client, figures):
    rows = get_csv(client, PERPUSNAS, "pengaduan")
    document = get_json(client, PERPUSNAS, "pengaduan")
    assert rows == document["data"]


def test_no_personal_data_leaves_in_either_format(client, figures):
    for fmt in ("csv", "json"):
        for dataset in ("pengaduan", "ikm"):
            body = client.get(f"/data-terbuka/{PERPUSNAS}/{dataset}/{PERIOD}.{fmt}").content
            text = body.decode()
            for secret in (
                "Budi",
                "budi.santoso",
                "0812",
                "ADU-DATA",
                "Judul rahasia",
                "Uraian panjang",
                "Saran pribadi",
            ):
                assert secret not in text, (dataset, fmt, secret)
            assert "reporter" not in text and "pelapor_" not in text


def test_another_providers_figures_never_show_on_a_providers_address(
    client, figures, other_service
):
    mine = get_json(client, PERPUSNAS, "pengaduan")
    names = {row["nama_layanan"] for row in mine["data"]}
    assert other_service.name not in names
    assert sum(row["diterima"] for row in mine["data"]) == 6
    theirs = get_json(client, "penyelenggara-lain", "pengaduan")
    assert [(row["layanan"], row["diterima"]) for row in theirs["data"]] == [
        (other_service.slug, 2)
    ]
    assert theirs["metadata"]["penyelenggara"]["kode"] == "penyelenggara-lain"


def test_ikm_per_service_and_semester_as_the_survey_results_publish_it(
    client, librarian_service, other_service
):
    answer(librarian_service, [4, 4, 4, 4, 4, 4, 4, 4, 4])
    answer(librarian_service, [3, 3, 3, 3, 3, 3, 3, 3, 3])
    answer(librarian_service, [4] * 9, when=wib(8, 1))  # the second semester
    answer(other_service, [1] * 9)
    document = get_json(client, PERPUSNAS, "ikm")
    assert len(document["data"]) == 1
    row = document["data"][0]
    assert (row["layanan"], row["responden"], row["u1_nrr"], row["u1_nilai"]) == (
        SERVICE_SLUG,
        2,
        3.5,
        87.5,
    )
    assert (row["ikm"], row["mutu"]) == (87.5, "B")
    assert row["representatif"] is False  # two answers: under any minimum sample
    assert get_csv(client, PERPUSNAS, "ikm") == document["data"]
    theirs = get_json(client, "penyelenggara-lain", "ikm")
    assert [(row["layanan"], row["ikm"]) for row in theirs["data"]] == [(other_service.slug, 25.0)]


def test_a_new_answer_shows_at_once(client, librarian_service):
    answer(librarian_service, [4] * 9)
    assert get_json(client, PERPUSNAS, "ikm")["data"][0]["responden"] == 1
    answer(librarian_service, [4] * 9)
    assert get_json(client, PERPUSNAS, "ikm")["data"][0]["responden"] == 2


def test_a_new_complaint_shows_at_once(client, perpusnas, librarian_service):
    complaint(perpusnas, service=librarian_service)

    def received():
        data = get_json(client, PERPUSNAS, "pengaduan")["data"]
        return sum(row["diterima"] for row in data)

    assert received() == 1
    complaint(perpusnas, service=librarian_service)
    assert received() == 2


def _semester_key(day: date) -> str:
    return f"{day.year}-S{1 if day.month <= 6 else 2}"


def test_the_current_period_is_provisional_and_the_future_is_not_found(client):
    today = timezone.localdate()
    for dataset in ("pengaduan", "ikm"):
        document = get_json(client, PERPUSNAS, dataset, period=_semester_key(today))
        assert document["metadata"]["sementara"] is True
        assert "belum berakhir" in document["metadata"]["catatan"]
        future = _semester_key(today + timedelta(days=190))
        assert client.get(f"/data-terbuka/{PERPUSNAS}/{dataset}/{future}.json").status_code == 404
    assert (
        client.get(f"/data-terbuka/{PERPUSNAS}/pengaduan/{today.year + 1}.csv").status_code == 404
    )
    assert client.get(f"/data-terbuka/{PERPUSNAS}/pengaduan/{today.year}.csv").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/data-terbuka/{PERPUSNAS}/pengaduan/2025-13.csv",
        f"/data-terbuka/{PERPUSNAS}/pengaduan/2025-S3.json",
        f"/data-terbuka/{PERPUSNAS}/pengaduan/25-S1.json",
        f"/data-terbuka/{PERPUSNAS}/pengaduan/1999.json",
        f"/data-terbuka/{PERPUSNAS}/pengaduan/2025-S1.xlsx",
        f"/data-terbuka/{PERPUSNAS}/ikm/2025-05.csv",
        f"/data-terbuka/{PERPUSNAS}/ikm/2025.csv",
        f"/data-terbuka/{PERPUSNAS}/pelapor/2025-S1.csv",
        "/data-terbuka/tidak-ada/pengaduan/2025-S1.csv",
        "/data-terbuka/tidak-ada/",
        "/data-terbuka/skema/pelapor/table-schema.json",
    ],
)
def test_unknown_addresses_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_queries_do_not_grow_with_the_complaints(client, perpusnas, librarian_service):
    def count(path):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    paths = [
        f"/data-terbuka/{PERPUSNAS}/pengaduan/{PERIOD}.json",
        f"/data-terbuka/{PERPUSNAS}/ikm/{PERIOD}.csv",
        f"/data-terbuka/{PERPUSNAS}/",
    ]
    complaint(perpusnas, service=librarian_service)
    answer(librarian_service, [3] * 9)
    few = [count(path) for path in paths]
    for day in range(1, 25):
        complaint(perpusnas, service=librarian_service, received_at=wib(4, day))
        complaint(perpusnas, service=None, confidential=True, received_at=wib(3, day))
        answer(librarian_service, [4] * 9, when=wib(2, day))
    ServiceFactory.create_batch(3, provider=perpusnas)
    assert [count(path) for path in paths] == few
    assert max(few) <= 9


def test_the_provider_page_lists_each_periods_stable_addresses(client, figures):
    response = client.get(f"/data-terbuka/{PERPUSNAS}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/data-terbuka/{PERPUSNAS}/pengaduan/2025-S1.csv" in page
    assert f"/data-terbuka/{PERPUSNAS}/pengaduan/2025-05.json" in page
    assert f"/data-terbuka/{PERPUSNAS}/ikm/2025-S2.json" in page
    assert f"/data-terbuka/{PERPUSNAS}/ikm/2025-05" not in page
    assert "/data-terbuka/skema/pengaduan/table-schema.json" in page
    assert "penyelenggara-lain" not in page
    # The licence is the portal's choice, not a source document's: marked as such.
    assert "Ditetapkan oleh portal" in page
    index = client.get("/data-terbuka/").content.decode()
    assert f"/data-terbuka/{PERPUSNAS}/" in index and "/data-terbuka/penyelenggara-lain/" in index


def test_the_public_report_links_to_the_open_data(client, figures):
    page = client.get("/pengaduan/laporan/", {"periode": PERIOD}).content.decode()
    assert 'href="/data-terbuka/"' in page
    page = client.get(
        "/pengaduan/laporan/", {"periode": PERIOD, "penyelenggara": PERPUSNAS}
    ).content.decode()
    assert f'href="/data-terbuka/{PERPUSNAS}/"' in page


def test_the_standard_page_links_to_its_providers_open_data(client):
    page = client.get(f"/layanan/{SERVICE_SLUG}/").content.decode()
    assert f'href="/data-terbuka/{PERPUSNAS}/"' in page


def test_the_schemas_describe_every_column(client):
    for dataset in ("pengaduan", "ikm"):
        table = table_schema(client, dataset)
        schema = json_schema(client, dataset)
        names = [field["name"] for field in table["fields"]]
        assert names == list(schema["properties"]["data"]["items"]["properties"])
        assert all(
            field["type"] in {"string", "integer", "number", "boolean"} for field in table["fields"]
        )
        assert set(table["primaryKey"]) <= set(names)
    assert json.loads(client.get("/data-terbuka/skema/ikm/json-schema.json").content)[
        "$id"
    ].endswith("/data-terbuka/skema/ikm/json-schema.json")


def test_complaint_rows_count_the_clusters_and_the_reports_in_them(
    client, figures, perpusnas, librarian_service
):
    """Issue 20: complaints handled together are counted per row, as the public report does."""
    from complaints.constants import AboutKind
    from complaints.models import ComplaintCluster

    cluster = ComplaintCluster.objects.create(
        provider=perpusnas,
        service=librarian_service,
        about_kind=AboutKind.REQUIREMENT,
        about_key="1",
        label="SK jabatan",
    )
    Complaint.objects.filter(
        provider=perpusnas, service=librarian_service, confidential=False
    ).exclude(kind=ComplaintKind.INFORMATION).update(cluster=cluster)
    cache.clear()
    document = get_json(client, PERPUSNAS, "pengaduan")
    rows = {(row["kelompok"], row["layanan"]): row for row in document["data"]}
    exam = rows[("layanan", SERVICE_SLUG)]
    assert (exam["ditangani_berkelompok"], exam["kelompok_pengaduan"]) == (2, 1)
    assert rows[("tanpa_layanan", None)]["kelompok_pengaduan"] == 0
    report = complaint_report(
        start=date(2025, 1, 1), end=date(2025, 6, 30), provider=perpusnas, public=True
    )
    assert (report.clustered, report.clusters) == (2, 1)
    assert get_csv(client, PERPUSNAS, "pengaduan")[0]["kelompok_pengaduan"] is not None
