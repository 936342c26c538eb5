"""Reviewing an application through the panel's screens: claim, verdicts, decision, and the
candidate's fix coming back to the same verifier."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.constants import Role
from portal.models import Event, Requirement
from registration import services as registration
from registration.constants import ApplicationStatus, Verdict
from registration.models import Application, Document
from tests.factories import ApplicationFactory, pdf_bytes
from verification.models import DocumentReview, RevisionReason

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory(submitted=True)


@pytest.fixture
def verifier_client(client, verifier):
    client.force_login(verifier)
    return client


@pytest.fixture
def colleague(make_user):
    return make_user("verifikator2", Role.VERIFIER, first_name="Dewi", last_name="Lestari")


def detail_url(application) -> str:
    return reverse("verification_detail", args=[application.public_id])


def claim(client, application):
    return client.post(reverse("verification_claim", args=[application.public_id]), follow=True)


def release(client, application):
    return client.post(reverse("verification_release", args=[application.public_id]), follow=True)


def current(application, code: str) -> Document:
    return Document.objects.get(application=application, requirement__code=code, is_current=True)


def review(client, application, code: str, verdict: str, *, reason=None, note: str = ""):
    """One document's verdict through the review form, saved without a decision (the other
    documents are left out, so they stay as they are)."""
    return client.post(
        decide_url(application),
        {
            f"{code}-verdict": verdict,
            f"{code}-reason": reason.pk if reason else "",
            f"{code}-note": note,
            "aksi": "simpan",
        },
        follow=True,
    )


def review_all(client, application, verdict=Verdict.VALID, *, except_codes=()):
    data = {"aksi": "simpan"}
    for document in Document.objects.filter(application=application, is_current=True):
        if document.requirement.code not in except_codes:
            data[f"{document.requirement.code}-verdict"] = verdict
    return client.post(decide_url(application), data, follow=True)


def decide_url(application) -> str:
    return reverse("verification_decide", args=[application.public_id])


def decide(client, application, decision: str, note: str = "", **fields):
    return client.post(
        decide_url(application),
        {"decision": decision, "note": note, "aksi": "putuskan", **fields},
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def refreshed(application) -> Application:
    return Application.objects.get(pk=application.pk)


def status_events(application) -> list[Event]:
    return list(
        Event.objects.filter(object_id=application.pk, kind="status").order_by("created_at", "id")
    )


# --- Claim and release ------------------------------------------------------------------------


def test_verifier_claims_a_submitted_application_and_gets_the_verdict_forms(
    verifier_client, verifier, application
):
    page = verifier_client.get(detail_url(application)).content.decode()
    assert "Ambil untuk diperiksa" in page
    assert "Simpan hasil" not in page

    response = claim(verifier_client, application)

    application = refreshed(application)
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.verifier == verifier
    event = status_events(application)[-1]
    assert (event.actor, event.from_state, event.to_state) == (
        verifier,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
    )
    page = response.content.decode()
    assert "Simpan hasil" in page
    assert "Lepas ke antrean" in page
    assert "Ambil untuk diperiksa" not in page


def test_a_second_verifier_cannot_claim_an_application_already_claimed(
    client, verifier, colleague, application
):
    client.force_login(verifier)
    claim(client, application)
    client.force_login(colleague)

    page = client.get(detail_url(application)).content.decode()
    response = claim(client, application)

    assert "Ambil untuk diperiksa" not in page
    assert "sedang diperiksa oleh" in page
    assert any("ditangani verifikator lain" in m for m in messages_of(response))
    application = refreshed(application)
    assert application.verifier == verifier
    assert application.status == ApplicationStatus.IN_REVIEW
    assert len(status_events(application)) == 1  # the first claim only


def test_verifier_releases_the_application_back_to_the_queue_unassigned(
    verifier_client, application
):
    claim(verifier_client, application)

    response = release(verifier_client, application)

    assert response.redirect_chain[-1][0] == reverse("verification_queue")
    application = refreshed(application)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.verifier is None


def test_only_the_holder_may_release(client, verifier, colleague, application):
    client.force_login(verifier)
    claim(client, application)
    client.force_login(colleague)

    response = release(client, application)

    assert any("Ambil pengajuan ini" in m for m in messages_of(response))
    assert refreshed(application).verifier == verifier


def test_actions_answer_only_post(verifier_client, application):
    url = reverse("verification_claim", args=[application.public_id])

    assert verifier_client.get(url).status_code == 405


# --- The review page --------------------------------------------------------------------------


def test_review_page_shows_pdfs_in_a_frame_and_photos_as_images_with_a_new_tab_link(
    verifier_client, application
):
    sk = current(application, "sk-jabatan")
    photo = current(application, "pas-foto")
    sk_url = reverse("document_file", args=[sk.public_id])
    photo_url = reverse("document_file", args=[photo.public_id])

    page = verifier_client.get(detail_url(application), {"dokumen": "sk-jabatan"}).content.decode()
    assert f'<iframe class="doc-viewer__frame" src="{sk_url}"' in page
    assert f'href="{sk_url}" target="_blank"' in page
    page = verifier_client.get(detail_url(application), {"dokumen": "pas-foto"}).content.decode()
    assert f'<img class="doc-viewer__image" src="{photo_url}"' in page


def test_review_page_embeds_one_document_and_links_the_others(verifier_client, application):
    page = verifier_client.get(detail_url(application)).content.decode()

    assert page.count("doc-viewer__frame") + page.count("doc-viewer__image") == 1
    codes = Document.objects.filter(application=application, is_current=True).values_list(
        "requirement__code", flat=True
    )
    # The first is in view; each other one has its link (a page load, no script needed).
    shown = [code for code in codes if f'href="?dokumen={code}#penampil"' not in page]
    assert len(shown) == 1


def test_review_page_shows_the_candidates_profile(verifier_client, application):
    profile = application.candidate.profile

    page = verifier_client.get(detail_url(application)).content.decode()

    assert profile.full_name in page
    assert profile.birth_place in page
    assert profile.whatsapp in page
    assert profile.institution in page


def test_the_file_view_lets_the_review_page_frame_it(verifier_client, application):
    response = verifier_client.get(
        reverse("document_file", args=[current(application, "sk-jabatan").public_id])
    )

    response.close()  # the streamed file

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_review_page_query_count_does_not_grow_with_reviews_and_versions(
    verifier_client, application, django_assert_max_num_queries
):
    claim(verifier_client, application)
    review_all(verifier_client, application)

    # session, user, roles, application, documents, requirements, reviews, reasons,
    # events, closures (overdue), plus spare: the same for nine documents or ninety reviews.
    with django_assert_max_num_queries(12):
        response = verifier_client.get(detail_url(application))

    assert response.status_code == 200


# --- Verdicts ---------------------------------------------------------------------------------


def test_verdicts_are_recorded_as_document_reviews_and_events(
    verifier_client, verifier, application
):
    reason = RevisionReason.objects.get(order=1)
    claim(verifier_client, application)

    review(verifier_client, application, "ktp", Verdict.VALID)
    response = review(
        verifier_client, application, "pak", Verdict.NEEDS_REVISION, reason=reason, note="Buram"
    )

    assert response.status_code == 200
    ktp, pak = current(application, "ktp"), current(application, "pak")
    assert (ktp.verdict, pak.verdict) == (Verdict.VALID, Verdict.NEEDS_REVISION)
    latest = DocumentReview.objects.filter(document=pak).get()
    assert (latest.verdict, latest.reason, latest.note, latest.reviewer) == (
        Verdict.NEEDS_REVISION,
        reason,
        "Buram",
        verifier,
    )
    events = Event.objects.filter(object_id=application.pk, kind="document_reviewed")
    assert events.count() == 2
    assert (
        events.filter(actor=verifier, to_state=Verdict.NEEDS_REVISION)
        .get()
        .note.startswith("Salinan PAK terakhir: Perlu perbaikan")
    )
    assert "Buram" in response.content.decode()  # the history shows the note


def test_a_changed_verdict_keeps_the_earlier_one_in_the_history(verifier_client, application):
    claim(verifier_client, application)
    review(verifier_client, application, "ktp", Verdict.NEEDS_REVISION, note="Terpotong")

    review(verifier_client, application, "ktp", Verdict.VALID)

    document = current(application, "ktp")
    assert document.verdict == Verdict.VALID
    assert list(document.reviews.values_list("verdict", flat=True)) == [
        Verdict.VALID,
        Verdict.NEEDS_REVISION,
    ]


def test_needs_revision_without_a_reason_or_note_is_refused_with_a_message(
    verifier_client, application
):
    claim(verifier_client, application)

    response = review(verifier_client, application, "ktp", Verdict.NEEDS_REVISION)

    assert "KTP perlu perbaikan: pilih alasan" in response.content.decode()
    assert current(application, "ktp").verdict == Verdict.PENDING
    assert not DocumentReview.objects.exists()


def test_a_verifier_who_does_not_hold_the_application_cannot_give_verdicts(
    client, verifier, colleague, application
):
    client.force_login(verifier)
    claim(client, application)
    client.force_login(colleague)

    response = review(client, application, "ktp", Verdict.VALID)

    assert "Ambil pengajuan ini dari antrean terlebih dahulu." in response.content.decode()
    assert not DocumentReview.objects.exists()


# --- Decisions --------------------------------------------------------------------------------


def test_verify_needs_every_document_valid(verifier_client, application):
    claim(verifier_client, application)
    review_all(verifier_client, application, except_codes={"ijazah"})

    response = decide(verifier_client, application, ApplicationStatus.VERIFIED)

    assert "Semua berkas harus dinyatakan sesuai." in response.content.decode()
    assert refreshed(application).status == ApplicationStatus.IN_REVIEW


def test_return_needs_at_least_one_document_needing_revision(verifier_client, application):
    claim(verifier_client, application)
    review_all(verifier_client, application)

    response = decide(verifier_client, application, ApplicationStatus.RETURNED)

    assert "Tandai berkas yang perlu diperbaiki." in response.content.decode()
    assert refreshed(application).status == ApplicationStatus.IN_REVIEW


def test_return_emails_the_candidate_exactly_the_documents_needing_revision_with_reasons(
    verifier_client, application, django_capture_on_commit_callbacks
):
    blurred = RevisionReason.objects.get(text="Berkas buram atau tidak terbaca")
    claim(verifier_client, application)
    review_all(verifier_client, application, except_codes={"pak", "sk-pangkat"})
    review(verifier_client, application, "pak", Verdict.NEEDS_REVISION, reason=blurred)
    review(
        verifier_client,
        application,
        "sk-pangkat",
        Verdict.NEEDS_REVISION,
        note="Halaman 2 tidak ada",
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(verifier_client, application, ApplicationStatus.RETURNED, "Mohon segera diganti.")

    assert refreshed(application).status == ApplicationStatus.RETURNED
    (message,) = mail.outbox
    assert message.to == [application.candidate.email]
    assert message.subject == "Berkas pengajuan Anda perlu diperbaiki"
    listed = [line.strip() for line in message.body.splitlines() if line.startswith("  - ")]
    assert listed == [
        "- Salinan SK kenaikan pangkat dan golongan terakhir: Halaman 2 tidak ada",
        "- Salinan PAK terakhir: Berkas buram atau tidak terbaca",
    ]
    assert "Mohon segera diganti." in message.body


def test_reject_requires_a_note(verifier_client, application):
    claim(verifier_client, application)

    response = decide(verifier_client, application, ApplicationStatus.REJECTED)

    assert "Tuliskan alasan penolakan." in response.content.decode()
    assert refreshed(application).status == ApplicationStatus.IN_REVIEW


def test_reject_with_a_note_rejects_and_emails_the_reason(
    verifier_client, application, django_capture_on_commit_callbacks
):
    claim(verifier_client, application)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(
            verifier_client,
            application,
            ApplicationStatus.REJECTED,
            "Jabatan bukan pustakawan.",
        )

    assert refreshed(application).status == ApplicationStatus.REJECTED
    (message,) = mail.outbox
    assert "Jabatan bukan pustakawan." in message.body


@pytest.mark.parametrize(
    ("decision", "note"),
    [
        (ApplicationStatus.VERIFIED, "Lengkap."),
        (ApplicationStatus.RETURNED, "Perbaiki PAK."),
        (ApplicationStatus.REJECTED, "Tidak memenuhi syarat."),
    ],
)
def test_every_decision_is_an_event_with_actor_from_to_and_note(
    verifier_client, verifier, application, decision, note
):
    claim(verifier_client, application)
    review_all(
        verifier_client,
        application,
        except_codes={"pak"} if decision == ApplicationStatus.RETURNED else (),
    )
    if decision == ApplicationStatus.RETURNED:
        review(verifier_client, application, "pak", Verdict.NEEDS_REVISION, note="Buram")

    response = decide(verifier_client, application, decision, note)

    assert response.redirect_chain[-1][0] == reverse("verification_queue")
    event = status_events(application)[-1]
    assert (event.actor, event.from_state, event.to_state, event.note) == (
        verifier,
        ApplicationStatus.IN_REVIEW,
        decision,
        note,
    )
    assert refreshed(application).due_date is None


def test_decision_without_a_choice_is_shown_again_with_the_error(verifier_client, application):
    claim(verifier_client, application)

    response = decide(verifier_client, application, "")

    assert "Periksa kembali isian berikut" in response.content.decode()
    assert refreshed(application).status == ApplicationStatus.IN_REVIEW


# --- The returned application comes back --------------------------------------------------------


def test_returned_application_fixed_by_the_candidate_comes_back_to_the_same_verifier(
    client, verifier, colleague, application, django_capture_on_commit_callbacks
):
    candidate = application.candidate
    client.force_login(verifier)
    claim(client, application)
    review_all(client, application, except_codes={"pak"})
    review(client, application, "pak", Verdict.NEEDS_REVISION, note="Tidak terbaca")
    decide(client, application, ApplicationStatus.RETURNED)
    old_pak = current(application, "pak")

    # The candidate replaces only the returned document and submits again.
    registration.document_upload(
        application=refreshed(application),
        requirement=Requirement.objects.get(service=application.service, code="pak"),
        file=SimpleUploadedFile("pak-baru.pdf", pdf_bytes(), content_type="application/pdf"),
        actor=candidate,
    )
    registration.application_submit(
        application=refreshed(application), actor=candidate, declared=True
    )

    application = refreshed(application)
    assert (application.status, application.verifier) == (ApplicationStatus.SUBMITTED, verifier)
    assert application.due_date is not None
    new_pak = current(application, "pak")
    assert (new_pak.version, new_pak.verdict) == (2, Verdict.PENDING)
    assert Document.objects.get(pk=old_pak.pk).is_current is False
    # Still the returning verifier's: listed as theirs, and a colleague cannot take it.
    assert application in client.get("/verifikasi/?saya=1").context["page"].object_list
    client.force_login(colleague)
    assert any("ditangani verifikator lain" in m for m in messages_of(claim(client, application)))

    client.force_login(verifier)
    claim(client, application)
    page = client.get(detail_url(application)).content.decode()
    page = client.get(detail_url(application), {"dokumen": "pak"}).content.decode()
    assert "&amp;versi=" in page  # the older PAK can still be opened
    review(client, application, "pak", Verdict.VALID)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, application, ApplicationStatus.VERIFIED)

    application = refreshed(application)
    assert application.status == ApplicationStatus.VERIFIED
    (message,) = mail.outbox
    assert message.to == [candidate.email]
    assert message.subject == "Berkas Anda terverifikasi"
    assert [event.to_state for event in status_events(application)] == [
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.RETURNED,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.VERIFIED,
    ]


def test_an_older_version_can_be_shown_instead_of_the_current_one(verifier_client, application):
    old = current(application, "pak")
    Document.objects.filter(pk=old.pk).update(is_current=False)
    new = Document.objects.create(
        application=application,
        requirement=old.requirement,
        version=2,
        file=old.file.name,
        original_name="pak-baru.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=old.size,
        sha256=old.sha256,
        uploaded_by=application.candidate,
    )

    page = verifier_client.get(
        detail_url(application), {"dokumen": "pak", "versi": old.public_id}
    ).content.decode()

    assert "Anda melihat versi 1, bukan versi terkini." in page
    assert f'src="{reverse("document_file", args=[old.public_id])}"' in page
    assert reverse("document_file", args=[new.public_id]) not in page
    assert f"versi={old.public_id}#" not in page  # the version shown is no link


def test_review_page_says_when_the_nip_is_missing_from_the_registry(verifier_client, application):
    page = verifier_client.get(detail_url(application)).content.decode()

    assert "tidak ditemukan di database Pustakawan" in page


def test_the_review_pages_compiled_reads_give_what_the_orm_gives(
    verifier_client, application, verifier
):
    """verification.selectors.review_slots reads the reviews, requirements and documents with
    SQL compiled once per process (portal.precompiled): the same rows as the ORM's queries."""
    from verification.selectors import review_slots

    claim(verifier_client, application)
    review_all(verifier_client, application, except_codes=("ktp",))
    review(verifier_client, application, "ktp", Verdict.NEEDS_REVISION, note="Buram.")

    def columns(obj) -> dict:
        return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}

    slots = review_slots(application=application)
    requirements = Requirement.objects.filter(service_id=application.service_id)
    assert [slot.requirement.pk for slot in slots] == [r.pk for r in requirements]
    documents = Document.objects.filter(application=application).order_by("-version")
    by_id = sorted((columns(d) for slot in slots for d in slot.versions), key=lambda r: r["id"])
    assert by_id == sorted((columns(d) for d in documents), key=lambda row: row["id"])
    assert by_id
    reviews = DocumentReview.objects.filter(document__application=application)
    assert reviews.exists()
    assert sorted((r.pk, r.reason_id, r.reviewer.pk) for slot in slots for r in slot.reviews) == (
        sorted((r.pk, r.reason_id, r.reviewer_id) for r in reviews)
    )
    assert {r.note for slot in slots for r in slot.reviews} >= {"Buram."}
