"""The satisfaction survey's pages: the public form, the candidate's and the reporter's forms
(one answer per use, only once the service or the complaint ended), and the staff results."""

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from complaints.constants import ComplaintStatus
from complaints.models import Complaint
from portal.constants import Role
from portal.models import Service
from registration.constants import ApplicationStatus
from survey.constants import SurveySource
from survey.exceptions import SurveyAlreadyAnswered, SurveyUnavailable
from survey.models import SurveyResponse
from survey.services import survey_submit
from tests.factories import SERVICE_SLUG, ApplicationFactory

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
ALL_GOOD = {f"u{n}": "3" for n in range(1, 10)}


def form_data(**changes):
    data = {**ALL_GOOD, "sex": "", "age_band": "", "education": "", "occupation": ""}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def service(slug=SERVICE_SLUG):
    return Service.objects.get(slug=slug)


# The public form ------------------------------------------------------------------------


def test_public_form_asks_the_nine_elements_with_four_answers_each(client):
    page = client.get(reverse("survey_public", args=["sertifikasi-profesi-pns"])).content.decode()

    assert "Sertifikasi Profesi bagi Pegawai Negeri Sipil" in page
    for n in range(1, 10):
        assert page.count(f'name="u{n}"') == 4
    assert "kesesuaian persyaratan pelayanan" in page
    assert "Dikelola dengan baik" in page  # U8, complaint handling, at its best
    assert "Sangat sopan dan ramah" in page  # U7


def test_public_answer_is_saved_with_the_optional_profile_and_thanks(client):
    response = client.post(
        reverse("survey_public", args=["sertifikasi-profesi-pns"]),
        form_data(u4="4", sex="P", age_band="35-44", suggestion="Perjelas jadwal uji."),
    )

    assert response.status_code == 302
    assert response.url == reverse("survey_thanks") + "?layanan=sertifikasi-profesi-pns"
    (answer,) = SurveyResponse.objects.all()
    assert answer.service == service("sertifikasi-profesi-pns")
    assert answer.source == SurveySource.PUBLIC
    assert (answer.u1, answer.u4, answer.u9) == (3, 4, 3)
    assert (answer.sex, answer.age_band, answer.education) == ("P", "35-44", "")
    assert answer.suggestion == "Perjelas jadwal uji."
    thanks = client.get(response.url).content.decode()
    assert "Terima kasih atas penilaian Anda" in thanks
    assert reverse("service_standard", args=["sertifikasi-profesi-pns"]) in thanks


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"u5": None}, "Pilih salah satu jawaban untuk pertanyaan ini."),
        ({"u2": "5"}, "Pilih salah satu dari empat jawaban yang tersedia."),
        ({"u9": "0"}, "Pilih salah satu dari empat jawaban yang tersedia."),
        ({"u1": "sangat"}, "Pilih salah satu dari empat jawaban yang tersedia."),
    ],
)
def test_public_form_needs_all_nine_answers_from_1_to_4(client, changes, message):
    response = client.post(reverse("survey_public", args=[SERVICE_SLUG]), form_data(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_empty_answer_shows_every_missing_question(client):
    response = client.post(reverse("survey_public", args=[SERVICE_SLUG]), {})

    assert response.content.decode().count("Pilih salah satu jawaban untuk pertanyaan ini.") == 18
    assert not SurveyResponse.objects.exists()


def test_public_form_of_an_inactive_or_unknown_service_is_not_found(client):
    Service.objects.filter(slug="penilaian-kompetensi-lan").update(is_active=False)

    assert (
        client.get(reverse("survey_public", args=["penilaian-kompetensi-lan"])).status_code == 404
    )
    assert client.get(reverse("survey_public", args=["tidak-ada"])).status_code == 404


def test_public_answers_are_rate_limited_per_address(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "survey_submit": "2/h/ip"}
    url = reverse("survey_public", args=[SERVICE_SLUG])

    statuses = [client.post(url, form_data()).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert SurveyResponse.objects.count() == 2


# After an application ------------------------------------------------------------------


def test_candidate_answers_once_for_the_application_whose_result_was_published(client):
    application = ApplicationFactory(status=ApplicationStatus.PASSED)
    client.force_login(application.candidate)
    url = reverse("survey_application")

    form = client.get(url)
    response = client.post(url, form_data(u3="2"))
    again = client.get(url)

    assert "Uji Kompetensi Pustakawan" in form.content.decode()
    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert (answer.application, answer.source, answer.u3) == (
        application,
        SurveySource.APPLICATION,
        2,
    )
    assert "Anda sudah mengisi survei ini" in again.content.decode()
    assert client.post(url, form_data()).status_code == 200
    assert SurveyResponse.objects.count() == 1


def test_a_failed_result_also_ends_the_service(client):
    application = ApplicationFactory(status=ApplicationStatus.FAILED)
    client.force_login(application.candidate)

    response = client.post(reverse("survey_application"), form_data())

    assert response.status_code == 302
    assert SurveyResponse.objects.get().application == application


@pytest.mark.parametrize(
    "status", [ApplicationStatus.SUBMITTED, ApplicationStatus.VERIFIED, ApplicationStatus.SCHEDULED]
)
def test_candidate_cannot_answer_before_the_service_ended(client, status):
    application = ApplicationFactory(status=status)
    client.force_login(application.candidate)

    response = client.post(reverse("survey_application"), form_data())

    assert response.status_code == 200
    assert "Survei belum dapat diisi" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_candidate_survey_needs_a_login(client):
    response = client.get(reverse("survey_application"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_service_refuses_a_second_answer_and_an_unfinished_application():
    finished = ApplicationFactory(status=ApplicationStatus.PASSED)
    answers = {f"u{n}": 4 for n in range(1, 10)}
    survey_submit(answers=answers, application=finished, respondent=finished.candidate)

    with pytest.raises(SurveyAlreadyAnswered):
        survey_submit(answers=answers, application=finished, respondent=finished.candidate)
    unfinished = ApplicationFactory(status=ApplicationStatus.VERIFIED)
    with pytest.raises(SurveyUnavailable):
        survey_submit(answers=answers, application=unfinished, respondent=unfinished.candidate)
    assert SurveyResponse.objects.count() == 1


def test_only_its_own_candidate_rates_an_application(candidate):
    finished = ApplicationFactory(status=ApplicationStatus.PASSED)
    answers = {f"u{n}": 4 for n in range(1, 10)}

    for respondent in (candidate, None):
        with pytest.raises(SurveyUnavailable, match="hanya dapat diisi oleh peserta"):
            survey_submit(answers=answers, application=finished, respondent=respondent)
    assert not SurveyResponse.objects.exists()


def test_a_candidate_is_not_offered_another_candidates_finished_application(client, candidate):
    ApplicationFactory(status=ApplicationStatus.PASSED)
    client.force_login(candidate)

    response = client.post(reverse("survey_application"), form_data())

    assert "Survei belum dapat diisi" in response.content.decode()
    assert not SurveyResponse.objects.exists()


# After a complaint -----------------------------------------------------------------------


def complaint(status, **fields):
    values = {
        "tracking_code": "ADU-7K3M-9QX2",
        "kind": "pengaduan",
        "subject": "Sertifikat belum diterima",
        "description": "Sudah tiga minggu sejak dikirim.",
        "received_at": datetime(2026, 10, 5, 9, 0, tzinfo=WIB),
        "status": status,
        **fields,
    }
    return Complaint.objects.create(**values)


def test_reporter_answers_once_after_the_complaint_is_closed(client):
    closed = complaint(ComplaintStatus.CLOSED, service=service("sertifikasi-profesi-pns"))
    # The code as it may be typed: lower case, without dashes.
    url = reverse("survey_complaint", args=["adu7k3m9qx2"])

    form = client.get(url).content.decode()
    response = client.post(url, form_data(u8="4"))
    again = client.get(url).content.decode()

    assert "ADU-7K3M-9QX2" in form
    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert (answer.complaint, answer.source, answer.u8) == (closed, SurveySource.COMPLAINT, 4)
    assert answer.service.slug == "sertifikasi-profesi-pns"
    assert "Anda sudah mengisi survei ini" in again


@pytest.mark.parametrize(
    "status", [ComplaintStatus.FORWARDED, ComplaintStatus.REJECTED, ComplaintStatus.DUPLICATE]
)
def test_every_final_state_opens_the_survey_and_a_complaint_without_service_counts_for_the_exam(
    client, status
):
    complaint(status)

    response = client.post(reverse("survey_complaint", args=["ADU-7K3M-9QX2"]), form_data())

    assert response.status_code == 302
    assert SurveyResponse.objects.get().service.slug == SERVICE_SLUG


@pytest.mark.parametrize(
    "status", [ComplaintStatus.RECEIVED, ComplaintStatus.IN_PROGRESS, ComplaintStatus.ANSWERED]
)
def test_reporter_cannot_answer_while_the_complaint_is_handled(client, status):
    complaint(status)

    response = client.post(reverse("survey_complaint", args=["ADU-7K3M-9QX2"]), form_data())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pengaduan Anda masih ditangani" in page
    assert reverse("complaint_track", args=["ADU-7K3M-9QX2"]) in page
    assert not SurveyResponse.objects.exists()


def test_an_unknown_tracking_code_is_not_found(client):
    complaint(ComplaintStatus.CLOSED)

    response = client.get(reverse("survey_complaint", args=["ADU-XXXX-XXXX"]))

    assert response.status_code == 404
    assert not SurveyResponse.objects.exists()


# Staff results ---------------------------------------------------------------------------


def answered(slug, row, at):
    response = SurveyResponse.objects.create(
        service=service(slug),
        source=SurveySource.PUBLIC,
        **{f"u{n}": value for n, value in enumerate(row, start=1)},
    )
    SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=at)


@pytest.fixture
def results(make_user):
    # Exam, first semester 2026: answers all 4 and all 3 -> every NRR 3.50, score 87.50, IKM
    # 87.50 (B). Second semester: one answer of 2s -> 50.00 (D).
    answered(SERVICE_SLUG, (4,) * 9, datetime(2026, 2, 2, 10, tzinfo=WIB))
    answered(SERVICE_SLUG, (3,) * 9, datetime(2026, 5, 4, 10, tzinfo=WIB))
    answered(SERVICE_SLUG, (2,) * 9, datetime(2026, 8, 3, 10, tzinfo=WIB))
    answered("sertifikasi-profesi-pns", (4,) * 9, datetime(2026, 3, 2, 10, tzinfo=WIB))


@pytest.fixture
def both_providers():
    """The exam's provider (Perpusnas) and the certification's (a BKPSDM)."""
    return [service().provider, service("sertifikasi-profesi-pns").provider]


@pytest.fixture
def handler_of_both(make_user, both_providers):
    return make_user("pengaduan-dua", Role.COMPLAINT_HANDLER, provider=both_providers)


@pytest.mark.parametrize("role", [Role.COMPLAINT_HANDLER, Role.ADMINISTRATOR])
def test_the_team_and_administrators_see_ikm_per_service_and_semester(
    client, make_user, results, role, both_providers
):
    client.force_login(make_user("staf", role, provider=both_providers))

    page = client.get(reverse("survey_results")).content.decode()

    assert "Semester I 2026 (Januari-Juni)" in page
    assert "Semester II 2026 (Juli-Desember)" in page
    assert "87,50" in page and "NRR 3,50" in page
    assert "B · Baik" in page
    assert "50,00" in page and "D · Tidak baik" in page
    assert "100,00" in page and "A · Sangat baik" in page


def test_the_results_can_be_narrowed_to_one_service(client, handler_of_both, results):
    client.force_login(handler_of_both)

    response = client.get(reverse("survey_results"), {"layanan": "sertifikasi-profesi-pns"})

    assert [r.service_slug for r in response.context["results"]] == ["sertifikasi-profesi-pns"]


@pytest.mark.parametrize("who", ["verifier", "outsider"])
def test_other_staff_and_candidates_may_not_see_the_results(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("survey_results")).status_code == 403
    assert client.get(reverse("survey_results_export", args=["xlsx"])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("survey_results"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_results_download_as_xlsx_with_nrr_scores_ikm_and_grade(
    client, handler_of_both, results
):
    client.force_login(handler_of_both)

    response = client.get(reverse("survey_results_export", args=["xlsx"]))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    header = rows[0]
    assert header[:5] == (
        "Layanan",
        "Semester",
        "Responden",
        "Sampel minimum",
        "Keterwakilan sampel",
    )
    assert header[5] == "U1 Persyaratan (NRR)"
    assert header[14] == "U1 Persyaratan (nilai)"
    assert header[-7:] == (
        "IKM (dibagi tepat 9)",
        "Mutu pelayanan (dibagi tepat 9)",
        "Kinerja unit pelayanan (dibagi tepat 9)",
        "IKM (bobot 0,111)",
        "Mutu pelayanan (bobot 0,111)",
        "Kinerja unit pelayanan (bobot 0,111)",
        "IKM resmi",
    )
    exam_first = next(
        row
        for row in rows[1:]
        if row[1] == "Semester I 2026 (Januari-Juni)" and row[0] == "Uji Kompetensi Pustakawan"
    )
    assert exam_first[2:5] == (2, 50, "Belum representatif")
    assert Decimal(str(exam_first[5])) == Decimal("3.5")
    assert Decimal(str(exam_first[14])) == Decimal("87.5")
    # 31.5 x 0.111 x 25 = 87.4125 -> 87.41 with the printed weight: both B here.
    assert exam_first[-7:] == (87.5, "B", "Baik", 87.41, "B", "Baik", "dibagi tepat 9")
    assert len(rows) == 4  # header + exam twice + certification once


@pytest.mark.parametrize("role", [Role.COMPLAINT_HANDLER, Role.ADMINISTRATOR])
def test_staff_see_the_ikm_of_their_own_providers_services_only(client, make_user, results, role):
    client.force_login(make_user("staf", role))  # at Perpusnas only

    page = client.get(reverse("survey_results"))
    narrowed = client.get(reverse("survey_results"), {"layanan": "sertifikasi-profesi-pns"})
    export = client.get(reverse("survey_results_export", args=["csv"])).content.decode()

    assert {r.service_slug for r in page.context["results"]} == {SERVICE_SLUG}
    assert "sertifikasi-profesi-pns" not in page.content.decode()  # not even as a choice
    assert "sertifikasi-profesi-pns" not in {r.service_slug for r in narrowed.context["results"]}
    assert "Uji Kompetensi Pustakawan" in export
    assert service("sertifikasi-profesi-pns").name not in export


def test_an_unknown_download_format_is_not_found(client, handler):
    client.force_login(handler)

    assert client.get(reverse("survey_results_export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("months", [1, 12])
def test_the_results_page_query_count_does_not_grow_with_answers(
    client, handler, django_assert_max_num_queries, months
):
    for month in range(1, months + 1):
        for _ in range(5):
            answered(SERVICE_SLUG, (3,) * 9, datetime(2025, month, 3, 10, tzinfo=WIB))
    client.force_login(handler)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("survey_results"))

    assert len(response.context["results"]) == (1 if months <= 6 else 2)
