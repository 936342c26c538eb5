"""The timeline partial (templates/casework/_timeline.html) an employee and their proposer
read: every step as the standard names it, who acts, its state, each run with its due date, the
waits on the applicant, and the service's completion limit once it started; on real 2026
dates with holidays and cuti bersama."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from casework.constants import Verdict
from casework.selectors import case_timeline
from casework.services.engine import case_return, case_step_complete, case_submit
from casework.workflow import Action
from portal.constants import Role, StepKind

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def at(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=WIB)


def rendered(case, as_of) -> str:
    html = render_to_string(
        "casework/_timeline.html", {"timeline": case_timeline(case=case, as_of=as_of)}
    )
    return " ".join(html.split())


@pytest.fixture
def submitted(make_case, operator):
    return case_submit(case=make_case(), actor=operator)


def test_every_step_is_listed_with_who_acts_and_its_state(submitted, certification):
    html = rendered(submitted, as_of=None)
    for step in certification.steps.all():
        assert f"{step.order}. {step.name}" in html
    assert "Dikerjakan oleh: Operator instansi pemohon" in html
    assert "Dikerjakan oleh: Tim verifikasi" in html
    assert "Dikerjakan oleh: Asesor" in html
    assert html.count("Sedang berjalan") == 1
    assert html.count("Belum dimulai</span>") == 7
    assert "Produk: Sertifikat Kompetensi Profesi" in html


def test_a_steps_due_date_skips_imlek_and_its_cuti_bersama(submitted):
    step = submitted.step
    step.limit_unit, step.limit_amount = "working_days", 3
    step.save(update_fields=["limit_unit", "limit_amount"])
    submitted.runs.filter(step=step).update(started_at=at("2026-02-13"))  # a Friday
    html = rendered(submitted, as_of=at("2026-02-18"))
    # 16 February is cuti bersama, 17 February Tahun Baru Imlek: Wed 18, Thu 19, Fri 20.
    assert "Batas waktu: 3 (tiga) hari kerja" in html
    assert 'jatuh tempo <time datetime="2026-02-20' in html
    assert "20 Februari 2026" in html
    assert "melewati batas" not in html
    late = rendered(submitted, as_of=at("2026-02-24"))
    assert "melewati batas" in late


def test_a_wait_on_the_applicant_is_shown_with_its_dates(submitted, operator, bkpsdm_staff):
    case = case_return(
        case=submitted, actor=bkpsdm_staff[Role.VERIFIER], reason="SKP belum dilampirkan."
    )
    case.runs.filter(finished_at__isnull=True).update(started_at=at("2026-02-02"))
    case.pauses.update(started_at=at("2026-02-03"))
    waiting = rendered(case, as_of=at("2026-02-04"))
    assert "Menunggu perbaikan dari pemohon: 3 Februari 2026 – sekarang, jam berhenti" in waiting  # noqa: RUF001
    assert "SKP belum dilampirkan." in waiting
    assert "Menunggu perbaikan</span>" in waiting

    case = case_submit(case=case, actor=operator)
    case.pauses.update(ended_at=at("2026-02-05"))
    resumed = rendered(case, as_of=at("2026-02-06"))
    assert "Menunggu perbaikan dari pemohon: 3 Februari 2026 – 5 Februari 2026, jam berhenti" in (  # noqa: RUF001
        resumed
    )
    assert "Sedang berjalan" in resumed


def test_the_completion_limit_shows_once_the_file_is_complete(submitted, bkpsdm_staff):
    html = rendered(submitted, as_of=None)
    assert (
        "14 (empat belas) sampai dengan 30 (tiga puluh) hari kerja sejak berkas dinyatakan "
        "lengkap dan benar" in html
    )
    assert (
        "Belum dimulai: jangka waktu dihitung setelah berkas dinyatakan lengkap dan benar" in html
    )

    verifier = bkpsdm_staff[Role.VERIFIER]
    case = case_step_complete(case=submitted, actor=verifier, action=Action.ACCEPT)
    case = case_step_complete(case=case, actor=verifier, action=Action.ACCEPT)
    assert case.step.kind == StepKind.DECISION
    type(case).objects.filter(pk=case.pk).update(clock_started_at=at("2026-03-16", 10))
    case.refresh_from_db()
    html = rendered(case, as_of=at("2026-03-30"))
    # From Monday 16 March 2026: Nyepi, Idul Fitri and their cuti bersama (18-24 March) and
    # Good Friday (3 April) are not counted: the 14th working day is 13 April.
    assert "Dihitung sejak <time" in html and "16 Maret 2026" in html
    assert 'jatuh tempo <time datetime="2026-04-13' in html
    assert "paling lambat" in html
    assert "melewati batas" not in html
    assert "melewati batas" in rendered(case, as_of=at("2026-07-01"))


def test_the_case_page_shows_the_timeline_and_the_documents_with_verdicts(
    client, operator, make_case, certification
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.services import intake
    from tests.factories import pdf_bytes

    case = make_case()
    skp = certification.requirements.get(code="skp")
    document = intake.case_document_upload(
        case=case,
        requirement=skp,
        file=SimpleUploadedFile("skp.pdf", pdf_bytes()),
        actor=operator,
    )
    type(document).objects.filter(pk=document.pk).update(verdict=Verdict.VALID)
    client.force_login(operator)
    page = client.get(reverse("casework_case", args=[case.public_id]))
    assert page.status_code == 200
    assert "Langkah layanan" in page.text
    assert "Pemohon menyampaikan berkas usulan" in page.text
    assert reverse("casework_document", args=[document.public_id]) in page.text
    assert "Sesuai" in page.text
