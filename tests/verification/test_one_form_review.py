"""The review page's one form: every document's verdict, "all valid" and the decision in one
submit; the decisions offered and pre-selected from the verdicts (and refused by the service
otherwise); one document embedded at a time; a constant number of queries."""

from itertools import product

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.constants import Role
from portal.models import Event
from registration.constants import ApplicationStatus, Verdict
from registration.models import Application, Document
from tests.factories import ApplicationFactory
from verification import services, workflow
from verification.exceptions import VerdictsRefused, VerificationError
from verification.models import DocumentReview

pytestmark = pytest.mark.django_db

V, R, P = Verdict.VALID, Verdict.NEEDS_REVISION, Verdict.PENDING


@pytest.fixture
def application(verifier):
    application = ApplicationFactory(submitted=True)
    services.application_claim(application=application, verifier=verifier)
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def verifier_client(client, verifier):
    client.force_login(verifier)
    return client


def detail_url(application) -> str:
    return reverse("verification_detail", args=[application.public_id])


def submit(client, application, data, **kwargs):
    return client.post(reverse("verification_decide", args=[application.public_id]), data, **kwargs)


def codes(application) -> list[str]:
    return list(
        Document.objects.filter(application=application, is_current=True)
        .order_by("requirement__order")
        .values_list("requirement__code", flat=True)
    )


def current(application, code: str) -> Document:
    return Document.objects.get(application=application, requirement__code=code, is_current=True)


def row(page: str, code: str) -> str:
    """The part of the page that is one document's row on the form."""
    start = page.index(f'id="berkas-{code}"')
    return page[start : page.index("</li>", start)]


def radio_checked(page: str, name: str, value: str) -> bool | None:
    """Whether the radio is checked; None when the page does not offer it."""
    marker = f'name="{name}" value="{value}"'
    if marker not in page:
        return None
    start = page.index(marker)
    return "checked" in page[start : page.index(">", start)]


def status(application) -> str:
    return Application.objects.get(pk=application.pk).status


# --- The workflow's decision rules --------------------------------------------------------------


@pytest.mark.parametrize("verdicts", [list(c) for c in product([V, R, P], repeat=3)])
def test_the_decisions_offered_include_every_one_the_service_could_accept(verdicts):
    offered = workflow.decisions_offered(verdicts)
    accepted = [
        decision
        for decision in (ApplicationStatus.VERIFIED, ApplicationStatus.RETURNED)
        if workflow.decision_refusal(decision, verdicts) is None
    ]

    assert set(accepted) <= set(offered)
    assert ApplicationStatus.REJECTED in offered
    assert (ApplicationStatus.VERIFIED in offered) is (R not in verdicts)
    suggested = workflow.decision_suggested(verdicts)
    assert suggested == (accepted[0] if accepted else None)


def test_the_service_refuses_a_decision_the_verdicts_do_not_allow(application, verifier):
    with pytest.raises(VerificationError) as refused:
        services.application_review_save(
            application=application,
            verifier=verifier,
            verdicts=[
                services.VerdictInput(code, R if code == "ktp" else V, note="Buram")
                for code in codes(application)
            ],
            decision=ApplicationStatus.VERIFIED,
        )

    assert refused.value.field == "decision"
    assert status(application) == ApplicationStatus.IN_REVIEW
    assert not DocumentReview.objects.exists()  # all or nothing


def test_the_service_names_each_document_missing_its_reason(application, verifier):
    with pytest.raises(VerdictsRefused) as refused:
        services.application_review_save(
            application=application,
            verifier=verifier,
            verdicts=[services.VerdictInput("ktp", R), services.VerdictInput("pak", R)],
        )

    assert set(refused.value.errors) == {"ktp", "pak"}
    assert refused.value.errors["ktp"][0] == "reason"


# --- One submit ---------------------------------------------------------------------------------


def test_all_valid_and_verified_in_one_submit(
    verifier_client, verifier, application, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(
            verifier_client,
            application,
            {"all_valid": "on", "decision": ApplicationStatus.VERIFIED, "aksi": "putuskan"},
        )

    assert response.url == reverse("verification_queue")
    assert status(application) == ApplicationStatus.VERIFIED
    documents = Document.objects.filter(application=application, is_current=True)
    assert {document.verdict for document in documents} == {V}
    assert DocumentReview.objects.filter(reviewer=verifier).count() == documents.count()
    assert [message.subject for message in mail.outbox] == ["Berkas Anda terverifikasi"]


def test_a_second_click_records_nothing_twice(verifier_client, application):
    data = {"all_valid": "on", "decision": ApplicationStatus.VERIFIED, "aksi": "putuskan"}
    submit(verifier_client, application, data)
    reviews = DocumentReview.objects.count()

    response = submit(verifier_client, application, data)

    assert response.url == reverse("verification_queue")
    assert DocumentReview.objects.count() == reviews
    assert (
        Event.objects.filter(
            object_id=application.pk, kind="status", to_state=ApplicationStatus.VERIFIED
        ).count()
        == 1
    )


def test_saving_the_same_verdicts_again_adds_no_review(verifier_client, application):
    data = {f"{code}-verdict": V for code in codes(application)} | {"aksi": "simpan"}
    submit(verifier_client, application, data)

    submit(verifier_client, application, data)

    assert DocumentReview.objects.count() == len(codes(application))


def test_a_missing_reason_is_shown_next_to_its_document_and_nothing_is_lost(
    verifier_client, application
):
    data = {f"{code}-verdict": V for code in codes(application)}
    data |= {"ktp-verdict": R, "aksi": "putuskan", "decision": ApplicationStatus.RETURNED}
    data |= {"note": "Catatan keputusan yang tidak boleh hilang"}

    response = submit(verifier_client, application, data)

    assert response.status_code == 200
    page = response.content.decode()
    # The summary at the top links to the field; the error sits in the KTP's row, naming it.
    assert 'href="#id_ktp-reason"' in page
    ktp = row(page, "ktp")
    assert "KTP perlu perbaikan: pilih alasan dari daftar atau tulis catatan" in ktp
    assert 'id="id_ktp-reason_error"' in ktp
    # The choices made stay on the form.
    assert "Catatan keputusan yang tidak boleh hilang" in page
    assert radio_checked(page, "ktp-verdict", R) is True
    assert radio_checked(page, "pak-verdict", V) is True
    assert status(application) == ApplicationStatus.IN_REVIEW
    assert not DocumentReview.objects.exists()


def test_all_valid_with_a_document_marked_for_revision_is_an_error_on_that_document(
    verifier_client, application
):
    response = submit(
        verifier_client,
        application,
        {"all_valid": "on", "pak-verdict": R, "pak-note": "Buram", "aksi": "simpan"},
    )

    page = response.content.decode()
    assert 'href="#id_pak-verdict_0"' in page
    assert "ditandai perlu perbaikan, sedangkan “Semua berkas sesuai” dicentang" in page
    assert not DocumentReview.objects.exists()


def test_deciding_without_a_decision_asks_for_one(verifier_client, application):
    response = submit(verifier_client, application, {"all_valid": "on", "aksi": "putuskan"})

    assert "Pilih keputusan verifikasi." in response.content.decode()
    assert status(application) == ApplicationStatus.IN_REVIEW
    assert not DocumentReview.objects.exists()


# --- The decision follows the verdicts ------------------------------------------------------------


def decision_inputs(page: str) -> dict[str, bool]:
    """The decision radios on the page: value -> checked."""
    return {
        value: checked
        for value in ApplicationStatus.values
        if (checked := radio_checked(page, "decision", value)) is not None
    }


def test_the_decision_is_preselected_from_the_saved_verdicts(verifier_client, application):
    pending = decision_inputs(verifier_client.get(detail_url(application)).content.decode())
    assert pending == {
        ApplicationStatus.VERIFIED: False,
        ApplicationStatus.RETURNED: False,
        ApplicationStatus.REJECTED: False,
    }

    submit(verifier_client, application, {"all_valid": "on", "aksi": "simpan"})
    valid = decision_inputs(verifier_client.get(detail_url(application)).content.decode())
    assert valid == {ApplicationStatus.VERIFIED: True, ApplicationStatus.REJECTED: False}

    submit(verifier_client, application, {"ktp-verdict": R, "ktp-note": "Buram", "aksi": "simpan"})
    returned = decision_inputs(verifier_client.get(detail_url(application)).content.decode())
    assert returned == {ApplicationStatus.RETURNED: True, ApplicationStatus.REJECTED: False}


# --- One viewer -----------------------------------------------------------------------------------


def test_showing_another_document_saves_the_verdicts_chosen_so_far(verifier_client, application):
    response = submit(
        verifier_client, application, {"ktp-verdict": V, "dokumen": "pak", "aksi": "putuskan"}
    )

    assert response.url == detail_url(application) + "?dokumen=pak#penampil"
    assert current(application, "ktp").verdict == V
    assert status(application) == ApplicationStatus.IN_REVIEW  # showing is not deciding
    page = verifier_client.get(response.url).content.decode()
    pak = current(application, "pak")
    assert reverse("document_file", args=[pak.public_id]) + '"' in page


def test_a_verifier_not_holding_it_views_documents_by_links(client, make_user, application):
    client.force_login(make_user("verifikator-lain", Role.VERIFIER))

    page = client.get(detail_url(application), {"dokumen": "pak"}).content.decode()

    assert 'href="?dokumen=ktp#penampil"' in page
    assert 'name="dokumen"' not in page  # no form to save


# --- Queries ------------------------------------------------------------------------------------


def test_review_page_queries_stay_the_same_as_reviews_and_events_grow(verifier_client, application):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert verifier_client.get(detail_url(application)).status_code == 200
        return len(captured)

    before = queries()
    for verdict in (R, V, R, V):
        data = {f"{code}-verdict": verdict for code in codes(application)}
        data |= {f"{code}-note": "Buram" for code in codes(application)} | {"aksi": "simpan"}
        submit(verifier_client, application, data)
    assert DocumentReview.objects.count() == 4 * len(codes(application))

    assert queries() == before
