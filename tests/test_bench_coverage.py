"""Every page of the portal is driven or probed by `make bench` (issue 19), or excluded below with
its reason: a new page cannot escape the bench unnoticed.

A page is a URL pattern of config.urls whose view answers GET (its require_http_methods list has
GET, or it has none). It is covered when a path the bench requests resolves to it: the query
probes of scripts.bench.run (query_probes, built here from synthetic samples shaped as the
seed's) or a GET step of the load journey (scripts.bench.journey). Cheap: the modules are
imported, the paths resolved; no server, no database, no seed.
"""

import random
import uuid
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from scripts.bench.journey import ROLES
from scripts.bench.run import query_probes

# Whole URL prefixes outside the bench, with their reason.
EXCLUDED_PREFIXES = {
    # The Django admin: configuration by a few administrators, not a page of the services.
    "admin/": "the Django admin",
    # allauth's own account pages (password change and reset, e-mail, two-factor setup and
    # code): third-party views each person opens rarely. The login page itself is probed.
    "accounts/": "allauth's account pages (the login page is probed)",
}

# Pages (URL names) the bench does not request, each with its reason.
EXCLUDED = {
    # --- not a page: infrastructure ---
    "healthz": "the load balancer's health check",
    "set_language": "the language switch answers a POST with a redirect",
    # --- files, exports and PDFs (not HTML; certificate PDFs have their own bench phase) ---
    "document_file": "a candidate's uploaded document (file)",
    "verification_account_claim_file": "a claim's identity document (file)",
    "scheduling_roster_export": "session roster export (CSV/XLSX)",
    "scheduling_attendance_export": "attendance list export (CSV/XLSX/PDF)",
    "results_session_export": "a session's results export",
    "results_period_export": "the period's results recap export",
    "exam_card_download": "the exam card PDF (its public check page is probed)",
    "certificates_download": "a certificate's PDF for staff",
    "certificate_download": "a certificate's PDF for its holder",
    "certificate_result_letter": "the result letter PDF",
    "complaints_attachment": "a complaint's attachment (file)",
    "complaint_report_public_pdf": "the public complaint report as PDF",
    "complaint_report_staff_download": "the staff complaint report export",
    "complaints_seal_csv": "the month's seal openings as CSV (its page is probed)",
    "survey_results_export": "the IKM export",
    "casework_document": "an engine case's document (file)",
    "casework_decision_letter": "an engine decision letter PDF",
    "casework_issued_document": "an issued SKH (file)",
    "casework_issued_document_credential": "an issued SKH's Verifiable Credential (a file)",
    "casework_external_product_scan": "an LSP certificate scan (file)",
    "casework_handover_receipt": "a handover receipt (file)",
    "casework_payment_proof": "a payment proof (file)",
    "assessments_cover_letter": "an engagement's cover letter (file)",
    "assessments_agreement_draft": "the SPK draft PDF",
    "assessments_agreement_file": "a signed SPK (file)",
    "assessments_participants_template": "the participants' CSV template",
    "assessments_invoice_pdf": "the invoice PDF",
    "assessments_proof_file": "a payment proof (file)",
    "assessments_report_file": "an assessment report (file)",
    "ipasn_agency_file": "the agency recap's files",
    "ipasn_template": "the recap template (XLSX)",
    "ipasn_file": "a report's files",
    "objections_staff_file": "an objection's attachment, for staff (file)",
    "objection_file": "an objection's attachment, for its candidate (file)",
    "certificates_bulk_download": "a bulk ZIP of certificates (its build: the certificates phase)",
    "certificate_credential": "a certificate's Verifiable Credential for its holder (a file)",
    # --- JSON APIs (doors for machines, not pages; their rules are tested elsewhere) ---
    "api_certificate": "the certificate API (JSON)",
    "api_schema": "the certificate API's schema (JSON)",
    "complaint_intake_schema": "the complaint intake API's schema (JSON)",
    "webhooks_schema": "the webhooks' schema (JSON)",
    "certificates_bulk_status": "a bulk ZIP's progress, polled by its page (JSON)",
    # --- shown once after a form's POST (the POST itself is what a load would measure) ---
    "complaint_submitted": "after a complaint's POST (the journey POSTs complaints)",
    "register_done": "after the register form's POST",
    "account_claim_sent": "after the claim form's POST",
    "account_claim_submitted": "after the claim's POST",
    "application_submitted": "after the application's submission",
    "survey_thanks": "after the survey's POST",
    "assessments_institution_registered": "after an institution's registration POST",
    # --- a form opened from a mailed, single-use link whose token the seed does not keep ---
    "account_claim_continue": "the claim's mailed link (token not kept by the seed)",
    "assessments_invitation_accept": "an asesi's mailed invitation (token not kept)",
    # --- the confirmation or form of a rare staff write (a few a day), not measured ---
    "casework_decisions": "the engine's decisions page (signing official, 2FA; not seeded)",
    "certificates_bulk_progress": "a bulk ZIP's progress page (a rare staff request, not seeded)",
    "assessments_agreement_edit": "SPK form (rare write)",
    "assessments_agreement_first_party": "SPK signature form (rare write)",
    "assessments_agreement_second_party": "SPK signature form (rare write)",
    "assessments_session_new": "intake session form (rare write)",
    "assessments_session_edit": "intake session form (rare write)",
    "assessments_report_new": "report form (rare write)",
    "ipasn_staff_forward": "an official's forward form (rare write)",
    "ipasn_staff_process": "the analyst's processing form (rare write)",
    "ipasn_staff_return": "the return form (rare write)",
    "ipasn_staff_upload": "the BKN upload form (rare write)",
    "ipasn_staff_laporan": "the Laporan Data form (rare write)",
    "ipasn_staff_sign": "the signing form (rare write)",
    "ipasn_report_letter": "the operator's letter form (rare write)",
    "ipasn_report_recap": "the operator's recap upload form (rare write)",
    "ipasn_report_submit": "the operator's submit confirmation (rare write)",
    "ipasn_report_withdraw": "the operator's withdraw confirmation (rare write)",
}


def _uuid(n: int) -> str:
    return str(uuid.UUID(int=n, version=4))


def _samples() -> dict:
    """Samples shaped as scripts.bench.seed writes them (ids and sessions are placeholders)."""
    statuses = ["draft", "submitted", "verified", "scheduled", "passed", "failed", "rejected"]
    return {
        "candidates": [
            {
                "nip": f"19900101202001100{i}",
                "status": s,
                "purpose": "kenaikan_jenjang",
                "session": f"session-{s}",
            }
            for i, s in enumerate(statuses)
        ],
        "verifiers": ["session-verifier"],
        "upload_requirement": "sk-jabatan",
        "registered_nips": ["199001012020011001"],
        "unregistered_nips": ["199001012020011002"],
        "register_links": [{"nip": "199001012020011003", "token": "AbC-dEf_123"}],
        "tracking_codes": ["ABCD2345"],
        "certificate_numbers": ["0001/UKP/2026"],
        "certificate_qr": [{"number": "0001/UKP/2026", "token": "AbC-dEf_123"}],
        "credential_provider": "pusat-pembinaan-pustakawan",
        "claims": [
            {"public_id": _uuid(1), "status": "submitted"},
            {"public_id": _uuid(2), "status": "approved"},
        ],
        "standard_slugs": ["uji-kompetensi-pustakawan", "layanan-a", "layanan-b", "layanan-c"],
        "bare_user": "199001012020011004",
        "casework": {
            "operator": "s-op",
            "employee": "s-emp",
            "employee_case": _uuid(3),
            "verifier": "s-ver",
            "staff_case": _uuid(4),
            "assessor": "s-as",
            "proposal": _uuid(5),
            "exam_session": 7,
            "product_case": _uuid(6),
            "officer": "s-off",
        },
        "assessments": {
            "scheduler": "s-sch",
            "operator": "s-op",
            "asesi": "s-asesi",
            "engagement": _uuid(7),
            "participant": _uuid(8),
            "verifier": "s-ver",
        },
        "ipasn": {
            "operator": "s-op",
            "official": "s-off",
            "analyst": "s-an",
            "report": _uuid(9),
            "staff_report": _uuid(10),
            "last_page": 3,
        },
        "staff": {
            "scheduler": "s-sch",
            "assessor": "s-as",
            "officer": "s-off",
            "handler": "s-h",
            "supervisor": "s-sup",
            "exam_session": 11,
            "graded_session": 12,
            "application": _uuid(11),
            "certificate": _uuid(12),
            "complaint": _uuid(13),
            "complaint_cluster": _uuid(16),
            "survey_slug": "uji-kompetensi-pustakawan",
            "closed_complaint_code": "ABCD2346",
        },
        "objection": {
            "public_id": _uuid(14),
            "candidate": "s-c",
            "new_application": _uuid(15),
            "new_candidate": "s-c2",
        },
        "exam_card": {"token": "41.1:AbCdEf-123_x"},
    }


def _bench_paths() -> list[str]:
    samples = _samples()
    paths = [path for variants in query_probes(samples, 1000).values() for path, _ in variants]
    rng = random.Random(0)
    for role in ROLES.values():
        for step in role.steps:
            if step.method == "GET":
                # A step may draw among samples: a few draws reach each kind of path.
                paths += [step.path(samples, rng) for _ in range(5)]
    return paths


def _methods(view) -> list[str] | None:
    """The methods require_http_methods (require_GET, require_POST...) allows the view, found
    along its decorators' __wrapped__ chain; None when none restricts it."""
    while view is not None:
        for name, cell in zip(view.__code__.co_freevars, view.__closure__ or (), strict=True):
            if name == "request_method_list":
                return list(cell.cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


def _pages(patterns=None, prefix: str = ""):
    """(route, URL name) of every pattern whose view answers GET."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _pages(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            methods = _methods(pattern.callback)
            if methods is None or "GET" in methods:
                yield route, pattern.name


def _excluded_by_prefix(route: str) -> bool:
    return route.startswith(tuple(EXCLUDED_PREFIXES))


@pytest.fixture(scope="module")
def covered() -> set[str]:
    return {resolve(urlsplit(path).path).url_name for path in _bench_paths()}


def test_every_page_is_benched_or_excluded(covered):
    missing = sorted(
        f"{name} ({route})"
        for route, name in _pages()
        if not _excluded_by_prefix(route) and name not in covered and name not in EXCLUDED
    )
    assert not missing, (
        "Pages neither driven nor probed by make bench: add them to scripts.bench.journey or "
        "scripts.bench.run.query_probes (seeding what they need in scripts.bench.seed), or to "
        f"EXCLUDED here with the reason: {missing}"
    )


def test_exclusions_name_pages_the_bench_does_not_reach(covered):
    pages = {name for route, name in _pages() if not _excluded_by_prefix(route)}
    assert not sorted(set(EXCLUDED) - pages), "Excluded names that are no page of the portal"
    assert not sorted(set(EXCLUDED) & covered), "Excluded pages the bench does reach"


def test_bench_paths_resolve_to_pages():
    # A probe or a step whose path matched no pattern would measure a 404.
    pages = {name for _route, name in _pages()}
    for path in _bench_paths():
        assert resolve(urlsplit(path).path).url_name in pages, path


def test_post_only_views_are_not_pages():
    # The detection the coverage relies on: a decision is an action, the queue a page.
    names = {name for _route, name in _pages()}
    assert "verification_decide" not in names
    assert {"verification_queue", "dashboard", "home"} <= names
