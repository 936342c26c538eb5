"""Seed 004's public standard page: its steps (the SPK's 5-day rule said in working days), its
report limits as the seed writes them with what the portal measured of them, its fee exactly as
the source gives it and never "tidak dipungut biaya" (nor on its complaint form and survey),
and the call to action for institutions. The librarian exam's page is unchanged."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.constants import EngagementState, Purpose, ReportKind
from assessments.models import Report
from composition import standards
from portal.calendar import add_working_days

pytestmark = pytest.mark.django_db

SLUG = "penilaian-kompetensi-lan"
LIBRARIAN = "uji-kompetensi-pustakawan"
FEE = "Rp. 3.200.000,- per Peserta"
REGISTER_PATH = "/penilaian-kompetensi/instansi/daftar/"
FREE = re.compile(r"tidak dipungut biaya|gratis", re.IGNORECASE)


def page(client, slug=SLUG) -> str:
    response = client.get(reverse("service_standard", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def limits_table(html: str) -> str:
    start = html.index('class="table report-limits"')
    return html[start : html.index("</table>", start)]


def limit_row(html: str, purpose: str, report: str) -> str:
    table = limits_table(html)
    for row in table.split("<tr>")[1:]:
        if purpose in row and f">{report}</th>" in row:
            return row
    raise AssertionError(f"no row for {purpose} / {report}")


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _report(engagement, kind, delivered_on, author):
    return Report.objects.create(
        engagement=engagement,
        kind=kind,
        title=f"{kind} {engagement.pk}",
        created_by=author,
        delivered_at=_at(delivered_on),
    )


def test_the_report_limits_are_listed_in_the_seeds_words_with_their_source(client):
    html = page(client)
    table = limits_table(html)

    summary = limit_row(html, "Seleksi jabatan", "Laporan Ringkas")
    assert "10 (sepuluh) hari kerja sejak pengambilan data" in summary
    assert "15 (lima belas) hari kerja setelah laporan ringkas diserahkan" in limit_row(
        html, "Seleksi jabatan", "Laporan Lengkap"
    )
    assert "setelah laporan ringkas diserahkan" in limit_row(
        html, "Seleksi jabatan", "Laporan Individual"
    )
    # In the seed's order: seleksi jabatan first, then pemetaan.
    assert table.index("Laporan Ringkas") < table.index("Laporan Pemetaan Jabatan")
    assert "25 (dua puluh lima) hari kerja" in limit_row(
        html, "Pemetaan jabatan", "Laporan Pemetaan Jabatan"
    )
    assert "Dari dokumen sumber" in summary
    assert table.count("Belum ada data") == 4


def test_the_measured_times_are_the_median_and_90th_percentile_of_delivered_reports(
    client, make_engagement, make_institution
):
    author = get_user_model().objects.create_user(username="penulis")
    intake_on = timezone.localdate() - datetime.timedelta(days=45)
    first = make_engagement(EngagementState.COMPLETED)
    other = make_institution(name="Kabupaten Sambas", operator="operator-sambas")
    second = make_engagement(EngagementState.COMPLETED, institution=other)
    for engagement in (first, second):
        engagement.intake_held_on = intake_on
        engagement.save()
    summary_first = add_working_days(intake_on, 4)
    _report(first, ReportKind.SUMMARY, summary_first, author)
    _report(second, ReportKind.SUMMARY, add_working_days(intake_on, 6), author)
    # The full report counts from the summary report's delivery, not from the intake.
    _report(first, ReportKind.FULL, add_working_days(summary_first, 3), author)
    # Not delivered: not measured.
    Report.objects.create(engagement=second, kind=ReportKind.FULL, title="draf", created_by=author)

    html = page(client)

    summary = limit_row(html, "Seleksi jabatan", "Laporan Ringkas")
    assert re.search(r">\s*5 hari kerja", summary)
    assert "(2 laporan)" in summary
    assert re.search(r">\s*6 hari kerja", summary)  # 90% within: the nearest rank
    full = limit_row(html, "Seleksi jabatan", "Laporan Lengkap")
    assert re.search(r">\s*3 hari kerja", full)
    assert "(1 laporan)" in full
    assert "Belum ada data" in limit_row(html, "Pemetaan jabatan", "Laporan Pemetaan Jabatan")


def test_the_measurement_leaves_out_reports_delivered_before_the_period(
    assessment_service, make_engagement
):
    author = get_user_model().objects.create_user(username="penulis")
    engagement = make_engagement(EngagementState.COMPLETED, purpose=Purpose.MAPPING)
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    engagement.intake_held_on = long_ago
    engagement.save()
    _report(engagement, ReportKind.MAPPING, add_working_days(long_ago, 20), author)

    rows = standards.report_limit_rows(assessment_service)

    mapping = next(row for row in rows if row.report == "Laporan Pemetaan Jabatan")
    assert mapping.count == 0
    assert mapping.median is None


def test_the_measurement_takes_the_same_queries_however_many_reports(
    client, make_engagement, make_institution
):
    author = get_user_model().objects.create_user(username="penulis")
    intake_on = timezone.localdate() - datetime.timedelta(days=30)

    def add(number):
        institution = make_institution(name=f"Instansi {number}", operator=f"op-{number}")
        engagement = make_engagement(EngagementState.COMPLETED, institution=institution)
        engagement.intake_held_on = intake_on
        engagement.save()
        _report(engagement, ReportKind.SUMMARY, add_working_days(intake_on, 5), author)

    add(0)
    with CaptureQueriesContext(connection) as few:
        page(client)
    for number in range(1, 6):
        add(number)
    with CaptureQueriesContext(connection) as many:
        page(client)

    assert len(many) == len(few)


def test_the_steps_are_shown_and_the_agreement_step_says_its_days_are_working_days(client):
    html = page(client)
    start = html.rindex("<section", 0, html.index('id="langkah-layanan"'))
    steps = html[start : html.index("</section>", start)]

    assert "Instansi pemohon mengajukan permohonan kerjasama" in steps
    assert "Surat Perjanjian Kerja sama (SPK)" in steps
    agreement = steps[steps.rindex("<li", 0, steps.index("SPK ditandatangani kedua pihak")) :]
    agreement = agreement[: agreement.index("</li>")]
    assert "5 (lima) hari kerja sebelum kegiatan penilaian kompetensi" in agreement
    assert "5 (lima) hari sebelum kegiatan" in agreement  # what the source writes
    assert "menghitungnya dalam hari kerja" in agreement


def test_the_fee_is_the_sources_and_the_page_never_says_it_is_free(client):
    html = page(client)

    assert FEE in html
    assert not FREE.search(html)


def test_institutions_are_asked_to_register_and_request_cooperation(client, django_user_model):
    html = page(client)

    assert "Ajukan permohonan kerja sama" in html
    assert f'href="{REGISTER_PATH}"' in html
    assert "Daftar akun instansi" in html
    assert "belum dapat diajukan melalui portal ini" not in html
    assert "/permohonan-layanan/usulan/" not in html

    client.force_login(django_user_model.objects.create_user(username="seseorang"))
    assert 'href="/penilaian-kompetensi/instansi/"' in page(client)


def test_the_complaint_form_and_the_survey_for_this_service_show_its_fee_not_free(client):
    complaint = client.get(reverse("complaint_new"), {"layanan": SLUG})
    survey = client.get(reverse("survey_public", args=[SLUG]))

    for response in (complaint, survey):
        assert response.status_code == 200
        html = response.content.decode()
        assert "tidak dipungut biaya" not in html.lower()
        assert "3.200.000" in html
    assert not FREE.search(complaint.content.decode())
    # The survey's cost element (PermenPANRB 14/2017, U4) keeps its four answers, the last of
    # which is "Gratis": an answer the respondent may give, never the page's statement.
    survey_html = survey.content.decode()
    assert len(FREE.findall(survey_html)) == 1
    assert "Sangat mahal" in survey_html


def test_the_librarian_exams_page_still_says_it_is_free_and_shows_no_lan_fact(client):
    html = page(client, LIBRARIAN)

    assert "tidak dipungut biaya" in html.lower()
    assert "3.200.000" not in html
    assert "report-limits" not in html
    assert "Ajukan permohonan kerja sama" not in html


def test_the_home_page_offers_institutions_an_account_on_seed_004s_card(client):
    html = client.get(reverse("home")).content.decode()
    link = reverse("service_standard", args=[SLUG])
    start = html.rindex('<li class="service-entry">', 0, html.index(f'href="{link}"'))
    entry = html[start : html.index("</li>", html.index("</dl>", start))]

    assert "Daftar akun instansi" in entry
    assert f'href="{REGISTER_PATH}"' in entry
    assert 'href="#daftar-online"' not in entry  # the librarian exam's section
    assert "3.200.000" in entry
    assert not FREE.search(entry)
