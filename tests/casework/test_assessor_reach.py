"""An assessor sees the participants of the exam sessions they sit on, nothing more: not the
other applicants' documents, not the other sessions' participants in the queue — the LSP's
external assessors as much as the provider's own."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from casework.models import CaseDocument, ExamSession
from casework.services.engine import case_step_complete, case_submit
from casework.workflow import Action, case_visible_to
from portal.constants import Role
from portal.models import StaffRole
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def external_assessor(make_user, certification):
    user = make_user("asesor-lsp")
    StaffRole.objects.create(
        user=user, provider=certification.provider, role=Role.ASSESSOR, service=certification
    )
    return user


def at_exam(case, *, operator, staff):
    case = case_submit(case=case, actor=operator)
    for _ in range(2):
        case = case_step_complete(case=case, actor=staff[Role.VERIFIER], action=Action.ACCEPT)
    return case_step_complete(case=case, actor=staff[Role.SIGNING_OFFICIAL], action=Action.DECIDE)


def with_document(case, uploader):
    content = pdf_bytes()
    return CaseDocument.objects.create(
        case=case,
        requirement=case.service.requirements.get(code="skp"),
        version=1,
        file=ContentFile(content, name="skp.pdf"),
        original_name="skp.pdf",
        kind="pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=uploader,
    )


def session_with(certification, assessor, *cases):
    session = ExamSession.objects.create(
        service=certification,
        organiser="LSP Informatika",
        scheme="Pranata Komputer",
        starts_at=timezone.now(),
        place="TUK BKPSDM",
    )
    session.assessors.add(assessor)
    for case in cases:
        case.exam_session = session
        case.save(update_fields=["exam_session"])
    return session


def test_an_assessor_opens_only_their_participants_documents(
    client, make_case, operator, bkpsdm_staff, external_assessor, certification
):
    mine = at_exam(make_case(), operator=operator, staff=bkpsdm_staff)
    other = at_exam(make_case(nip="197505101999031002"), operator=operator, staff=bkpsdm_staff)
    mine_document, other_document = with_document(mine, operator), with_document(other, operator)
    session_with(certification, external_assessor, mine)
    client.force_login(external_assessor)

    opened = client.get(reverse("casework_document", args=[mine_document.public_id]))
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content).startswith(b"%PDF-")
    refused = client.get(reverse("casework_document", args=[other_document.public_id]))
    assert refused.status_code == 404
    other.refresh_from_db()
    assert not case_visible_to(external_assessor, other)
    # The verifier, who acts at other steps, still sees both.
    assert case_visible_to(bkpsdm_staff[Role.VERIFIER], other)


def test_the_queue_shows_an_assessor_their_sessions_participants_only(
    client, make_case, operator, bkpsdm_staff, external_assessor, certification
):
    mine = at_exam(make_case(name="Rina Wulandari"), operator=operator, staff=bkpsdm_staff)
    at_exam(
        make_case(nip="197505101999031002", name="Budi Santoso"),
        operator=operator,
        staff=bkpsdm_staff,
    )
    session_with(certification, external_assessor, mine)
    client.force_login(external_assessor)

    html = client.get(reverse("casework_staff_queue")).content.decode()

    assert "Rina Wulandari" in html
    assert "Budi Santoso" not in html
