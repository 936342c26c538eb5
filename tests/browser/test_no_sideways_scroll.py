"""No page of the portal scrolls sideways on a phone (390 px wide, WCAG 1.4.10 reflow).

Every URL pattern of the access matrix (tests/test_access_matrix.py) is visited, as every role
the matrix lets in, with real objects: the librarian exam's cases at every stage that the matrix's
second-provider test builds (an application in verification, an account claim, a session with a
seat and a result, a certificate, a complaint, a case of the workflow engine, an IP-ASN report),
an institution's engagement with its agreement, and the candidates, operators and LAN staff those
objects belong to. A pattern whose real object no role here can open is listed in SKIPPED with
the reason. The Django test client finds, fast, which (page, role) pairs answer an HTML 200;
Chromium then loads each of those once, one browser context per role carrying its session
cookie, and measures `document.documentElement.scrollWidth` against `window.innerWidth`.
"""

import re
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.urls.converters import IntConverter, UUIDConverter

from assessments.constants import EngagementState
from complaints.models import Complaint
from portal.constants import Role
from registration.models import Application
from tests.assessments.conftest import (  # noqa: F401 (fixtures)
    assessment_service,
    client_institution,
    institution_operator,
    make_engagement,
    make_institution,
)
from tests.test_access_matrix import (  # noqa: F401 (fixtures)
    MATRIX,
    ROLES,
    SAMPLE_KWARGS,
    STAFF_SAMPLE_VALUES,
    URLS,
    Redirect,
    perpusnas_cases,
    role_users_make,
)

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH, HEIGHT = 390, 844
SHOTS = Path(tempfile.gettempdir()) / "shots-layout"

# Patterns with path parameters left out, and why (a new one must be added here or reached).
SKIPPED = {
    # Reached at 390 px, with the same assertion, by their own journeys' browser tests.
    "exam_card_check": "the exam card's check page: tests/browser/test_exam_card_result.py",
    "objection_new": "an objection's form: tests/browser/test_objection_journey.py",
    "objection_detail": "an objection and its answer: tests/browser/test_objection_journey.py",
    "casework_proposal": "an institution's proposal of the engine's services: none is built here",
    "assessments_session_edit": "an engagement's exam session: none is built here",
    "assessments_asesi_cv": "a participant's CV: no participant is invited here",
    "assessments_asesi_questionnaire": "a participant's questionnaire: no participant here",
    "assessments_report_new": "an assessment report needs a held intake with participants",
    "assessments_agreement_edit": "the SPK form opens while it is drafted; this one is confirmed",
    "casework_case": "the engine's case belongs to an account of no role here",
    "casework_case_products": "the engine's case belongs to an account of no role here",
    "casework_exam_session": "seed 002's sessions are BKPSDM's: no role here works there",
    "casework_staff_case": "seed 002's cases are BKPSDM's: no role here works there",
    "ipasn_staff_report": "BKPSDM's officials (seed 003) hold no role here",
    **dict.fromkeys(
        [
            "casework_proposal_case_add",
            "casework_proposal_case_remove",
            "casework_proposal_submit",
            "casework_proposal_upload",
            "ipasn_report_letter",
            "ipasn_report_recap",
            "ipasn_report_submit",
            "ipasn_report_withdraw",
            "ipasn_staff_forward",
            "ipasn_staff_laporan",
            "ipasn_staff_process",
            "ipasn_staff_return",
            "ipasn_staff_sign",
            "ipasn_staff_upload",
        ],
        "an operator's or BKPSDM's action (POST) on a report or proposal",
    ),
}
# Files, exports and JSON: not pages, nothing to scroll.
NOT_PAGES = {
    "api_certificate",
    "objection_file",
    "objections_staff_file",
    "assessments_agreement_draft",
    "assessments_agreement_file",
    "assessments_agreement_first_party",
    "assessments_agreement_second_party",
    "assessments_cover_letter",
    "assessments_invoice_pdf",
    "assessments_proof_file",
    "assessments_report_file",
    "casework_decision_letter",
    "casework_document",
    "casework_external_product_scan",
    "casework_handover_receipt",
    "casework_issued_document",
    "casework_issued_document_credential",
    "casework_payment_proof",
    "certificate_download",
    "certificate_result_letter",
    "certificates_bulk_download",  # the ZIP file
    "certificates_bulk_status",  # the progress page's JSON
    # A certificate's Verifiable Credential (.jwt) and its issuer's public JSON documents.
    "certificate_credential",
    "credential_issuer",
    "credential_jwks",
    "credential_did",
    "credential_status_list",
    # The open data's CSV/JSON tables and their schemas.
    "opendata_json_schema",
    "opendata_table",
    "opendata_table_schema",
    "certificates_download",
    "complaint_report_public_pdf",
    "complaint_report_staff_download",
    "complaints_attachment",
    "complaints_seal_csv",
    "document_file",
    "ipasn_agency_file",
    "ipasn_file",
    "results_session_export",
    "scheduling_attendance_export",
    "scheduling_roster_export",
    "survey_results_export",
    "verification_account_claim_file",
    # The IP-ASN report's spreadsheet template, the participants' CSV template.
    "ipasn_template",
    "assessments_participants_template",
    # JSON: the health check, the API's and webhooks' schemas, the complaint intake's.
    "healthz",
    "api_schema",
    "webhooks_schema",
    "complaint_intake_schema",
}

# Users beyond the matrix's roles, who own the real objects, with the matrix role whose row
# says which pages to try, and whether its 403s are tried too (operators' and LAN's pages).
EXTRA_ROLES = {
    "candidate_verified": ("candidate_a", False),
    "candidate_submitted": ("candidate_a", False),
    "candidate_seated": ("candidate_a", False),
    "candidate_certified": ("candidate_a", False),
    "ipasn_operator": ("candidate_a", True),
    "institution_operator": ("candidate_a", True),
    "lan_staff": ("administrator", True),
    "perpusnas_head_assessor": ("assessor", False),
}


@pytest.fixture
def role_users(make_user):
    """The matrix's users (made after the world's, as they were)."""
    return role_users_make(make_user)


@pytest.fixture
def lan_all_roles(make_user, lan):
    return make_user("staf-lan-semua", *Role, provider=lan, is_staff=True)


@pytest.fixture
def world(perpusnas_cases, make_engagement, institution_operator, lan_all_roles, django_user_model):  # noqa: F811
    """The real objects and, by role, the user who sees them."""
    from casework.models import Institution

    engagement = make_engagement(EngagementState.AGREEMENT, agreement=True)
    # A verified candidate choosing among open sessions (the session choice page).
    from datetime import timedelta

    from django.utils import timezone

    from portal.models import Service
    from registration.constants import ApplicationStatus
    from scheduling.constants import SessionMode, SessionStatus
    from scheduling.models import ExamSession
    from tests.factories import ApplicationFactory, ProfileFactory, UserFactory

    now = timezone.now()
    for days in (10, 11):
        ExamSession.objects.create(
            service=Service.objects.get(slug="uji-kompetensi-pustakawan"),
            head_assessor=django_user_model.objects.get(username="ketua-perpusnas"),
            starts_at=now + timedelta(days=days),
            ends_at=now + timedelta(days=days, hours=3),
            mode=SessionMode.ONLINE,
            meeting_link="https://zoom.example.test/j/sesi-panjang-sekali-untuk-layar-sempit",
            platform="Zoom",
            capacity=30,
            booking_opens_at=now - timedelta(days=1),
            booking_closes_at=now + timedelta(days=days - 3),
            status=SessionStatus.OPEN,
        )
    verified = ApplicationFactory(
        candidate=ProfileFactory(user=UserFactory(first_name="Zetaprov Dewanti")).user,
        status=ApplicationStatus.VERIFIED,
    )
    complaint = Complaint.objects.get(subject__startswith="Zetaprov")
    certified = Application.objects.get(candidate__first_name__endswith="Kartika")
    values = {
        # URL keyword values by URL name prefix (the longest prefix wins), then by name.
        **perpusnas_cases,
        "assessments": {"public_id": engagement.public_id},
        "complaint": {"code": complaint.tracking_code},
        "survey_complaint": {"code": complaint.tracking_code},
        "certificate_verify": {"number": certified.certificate.number or "UKP/2026/000123"},
        "ipasn": {"public_id": perpusnas_cases["ipasn_staff"]["public_id"]},
        "casework": {"public_id": perpusnas_cases["casework_staff"]["public_id"]},
    }
    users = {
        "candidate_verified": verified.candidate,
        "candidate_submitted": Application.objects.get(
            candidate__first_name__endswith="Wiradana"
        ).candidate,
        "candidate_seated": Application.objects.get(
            candidate__first_name__endswith="Laksmi"
        ).candidate,
        "candidate_certified": certified.candidate,
        "ipasn_operator": Institution.objects.get(name="Zetaprov Dinas").operators.get(),
        "institution_operator": institution_operator,
        "lan_staff": lan_all_roles,
        "perpusnas_head_assessor": django_user_model.objects.get(username="ketua-perpusnas"),
    }
    return values, users


def _path(name: str, values: dict) -> str | None:
    """The URL with real objects' values (the longest matching name prefix in `values` wins),
    else the matrix's sample values for what is not an object (a format, a slug); None when an
    object is missing."""
    pattern = URLS[name].pattern
    converters = pattern.converters
    keys = list(converters) or list(pattern.regex.groupindex)
    sources = sorted((p for p in values if name == p or name.startswith(p + "_")), key=len)
    kwargs = {}
    for key in keys:
        found = [values[p][key] for p in reversed(sources) if key in values[p]]
        if found:
            kwargs[key] = found[0]
        elif key in SAMPLE_KWARGS.get(name, {}):
            kwargs[key] = SAMPLE_KWARGS[name][key]
        elif key in STAFF_SAMPLE_VALUES and not isinstance(
            converters.get(key), UUIDConverter | IntConverter
        ):
            kwargs[key] = STAFF_SAMPLE_VALUES[key]
        else:
            return None
    return reverse(name, kwargs=kwargs)


def _is_page(name: str) -> bool:
    """A GET page: not a POST-only action (405 to whoever is let in) nor a redirect."""
    row = MATRIX[name].values()
    return not any(e == 405 for e in row) and any(e in (200, 403, 404) for e in row)


def _probed(name: str, role: str) -> bool:
    """Whether (name, role) may answer a page: the matrix's 200s, and its 404s for object pages
    (made-up ids there, real ones here); for the users beyond the matrix, their base role's, and
    its 403s where they hold what the matrix's roles do not (pages everyone reaches alike are
    measured through the matrix's roles)."""
    if name in SKIPPED or name in NOT_PAGES or not _is_page(name):
        return False
    row = MATRIX[name]
    if role in EXTRA_ROLES:
        if len({str(e) for e in row.values()}) == 1:
            return False
        role, with_403 = EXTRA_ROLES[role]
        if with_403 and row[role] == 403:
            return True
    return row[role] == 200 or (row[role] == 404 and bool(URLS[name].pattern.converters))


def _main(html: str) -> int:
    """The page's own part (the header shows the user's name and roles, the form tokens change):
    two roles seeing the same main area see the same page, measured once."""
    main = html.partition("<main")[2].partition("</main>")[0]
    return hash(re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main))


def _pages(world, role_users) -> tuple[dict[str, list[str]], dict[str, Client], set[str]]:
    """By role, the paths answering an HTML 200 whose main area no earlier role saw (each role
    keeps at least one, for its header); the logged-in clients; the URL names reached."""
    values, extra = world
    clients, pages, reached, measured = {}, {}, set(), set()
    for role in (*ROLES, *EXTRA_ROLES):
        cache.clear()  # the public look-ups' rate limits count per address: every role's turn
        client = Client()
        if role in extra:
            client.force_login(extra[role])
        elif role != "anonymous":
            client.force_login(role_users[role])
        clients[role] = client
        for name in sorted(MATRIX):
            if not _probed(name, role):
                continue
            path = _path(name, values)
            if path is None:
                continue
            response = client.get(path)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)  # read to its end: closes the file
                continue
            if response.status_code != 200 or "text/html" not in response.get("Content-Type"):
                continue
            reached.add(name)
            key = (path, _main(response.content.decode()))
            if key not in measured or role not in pages:
                measured.add(key)
                pages.setdefault(role, []).append(path)
    return pages, clients, reached


OVERFLOWING = """() => {
    const width = window.innerWidth;
    return [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .filter(el => el.parentElement.getBoundingClientRect().right <= width + 1)
        .slice(0, 3)
        .map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
            ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
}"""


@pytest.mark.usefixtures("reference_data")
def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, world, role_users):
    pages, clients, reached = _pages(world, role_users)
    with_objects = {name for name, p in URLS.items() if p.pattern.converters}
    unreached = with_objects - reached - SKIPPED.keys() - NOT_PAGES
    missing = sorted(n for n in unreached if _is_page(n))
    assert not missing, f"Object pages reached by no role: {missing} (reach them, or SKIPPED)"
    too_wide = {}
    for role, paths in pages.items():
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            viewport={"width": WIDTH, "height": HEIGHT},
        )
        cookie = clients[role].cookies.get(settings.SESSION_COOKIE_NAME)
        if cookie:
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        page = context.new_page()
        cache.clear()
        for path in paths:
            page.goto(path)  # "load": the stylesheets are applied
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                too_wide[f"{role} {path}"] = (width, page.evaluate(OVERFLOWING))
                SHOTS.mkdir(exist_ok=True)
                page.screenshot(path=SHOTS / f"wide-{role}-{path.strip('/').replace('/', '_')}.png")
        context.close()

    assert not too_wide, "Pages wider than 390 px (scrollWidth, widest elements): " + "\n".join(
        f"{where}: {width} {elements}" for where, (width, elements) in sorted(too_wide.items())
    )
