"""BKPSDM's officials' pages of the IP-ASN report: the queue (what waits on my roles, late and
due within the hour flagged), the overview with its filter and search, the report's page with
the action of its current step for the role holding it, the agency's laporan per year; who may
see each (another provider's officials, a Perangkat Daerah's operator, an outsider, anonymous);
a fixed number of queries on the lists whatever the number of reports."""

import datetime
from itertools import pairwise

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ipasn.clock import report_clock
from ipasn.constants import ReportState
from ipasn.models import AgencySummary, Pause, RecapEntry, Report
from ipasn.services import reports as services
from portal.constants import Role, StepKind
from portal.deadlines import service_hours_from_rows
from tests.certificates.test_signing import demo_p12, signing_key  # noqa: F401 - fixtures
from tests.ipasn.conftest import entries_add, pdf_upload, step_done

pytestmark = pytest.mark.django_db

QUEUE = reverse("ipasn_staff_queue")
OVERVIEW = reverse("ipasn_staff_reports")
AGENCY = reverse("ipasn_agency")


def page_url(report, name="ipasn_staff_report"):
    return reverse(name, args=[report.public_id])


def fresh(user):
    """The user re-read, without roles cached on the object (as a new request has it)."""
    return type(user).objects.get(pk=user.pk)


def submitted(ipasn_service, make_pd, n, *, start=0):
    """n reports of n Perangkat Daerah, each just submitted (at the Petugas Administrasi)."""
    made = []
    for i in range(start, start + n):
        pd = make_pd(name=f"Perangkat Daerah {i:02d}", operator=f"operator-{i:02d}")
        operator = pd.operators.get()
        report = services.report_create(
            service=ipasn_service, institution=pd, operator=operator, year=2025
        )
        services.report_letter_attach(report=report, actor=operator, file=pdf_upload())
        entries_add(report, 2)
        made.append(services.report_submit(report=report, actor=operator))
    return made


# --- Who may see ------------------------------------------------------------------------------


def test_anonymous_go_to_the_login_page(client, make_report):
    report = make_report(2)
    for url in (QUEUE, OVERVIEW, AGENCY, page_url(report), page_url(report, "ipasn_staff_forward")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_outsiders_and_pd_operators_are_refused_everywhere(
    client, make_user, make_report, pd_operator
):
    report = make_report(2)
    summary = AgencySummary.objects.create(
        service=report.service, year=2025, created_by=pd_operator
    )
    urls = [
        QUEUE,
        OVERVIEW,
        AGENCY,
        page_url(report),
        reverse("ipasn_agency_file", args=[summary.public_id, "pdf"]),
    ]
    for user in (make_user("orang-luar"), pd_operator, make_user("verifikator", Role.VERIFIER)):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
        response = client.post(page_url(report, "ipasn_staff_forward"), {"note": "x"})
        assert response.status_code == 403
    report.refresh_from_db()
    assert report.step.actor == Role.ADMIN_CLERK


def test_another_providers_officials_see_nothing(
    client, make_report, other_provider_officials, officials
):
    report = make_report(2)
    summary = AgencySummary.objects.create(
        service=report.service, year=2025, created_by=officials[Role.DIVISION_HEAD]
    )
    client.force_login(other_provider_officials)
    for url in (QUEUE, OVERVIEW, AGENCY):
        assert client.get(url).status_code == 403
    for name in ("ipasn_staff_report", "ipasn_staff_forward"):
        assert client.get(page_url(report, name)).status_code == 404
    assert client.post(page_url(report, "ipasn_staff_forward"), {}).status_code == 404
    assert (
        client.get(reverse("ipasn_agency_file", args=[summary.public_id, "pdf"])).status_code == 404
    )
    report.refresh_from_db()
    assert report.step.actor == Role.ADMIN_CLERK


def test_a_draft_is_not_shown_to_the_officials(client, make_report, officials):
    report = make_report(1)
    client.force_login(officials[Role.ADMIN_CLERK])
    assert client.get(page_url(report)).status_code == 404


# --- The queue --------------------------------------------------------------------------------


def test_the_queue_shows_what_waits_on_my_role(client, make_report, officials):
    report = make_report(2)
    client.force_login(officials[Role.ADMIN_CLERK])
    response = client.get(QUEUE)
    assert response.status_code == 200
    body = response.content.decode()
    assert report.reference in body
    assert report.institution.name in body
    assert "WIB" in body
    assert response.context["queue"].total == 1
    # The Kasubbag has nothing yet: the report is at the Petugas Administrasi.
    client.force_login(officials[Role.GENERAL_AFFAIRS_HEAD])
    response = client.get(QUEUE)
    assert response.context["queue"].total == 0
    assert "Tidak ada Laporan IP-ASN yang menunggu Anda." in response.content.decode()


def test_the_queue_flags_late_and_due_within_the_hour(client, make_report, officials, make_pd):
    late = make_report(2)
    Report.objects.filter(pk=late.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=8)
    )
    # A second report, moved back until the day's limit falls within the next hour of open time.
    soon = make_report(2, year=2024)
    hours = service_hours_from_rows(soon.service.provider.hours.all())
    limit_row = soon.service.completion_limit
    now = timezone.now()
    for minutes in range(0, 14 * 24 * 60, 10):
        soon.submitted_at = now - datetime.timedelta(minutes=minutes)
        clock = report_clock(soon, limit_row=limit_row, pauses=[], hours=hours, as_of=now)
        if clock.due_soon:
            break
    else:
        pytest.fail("no moment found where the report is due within the hour")
    Report.objects.filter(pk=soon.pk).update(submitted_at=soon.submitted_at)

    client.force_login(officials[Role.ADMIN_CLERK])
    response = client.get(QUEUE)
    queue = response.context["queue"]
    assert queue.total == 2
    assert queue.late == 1 and queue.due_soon == 1
    body = response.content.decode()
    assert "terlambat" in body
    assert "jatuh tempo dalam 1 jam" in body
    assert "queue-table__overdue" in body
    # Oldest first: the late one leads.
    assert [row.report.pk for row in queue.mine] == [late.pk, soon.pk]


def test_the_queue_costs_the_same_queries_for_3_and_9_reports(
    client, ipasn_service, make_pd, officials
):
    clerk = officials[Role.ADMIN_CLERK]
    submitted(ipasn_service, make_pd, 3)
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE).context["queue"].total == 3
    submitted(ipasn_service, make_pd, 6, start=3)
    with CaptureQueriesContext(connection) as many:
        response = client.get(QUEUE)
    assert response.context["queue"].total == 9
    assert len(many.captured_queries) == len(few.captured_queries)


# --- The overview -----------------------------------------------------------------------------


def test_the_overview_filters_by_state_and_searches(client, ipasn_service, make_pd, officials):
    first, second, third = submitted(ipasn_service, make_pd, 3)
    analyst = officials[Role.PERSONNEL_ANALYST]
    while second.step.kind != StepKind.PROCESSING:
        second = step_done(second, officials)
    services.report_return(report=second, actor=analyst, reasons="Rekapitulasi belum lengkap.")
    client.force_login(officials[Role.AGENCY_SECRETARY])

    response = client.get(OVERVIEW)
    assert response.status_code == 200 and response.context["total"] == 3

    response = client.get(OVERVIEW, {"status": ReportState.RETURNED})
    assert [row.report.pk for row in response.context["rows"]] == [second.pk]

    response = client.get(OVERVIEW, {"cari": "daerah 02"})
    assert [row.report.pk for row in response.context["rows"]] == [third.pk]

    response = client.get(OVERVIEW, {"cari": first.reference})
    assert [row.report.pk for row in response.context["rows"]] == [first.pk]

    response = client.get(OVERVIEW, {"cari": "tidak ada yang cocok"})
    assert response.context["total"] == 0
    assert "Tidak ada laporan yang cocok dengan saringan." in response.content.decode()


def test_the_overview_costs_the_same_queries_for_3_and_9_reports(
    client, ipasn_service, make_pd, officials
):
    submitted(ipasn_service, make_pd, 3)
    client.force_login(officials[Role.AGENCY_HEAD])
    with CaptureQueriesContext(connection) as few:
        assert client.get(OVERVIEW).context["total"] == 3
    submitted(ipasn_service, make_pd, 6, start=3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(OVERVIEW).context["total"] == 9
    assert len(many.captured_queries) == len(few.captured_queries)


# --- The report's page and its routing steps ---------------------------------------------------


def test_the_page_shows_the_report_and_its_recap(client, make_report, officials):
    report = make_report(2, entries=60)
    RecapEntry.objects.filter(report=report, row=2).update(
        missing=["penilaian kinerja"], category="sedang", index="72.50"
    )
    client.force_login(officials[Role.AGENCY_HEAD])
    response = client.get(page_url(report))
    assert response.status_code == 200
    body = response.content.decode()
    assert report.institution.name in body and report.reference in body
    recap = response.context["recap"]
    assert recap["count"] == 60 and recap["incomplete"] == 1
    assert ("Sedang", 1, "1,7") in recap["distribution"]
    assert "Belum lengkap:" in body and "penilaian kinerja" in body
    assert "Pegawai 0" in body and "Pegawai 59" not in body  # 50 a page
    assert "Halaman 1 dari 2" in body
    second = client.get(page_url(report), {"pegawai": 2})
    assert "Pegawai 59" in second.content.decode()
    # Not the Kepala's step: no form, and who works on it.
    assert response.context["forward_form"] is None
    assert f"Langkah ini dikerjakan oleh {Role.ADMIN_CLERK.label}." in body
    assert "1 (satu) hari" in body


def test_each_routing_official_forwards_with_a_note(client, make_report, officials):
    report = make_report(2)
    route = [
        Role.ADMIN_CLERK,
        Role.GENERAL_AFFAIRS_HEAD,
        Role.AGENCY_SECRETARY,
        Role.AGENCY_HEAD,
        Role.DIVISION_HEAD,
        Role.PERSONNEL_ANALYST,
    ]
    # Each button names whom the report goes to next.
    expected = [(role, f"Teruskan ke {after.label}") for role, after in pairwise(route)]
    for role, button in expected:
        client.force_login(officials[role])
        page = client.get(page_url(report))
        assert button in page.content.decode()
        response = client.post(
            page_url(report, "ipasn_staff_forward"), {"note": f"Catatan {role.label}"}
        )
        assert response.status_code == 302
        assert response["Location"] == page_url(report)
    report.refresh_from_db()
    assert report.step.kind == StepKind.PROCESSING
    notes = list(report.routings.exclude(note="").order_by("pk").values_list("note", "actor"))
    assert notes == [(f"Catatan {role.label}", officials[role].pk) for role, _ in expected]
    client.force_login(officials[Role.AGENCY_HEAD])
    body = client.get(page_url(report)).content.decode()
    assert "Catatan Kepala Badan" in body  # the disposition on the route


def test_the_kepala_labels_the_note_as_disposition(client, make_report, officials):
    report = make_report(5)
    client.force_login(officials[Role.AGENCY_HEAD])
    response = client.get(page_url(report))
    assert response.context["forward_form"].fields["note"].label == "Disposisi"


def test_the_wrong_role_is_refused_with_a_clear_message(client, make_report, officials):
    report = make_report(5)  # at the Kepala Badan's disposition
    client.force_login(officials[Role.GENERAL_AFFAIRS_HEAD])
    response = client.post(page_url(report, "ipasn_staff_forward"), {"note": "Disposisi saya"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Langkah ini dikerjakan oleh Kepala Badan." in body
    report.refresh_from_db()
    assert report.step.actor == Role.AGENCY_HEAD


def test_a_too_long_note_is_kept_and_refused_next_to_the_form(client, make_report, officials):
    report = make_report(2)
    client.force_login(officials[Role.ADMIN_CLERK])
    note = "x" * 2001
    response = client.post(page_url(report, "ipasn_staff_forward"), {"note": note})
    assert response.status_code == 400
    assert response.context["forward_form"].errors["note"]
    assert note in response.content.decode()
    report.refresh_from_db()
    assert report.step.actor == Role.ADMIN_CLERK


def test_a_reload_of_an_action_goes_back_to_the_page(client, make_report, officials):
    report = make_report(2)
    client.force_login(officials[Role.ADMIN_CLERK])
    response = client.get(page_url(report, "ipasn_staff_forward"))
    assert response.status_code == 302 and response["Location"] == page_url(report)


# --- The processing unit ----------------------------------------------------------------------


def test_the_processing_unit_sees_both_forms_and_processes(client, make_report, officials):
    report = make_report(7)
    client.force_login(officials[Role.PERSONNEL_ANALYST])
    body = client.get(page_url(report)).content.decode()
    assert "Dokumen sesuai, proses" in body and "Kembalikan ke perangkat daerah" in body
    response = client.post(page_url(report, "ipasn_staff_process"), {"note": "Rekap lengkap"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.step.kind == StepKind.EXTERNAL_UPLOAD


def test_a_return_needs_reasons_and_keeps_what_was_typed(client, make_report, officials):
    report = make_report(7)
    client.force_login(officials[Role.PERSONNEL_ANALYST])
    url = page_url(report, "ipasn_staff_return")
    response = client.post(url, {"reasons": ""})
    assert response.status_code == 400
    assert response.context["return_form"].errors["reasons"] == ["Tuliskan alasan pengembalian."]
    response = client.post(url, {"reasons": "NIP salah"})
    assert response.status_code == 400
    assert "paling sedikit 10 karakter" in response.context["return_form"].errors["reasons"][0]
    assert "NIP salah" in response.content.decode()
    assert report.pauses.count() == 0

    response = client.post(url, {"reasons": "NIP baris 4 tidak sesuai SK CPNS."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert Pause.objects.get(report=report).reasons == "NIP baris 4 tidak sesuai SK CPNS."
    body = client.get(page_url(report)).content.decode()
    assert "NIP baris 4 tidak sesuai SK CPNS." in body
    assert "Dikembalikan ke perangkat daerah" in body


def test_the_kabid_cannot_process_or_return(client, make_report, officials):
    report = make_report(7)
    client.force_login(officials[Role.DIVISION_HEAD])
    response = client.post(
        page_url(report, "ipasn_staff_return"), {"reasons": "Bukan wewenang saya."}
    )
    assert response.status_code == 403
    assert (
        f"Langkah ini dikerjakan oleh {Role.PERSONNEL_ANALYST.label}." in response.content.decode()
    )
    response = client.post(page_url(report, "ipasn_staff_process"), {})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.state == ReportState.ROUTING and report.step.kind == StepKind.PROCESSING


def test_the_upload_record_refuses_a_future_date_and_a_bad_file(client, make_report, officials):
    report = make_report(8)
    client.force_login(officials[Role.PERSONNEL_ANALYST])
    url = page_url(report, "ipasn_staff_upload")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url, {"uploaded_on": tomorrow.isoformat(), "proof": pdf_upload(), "note": "Tahap 1"}
    )
    assert response.status_code == 400
    form = response.context["upload_form"]
    assert form.errors["uploaded_on"] == ["Tanggal unggah tidak boleh setelah hari ini."]
    assert "Tahap 1" in response.content.decode()

    not_a_pdf = SimpleUploadedFile("bukti.pdf", b"bukan pdf", content_type="application/pdf")
    response = client.post(
        url, {"uploaded_on": timezone.localdate().isoformat(), "proof": not_a_pdf}
    )
    assert response.status_code == 400
    assert response.context["upload_form"].errors["proof"]

    response = client.post(url, {"uploaded_on": "", "proof": pdf_upload()})
    assert response.status_code == 400
    assert response.context["upload_form"].errors["uploaded_on"]
    report.refresh_from_db()
    assert report.bkn_uploaded_on is None and report.step.kind == StepKind.EXTERNAL_UPLOAD

    today = timezone.localdate()
    response = client.post(
        url, {"uploaded_on": today.isoformat(), "proof": pdf_upload(), "note": "Tahap 1"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.bkn_uploaded_on == today and report.bkn_note == "Tahap 1"
    assert report.step.kind == StepKind.REPORT
    body = client.get(page_url(report)).content.decode()
    assert "Unggahan ke aplikasi IP-ASN BKN" in body and "Buat Laporan Data IP-ASN" in body


def test_only_the_processing_unit_records_the_upload(client, make_report, officials):
    report = make_report(8)
    client.force_login(officials[Role.ADMIN_CLERK])
    response = client.post(
        page_url(report, "ipasn_staff_upload"),
        {"uploaded_on": timezone.localdate().isoformat(), "proof": pdf_upload()},
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.bkn_uploaded_on is None


def test_only_the_processing_unit_makes_the_laporan(client, make_report, officials):
    report = make_report(9)
    # The laporan part (ipasn.services.laporan) is imported by the service before its check.
    client.force_login(officials[Role.DIVISION_HEAD])
    response = client.post(page_url(report, "ipasn_staff_laporan"))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.step.kind == StepKind.REPORT and not report.result_xlsx


def test_the_laporan_is_made_and_signed_by_the_kabid(client, make_report, officials, signing_key):  # noqa: F811
    report = make_report(9)
    client.force_login(officials[Role.PERSONNEL_ANALYST])
    response = client.post(page_url(report, "ipasn_staff_laporan"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.result_xlsx and report.step.order == 10
    # The Kabid's last step: sign and send to the Kepala BKPSDM.
    client.force_login(officials[Role.GENERAL_AFFAIRS_HEAD])
    assert client.post(page_url(report, "ipasn_staff_sign"), {}).status_code == 403
    client.force_login(officials[Role.DIVISION_HEAD])
    body = client.get(page_url(report)).content.decode()
    assert "Tandatangani dan kirim ke Kepala BKPSDM" in body
    response = client.post(page_url(report, "ipasn_staff_sign"), {"note": "Mohon arahan"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.COMPLETED and report.result_signed_by is not None


# --- The agency's laporan ---------------------------------------------------------------------


def completed(report):
    """Test setup: the report as the Kabid's signature leaves it (the laporan part signs)."""
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.COMPLETED, closed_at=timezone.now()
    )


def test_the_agency_page_is_for_kabid_kepala_and_analis(client, make_report, officials):
    report = make_report(2)
    completed(report)
    for role in (Role.ADMIN_CLERK, Role.GENERAL_AFFAIRS_HEAD, Role.AGENCY_SECRETARY):
        client.force_login(officials[role])
        assert client.get(AGENCY).status_code == 403
    for role in (Role.DIVISION_HEAD, Role.AGENCY_HEAD, Role.PERSONNEL_ANALYST):
        client.force_login(officials[role])
        response = client.get(AGENCY)
        assert response.status_code == 200
        [row] = response.context["rows"]
        assert (row["year"], row["reports"], row["employees"]) == (report.year, 1, 3)
        assert f"Buat laporan badan tahun {report.year}" in response.content.decode()


def test_the_agency_laporan_is_created_from_the_page(client, make_report, officials, signing_key):  # noqa: F811
    report = make_report(2)
    completed(report)
    client.force_login(officials[Role.DIVISION_HEAD])
    response = client.post(AGENCY, {"service": report.service_id, "year": report.year})
    assert response.status_code == 302
    summary = AgencySummary.objects.get(service=report.service, year=report.year)
    assert summary.report_count == 1


def test_a_bad_agency_request_is_refused_on_the_page(client, make_report, officials):
    report = make_report(2)
    completed(report)
    client.force_login(officials[Role.AGENCY_HEAD])
    response = client.post(AGENCY, {"service": report.service_id, "year": "abc"})
    assert response.status_code == 400
    assert "Pilih tahun laporan badan" in response.content.decode()
    assert client.post(AGENCY, {"service": 999999, "year": 2025}).status_code == 404
    assert not AgencySummary.objects.exists()


def test_agency_files_are_streamed_privately(client, make_report, officials):
    report = make_report(2)
    summary = AgencySummary.objects.create(
        service=report.service, year=2025, created_by=officials[Role.DIVISION_HEAD]
    )
    summary.pdf.save("badan.pdf", ContentFile(pdf_upload().read()), save=True)
    client.force_login(officials[Role.AGENCY_HEAD])
    listing = client.get(AGENCY).content.decode()
    pdf_url = reverse("ipasn_agency_file", args=[summary.public_id, "pdf"])
    assert pdf_url in listing
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # No XLSX yet, and no such kind.
    assert (
        client.get(reverse("ipasn_agency_file", args=[summary.public_id, "xlsx"])).status_code
        == 404
    )
    assert (
        client.get(reverse("ipasn_agency_file", args=[summary.public_id, "doc"])).status_code == 404
    )
    client.force_login(officials[Role.ADMIN_CLERK])
    assert client.get(pdf_url).status_code == 403
