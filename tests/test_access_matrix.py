"""Access matrix: every URL pattern of the URLconf x every role → the status a GET must answer.

A URL pattern without an entry in MATRIX fails test_every_url_has_an_entry, naming it: whoever adds
a page decides, here, who may see it. One test per URL pattern asks as every role in turn (the
users made once for the module), each request in a savepoint of its own, and names every wrong
answer.

Sample URLs carry made-up ids (random UUIDs, 1, "x"), so an object page answers 404 to everyone
let in and the refusal (login redirect, 403, redirect to the staff home) to everyone else: the
refusal must come before any lookup. GET only: a POST-only view answers 405 to those let in,
and the refusal to the others (role_required / candidate_required are the outer decorators).
"""

import functools
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from portal.constants import Role
from tests.admin_matrix import (
    AdminRedirect,
    admin_keys,
    admin_matrix,
    admin_redirect_path,
    admin_sample_path,
)
from tests.module_data import module_data
from tests.users import PASSWORD, user_make

pytestmark = pytest.mark.django_db

# Route prefixes left out of MATRIX, and why:
# - "admin/": Django's admin has a matrix of its own, ADMIN_MATRIX (tests/admin_matrix.py), with
#   its own answers (its login page, model permissions); its URLs are walked below as well.
# - "i18n/": Django's set_language, a POST-only language switch with no private data.
# - "accounts/": allauth's own pages (e-mail, 2FA, reauthentication, signup...), behaving as
#   allauth documents; except the login, logout and password pages listed in KEPT_ACCOUNT_ROUTES,
#   which every visitor meets and are in the matrix.
# - "static/", "media/": files served outside the views (WhiteNoise, storage); not in the
#   URLconf, listed here in case a debug setup adds them.
SKIPPED_PREFIXES = ("admin/", "i18n/", "accounts/", "static/", "media/")
KEPT_ACCOUNT_ROUTES = ("accounts/login/", "accounts/logout/", "accounts/password/")

ROLES = (
    "anonymous",
    "candidate_a",
    "candidate_b",
    "verifier",
    "scheduler",
    "assessor",
    "bkpsdm_officer",
    "certificate_officer",
    "signing_official",
    "complaint_handler",
    "complaint_supervisor",
    "administrator",
)
CANDIDATES = ("candidate_a", "candidate_b")
STAFF_ROLES = {
    "verifier": Role.VERIFIER,
    "scheduler": Role.SCHEDULER,
    "assessor": Role.ASSESSOR,
    "bkpsdm_officer": Role.BKPSDM_OFFICER,
    "certificate_officer": Role.CERTIFICATE_OFFICER,
    "signing_official": Role.SIGNING_OFFICIAL,
    "complaint_handler": Role.COMPLAINT_HANDLER,
    "complaint_supervisor": Role.COMPLAINT_SUPERVISOR,
    "administrator": Role.ADMINISTRATOR,
}


@dataclass(frozen=True)
class Redirect:
    """A 302 to the URL of the named view (any query string, e.g. ?next=, allowed)."""

    to: str


LOGIN = Redirect("account_login")
STAFF_HOME = Redirect("staff_home")


def everyone(expected) -> dict:
    return dict.fromkeys(ROLES, expected)


def PUBLIC(expected=200) -> dict:
    return everyone(expected)


def LOGGED_IN(expected=200) -> dict:
    """login_required: anonymous to the login page, every logged-in user gets the page."""
    return {**everyone(expected), "anonymous": LOGIN}


def STAFF(*roles: Role, ok=200) -> dict:
    """portal.roles.role_required(*roles): anonymous to the login page, a logged-in user without
    one of the roles (any staff role when none is given) 403, a holder `ok`."""
    row = {**everyone(403), "anonymous": LOGIN}
    for name, role in STAFF_ROLES.items():
        if not roles or role in roles:
            row[name] = ok
    return row


def CANDIDATE(ok=200) -> dict:
    """registration.access.candidate_required: anonymous to the login page, staff
    (no NIP) to the staff home, a candidate `ok`."""
    return {**everyone(STAFF_HOME), "anonymous": LOGIN, **dict.fromkeys(CANDIDATES, ok)}


def OPERATOR() -> dict:
    """casework.intake_views.operator_required: anonymous to the login page, anyone who operates
    no institution (every role here) 403."""
    return {**everyone(403), "anonymous": LOGIN}


CERTIFICATE_STAFF = (Role.CERTIFICATE_OFFICER, Role.BKPSDM_OFFICER, Role.SIGNING_OFFICIAL)
RESULT_READERS = (Role.ASSESSOR, Role.SCHEDULER, Role.ADMINISTRATOR)
COMPLAINT_REPORTERS = (Role.COMPLAINT_HANDLER, Role.ADMINISTRATOR)
LIBRARIAN_EXAM = "uji-kompetensi-pustakawan"

# Sample values where the generic ones ("x", 1, a random UUID) would test less: a real format or
# service makes the holders' page answer 200 instead of 404; regex routes need their groups.
SAMPLE_KWARGS = {
    "scheduling_roster_export": {"fmt": "csv"},
    "scheduling_attendance_export": {"fmt": "csv"},
    "results_session_export": {"fmt": "csv"},
    "survey_results_export": {"fmt": "csv"},
    "opendata_provider": {"provider": "pusat-pembinaan-pustakawan"},
    "opendata_table": {
        "provider": "pusat-pembinaan-pustakawan",
        "dataset": "pengaduan",
        "period": "2025-S1",
        "fmt": "json",
    },
    "opendata_table_schema": {"dataset": "ikm"},
    "opendata_json_schema": {"dataset": "pengaduan"},
    "complaint_report_staff_download": {"fmt": "csv"},
    "certificates_download": {"kind": "pdf"},
    "certificate_download": {"kind": "pdf"},
    "certificate_verify": {"number": "UKP/2026/000123"},
    "api_certificate": {"number": "UKP/2026/000123"},
    "complaint_track": {"code": "ADU-7K3M-9QX2"},
    "survey_complaint": {"code": "ADU-7K3M-9QX2"},
    "survey_public": {"slug": LIBRARIAN_EXAM},
    "service_standard": {"slug": LIBRARIAN_EXAM},
    # A real provider: its issuer profile and JWKS answer 200 (no status list yet: 404).
    "credential_issuer": {"provider": "pusat-pembinaan-pustakawan"},
    "credential_jwks": {"provider": "pusat-pembinaan-pustakawan"},
    "credential_did": {"provider": "pusat-pembinaan-pustakawan"},
    "credential_status_list": {"provider": "pusat-pembinaan-pustakawan", "ordinal": 1},
    "application_upload": {"code": "ijazah"},
    "account_reset_password_from_key": {"uidb36": "1", "key": "x-y"},
}

MATRIX: dict[str, dict] = {
    # --- portal --------------------------------------------------------------------------------
    "home": PUBLIC(),
    "healthz": PUBLIC(),
    "staff_home": STAFF(),
    # --- allauth: login, logout, password ------------------------------------------------------
    # A logged-in user is sent on from the login page (to the dashboard).
    "account_login": {**everyone(Redirect("dashboard")), "anonymous": 200},
    # Logging in by code when no code was sent: back to the login page (the dashboard when
    # already logged in).
    "account_confirm_login_code": {**everyone(Redirect("dashboard")), "anonymous": LOGIN},
    # GET asks to confirm; nobody to log out goes home.
    "account_logout": {**everyone(200), "anonymous": Redirect("home")},
    "account_change_password": LOGGED_IN(),
    # Every test user has a password: setting one is changing it.
    "account_set_password": {
        **everyone(Redirect("account_change_password")),
        "anonymous": LOGIN,
    },
    "account_reset_password": PUBLIC(),
    "account_reset_password_done": PUBLIC(),
    "account_reset_password_from_key": PUBLIC(),  # the "link is invalid" page
    "account_reset_password_from_key_done": PUBLIC(),
    # --- registration --------------------------------------------------------------------------
    "nip_check": PUBLIC(),
    "register": {**everyone(Redirect("dashboard")), "anonymous": 200},
    # Nothing registered in this session: back to the form.
    "register_done": PUBLIC(Redirect("register")),
    # The link from the registration mail; a made-up token is an unknown link.
    "register_confirm": PUBLIC(400),
    # Claiming a NIP someone else registered: public, from the mail or the login page.
    "account_claim_start": PUBLIC(),
    "account_claim_sent": PUBLIC(Redirect("account_claim_start")),
    "account_claim_continue": PUBLIC(400),  # the claim link: unknown token
    "account_claim_submitted": PUBLIC(Redirect("account_claim_start")),
    # Staff have no NIP and land on their own home.
    "dashboard": CANDIDATE(),
    "profile": LOGGED_IN(),
    # Each staff member's own conflict-of-interest declaration: nobody else's is reachable.
    "staff_declaration": STAFF(),
    "profile_edit": CANDIDATE(),
    "application": CANDIDATE(),
    # The application's own pages: a candidate without an application is sent to start one.
    "application_update": CANDIDATE(Redirect("application")),
    "application_upload": CANDIDATE(Redirect("application")),
    "application_submit": CANDIDATE(Redirect("application")),
    "application_submitted": CANDIDATE(Redirect("application")),
    # A document nobody owns: 404 for everyone, so a guessed link tells nothing.
    "document_file": PUBLIC(404),
    # --- casework (the workflow engine) -------------------------------------------------------
    # A document of no case: 404 for everyone.
    "casework_document": PUBLIC(404),
    # Staff pages (any staff role, at a provider or for one service): a reader acting at no
    # step of a case's service sees an empty queue and gets 404 on its pages.
    "casework_staff_queue": STAFF(),
    "casework_decisions": STAFF(),
    "casework_staff_case": STAFF(ok=404),
    "casework_staff_document_verdict": STAFF(ok=405),
    "casework_staff_check": STAFF(ok=405),
    # A letter of no case: 404 for everyone (staff of its service and its cases' proposers and
    # employees read a real one).
    "casework_decision_letter": PUBLIC(404),
    # An institution's operator's pages: no matrix role operates an institution, so 403 to all
    # (tests/casework/test_intake_access.py walks them as operators, of this and another one).
    "casework_proposals": OPERATOR(),
    "casework_proposal_create": OPERATOR(),
    "casework_proposal": OPERATOR(),
    "casework_proposal_case_add": OPERATOR(),
    "casework_proposal_case_remove": OPERATOR(),
    "casework_proposal_upload": OPERATOR(),
    "casework_proposal_submit": OPERATOR(),
    # The employee's own cases: an empty list for whoever has none, staff included.
    "casework_my_cases": LOGGED_IN(),
    # A case is its employee's and its proposer's: a made-up one is 404 to everyone logged in.
    "casework_case": LOGGED_IN(404),
    "casework_case_upload": LOGGED_IN(405),
    "casework_case_resubmit": LOGGED_IN(405),
    # An institution's engagement (seed 004): one page for its operators and LAN's staff on the
    # service; anyone else 404.
    "assessments_engagement": LOGGED_IN(404),
    # Exam sessions and results: the schedulers and assessors (at a provider, or for one
    # service); a session is an object page (404 to whoever is not its assessor or scheduler).
    "casework_exam_sessions": STAFF(Role.SCHEDULER, Role.ASSESSOR),
    "casework_exam_session": STAFF(Role.SCHEDULER, Role.ASSESSOR, ok=404),
    "casework_exam_session_cases_add": STAFF(Role.SCHEDULER, ok=405),
    "casework_exam_attend": STAFF(Role.ASSESSOR, ok=405),
    "casework_exam_assess": STAFF(Role.ASSESSOR, ok=405),
    # Products: the queue is the certificate officer's and the signing official's; a case's
    # products page and its actions are object pages for whoever may see the case (its
    # employee, proposer, the service's staff), 404 to anyone else; its files 404 likewise.
    "casework_product_queue": STAFF(Role.CERTIFICATE_OFFICER, Role.SIGNING_OFFICIAL),
    "casework_case_products": LOGGED_IN(404),
    "casework_external_product_record": LOGGED_IN(405),
    "casework_skh_issue": LOGGED_IN(405),
    "casework_handover_record": LOGGED_IN(405),
    "casework_handover_confirm": LOGGED_IN(405),
    "casework_payment_record": LOGGED_IN(405),
    "casework_issued_document": PUBLIC(404),
    "casework_issued_document_credential": PUBLIC(404),
    "casework_external_product_scan": PUBLIC(404),
    "casework_handover_receipt": PUBLIC(404),
    "casework_payment_proof": PUBLIC(404),
    # --- assessments: intake part (participant list, e-registration, sessions) -------------
    # The participant file's template: public.
    "assessments_participants_template": PUBLIC(),
    # An engagement's acts (POST only) and pages: a made-up engagement is 404 to everyone let
    # in (the engagement page's own rule); tests/assessments/test_intake_*.py walk real ones.
    "assessments_participants_upload": LOGGED_IN(405),
    "assessments_participant_remove": LOGGED_IN(405),
    "assessments_invitations_send": LOGGED_IN(405),
    "assessments_session_new": LOGGED_IN(404),
    "assessments_session_edit": LOGGED_IN(404),
    "assessments_attendance": LOGGED_IN(405),
    "assessments_intake_held": LOGGED_IN(405),
    # The asesi's home: anyone logged in sees their own participations (none: says so).
    "assessments_asesi_home": LOGGED_IN(),
    # One participation's CV and questionnaire: only its asesi; a made-up one is 404.
    "assessments_asesi_cv": LOGGED_IN(404),
    "assessments_asesi_questionnaire": LOGGED_IN(404),
    # The invitation link: a made-up token is an unknown link.
    "assessments_invitation_accept": PUBLIC(400),
    # --- assessments: settlement (invoice and payment, reports, the staff queue) ------------
    # Object pages check the engagement (404 for whoever may not see it, any made-up id 404);
    # POST-only acts answer 405 to a GET once logged in. The queue: a staff role on a LAN
    # institution-assessment service, which the matrix's Perpusnas staff do not hold (403).
    "assessments_invoice_issue": LOGGED_IN(405),
    "assessments_invoice_pdf": LOGGED_IN(404),
    "assessments_proof_upload": LOGGED_IN(405),
    "assessments_proof_file": LOGGED_IN(404),
    "assessments_proof_confirm": LOGGED_IN(405),
    "assessments_proof_return": LOGGED_IN(405),
    "assessments_reports_sign_all": LOGGED_IN(405),
    "assessments_report_new": LOGGED_IN(404),
    "assessments_report_sign": LOGGED_IN(405),
    "assessments_report_file": LOGGED_IN(404),
    "assessments_staff_queue": {**everyone(403), "anonymous": LOGIN},
    # --- assessments: cooperation (institution accounts, request, reply, notes, SPK) -----------
    # Public registration of an institution (rate-limited POST) and its "waits for
    # verification" page.
    "assessments_institution_register": PUBLIC(),
    "assessments_institution_registered": PUBLIC(),
    # LAN's Tim Verifikasi: the list (empty for the matrix's Perpusnas verifier); the POST.
    "assessments_institutions_pending": STAFF(Role.VERIFIER),
    "assessments_institution_verify": STAFF(Role.VERIFIER, ok=405),
    # An institution's operator's pages: no matrix role operates an institution
    # (tests/assessments/test_cooperation_views.py walks them as operators).
    "assessments_institution_home": OPERATOR(),
    "assessments_engagement_new": OPERATOR(),
    # One engagement's acts and files: login first, then 404 for an engagement nobody sees;
    # POST-only acts answer 405 to a GET.
    "assessments_engagement_cancel": LOGGED_IN(405),
    "assessments_cover_letter": LOGGED_IN(404),
    "assessments_engagement_reply": LOGGED_IN(405),
    "assessments_engagement_note": LOGGED_IN(405),
    "assessments_agreement_edit": LOGGED_IN(404),
    "assessments_agreement_confirm": LOGGED_IN(405),
    "assessments_agreement_return": LOGGED_IN(405),
    "assessments_agreement_draft": LOGGED_IN(404),
    # The signed copies: GET streams the copy (404 here), POST signs.
    "assessments_agreement_first_party": LOGGED_IN(404),
    "assessments_agreement_second_party": LOGGED_IN(404),
    "assessments_agreement_file": LOGGED_IN(404),
    # --- ipasn: the Perangkat Daerah's pages (seed 003) ----------------------------------------
    # No matrix role operates a Perangkat Daerah: 403 to all before any lookup; a made-up
    # report's file is 404 to everyone signed in (tests/ipasn/test_operator_pages.py walks them
    # as the report's operator, another PD's operator, the service's officials, an outsider).
    "ipasn_home": OPERATOR(),
    "ipasn_create": OPERATOR(),
    # The recap template: for anyone signed in.
    "ipasn_template": LOGGED_IN(),
    "ipasn_report": OPERATOR(),
    "ipasn_report_letter": OPERATOR(),
    "ipasn_report_recap": OPERATOR(),
    "ipasn_report_submit": OPERATOR(),
    "ipasn_report_withdraw": OPERATOR(),
    "ipasn_file": LOGGED_IN(404),
    # --- ipasn: BKPSDM's officials' pages (seed 003) -------------------------------------------
    # role_required(any of the service's roles) before any lookup: no matrix role holds one
    # (tests/ipasn/test_staff_pages.py walks them with BKPSDM's officials, another provider's,
    # an operator and an outsider). The actions answer a GET with the report's page.
    "ipasn_staff_queue": {**everyone(403), "anonymous": LOGIN},
    "ipasn_staff_reports": {**everyone(403), "anonymous": LOGIN},
    "ipasn_staff_report": {**everyone(403), "anonymous": LOGIN},
    "ipasn_staff_forward": {**everyone(403), "anonymous": LOGIN},
    "ipasn_staff_process": {**everyone(403), "anonymous": LOGIN},
    "ipasn_staff_return": {**everyone(403), "anonymous": LOGIN},
    "ipasn_staff_upload": {**everyone(403), "anonymous": LOGIN},
    "ipasn_staff_laporan": {**everyone(403), "anonymous": LOGIN},
    "ipasn_staff_sign": {**everyone(403), "anonymous": LOGIN},
    "ipasn_agency": {**everyone(403), "anonymous": LOGIN},
    "ipasn_agency_file": {**everyone(403), "anonymous": LOGIN},
    # --- verification --------------------------------------------------------------------------
    "verification_queue": STAFF(Role.VERIFIER),
    "verification_detail": STAFF(Role.VERIFIER, ok=404),
    "verification_claim": STAFF(Role.VERIFIER, ok=405),
    "verification_release": STAFF(Role.VERIFIER, ok=405),
    "verification_decide": STAFF(Role.VERIFIER, ok=405),
    # Account claims and the claimants' identity documents: the verification panel only.
    "verification_account_claims": STAFF(Role.VERIFIER),
    "verification_account_claim": STAFF(Role.VERIFIER, ok=404),
    "verification_account_claim_decide": STAFF(Role.VERIFIER, ok=405),
    "verification_account_claim_file": STAFF(Role.VERIFIER, ok=404),
    # --- objections (keberatan) ---------------------------------------------------------------
    # The candidate's form, objection and attachment: their own applications only (404 to the
    # other candidate). The staff's queue and pages: verifiers (a rejection's) and assessors (a
    # result's) at the application's provider.
    "objection_new": CANDIDATE(404),
    "objection_detail": CANDIDATE(404),
    "objection_file": CANDIDATE(404),
    "objections_staff_queue": STAFF(Role.VERIFIER, Role.ASSESSOR),
    "objections_staff_detail": STAFF(Role.VERIFIER, Role.ASSESSOR, ok=404),
    "objections_staff_file": STAFF(Role.VERIFIER, Role.ASSESSOR, ok=404),
    # --- scheduling: committee -----------------------------------------------------------------
    "scheduling_sessions": STAFF(Role.SCHEDULER),
    "scheduling_session_create": STAFF(Role.SCHEDULER),
    "scheduling_session": STAFF(Role.SCHEDULER, ok=404),
    "scheduling_session_edit": STAFF(Role.SCHEDULER, ok=404),
    "scheduling_session_transition": STAFF(Role.SCHEDULER, ok=405),
    "scheduling_seat_assign": STAFF(Role.SCHEDULER, ok=405),
    "scheduling_seat_move": STAFF(Role.SCHEDULER, ok=405),
    "scheduling_seat_release": STAFF(Role.SCHEDULER, ok=405),
    "scheduling_attendance": STAFF(Role.SCHEDULER, Role.ASSESSOR, ok=405),
    "scheduling_roster_export": STAFF(Role.SCHEDULER, Role.ASSESSOR, ok=404),
    "scheduling_attendance_export": STAFF(Role.SCHEDULER, Role.ASSESSOR, ok=404),
    # Only one examined service to choose from: straight to its preview (?layanan=...).
    "scheduling_autofill": STAFF(Role.SCHEDULER, ok=Redirect("scheduling_autofill")),
    # --- scheduling: assessors' results --------------------------------------------------------
    "results_sessions": STAFF(Role.ASSESSOR),
    "results_session": STAFF(Role.ASSESSOR, ok=404),
    "results_record": STAFF(Role.ASSESSOR, ok=405),
    "results_publish": STAFF(Role.ASSESSOR, ok=405),
    "results_amend": STAFF(Role.ASSESSOR, ok=405),
    "results_session_export": STAFF(*RESULT_READERS, ok=404),
    "results_period_export": STAFF(*RESULT_READERS),
    # --- scheduling: the candidate's exam ------------------------------------------------------
    "exam_schedule": CANDIDATE(),
    "exam_seat_take": CANDIDATE(405),
    "exam_seat_move": CANDIDATE(405),
    # No seat to give back: back to the schedule.
    "exam_seat_release": CANDIDATE(Redirect("exam_schedule")),
    # The waiting list: POST-only, the candidate's own entry and offer (no id in the URL).
    "exam_waitlist_join": CANDIDATE(405),
    "exam_waitlist_leave": CANDIDATE(405),
    "exam_offer_accept": CANDIDATE(405),
    # The exam card: the candidate's own seat only (none here: 404); its check page is public,
    # and a made-up token answers "not known" with 404.
    "exam_card_download": CANDIDATE(404),
    "exam_card_check": PUBLIC(404),
    # --- certificates: staff -------------------------------------------------------------------
    "certificates_queue": STAFF(*CERTIFICATE_STAFF),
    "certificates_batch": STAFF(*CERTIFICATE_STAFF, ok=405),
    "certificates_detail": STAFF(*CERTIFICATE_STAFF, ok=404),
    "certificates_data_update": STAFF(Role.CERTIFICATE_OFFICER, ok=405),
    "certificates_dispose": STAFF(Role.BKPSDM_OFFICER, ok=405),
    "certificates_ship": STAFF(Role.CERTIFICATE_OFFICER, ok=405),
    "certificates_deliver": STAFF(Role.CERTIFICATE_OFFICER, ok=405),
    "certificates_download": STAFF(*CERTIFICATE_STAFF, ok=404),
    "certificates_act": STAFF(*CERTIFICATE_STAFF, ok=405),
    # Bulk downloads (ZIP): the certificate officer's; a job nobody here asked for is 404.
    "certificates_bulk_request": STAFF(Role.CERTIFICATE_OFFICER, ok=405),
    "certificates_bulk_progress": STAFF(Role.CERTIFICATE_OFFICER, ok=404),
    "certificates_bulk_status": STAFF(Role.CERTIFICATE_OFFICER, ok=404),
    "certificates_bulk_download": STAFF(Role.CERTIFICATE_OFFICER, ok=404),
    # --- certificates: the candidate's own -----------------------------------------------------
    "certificate_mine": CANDIDATE(),
    "certificate_confirm": CANDIDATE(405),
    "certificate_correction": CANDIDATE(405),
    "certificate_received": CANDIDATE(405),
    "certificate_download": CANDIDATE(404),
    "certificate_result_letter": CANDIDATE(404),
    # The holder's Verifiable Credential: their own signed certificate only (else 404).
    "certificate_credential": CANDIDATE(404),
    # --- certificates: public verification -----------------------------------------------------
    "certificate_verify_form": PUBLIC(),
    "certificate_verify": PUBLIC(),  # the page says the number is unknown
    "api_certificate": PUBLIC(404),  # JSON: unknown number
    "api_schema": PUBLIC(),
    # --- certificates: the credentials' public documents (keys and revocation bits only) -------
    "credential_issuer": PUBLIC(),
    "credential_jwks": PUBLIC(),
    "credential_did": PUBLIC(),
    "credential_status_list": PUBLIC(404),  # no certificate issued: no list yet
    # --- complaints ----------------------------------------------------------------------------
    "complaint_new": PUBLIC(),
    # Nothing submitted in this session: back to the form.
    "complaint_submitted": PUBLIC(Redirect("complaint_new")),
    "complaint_track_lookup": PUBLIC(),
    "complaint_track": PUBLIC(404),
    "complaint_intake_api": PUBLIC(405),  # POST with a bearer token, for other systems
    "complaint_intake_schema": PUBLIC(),
    "webhooks_schema": PUBLIC(),  # the webhooks' OpenAPI document: shapes, no data
    "complaints_queue": STAFF(Role.COMPLAINT_HANDLER),
    "complaints_record": STAFF(Role.COMPLAINT_HANDLER),
    "complaints_detail": STAFF(Role.COMPLAINT_HANDLER, ok=404),
    "complaints_assign": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    "complaints_priority": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    "complaints_name_staff": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    "complaints_transition": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    "complaints_message": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    "complaints_note": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    "complaints_seal_open": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    "complaints_about": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    "complaints_detach": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    "complaints_cluster_detail": STAFF(Role.COMPLAINT_HANDLER, ok=404),
    "complaints_cluster_answer": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    "complaints_cluster_transition": STAFF(Role.COMPLAINT_HANDLER, ok=405),
    # The supervisor's monthly seal report and a month's CSV.
    "complaints_seal_report": STAFF(Role.COMPLAINT_SUPERVISOR),
    "complaints_seal_csv": STAFF(Role.COMPLAINT_SUPERVISOR),
    "complaints_attachment": STAFF(Role.COMPLAINT_HANDLER, ok=404),
    "complaint_report_public": PUBLIC(),
    "complaint_report_public_pdf": PUBLIC(),
    "complaint_report_staff": STAFF(*COMPLAINT_REPORTERS),
    "complaint_report_staff_download": STAFF(*COMPLAINT_REPORTERS),
    # --- satisfaction survey -------------------------------------------------------------------
    "survey_results": STAFF(*COMPLAINT_REPORTERS),
    "survey_results_export": STAFF(*COMPLAINT_REPORTERS),
    "survey_thanks": PUBLIC(),
    # Logged in with no finished application: the "nothing to rate yet" page.
    "survey_application": LOGGED_IN(),
    "survey_complaint": PUBLIC(404),
    "survey_public": PUBLIC(),
    # --- open data: figures only, public ------------------------------------------------------
    "opendata_index": PUBLIC(),
    "opendata_provider": PUBLIC(),
    "opendata_table": PUBLIC(),
    "opendata_table_schema": PUBLIC(),
    "opendata_json_schema": PUBLIC(),
    # --- service standards ---------------------------------------------------------------------
    "service_standards": PUBLIC(),
    "service_standard": PUBLIC(),
}

SAMPLE_KWARGS["ipasn_file"] = {"kind": "surat"}
SAMPLE_KWARGS["ipasn_agency_file"] = {"kind": "pdf"}

# Single (url name, role) cells whose actual answer is an access bug: the matrix keeps the
# correct expectation, and the cell must still answer wrongly (strict, as an xfail: once it
# answers right, test_access_matrix fails until the entry is removed).
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry, prefix + str(entry.pattern)


def _checked(route: str) -> bool:
    route = route.replace("^", "")  # regex routes (allauth's) start their part with ^
    if route.startswith(KEPT_ACCOUNT_ROUTES):
        return True
    return not route.startswith(SKIPPED_PREFIXES)


def _key(pattern: URLPattern, route: str) -> str:
    return pattern.name or f"<unnamed: {route}>"


URLS = {_key(p, r): p for p, r in _patterns() if _checked(r)}


def _sample_path(name: str) -> str:
    samples = {UUIDConverter: uuid.uuid4(), IntConverter: 1}
    converters = URLS[name].pattern.converters
    kwargs = {key: samples.get(type(converter), "x") for key, converter in converters.items()}
    kwargs.update(SAMPLE_KWARGS.get(name, {}))
    return reverse(name, kwargs=kwargs)


# --- users ------------------------------------------------------------------------------------
# One user per role, made once for the module (tests/module_data.py): each cell of the matrix is
# a GET, and making its user took as long again.


def role_users_make(make) -> dict:
    """One user per role of ROLES but the anonymous visitor, made with `make` (tests.users.
    user_make, or the make_user fixture)."""
    return {
        # A NIP outside tests.factories' (whose users the factories of the tests below would
        # otherwise find and reuse, e.g. as the account of a claim).
        "candidate_a": make(
            "197705172003122001", nip="197705172003122001", first_name="Rina Wulandari"
        ),
        "candidate_b": make("199001152014031002", nip="199001152014031002"),
        "verifier": make("verifikator", Role.VERIFIER),
        "scheduler": make("panitia", Role.SCHEDULER),
        "assessor": make("asesor", Role.ASSESSOR),
        "bkpsdm_officer": make("bkpsdm", Role.BKPSDM_OFFICER),
        "certificate_officer": make("sertifikat", Role.CERTIFICATE_OFFICER),
        "signing_official": make("penandatangan", Role.SIGNING_OFFICIAL),
        "complaint_handler": make("pengaduan", Role.COMPLAINT_HANDLER),
        "complaint_supervisor": make("supervisor-pengaduan", Role.COMPLAINT_SUPERVISOR),
        "administrator": make("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
    }


@pytest.fixture(scope="module")
def matrix_users(django_db_setup, django_db_blocker, tmp_path_factory):
    def users(_media) -> dict:
        make = functools.partial(user_make, password=PASSWORD)
        return {
            **role_users_make(make),
            # What the Administrator role itself grants: is_staff and the group, not a superuser.
            "administrator_group": make("admin-grup", Role.ADMINISTRATOR, is_staff=True),
        }

    yield from module_data(django_db_blocker, tmp_path_factory.mktemp("matrix"), users)


@pytest.fixture(scope="module")
def matrix_sessions(matrix_users, django_db_blocker, tmp_path_factory):
    """Each matrix user's session cookie, signed in once for the module as force_login signs in
    (logging in again for every URL and role was most of the matrices' time). A request that
    changes its session changes it inside its test's savepoint, rolled back after it."""

    def sessions(_media) -> dict:
        keys = {}
        for role, user in matrix_users.items():
            client = Client()
            client.force_login(user)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return keys

    yield from module_data(django_db_blocker, tmp_path_factory.mktemp("sessions"), sessions)


def _signed_in(client: Client, session_key: str | None) -> Client:
    """The client with the session cookie of a matrix user (None: nobody's)."""
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


# The conftest fixtures the other tests here ask for are the matrix's users (their usernames are
# taken in this module).


@pytest.fixture
def verifier(matrix_users):
    return matrix_users["verifier"]


@pytest.fixture
def administrator(matrix_users):
    return matrix_users["administrator"]


@pytest.fixture
def administrator_group(matrix_users):
    return matrix_users["administrator_group"]


def _answers(response, expected) -> bool:
    if isinstance(expected, Redirect):
        location = urlsplit(response.get("Location", "")).path
        return response.status_code == 302 and location == reverse(expected.to)
    if isinstance(expected, set | frozenset):
        return response.status_code in expected
    return response.status_code == expected


def _answer(response) -> str:
    return f"{response.status_code} {response.get('Location', '')}".strip()


# --- tests ------------------------------------------------------------------------------------


def test_every_url_has_an_entry():
    found = set(URLS)
    missing = sorted(found - MATRIX.keys())
    stale = sorted(MATRIX.keys() - found)
    assert not missing, f"URLs without an entry in MATRIX: {missing}"
    assert not stale, f"MATRIX entries for URLs that no longer exist: {stale}"


def test_every_entry_covers_every_role():
    incomplete = {name: set(ROLES) ^ row.keys() for name, row in MATRIX.items()}
    assert not {name: roles for name, roles in incomplete.items() if roles}


def test_known_bugs_are_matrix_cells():
    assert all(name in MATRIX and role in ROLES for name, role in KNOWN_BUGS)


def test_no_candidate_or_anonymous_visitor_gets_a_staff_page():
    for name, pattern in URLS.items():
        if getattr(pattern.callback, "portal_staff_only", False):
            row = MATRIX.get(name, {})
            assert row.get("anonymous") == LOGIN, name
            assert all(row.get(role) == 403 for role in CANDIDATES), name


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(matrix_sessions, name):
    """Every role's GET of the URL, each from a new client in a savepoint of its own (rolled
    back, the cache emptied: as if each were a test of its own); every wrong answer is named."""
    if name not in URLS:
        pytest.fail(f"{name} is in MATRIX but not in the URLconf")
    path = _sample_path(name)
    wrong = []
    for role in ROLES:
        expected = MATRIX[name][role]
        client = _signed_in(Client(), matrix_sessions.get(role))
        with transaction.atomic():
            try:
                response = client.get(path)
                _body(response)  # a streamed file is read to its end, which closes it
            except Exception as error:  # named below with the other wrong answers
                response = error
            transaction.set_rollback(True)
        cache.clear()
        if isinstance(response, Exception):
            wrong.append(f"{role}: expected {expected}, raised {response!r}")
            continue
        right = _answers(response, expected)
        if (name, role) in KNOWN_BUGS:
            if right:
                wrong.append(f"{role}: answers right, no longer a KNOWN_BUGS entry")
        elif not right:
            wrong.append(f"{role}: expected {expected}, got {_answer(response)}")
    assert not wrong, f"GET {path} ({name}):\n" + "\n".join(wrong)


# --- /admin/ ----------------------------------------------------------------------------------

ADMIN_ROLES = (*ROLES, "administrator_group")
ADMIN_MATRIX = admin_matrix(ROLES)
ADMIN_URLS = {
    key
    for pattern, route in _patterns()
    if route.startswith("admin/")
    for key in admin_keys(pattern, route)
}


def test_every_admin_url_has_an_entry():
    missing = sorted(ADMIN_URLS - ADMIN_MATRIX.keys())
    stale = sorted(ADMIN_MATRIX.keys() - ADMIN_URLS)
    assert not missing, f"Admin URLs without an entry in tests/admin_matrix.py: {missing}"
    assert not stale, f"tests/admin_matrix.py entries for admin URLs that no longer exist: {stale}"


def test_every_admin_entry_covers_every_role():
    incomplete = {key: set(ADMIN_ROLES) ^ row.keys() for key, row in ADMIN_MATRIX.items()}
    assert not {key: roles for key, roles in incomplete.items() if roles}


def test_the_administrators_are_as_the_admin_matrix_assumes(administrator, administrator_group):
    assert administrator.is_staff and administrator.is_superuser
    assert not administrator_group.is_superuser and administrator_group.is_staff
    for user in (administrator, administrator_group):
        assert list(user.groups.values_list("name", flat=True)) == [Role.ADMINISTRATOR]


@pytest.mark.parametrize("key", sorted(ADMIN_MATRIX))
def test_admin_access_matrix(client, matrix_sessions, key):
    path = admin_sample_path(key)
    wrong = {}
    for role in ADMIN_ROLES:
        _signed_in(client, matrix_sessions.get(role))

        # (No response.close(): the test client has closed it, and closing it again would
        # close the database connection, as request_finished does at the end of a request.)
        response = client.get(path)

        expected = ADMIN_MATRIX[key][role]
        if isinstance(expected, AdminRedirect):
            location = urlsplit(response.get("Location", "")).path
            right = response.status_code == 302 and location == admin_redirect_path(expected)
        else:
            right = response.status_code == expected
        if not right:
            wrong[role] = _answer(response)

    assert not wrong, f"{path}: {wrong}"


# --- a second provider ---------------------------------------------------------------------------
# Staff belong to providers (issue 14): a role held at one provider opens none of another's
# cases. The librarian exam's objects (Pusat Pembinaan Pustakawan, Perpusnas: an application in
# verification with its documents, an account claim — claims are about the librarians' registry,
# Perpusnas's alone —, an exam session with a seat and a result, a certificate, a complaint with
# an attachment) are tried, through every staff URL (views marked portal_staff_only) with their
# real ids, by a member of another provider's staff holding every role there: each object page
# answers 404 (a POST-only one to a POST), as for an id that exists nowhere, and no list, count
# page or export shows any of them.

OTHER_PROVIDER = "balai-pemetaan-kompetensi-lan"
MARK = "Zetaprov"  # in every name and subject of the Perpusnas objects below
STAFF_URLS = sorted(name for name, p in URLS.items() if getattr(p.callback, "portal_staff_only", 0))
# Non-id parts of the staff URLs: a real format, kind or action, so only the id can refuse.
STAFF_SAMPLE_VALUES = {"fmt": "csv", "kind": "pdf", "action": "validasi"}


@pytest.fixture
def perpusnas_cases(make_user):
    """One case of the librarian exam at every stage; returns each URL keyword's value by the
    URL name's prefix (the same keyword names different objects in different apps)."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from complaints.constants import ComplaintKind
    from complaints.services import complaint_submit
    from portal.models import Service
    from registration.constants import ApplicationStatus
    from scheduling.constants import Attendance, Outcome, SessionMode, SessionStatus
    from scheduling.models import ExamSession
    from scheduling.results import result_record
    from scheduling.services import seat_attendance_mark, seat_take
    from tests.factories import (
        AccountClaimFactory,
        ApplicationFactory,
        CertificateFactory,
        ProfileFactory,
        UserFactory,
        pdf_bytes,
    )

    def candidate(name):
        return ProfileFactory(user=UserFactory(first_name=f"{MARK} {name}")).user

    exam = Service.objects.get(slug=LIBRARIAN_EXAM)
    scheduler = make_user("panitia-perpusnas", Role.SCHEDULER)
    head = make_user("ketua-perpusnas", Role.ASSESSOR)
    application = ApplicationFactory(candidate=candidate("Wiradana"), submitted=True)
    claim = AccountClaimFactory(full_name=f"{MARK} Pemilik Klaim")
    now = timezone.now()
    session = ExamSession.objects.create(
        service=exam,
        head_assessor=head,
        starts_at=now + timedelta(days=14),
        ends_at=now + timedelta(days=14, hours=3),
        mode=SessionMode.ONLINE,
        meeting_link=f"https://zoom.example.test/j/{MARK}",
        platform="Zoom",
        capacity=10,
        booking_opens_at=now - timedelta(days=1),
        booking_closes_at=now + timedelta(days=7),
        status=SessionStatus.OPEN,
    )
    seated = ApplicationFactory(candidate=candidate("Laksmi"), status=ApplicationStatus.VERIFIED)
    seat = seat_take(session=session, application=seated, actor=scheduler)
    ExamSession.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        booking_closes_at=now - timedelta(days=1),
        status=SessionStatus.CLOSED,
    )
    seat_attendance_mark(seat=seat, attendance=Attendance.PRESENT, actor=head)
    result = result_record(seat=seat, actor=head, outcome=Outcome.PASSED)
    certificate = CertificateFactory(
        application=ApplicationFactory(
            candidate=candidate("Kartika"), status=ApplicationStatus.PASSED
        ),
        name=f"{MARK} Kartika, S.I.Pust.",
    )
    complaint = complaint_submit(
        kind=ComplaintKind.COMPLAINT,
        subject=f"{MARK} berkas tidak terunggah",
        description="Unggahan SK selalu gagal.",
        service=exam,
        reporter_name=f"{MARK} Pelapor",
        reporter_email="pelapor@example.test",
        attachments=[SimpleUploadedFile("bukti.pdf", pdf_bytes(), "application/pdf")],
        # About a document requirement: it opens a cluster (the cluster pages' object).
        about_kind="persyaratan",
        about_key=str(exam.requirements.order_by("pk").first().pk),
    )
    assert complaint.provider_id == exam.provider_id and complaint.cluster_id
    # An anonymous reporter's seal opened by Perpusnas's team: its reason is in the seal report.
    from complaints.constants import SealPurpose
    from complaints.services import complaint_seal_open

    complaint_seal_open(
        complaint=complaint_submit(
            kind=ComplaintKind.COMPLAINT,
            subject=f"Anonim {MARK}",
            description="Petugas meminta imbalan.",
            service=exam,
            reporter_name=f"{MARK} Anonim",
            anonymous=True,
        ),
        actor=make_user("pengaduan-perpusnas", Role.COMPLAINT_HANDLER),
        purpose=SealPurpose.CALL_BACK,
        reason=f"{MARK} perlu menghubungi pelapor kembali.",
    )
    # An exam session of the engine's seed 002 (BKPSDM, not LAN either) with a participant.
    engine_session, engine_case = _engine_exam_session(scheduler)
    # What a list page must not show of them: their names (MARK) and their pages' addresses.
    casework = _casework_case(f"{MARK} Sulastri")
    # assessments (cooperation): an institution registered at Perpusnas, unverified.
    from casework.models import Institution

    institution = Institution.objects.create(
        provider=exam.provider, name=f"{MARK} Instansi", registered_at=now
    )
    # ipasn (seed 003): a Perangkat Daerah's report at BKPSDM, submitted, and an agency laporan.
    ipasn_report, ipasn_summary = _ipasn_report(f"{MARK} Dinas", scheduler)
    # objections: a rejected application's objection, waiting for the verifiers' answer.
    from objections.models import Objection

    rejected = ApplicationFactory(candidate=candidate("Sanggah"), status=ApplicationStatus.REJECTED)
    objection = Objection.objects.create(
        application=rejected,
        kind="verification",
        decided_at=now,
        reason="Berkas SK saya sudah dilegalisir dan jelas terbaca.",
    )
    # A bulk download (ZIP) of Perpusnas's certificates, made, asked for by its officer.
    from django.core.files.base import ContentFile

    from certificates.constants import BulkKind, BulkStatus
    from certificates.models import BulkDownload

    bulk = BulkDownload(
        requested_by=make_user("petugas-sertifikat-perpusnas", Role.CERTIFICATE_OFFICER),
        provider_id=exam.provider_id,
        kind=BulkKind.CERTIFICATES,
        stage=certificate.status,
        certificate_ids=[certificate.pk],
        selection_key="0" * 64,
        status=BulkStatus.READY,
        done=1,
        total=1,
        expires_at=now + timedelta(hours=24),
    )
    bulk.file.save(f"{MARK}.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    bulk.save()
    shown_as = [
        reverse("ipasn_staff_report", args=[ipasn_report.public_id]),
        reverse("casework_staff_case", args=[casework.public_id]),
        reverse("verification_detail", args=[application.public_id]),
        reverse("verification_account_claim", args=[claim.public_id]),
        reverse("scheduling_session", args=[session.pk]),
        reverse("results_session", args=[session.pk]),
        reverse("certificates_detail", args=[certificate.public_id]),
        reverse("complaints_detail", args=[complaint.public_id]),
        reverse("objections_staff_detail", args=[objection.public_id]),
    ]
    return {
        "traces": [MARK, *shown_as],
        "verification_account_claim": {
            "public_id": claim.public_id,
            "document_id": claim.documents.first().public_id,
        },
        "verification": {
            "public_id": application.public_id,
            "document_id": application.documents.first().public_id,
        },
        "scheduling": {"pk": session.pk, "seat_pk": seat.pk},
        "results": {"pk": session.pk, "seat_id": seat.pk, "result_id": result.pk},
        "certificates": {"public_id": certificate.public_id},
        "certificates_bulk": {"public_id": bulk.public_id},
        "complaints": {
            "public_id": complaint.public_id,
            "attachment_id": complaint.attachments.first().public_id,
        },
        "complaints_cluster": {"public_id": complaint.cluster.public_id},
        "casework_staff": {
            "public_id": casework.public_id,
            "document_id": casework.documents.first().public_id,
        },
        "casework_exam": {"pk": engine_session.pk, "public_id": engine_case.public_id},
        "assessments_institution": {"pk": institution.pk},
        "ipasn_staff": {"public_id": ipasn_report.public_id},
        "ipasn_agency": {"public_id": ipasn_summary.public_id},
        "objections_staff": {"public_id": objection.public_id},
    }


def _ipasn_report(name: str, creator):
    """A Perangkat Daerah's IP-ASN report (seed 003, BKPSDM) just submitted, through the
    services, and an agency laporan of its year."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from casework.constants import InstitutionKind
    from casework.models import Institution
    from ipasn.models import AgencySummary, RecapEntry
    from ipasn.services import reports
    from portal.models import Service
    from tests.factories import UserFactory, pdf_bytes

    service = Service.objects.get(slug="indeks-profesionalitas-asn")
    institution = Institution.objects.create(
        provider=service.provider,
        name=name,
        kind=InstitutionKind.REGIONAL_GOVERNMENT,
        verified_at=timezone.now(),
    )
    operator = UserFactory()
    institution.operators.add(operator)
    report = reports.report_create(
        service=service, institution=institution, operator=operator, year=2025
    )
    letter = SimpleUploadedFile("surat.pdf", pdf_bytes(), content_type="application/pdf")
    report = reports.report_letter_attach(report=report, actor=operator, file=letter)
    RecapEntry.objects.create(report=report, row=2, nip="198609262015051001", name=name)
    report.recap_file.save("rekapitulasi.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    report.save(update_fields=["recap_file"])
    report = reports.report_submit(report=report, actor=operator)
    summary = AgencySummary.objects.create(service=service, year=2025, created_by=creator)
    summary.pdf.save("badan.pdf", ContentFile(pdf_bytes()))
    return report, summary


def _casework_case(name: str):
    """A seed 002 case at BKPSDM, at its completeness check with one document: the engine's
    staff pages name it; for LAN's staff it is another provider's, as Perpusnas's are."""
    import datetime
    import hashlib

    from django.core.files.base import ContentFile

    from casework.models import Case, CaseDocument
    from casework.services.engine import case_submit
    from portal.models import Service
    from registration.models import Rank, User
    from tests.factories import pdf_bytes

    service = Service.objects.get(slug="sertifikasi-profesi-pns")
    sender = User.objects.create_user("pemohon-mandiri", "mandiri@example.test")
    case = Case.objects.create(
        service=service,
        submitted_by=sender,
        nip="198609262015052001",
        name=name,
        birth_place="Singkawang",
        birth_date=datetime.date(1986, 9, 26),
        sex="P",
        rank=Rank.objects.get(code="III/a"),
        position="Pranata Komputer Ahli Pertama",
        work_unit="Sekretariat",
        education="S1",
        scheme="Pranata Komputer",
        email="mandiri@example.test",
        phone="081234567890",
    )
    content = pdf_bytes()
    CaseDocument.objects.create(
        case=case,
        requirement=service.requirements.get(code="skp"),
        version=1,
        file=ContentFile(content, name="skp.pdf"),
        original_name="skp.pdf",
        kind="pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=sender,
    )
    return case_submit(case=case, actor=sender)


def _engine_exam_session(creator):
    """A session of seed 002 (run by the workflow engine) with one participant."""
    import datetime

    from django.utils import timezone

    from casework.models import Case
    from casework.models import ExamSession as EngineSession
    from portal.models import Service
    from registration.models import Rank

    service = Service.objects.get(slug="sertifikasi-profesi-pns")
    session = EngineSession.objects.create(
        service=service,
        organiser=f"{MARK} LSP",
        scheme="Pranata Komputer",
        starts_at=timezone.now(),
        place="TUK",
    )
    case = Case.objects.create(
        service=service,
        submitted_by=creator,
        state="active",
        step=service.steps.get(kind="exam"),
        exam_session=session,
        nip="197505101999031002",
        name=f"{MARK} Peserta",
        birth_place="Singkawang",
        birth_date=datetime.date(1975, 5, 10),
        sex="L",
        rank=Rank.objects.get(code="III/a"),
        position="Pranata Komputer",
        work_unit="Sekretariat",
        education="S1",
        scheme="Pranata Komputer",
        email="peserta@example.test",
        phone="081234567890",
    )
    return session, case


@pytest.fixture
def other_provider_staff(make_user):
    """Every staff role, and the admin, at another provider (LAN's Balai Layanan Pemetaan
    Kompetensi); nothing at Perpusnas."""
    from portal.models import Provider

    return make_user(
        "staf-lan",
        *Role,
        provider=Provider.objects.get(slug=OTHER_PROVIDER),
        is_staff=True,
        first_name="Staf LAN",
    )


def _other_provider_kwargs(name: str, cases: dict) -> tuple[dict, bool]:
    """The URL's keywords with the Perpusnas objects' ids, and whether it names an object."""
    converters = URLS[name].pattern.converters
    ids = [key for key, c in converters.items() if isinstance(c, UUIDConverter | IntConverter)]
    kwargs = {key: STAFF_SAMPLE_VALUES[key] for key in converters if key not in ids}
    if ids:
        prefix = max((p for p in cases if name.startswith(p + "_")), key=len)
        kwargs.update({key: cases[prefix][key] for key in ids})
    return kwargs, bool(ids)


def _traces(body: str, cases: dict) -> list[str]:
    return [trace for trace in cases["traces"] if trace in body]


def _body(response) -> str:
    if not getattr(response, "streaming", False):
        return response.content.decode("utf-8", errors="replace")
    # Read to its end, the test client's wrapper closes the file (closing it again would send
    # request_finished once more, which closes the database connection).
    return b"".join(response.streaming_content).decode("utf-8", errors="replace")


def test_another_providers_staff_gets_404_on_every_staff_url_and_sees_none_of_its_cases(
    client, perpusnas_cases, other_provider_staff
):
    client.force_login(other_provider_staff)
    wrong = {}
    for name in STAFF_URLS:
        kwargs, names_object = _other_provider_kwargs(name, perpusnas_cases)
        path = reverse(name, kwargs=kwargs)
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path, {})
        status, body = response.status_code, _body(response)
        if names_object and status != 404:
            wrong[name] = f"{status} (expected 404)"
        elif not names_object and (status >= 500 or _traces(body, perpusnas_cases)):
            wrong[name] = f"{status}, shows {_traces(body, perpusnas_cases)}"
    assert not wrong, f"Staff of {OTHER_PROVIDER} reach Perpusnas's cases: {wrong}"


def test_a_person_with_the_roles_at_both_providers_reaches_the_cases(
    client, perpusnas_cases, make_user
):
    """The check above refuses by provider, not by person: the same pages open to whoever also
    holds the roles at Perpusnas (a sample of object pages, and every list naming cases)."""
    from portal.models import Provider

    both = make_user(
        "staf-dua",
        *Role,
        provider=list(
            Provider.objects.filter(slug__in=[OTHER_PROVIDER, "pusat-pembinaan-pustakawan"])
        ),
        is_staff=True,
    )
    client.force_login(both)
    for name in (
        "verification_detail",
        "scheduling_session",
        "certificates_detail",
        "complaints_detail",
        "complaints_cluster_detail",
    ):
        kwargs, _ = _other_provider_kwargs(name, perpusnas_cases)
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200, name
    shown = set()
    for name in STAFF_URLS:
        kwargs, names_object = _other_provider_kwargs(name, perpusnas_cases)
        if not names_object:
            response = client.get(reverse(name, kwargs=kwargs))
            if _traces(_body(response), perpusnas_cases):
                shown.add(name)
    # The lists that name cases show them (so the check above can fail); the others count them
    # (staff home, reports) or list only the reader's own panels (results).
    assert shown == {
        "verification_queue",
        "verification_account_claims",
        "scheduling_sessions",
        "certificates_queue",
        "complaints_queue",
        # The month's seal openings (the reason names MARK; never the reporter).
        "complaints_seal_report",
        "complaints_seal_csv",
        "objections_staff_queue",
    }


def test_another_providers_administrator_finds_nothing_of_perpusnas_in_the_admin(
    client, other_provider_staff, verifier
):
    """The admin is a door too: Perpusnas's provider record and its service are not found by
    LAN's administrator (the admin's "does not exist" redirect, as for a made-up id; removing is
    refused first), the lists leave them out, and Perpusnas's staff accounts are read-only."""
    from portal.models import Provider, Service

    perpusnas = Provider.objects.get(slug="pusat-pembinaan-pustakawan")
    exam = Service.objects.get(slug=LIBRARIAN_EXAM)
    client.force_login(other_provider_staff)
    wrong = {}
    for model, obj in (("provider", perpusnas), ("service", exam)):
        for page in ("change", "history", "delete"):
            path = reverse(f"admin:portal_{model}_{page}", args=[obj.pk])
            response = client.get(path)
            not_found = response.status_code == 302 and response["Location"] == reverse(
                "admin:index"
            )
            if not (not_found or (page == "delete" and response.status_code == 403)):
                wrong[path] = response.status_code
        listed = client.get(reverse(f"admin:portal_{model}_changelist"))
        if obj in listed.context["cl"].result_list:
            wrong[f"{model} list"] = "listed"
    account = reverse("admin:registration_user_change", args=[verifier.pk])
    if client.post(account, {"username": "diambil", "email": "x@example.test"}).status_code != 403:
        wrong[account] = "changed"
    password = reverse("admin:auth_user_password_change", args=[verifier.pk])
    if client.get(password).status_code != 403:
        wrong[password] = "open"

    assert not wrong
