"""{% site_footer %}: base.html's footer, as its includes render it, kept as HTML in the cache.

The footer of a page about a service shows its provider's address, hours, contacts and
channels (urlize and time filters over a dozen rows) and the service's fee; that of any other
page, the directory of every provider with its services (a link each). Both are the same for
every visitor: nothing in them is the reader's, and they depend only on the service (or the
provider, or none), the language and the catalogue, whose changes drop them
(portal.providers.provider_cache_clear). So each is rendered once per PORTAL_PROVIDER_CACHE_SECONDS
and read back as one string.

A page that may not use the database (page_without_database) and a staff page (no directory)
render the footer as before, uncached: there is nothing there to save."""

from django import template
from django.utils import translation

from portal.providers import cached_html, footer_cache_key

register = template.Library()

PROVIDER_FOOTER = "includes/footer_provider.html"
PORTAL_FOOTER = "includes/footer_portal.html"


@register.simple_tag(takes_context=True)
def site_footer(context):
    provider = context.get("page_provider")
    if provider:
        service = context.get("page_service")
        name, values = PROVIDER_FOOTER, {"provider": provider, "service": service}
        key = footer_cache_key(
            service=service, provider_id=provider.pk, language=translation.get_language()
        )
    else:
        name, values = PORTAL_FOOTER, {}
        # Without the directory (staff, an overload page) the footer is a few constant lines.
        key = None
        if context.get("provider_directory") is not None:
            key = footer_cache_key(
                service=None, provider_id=None, language=translation.get_language()
            )

    def render() -> str:
        footer = context.template.engine.get_template(name)
        # As {% include name with ... %} renders it: in the page's context, plus the values.
        with context.push(**values):
            return footer.render(context)

    return cached_html(key, render)
