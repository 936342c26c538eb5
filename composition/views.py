"""Pages that show several apps at once: the public home page, the candidate's dashboard and the
staff home page."""

import dataclasses
import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import DatabaseError, connection
from django.db.models import Exists
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from assessments.selectors.public import (
    assessment_asesi_question,
    assessment_staff_links,
    assessment_user_links,
    operates_casework_institution,
)
from casework.selectors import casework_staff_links, casework_user_links, casework_user_questions
from certificates import workflow as certificate_workflow
from certificates.constants import CertificateStatus
from certificates.selectors import certificate_next_action, certificate_stage_tallies
from complaints.staff_selectors import team_counts
from composition import dashboard_cache
from composition.links import assessment_url, casework_url, ipasn_url
from ipasn.public import operator_link as ipasn_operator_link
from ipasn.public import staff_counts as ipasn_staff_counts
from portal import prepared
from portal.catalogue import (
    catalogue_by_provider,
    requirement_list,
    service_by_flow_key,
    service_get_by_flow,
)
from portal.constants import OnlineFlow, Role
from portal.kept import kept
from portal.middleware import database_connection_error
from portal.models import Service, StaffRole
from portal.precompiled import STAND_IN
from portal.providers import (
    CATALOGUE_HTML_KEY,
    HOME_REQUIREMENTS_KEY,
    STANDARD_GENERATION_KEY,
    cached_html,
    page_service_set,
    page_without_database,
)
from portal.roles import is_staff_member, user_roles
from registration.candidate_selectors import application_overview, candidate_profile_question
from registration.selectors import (
    claim_panel_member,
    claims_waiting_count,
    librarian_get_by_nip,
)
from scheduling.candidate_selectors import exam_overview
from scheduling.constants import Outcome
from scheduling.selectors import assessor_counts, scheduler_counts
from verification.selectors import verifier_queue_counts


def home(request):
    """The portal's own page: who runs which service on it, each service's fee and how one
    applies, then the steps and documents of the service candidates apply for here. The
    catalogue's part (portal/includes/home_catalogue.html: the same for every visitor) is kept
    rendered per language until a provider or a service changes (portal.providers)."""

    def catalogue_html(providers) -> str:
        return render_to_string(
            "portal/includes/home_catalogue.html",
            {
                "providers": providers,
                "service_count": sum(len(p.active_services) for p in providers or ()),
                "online_service": online_service,
                "casework_flow": OnlineFlow.CASEWORK,
                "assessment_flow": OnlineFlow.INSTITUTION_ASSESSMENT,
                "ipasn_flow": OnlineFlow.IPASN_REPORT,
                "ipasn_home_url": ipasn_url("ipasn_home"),
                "institution_register_url": assessment_url("assessments_institution_register"),
                "proposals_url": casework_url("casework_proposals"),
            },
            request=request,
        )

    try:
        try:
            online_service = service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
        except Service.DoesNotExist:
            online_service = None  # switched off: the page stays, without its section
        catalogue = cached_html(
            CATALOGUE_HTML_KEY.format(language=get_language()),
            lambda: catalogue_html(catalogue_by_provider()),
        )
        requirements = (
            # Kept with the standard pages: dropped when a requirement, a service or a
            # provider changes (portal.apps).
            kept(
                HOME_REQUIREMENTS_KEY.format(pk=online_service.pk),
                lambda: list(requirement_list(service=online_service)),
                generation_key=STANDARD_GENERATION_KEY,
                timeout=settings.PORTAL_PROVIDER_CACHE_SECONDS,
            )
            if online_service is not None
            else []
        )
    except DatabaseError as exc:
        # While the database cannot be reached the page is still served, without the catalogue
        # ("cannot be shown", not kept) and without the footer's directory (portal.middleware
        # answers 503 elsewhere).
        if not database_connection_error(exc):
            raise
        page_without_database(request)
        online_service, requirements = None, []
        catalogue = catalogue_html(None)
    return render(
        request,
        "portal/home.html",
        {
            "catalogue": catalogue,
            "online_service": online_service,
            "requirements": requirements,
        },
    )


def staff_or_external_required(view):
    """role_required() (any staff role), and external staff too: an LSP's assessor holds their
    role for one service only (portal.StaffRole.service), which role_required does not count,
    yet the staff home is where their exam sessions are."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.casework_staff_links = casework_staff_links(user=request.user)
        if not (is_staff_member(request.user) or request.casework_staff_links):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.portal_staff_only = True
    return wrapper


@staff_or_external_required
def staff_home(request):
    roles = user_roles(request.user)
    context = {
        "roles": sorted(roles),
        "casework": request.casework_staff_links,
        # Roles held for one service only (an LSP's assessor): named with their service.
        "service_roles": [
            (Role(row.role).label, row.service.name)
            for row in StaffRole.objects.filter(
                user_id=request.user.pk, service__isnull=False
            ).select_related("service")
            if row.role in Role.values
        ],
    }
    assessment = assessment_staff_links(user=request.user)
    if assessment:
        # LAN's staff on the institution assessment (seed 004): its queue and, for the
        # verifiers, the institution accounts waiting for verification.
        context["assessment_links"] = {
            "queue": assessment_url("assessments_staff_queue") if assessment.queue else "",
            "institutions": (
                assessment_url("assessments_institutions_pending")
                if assessment.institutions
                else ""
            ),
        }
    ipasn = ipasn_staff_counts(user=request.user)
    if ipasn is not None:
        # BKPSDM's officials on the IP-ASN report (seed 003): what waits on their roles.
        context["ipasn"] = ipasn
        context["ipasn_queue_url"] = ipasn_url("ipasn_staff_queue")
    if request.casework_staff_links:
        context["casework_urls"] = {
            "cases": casework_url("casework_staff_queue"),
            "decisions": casework_url("casework_decisions"),
            "exams": casework_url("casework_exam_sessions"),
        }
    if Role.VERIFIER in roles:
        context["verification"] = {
            **verifier_queue_counts(verifier=request.user, today=timezone.localdate()),
            # Claims are the librarian exam's provider's (None: not this verifier's work).
            "account_claims": claims_waiting_count() if claim_panel_member(request.user) else None,
        }
    if Role.SCHEDULER in roles:
        context["scheduling"] = scheduler_counts(user=request.user, now=timezone.now())
    if Role.ASSESSOR in roles:
        context["assessment"] = assessor_counts(user=request.user, now=timezone.now())
    if Role.COMPLAINT_HANDLER in roles:
        context["complaints"] = team_counts(handler=request.user, today=timezone.localdate())
    context["complaint_supervisor"] = Role.COMPLAINT_SUPERVISOR in roles
    # Each stage counts the certificates of the providers where the user works it.
    scopes = certificate_workflow.stage_providers(request.user)
    if scopes:
        tallies = certificate_stage_tallies(
            scopes=scopes, today=timezone.localdate(), reader=request.user
        )
        context["certificate_stages"] = [
            (stage, CertificateStatus(stage).label, *tallies[stage]) for stage in scopes
        ]
    return render(request, "portal/staff_home.html", context)


def _casework_context(links, assessment=None, ipasn=None) -> dict:
    context = {
        # A Perangkat Daerah operator at a provider running the IP-ASN report (seed 003): the
        # link to its pages with the state of the latest report.
        "ipasn": ipasn,
        "casework": links,
        "assessment": assessment,
    }
    if not (links or assessment or ipasn):
        # No card of links (composition/_casework_links.html): its addresses are not needed,
        # and a candidate without links would pay five reverse() calls for nothing.
        return context
    return {
        **context,
        "ipasn_home_url": ipasn_url("ipasn_home"),
        "casework_urls": {
            "own_cases": casework_url("casework_my_cases"),
            "proposals": casework_url("casework_proposals"),
        },
        "assessment_urls": {
            "institution": assessment_url("assessments_institution_home"),
            "asesi": assessment_url("assessments_asesi_home"),
        },
    }


def _user_links(user):
    """The engine's links (the proposals only for an operator of an institution whose provider
    runs one of its services: never for one registered only for LAN's assessment) and the
    institution assessment's."""
    links, assessment, _ = _user_links_and_ipasn(user, ipasn=False)
    return links, assessment


def _link_answers(user, **more) -> dict[str, bool]:
    """The engine's and the assessment's questions about the user (does any case, institution,
    participation exist?), and `more` of them (name: queryset), answered in one query instead
    of one each."""
    questions = {
        **casework_user_questions(user=user),
        "asesi": assessment_asesi_question(user=user),
        **more,
    }
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(**{name: Exists(queryset) for name, queryset in questions.items()})
        .get()
    )


# The dashboard's questions are compiled once per process for portal.precompiled's stand-in
# key (a primary key no user has), then asked with the reader's (_dashboard_answers); unlike
# Precompiled's single query, they are joined to the kept block's key query, so named here.
_STAND_IN_PK = STAND_IN
_dashboard_answers_sql: tuple[str, tuple, list[str]] | None = None


def _dashboard_answers_compiled() -> tuple[str, tuple, list[str]]:
    """The SQL of _link_answers(user, has_profile=...) for the stand-in user, with named
    parameters (a0, a1...), the parameters, and the answers' names in column order."""
    global _dashboard_answers_sql
    if _dashboard_answers_sql is None:
        stand_in = get_user_model()(pk=_STAND_IN_PK)
        questions = {
            **casework_user_questions(user=stand_in),
            "asesi": assessment_asesi_question(user=stand_in),
            "has_profile": candidate_profile_question(user=stand_in),
        }
        query = (
            get_user_model()
            .objects.filter(pk=_STAND_IN_PK)
            .values(**{name: Exists(queryset) for name, queryset in questions.items()})
            .query
        )
        sql, params = query.sql_with_params()
        # Named, so that composition.dashboard_cache's query (named too) can join it.
        pieces = sql.replace("%%", "\x00").split("%s")
        if len(pieces) != len(params) + 1:
            raise ImproperlyConfigured("The dashboard's questions: unexpected placeholders.")
        named = "".join(
            piece + (f"%(a{index})s" if index < len(params) else "")
            for index, piece in enumerate(pieces)
        ).replace("\x00", "%%")
        _dashboard_answers_sql = (named, tuple(params), list(query.annotation_select))
    return _dashboard_answers_sql


def _dashboard_answers(user, *, with_key: bool = False) -> tuple[dict[str, bool], str | None]:
    """_link_answers(user, has_profile=...) as the dashboard asks it on every request, without
    Django compiling the same five-subquery SQL each time (about a quarter of a cached
    dashboard's CPU): compiled once for a stand-in user, whose primary key is then swapped for
    the reader's in the parameters. The questions depend on the user's primary key only (a
    test compares both ways). with_key: in the same query, the key of the candidate's kept
    dashboard block (composition.dashboard_cache; None: not to be kept)."""
    sql, params, names = _dashboard_answers_compiled()
    values = {
        f"a{index}": user.pk if param == _STAND_IN_PK else param
        for index, param in enumerate(params)
    }
    if with_key:
        fingerprint = dashboard_cache.fingerprint_sql()
        sql = f"SELECT * FROM ({sql}) answers CROSS JOIN ({fingerprint}) f"  # noqa: S608
        values.update(dashboard_cache.fingerprint_params(user))
    with connection.cursor() as cursor:
        # Planned once per connection: some forty subqueries (portal.prepared).
        prepared.execute(cursor, sql, values)
        row = cursor.fetchone()
    # bool(): SQLite answers an EXISTS with 0 or 1 where the ORM would have converted it.
    answers = {name: bool(value) for name, value in zip(names, row[: len(names)], strict=True)}
    key = dashboard_cache.key_from_row(user=user, row=row[len(names) :]) if with_key else None
    return answers, key


def _user_links_and_ipasn(user, *, ipasn: bool = True, answers: dict | None = None):
    """_user_links, and the IP-ASN operator's link (None when not asked). casework_user_links'
    proposals say whether the user operates any institution at all: when not (every
    candidate), the assessment and the IP-ASN skip their own institution queries. One query
    for a person who operates no institution (none given its _link_answers)."""
    if answers is None and user.is_authenticated:
        answers = _link_answers(user)
    links = casework_user_links(user=user, answers=answers)
    operates_institution = links.proposals
    if links.proposals and not operates_casework_institution(user=user):
        links = dataclasses.replace(links, proposals=False)
    assessment = assessment_user_links(
        user=user,
        operates_institution=operates_institution,
        asesi=answers["asesi"] if answers is not None else None,
    )
    operator = (
        ipasn_operator_link(user=user, operates_institution=operates_institution) if ipasn else None
    )
    return links, assessment, operator


def _assessment_redirect(assessment):
    """A person whose only business here is LAN's assessment goes to its page: an operator to
    their institution's, an asesi to their own."""
    if assessment.institution:
        return redirect(assessment_url("assessments_institution_home"))
    return redirect(assessment_url("assessments_asesi_home"))


@login_required
def dashboard(request):
    # With the links' questions, whether the candidate has a profile: one query for all.
    # With the key of the block kept for the candidate (dashboard_cache), in the same query.
    answers, key = _dashboard_answers(
        request.user, with_key=request.user.nip is not None and dashboard_cache.enabled()
    )
    links, assessment, ipasn = _user_links_and_ipasn(request.user, answers=answers)
    if request.user.nip is None:
        if links or ipasn:
            # An institution's operator: their proposals, and the IP-ASN report of their
            # Perangkat Daerah with the state of the latest one, are their work here.
            return render(
                request,
                "composition/casework_dashboard.html",
                _casework_context(links, assessment, ipasn),
            )
        if assessment:
            return _assessment_redirect(assessment)
        # Staff land on their own home (an LSP's assessor of one service too); a bare
        # superuser (createsuperuser) on the admin.
        staff = is_staff_member(request.user) or casework_staff_links(user=request.user)
        return redirect("staff_home" if staff else "admin:index")
    if links or assessment or ipasn:
        key = None  # their card is not kept
    if key is not None:
        # The librarian exam's candidate (no other service's links): the page's block as it
        # was last rendered for exactly this state, when it was (composition.dashboard_cache),
        # read with the service the page is about in one round trip.
        service_key = service_by_flow_key(flow=OnlineFlow.CANDIDATE_APPLICATION)
        found = cache.get_many([key, service_key])
        if key in found:
            service = found.get(service_key)
            if service is None:  # not cached: read and kept
                service = _online_service()
            if isinstance(service, Service):
                page_service_set(request, service)
            return _dashboard_page(request, found[key])
    librarian = librarian_get_by_nip(nip=request.user.nip)
    # Its card shows no snapshot, verifier or purpose: the narrower query.
    overview = application_overview(
        user=request.user, related=False, has_profile=answers["has_profile"]
    )
    if (links or assessment) and librarian is None and overview["application"] is None:
        # An employee whose only business here is the engine's (seed 002) or LAN's assessment
        # (seed 004): the librarian exam's dashboard would only tell them their NIP is not a
        # librarian's.
        if not links:
            return _assessment_redirect(assessment)
        return render(
            request,
            "composition/casework_dashboard.html",
            _casework_context(links, assessment, ipasn),
        )
    if overview["service"] is not None:
        page_service_set(request, overview["service"])
    exam = exam_overview(
        candidate=request.user, service=overview["service"], application=overview["application"]
    )
    # After a pass, the result card says what to do about the certificate and by when.
    passed = exam["exam_result"] is not None and exam["exam_result"].outcome == Outcome.PASSED
    exam["certificate_next"] = (
        certificate_next_action(application=overview["application"]) if passed else None
    )
    context = {
        "librarian": librarian,
        **overview,
        **exam,
        **_casework_context(links, assessment, ipasn),
    }
    if key is None:
        return render(request, "composition/dashboard.html", context)
    content = render_to_string(
        "composition/dashboard.html", {**context, "dashboard_base": DASHBOARD_CONTENT_BASE}, request
    )
    # Kept only when the state did not move while it was read: a write committed between the
    # key's query and the reads above would otherwise be kept under the older state's key.
    if dashboard_cache.content_key(user=request.user) == key:
        cache.set(key, content, settings.PORTAL_DASHBOARD_CACHE_SECONDS)
    return _dashboard_page(request, content)


# composition/dashboard.html's content block alone (registration/dashboard.html extends
# dashboard_base, base.html by default): what composition/dashboard_page.html puts back.
DASHBOARD_CONTENT_BASE = "composition/dashboard_content_base.html"


def _dashboard_page(request, content: str):
    # Our own template's output (escaped when it was rendered), kept as a string in the cache.
    content = mark_safe(content)  # noqa: S308
    return render(request, "composition/dashboard_page.html", {"content": content})


def _online_service() -> Service | None:
    try:
        return service_get_by_flow(flow=OnlineFlow.CANDIDATE_APPLICATION)
    except Service.DoesNotExist:
        return None
