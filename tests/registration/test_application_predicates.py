""" "May this person do this now?" for the candidate's application: the predicates in
registration.workflow, their truth tables, and the application page offering an upload exactly
when the service accepts it."""

from itertools import product

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from registration import workflow
from registration.constants import ApplicationStatus, Verdict
from registration.exceptions import ApplicationError
from registration.models import Application, Document
from registration.services import application_update, document_upload
from tests.factories import ApplicationFactory, upload_bytes_for

pytestmark = pytest.mark.django_db

EDITABLE = {ApplicationStatus.DRAFT, ApplicationStatus.RETURNED}


@pytest.mark.parametrize("status", ApplicationStatus.values)
def test_only_its_candidate_changes_an_application_and_only_as_draft_or_returned(
    candidate, outsider, status
):
    application = Application(candidate=candidate, status=status)

    mine = workflow.application_edit_refusal(application, candidate)
    theirs = workflow.application_edit_refusal(application, outsider)

    assert (mine is None) is (status in EDITABLE)
    assert theirs is not None


@pytest.mark.parametrize(
    ("status", "verdict"),
    list(product(ApplicationStatus.values, [None, *Verdict.values])),
)
def test_a_document_is_replaced_while_editable_and_after_a_return_only_where_not_accepted(
    status, verdict
):
    current = None if verdict is None else Document(verdict=verdict)

    replaceable = workflow.document_replaceable(
        application=Application(status=status), current=current
    )

    accepted_after_return = status == ApplicationStatus.RETURNED and verdict == Verdict.VALID
    assert replaceable is (status in EDITABLE and not accepted_after_return)


class _Tried(Exception):
    pass


def accepted(call) -> bool:
    try:
        with transaction.atomic():
            call()
            raise _Tried
    except _Tried:
        return True
    except ApplicationError:
        return False


@pytest.mark.parametrize("status", ApplicationStatus.values)
@pytest.mark.parametrize("verdict", [Verdict.PENDING, Verdict.VALID, Verdict.NEEDS_REVISION])
def test_the_page_offers_an_upload_and_the_levels_exactly_when_the_service_accepts_them(
    client, status, verdict
):
    application = ApplicationFactory(documents=True, status=status)
    document = application.documents.filter(is_current=True).first()
    Document.objects.filter(pk=document.pk).update(verdict=verdict)
    candidate = application.candidate
    client.force_login(candidate)

    response = client.get(reverse("application"))
    if response.context.get("application") != application:
        return  # a closed application is not the page's: the candidate may start a new one
    # The document's own page and the purpose page offer their forms only when accepted.
    page = client.get(reverse("application_upload", args=[document.requirement.code]))
    upload_shown = 'type="file"' in page.content.decode()
    purpose_page = client.get(reverse("application_update"))
    name, content = upload_bytes_for(document.requirement)

    assert upload_shown is accepted(
        lambda: document_upload(
            application=Application.objects.get(pk=application.pk),
            requirement=document.requirement,
            file=SimpleUploadedFile(name, content),
            actor=candidate,
        )
    )
    assert (purpose_page.context.get("form") is not None) is accepted(
        lambda: application_update(
            application=Application.objects.get(pk=application.pk),
            actor=candidate,
            purpose=application.purpose,
            current_level=application.current_level,
            target_level=application.target_level,
        )
    )
