"""Reads about providers (penyelenggara), and the seam through which every page shows the right
one.

A page about one service says so: ``page_service_set(request, service)`` (a page about a
provider without a service, ``page_provider_set``). base.html then shows that provider's
address, hours, contacts and complaint channels, and the service's fee statement; every other
page shows the portal's own identity and the directory of providers and their services. The
context processor (portal.context_processors) hands both over lazily, so a page runs the
queries of the block it renders and no other.

Both blocks, and the home page's catalogue and the list of standards as HTML, are cached across
requests for PORTAL_PROVIDER_CACHE_SECONDS and dropped when a provider, its hours or complaint
channels, or a service is saved or deleted (portal.apps), and so is the footer's HTML
(portal.templatetags.footer: per service, provider or directory, and language; nothing in a
footer is the visitor's), all through cached_html; the standard pages kept whole
(composition.standard_views) are dropped with them, through their generation (portal.kept).
Tests set the time to 0: the query budgets count the uncached path, which is the same on every
request, so a budget test never mistakes a warm cache for fewer queries.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.constants import OfficialDuty, Weekday
from portal.kept import generation_drop
from portal.models import Provider, ProviderHours, ProviderOfficial, Service

DIRECTORY_KEY = "providers:directory"
CARD_KEY = "providers:card:{pk}"
# The footer's HTML: a service's page, a provider's page (no service), the directory.
FOOTER_SERVICE_KEY = "providers:footer:service:{pk}:{language}"
FOOTER_PROVIDER_KEY = "providers:footer:provider:{pk}:{language}"
FOOTER_DIRECTORY_KEY = "providers:footer:directory:{language}"
# The home page's catalogue and the list of service standards as HTML, per language
# (composition.views.home, composition.standard_views.service_standards).
CATALOGUE_HTML_KEY = "providers:catalogue-html:{language}"
STANDARDS_HTML_KEY = "providers:standards-html:{language}"
# A service's standard page (composition.standard_views.service_standard): its service and the
# HTML of its content per language, visitor (signed in or not: the buttons differ) and day (the
# measured period ends today), valid while the generation it was kept under is the current one.
STANDARD_PAGE_KEY = "providers:standard-page:{slug}:{language}:{visitor}:{day}"
STANDARD_GENERATION_KEY = "providers:standard-generation"
# The online flow's service's requirements on the home page (composition.views.home), kept
# under the standard pages' generation.
HOME_REQUIREMENTS_KEY = "providers:home-requirements:{pk}"
# The public complaint form's choices (complaints.public_forms): the active services under their
# provider's name and every provider, the same in every language.
COMPLAINT_SERVICE_CHOICES_KEY = "providers:complaint-choices:services"
COMPLAINT_PROVIDER_CHOICES_KEY = "providers:complaint-choices:providers"
# Its document requirements, grouped under their (active) service, with the service each
# belongs to; dropped with the services' and whenever a requirement changes.
COMPLAINT_REQUIREMENT_CHOICES_KEY = "providers:complaint-choices:requirements"


@dataclass(frozen=True)
class HoursRow:
    """Service hours shared by a run of consecutive weekdays ("Senin-Kamis"). Weekdays are kept
    as numbers, so that a cached row reads in the language of the page that shows it."""

    first_weekday: int
    last_weekday: int
    opens: time
    closes: time
    break_starts: time | None
    break_ends: time | None

    @property
    def days(self) -> str:
        days = Weekday(self.first_weekday).label
        if self.last_weekday != self.first_weekday:
            days = f"{days}\u2013{Weekday(self.last_weekday).label}"  # en dash
        return str(days)


def hours_rows(hours: Sequence[ProviderHours]) -> list[HoursRow]:
    """The service hours with consecutive weekdays of the same times merged, as seed 003 writes
    them: Monday to Thursday on one line, Friday (with its longer break) on its own."""
    groups: list[list[ProviderHours]] = []
    for row in sorted(hours, key=lambda row: row.weekday):
        times = (row.opens, row.closes, row.break_starts, row.break_ends)
        previous = groups[-1][-1] if groups else None
        if (
            previous is not None
            and previous.weekday == row.weekday - 1
            and (previous.opens, previous.closes, previous.break_starts, previous.break_ends)
            == times
        ):
            groups[-1].append(row)
        else:
            groups.append([row])
    return [
        HoursRow(
            group[0].weekday,
            group[-1].weekday,
            group[0].opens,
            group[0].closes,
            group[0].break_starts,
            group[0].break_ends,
        )
        for group in groups
    ]


@dataclass(frozen=True)
class ChannelLine:
    name: str
    address: str


@dataclass(frozen=True)
class ProviderCard:
    """What every page about one of the provider's services shows of it (header and footer).
    Plain data, so that it can be cached; an empty text is a fact no source gave."""

    pk: int
    slug: str
    name: str
    unit: str
    parent_agency: str
    address: str
    email: str
    telephone: str
    fax: str
    helpdesk: str
    website: str
    social_media: str
    logo: str
    hours: tuple[HoursRow, ...] = ()
    channels: tuple[ChannelLine, ...] = ()

    @property
    def organisation(self) -> list[str]:
        """The provider, then the units above it: one line each."""
        return [line for line in (self.name, self.unit, self.parent_agency) if line]

    @property
    def contacts(self) -> list[tuple[str, str]]:
        """(label, value) of each contact the provider gave, in a fixed order."""
        given = [
            (_("E-mail"), self.email),
            (_("Telepon"), self.telephone),
            (_("Faksimile"), self.fax),
            (_("Helpdesk"), self.helpdesk),
            (_("Situs web"), self.website),
            (_("Media sosial"), self.social_media),
        ]
        return [(label, value) for label, value in given if value]


def _card(provider: Provider) -> ProviderCard:
    prefetch_related_objects([provider], "hours", "complaint_channels")
    return ProviderCard(
        pk=provider.pk,
        slug=provider.slug,
        name=provider.name,
        unit=provider.unit,
        parent_agency=provider.parent_agency,
        address=provider.address,
        email=provider.email,
        telephone=provider.telephone,
        fax=provider.fax,
        helpdesk=provider.helpdesk,
        website=provider.website,
        social_media=provider.social_media,
        logo=provider.logo,
        hours=tuple(hours_rows(provider.hours.all())),
        channels=tuple(
            ChannelLine(channel.name, channel.address)
            for channel in provider.complaint_channels.all()
        ),
    )


def provider_card(
    *, provider: Provider | None = None, provider_id: int | None = None
) -> ProviderCard:
    """The provider's card (cached). Given the provider already loaded (a service read with
    select_related("provider")), two queries when not cached; given its id, three."""
    pk = provider.pk if provider is not None else provider_id
    key = CARD_KEY.format(pk=pk)
    card = cache.get(key)
    if card is None:
        if provider is None:
            provider = Provider.objects.get(pk=pk)
        card = _card(provider)
        cache.set(key, card, settings.PORTAL_PROVIDER_CACHE_SECONDS)
    return card


@dataclass(frozen=True)
class DirectoryEntry:
    """A provider and its active services, for the pages that are about no single service."""

    slug: str
    name: str
    parent_agency: str
    services: list[tuple[str, str]] = field(default_factory=list)  # (name, slug)


def provider_directory() -> list[DirectoryEntry]:
    """Every provider with an active service, by name, with its active services by name
    (cached; one query when not)."""
    directory = cache.get(DIRECTORY_KEY)
    if directory is None:
        entries: dict[int, DirectoryEntry] = {}
        services = (
            Service.objects.filter(is_active=True)
            .select_related("provider")
            .order_by("provider__name", "provider_id", "name")
        )
        for service in services:
            provider = service.provider
            entry = entries.setdefault(
                provider.pk, DirectoryEntry(provider.slug, provider.name, provider.parent_agency)
            )
            entry.services.append((service.name, service.slug))
        directory = list(entries.values())
        cache.set(DIRECTORY_KEY, directory, settings.PORTAL_PROVIDER_CACHE_SECONDS)
    return directory


def cached_html(key: str | None, render: Callable[[], str]) -> SafeString:
    """The HTML kept under `key`, else what render() returns, kept there for
    PORTAL_PROVIDER_CACHE_SECONDS (provider_cache_clear drops it sooner). The home page's
    catalogue, the list of standards and the footers are each the same for every visitor of a
    language. A key of None renders and keeps nothing (a page that must not be kept); so does a
    render() that raises."""
    html = cache.get(key) if key is not None else None
    if html is None:
        html = str(render())
        if key is not None:
            cache.set(key, html, settings.PORTAL_PROVIDER_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 -- the portal's own rendering, escaped by its templates


def cached_choices(key: str, read: Callable[[], list]) -> list:
    """The choices kept under `key`, else what read() returns, kept there for
    PORTAL_PROVIDER_CACHE_SECONDS (provider_cache_clear drops them sooner): the public complaint
    form's services and providers, which every visitor of the form reads the same."""
    choices = cache.get(key)
    if choices is None:
        choices = read()
        cache.set(key, choices, settings.PORTAL_PROVIDER_CACHE_SECONDS)
    return choices


def standard_pages_clear() -> None:
    """Every kept standard page is read again (they are few, and rarely changed: dropping them
    all spares knowing each one's slugs, old and new)."""
    generation_drop(STANDARD_GENERATION_KEY)
    cache.delete(COMPLAINT_REQUIREMENT_CHOICES_KEY)


def provider_cache_clear(*, provider_id: int | None = None, service_id: int | None = None) -> None:
    """Drop the directory, the home page's catalogue, the list of standards and the standard
    pages and, when given, the provider's card, with the footers that show them: the
    directory's, the provider's and those of each of its services (and of `service_id`, a
    service just moved to it or deleted). They are read again."""
    languages = [code for code, _name in settings.LANGUAGES]
    keys = [
        DIRECTORY_KEY,
        STANDARD_GENERATION_KEY,
        COMPLAINT_SERVICE_CHOICES_KEY,
        COMPLAINT_PROVIDER_CHOICES_KEY,
        COMPLAINT_REQUIREMENT_CHOICES_KEY,
    ]
    keys += [
        key.format(language=language)
        for key in (FOOTER_DIRECTORY_KEY, CATALOGUE_HTML_KEY, STANDARDS_HTML_KEY)
        for language in languages
    ]
    service_ids = {service_id} if service_id is not None else set()
    if provider_id is not None:
        keys.append(CARD_KEY.format(pk=provider_id))
        keys += [
            FOOTER_PROVIDER_KEY.format(pk=provider_id, language=language) for language in languages
        ]
        service_ids.update(
            Service.objects.filter(provider_id=provider_id).values_list("pk", flat=True)
        )
    keys += [
        FOOTER_SERVICE_KEY.format(pk=pk, language=language)
        for pk in service_ids
        for language in languages
    ]
    cache.delete_many(keys)


def footer_cache_key(*, service: Service | None, provider_id: int | None, language: str) -> str:
    """Where the footer's HTML of a page about `service` (else about the provider, else about
    none: the directory) is kept."""
    if service is not None:
        return FOOTER_SERVICE_KEY.format(pk=service.pk, language=language)
    if provider_id is not None:
        return FOOTER_PROVIDER_KEY.format(pk=provider_id, language=language)
    return FOOTER_DIRECTORY_KEY.format(language=language)


def provider_list():
    """Every provider, by name: the choices of the provider filters."""
    return Provider.objects.order_by("name")


def provider_default() -> Provider:
    """The provider that answers for what concerns no service: complaints about the portal
    itself (settings.PORTAL_DEFAULT_PROVIDER)."""
    return Provider.objects.get(slug=settings.PORTAL_DEFAULT_PROVIDER)


def provider_default_pk() -> int | None:
    """The default of Complaint.provider, for rows created without one."""
    return (
        Provider.objects.filter(slug=settings.PORTAL_DEFAULT_PROVIDER)
        .values_list("pk", flat=True)
        .first()
    )


def signing_title(*, provider: Provider, signer=None) -> str:
    """The title printed above the signature on the provider's certificates: the signing
    office the signer holds at the provider, else its first signing office held by no named
    account; the seed's own words when the provider named none."""
    officials = ProviderOfficial.objects.filter(provider=provider, duty=OfficialDuty.SIGNING)
    if signer is not None:
        held = officials.filter(user=signer).first()
        if held is not None:
            return held.title
    office = officials.filter(user__isnull=True).first()
    return office.title if office is not None else _("Pejabat yang berwenang")


def signing_office_appoint(*, user, provider: Provider) -> ProviderOfficial:
    """Appoint the user to the provider's signing office, as its administrator does in the
    admin: the office listed without a holder if there is one, else a new office with the title
    of the provider's first one (or a generic title). Appointing the same person again changes
    nothing."""
    offices = ProviderOfficial.objects.filter(provider=provider, duty=OfficialDuty.SIGNING)
    held = offices.filter(user=user).first()
    if held is not None:
        return held
    office = offices.filter(user__isnull=True).order_by("order", "pk").first()
    if office is not None:
        office.user = user
        office.save(update_fields=["user"])
    else:
        first = offices.order_by("order", "pk").first()
        office = ProviderOfficial.objects.create(
            provider=provider,
            duty=OfficialDuty.SIGNING,
            title=first.title if first else _("Pejabat Penandatangan"),
            user=user,
        )
    user.__dict__.pop("_portal_signing_offices", None)
    return office


def disposition_official(*, provider_id: int) -> str:
    """Who decides a disposition at the provider, as pages name it: "Pejabat Disposisi
    (Kepala BKPSDM)" with the title of the provider's disposition office, or the role alone
    when the provider has named none (one query)."""
    title = (
        ProviderOfficial.objects.filter(provider_id=provider_id, duty=OfficialDuty.DISPOSITION)
        .values_list("title", flat=True)
        .first()
    )
    if title:
        return _("Pejabat Disposisi (%(title)s)") % {"title": title}
    return str(OfficialDuty.DISPOSITION.label)


# --- the seam: which provider a page is about ----------------------------------------------


def page_service_set(request, service: Service) -> None:
    """This page is about `service`: header and footer show its provider and its fee."""
    request.portal_service = service


def page_without_database(request) -> None:
    """This page must not touch the database (the overload page: the database may be what is
    slow): header and footer show the portal without the directory of providers."""
    request.portal_without_database = True


def page_provider_set(request, provider: Provider) -> None:
    """This page is about `provider` (no single service): header and footer show it."""
    request.portal_provider = provider


def page_provider_card(request) -> ProviderCard | None:
    """The card of the provider the page is about, None on a page about none."""
    service = getattr(request, "portal_service", None)
    if service is not None:
        if Service.provider.is_cached(service):
            return provider_card(provider=service.provider)
        return provider_card(provider_id=service.provider_id)
    provider = getattr(request, "portal_provider", None)
    return provider_card(provider=provider) if provider is not None else None
