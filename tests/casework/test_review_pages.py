"""The staff pages of the checking steps: the queue (by step, with due dates, a constant number
of queries), the case page (form data with the NIP cross-check, documents, the actions of the
step for whoever takes them) and its POSTs; another provider's staff and outsiders see nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.constants import CaseState, Verdict
from casework.services.review import case_check_accept
from portal.constants import Role, StepKind, TimeUnit
from portal.models import ServiceStep
from tests.casework.test_review_checks import mark_all_valid, submitted_case

pytestmark = pytest.mark.django_db

QUEUE = reverse("casework_staff_queue")


def _nip(index: int) -> str:
    return f"19860926201505200{index}"


@pytest.fixture
def verifier(bkpsdm_staff):
    return bkpsdm_staff[Role.VERIFIER]


@pytest.fixture
def case(make_case, operator):
    return submitted_case(make_case, operator)


def _case_url(case) -> str:
    return reverse("casework_staff_case", args=[case.public_id])


def test_the_queue_shows_the_verifier_the_cases_at_their_steps_with_due_dates(
    client, case, verifier
):
    # Seed 002 gives its steps no limit of their own; the provider sets one as data.
    ServiceStep.objects.filter(pk=case.step_id).update(
        limit_unit=TimeUnit.WORKING_DAYS, limit_amount=1
    )
    case.runs.filter(finished_at__isnull=True).update(
        started_at=timezone.now() - datetime.timedelta(days=30)
    )
    client.force_login(verifier)

    response = client.get(QUEUE)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Rina Wulandari" in body
    assert _case_url(case) in body
    assert "Petugas melakukan pemeriksaan kelengkapan berkas" in body
    (group,) = response.context["groups"]
    (row,) = group.rows
    assert row.step_clock.reading.overdue
    assert "melewati batas" in body


def test_the_queue_shows_the_services_completion_due_date_once_it_runs(
    client, case, verifier, bkpsdm_staff
):
    mark_all_valid(case, verifier)
    case = case_check_accept(case=case, actor=verifier)  # complete
    case_check_accept(case=case, actor=verifier)  # complete and correct: the clock starts
    client.force_login(bkpsdm_staff[Role.SIGNING_OFFICIAL])

    response = client.get(QUEUE)

    (group,) = response.context["groups"]
    assert group.step.kind == StepKind.DECISION
    (row,) = group.rows
    reading = row.completion.reading
    assert reading is not None and reading.due < reading.due_latest  # 14 to 30 working days
    assert "belum berjalan" not in response.content.decode()


def test_the_queue_filters_by_step(client, make_case, operator, verifier):
    at_check = submitted_case(make_case, operator, nip=_nip(1), name="Budi Santoso")
    verified = submitted_case(make_case, operator, nip=_nip(3), name="Citra Lestari")
    mark_all_valid(verified, verifier)
    case_check_accept(case=verified, actor=verifier)
    verification = verified.service.steps.get(kind=StepKind.VERIFICATION)
    client.force_login(verifier)

    body = client.get(QUEUE, {"langkah": verification.pk}).content.decode()

    assert "Citra Lestari" in body
    assert at_check.name not in body


def test_the_signing_official_sees_no_case_at_the_checking_steps(client, case, bkpsdm_staff):
    client.force_login(bkpsdm_staff[Role.SIGNING_OFFICIAL])

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert case.name not in response.content.decode()


def test_another_providers_verifier_sees_none_of_bkpsdms_cases(client, case, make_user):
    client.force_login(make_user("verifikator-perpusnas", Role.VERIFIER))

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert case.name not in response.content.decode()
    assert client.get(_case_url(case)).status_code == 404


@pytest.mark.parametrize("who", ["operator", "outsider"])
def test_people_without_a_staff_role_get_403(client, case, operator, make_user, who):
    client.force_login(operator if who == "operator" else make_user("orang-luar"))

    assert client.get(QUEUE).status_code == 403
    assert client.get(_case_url(case)).status_code == 403


def test_the_queue_query_count_does_not_grow_with_its_cases(
    client, make_case, operator, verifier, django_assert_max_num_queries
):
    for index in range(2):
        submitted_case(make_case, operator, nip=_nip(index + 1))
    client.force_login(verifier)
    with django_assert_max_num_queries(20) as few:
        assert client.get(QUEUE).status_code == 200
    for index in range(2, 6):
        submitted_case(make_case, operator, nip=_nip(index + 1))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert response.context["total"] == 6


def test_the_case_page_shows_the_form_the_nip_check_and_the_documents(client, case, verifier):
    client.force_login(verifier)

    response = client.get(_case_url(case))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Pranata Komputer Ahli Pertama" in body
    assert "sesuai NIP" in body and "tidak sesuai NIP" not in body
    skp = case.documents.get(requirement__code="skp")
    assert reverse("casework_document", args=[skp.public_id]) in body
    assert reverse("casework_staff_document_verdict", args=[case.public_id, skp.public_id]) in body
    assert "Lengkap: semua berkas sesuai" in body


def test_the_case_page_flags_a_birth_date_the_nip_does_not_give(
    client, make_case, operator, verifier
):
    case = submitted_case(make_case, operator, birth_date=datetime.date(1987, 9, 26))
    client.force_login(verifier)

    body = client.get(_case_url(case)).content.decode()

    assert "tidak sesuai NIP (26 September 1986)" in body


def test_the_signing_official_reads_the_case_but_gets_no_checking_form(client, case, bkpsdm_staff):
    client.force_login(bkpsdm_staff[Role.SIGNING_OFFICIAL])

    response = client.get(_case_url(case))

    assert response.status_code == 200
    assert response.context["check_form"] is None
    assert all(form is None for _slot, form in response.context["documents"])


def test_a_verdict_posted_on_the_page_is_saved(client, case, verifier):
    skp = case.documents.get(requirement__code="skp")
    client.force_login(verifier)
    url = reverse("casework_staff_document_verdict", args=[case.public_id, skp.public_id])

    response = client.post(
        url, {f"d{skp.pk}-verdict": Verdict.NEEDS_REVISION, f"d{skp.pk}-reason": "Buram."}
    )

    assert response.status_code == 302
    skp.refresh_from_db()
    assert (skp.verdict, skp.reason) == (Verdict.NEEDS_REVISION, "Buram.")


def test_a_revision_without_reason_is_shown_again_with_the_error(client, case, verifier):
    skp = case.documents.get(requirement__code="skp")
    client.force_login(verifier)
    url = reverse("casework_staff_document_verdict", args=[case.public_id, skp.public_id])

    response = client.post(url, {f"d{skp.pk}-verdict": Verdict.NEEDS_REVISION})

    assert response.status_code == 400
    assert "Tuliskan alasan perbaikan" in response.content.decode()
    skp.refresh_from_db()
    assert skp.verdict == Verdict.PENDING


def test_another_providers_verifier_cannot_post_a_verdict(client, case, make_user):
    skp = case.documents.get(requirement__code="skp")
    client.force_login(make_user("verifikator-perpusnas", Role.VERIFIER))
    url = reverse("casework_staff_document_verdict", args=[case.public_id, skp.public_id])

    response = client.post(url, {f"d{skp.pk}-verdict": Verdict.VALID})

    assert response.status_code == 404
    skp.refresh_from_db()
    assert skp.verdict == Verdict.PENDING


def test_complete_on_the_page_moves_the_case_and_a_second_click_is_refused(client, case, verifier):
    mark_all_valid(case, verifier)
    client.force_login(verifier)
    url = reverse("casework_staff_check", args=[case.public_id])
    data = {"step": case.step_id, "action": "accept", "note": ""}

    assert client.post(url, data).status_code == 302
    second = client.post(url, data)

    assert second.status_code == 400
    assert "berpindah langkah" in second.content.decode()
    case.refresh_from_db()
    assert case.step.kind == StepKind.VERIFICATION


def test_complete_with_an_unchecked_document_is_refused_on_the_page(client, case, verifier):
    client.force_login(verifier)
    url = reverse("casework_staff_check", args=[case.public_id])

    response = client.post(url, {"step": case.step_id, "action": "accept"})

    assert response.status_code == 400
    assert "dinyatakan sesuai" in response.content.decode()


def test_return_on_the_page_sends_the_reasons(client, case, verifier):
    skp = case.documents.get(requirement__code="skp")
    client.force_login(verifier)
    client.post(
        reverse("casework_staff_document_verdict", args=[case.public_id, skp.public_id]),
        {f"d{skp.pk}-verdict": Verdict.NEEDS_REVISION, f"d{skp.pk}-reason": "SKP 2025."},
    )

    response = client.post(
        reverse("casework_staff_check", args=[case.public_id]),
        {"step": case.step_id, "action": "return", "note": ""},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.RETURNED
    assert "SKP 2025." in case.pauses.get().reason
    page = client.get(_case_url(case)).content.decode()
    assert "Menunggu perbaikan dari pemohon" in page


def test_a_verdict_posted_by_staff_who_do_not_check_is_refused_with_a_message(
    client, case, bkpsdm_staff
):
    skp = case.documents.get(requirement__code="skp")
    client.force_login(bkpsdm_staff[Role.SIGNING_OFFICIAL])
    url = reverse("casework_staff_document_verdict", args=[case.public_id, skp.public_id])

    response = client.post(url, {f"d{skp.pk}-verdict": Verdict.VALID}, follow=True)

    assert "dikerjakan oleh Tim verifikasi" in response.content.decode()
    skp.refresh_from_db()
    assert skp.verdict == Verdict.PENDING
