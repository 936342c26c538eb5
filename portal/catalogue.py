"""Reads of the service catalogue."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch

from portal.constants import OnlineFlow
from portal.models import Provider, Requirement, Service, ServiceTimeLimit

# The service of each online flow (service_get_by_flow), kept like the providers' cards: for
# PORTAL_PROVIDER_CACHE_SECONDS, dropped when a service or provider is saved or deleted
# (portal.apps). The candidate's dashboard and application pages read it on every request.
SERVICE_BY_FLOW_KEY = "catalogue:service-by-flow:{flow}:{active_only:d}"
_NONE = "none"  # cached: no service has the flow (or it is switched off)


def service_get(*, slug: str) -> Service:
    """An active service, with its provider (its pages show the provider's facts)."""
    return Service.objects.select_related("provider").get(slug=slug, is_active=True)


def service_by_flow_key(*, flow: str, active_only: bool = True) -> str:
    """Where service_get_by_flow keeps its answer: for a page that reads it with other keys in
    one round trip (the candidate dashboard). The value is the Service, or a string when no
    service has the flow; missing when not cached."""
    return SERVICE_BY_FLOW_KEY.format(flow=str(flow), active_only=active_only)


def service_get_by_flow(*, flow: str, active_only: bool = True) -> Service:
    """The service an online flow of the portal serves (portal.constants.OnlineFlow), e.g. the
    one candidates apply for at /pengajuan/: catalogue data (Service.online_flow), one service
    per flow, with its provider. Service.DoesNotExist when no service has the flow, or
    (active_only) it is off. Cached (a fresh copy each call: callers may keep attributes on
    it); no query when the cache has it."""
    key = service_by_flow_key(flow=flow, active_only=active_only)
    service = cache.get(key)
    if service is None:
        services = Service.objects.select_related("provider").filter(online_flow=flow)
        if active_only:
            services = services.filter(is_active=True)
        try:
            service = services.get()
        except Service.DoesNotExist:
            service = _NONE
        cache.set(key, service, settings.PORTAL_PROVIDER_CACHE_SECONDS)
    if service == _NONE:
        raise Service.DoesNotExist(f"No service for the online flow {flow!r}")
    return service


def service_by_flow_cache_clear() -> None:
    """Forget every flow's service (a service or a provider changed)."""
    cache.delete_many(
        [
            SERVICE_BY_FLOW_KEY.format(flow=flow, active_only=active_only)
            for flow in OnlineFlow.values
            for active_only in (True, False)
        ]
    )


def service_time_limit(*, service: Service, stage: str) -> int:
    """Working days allowed for a stage of a service, as the administrator configured them."""
    try:
        return ServiceTimeLimit.objects.get(service=service, stage=stage).working_days
    except ServiceTimeLimit.DoesNotExist:
        raise ImproperlyConfigured(
            f"Service {service.slug!r} has no time limit for stage {stage!r}"
        ) from None


def requirement_list(*, service: Service):
    return Requirement.objects.filter(service=service).order_by("order")


def service_list_examined():
    """Active services whose candidates apply through the portal (they list the documents to
    upload) and so sit its exam sessions; the other catalogue entries publish their standard."""
    return (
        Service.objects.filter(is_active=True, requirements__isnull=False)
        .distinct()
        .order_by("name")
    )


def catalogue_by_provider() -> list[Provider]:
    """Every provider with an active service, by name, each with its active services by name in
    ``active_services``: the catalogue as the home page shows it. Two queries, however many
    providers and services there are."""
    active = Service.objects.filter(is_active=True).order_by("name", "pk")
    return list(
        Provider.objects.filter(pk__in=active.values("provider_id"))
        .order_by("name", "pk")
        .prefetch_related(Prefetch("services", queryset=active, to_attr="active_services"))
    )


def services_of(provider_ids) -> dict[int, frozenset[int]]:
    """Provider id -> the ids of its services (active or not), for the given providers, in one
    query (none for no providers). A staff queue whose rows reach their provider through their
    application and its service filters on the application's service_id with these ids, a list
    the database can weigh: through the services' table PostgreSQL guessed that a provider's
    share of the applications is its share of the services (1 in 83 on the bench seed, where
    one service holds them all) and walked every application in a nested loop (0.3-0.5 s for
    the 40,000 certificates or 25,000 objections of a deep page)."""
    services: dict[int, set[int]] = {provider_id: set() for provider_id in provider_ids}
    if services:
        rows = Service.objects.filter(provider_id__in=services).values_list("provider_id", "pk")
        for provider_id, service_id in rows:
            services[provider_id].add(service_id)
    return {provider_id: frozenset(ids) for provider_id, ids in services.items()}


def service_ids_of(services: dict[int, frozenset[int]], provider_ids) -> list[int]:
    """The services (ids) of these providers, from a services_of() answer, sorted."""
    return sorted(frozenset().union(*(services.get(pk, frozenset()) for pk in provider_ids)))
