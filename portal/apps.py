from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _provider_changed(sender, instance, **kwargs) -> None:
    """A provider, its hours or channels, or a service changed: the footers, and the services of
    the online flows, are read again."""
    from portal.catalogue import service_by_flow_cache_clear
    from portal.models import Provider, Service
    from portal.providers import provider_cache_clear

    provider_id = instance.pk if isinstance(instance, Provider) else instance.provider_id
    service_id = instance.pk if isinstance(instance, Service) else None

    def clear() -> None:
        provider_cache_clear(provider_id=provider_id, service_id=service_id)
        if isinstance(instance, Provider | Service):
            service_by_flow_cache_clear()

    # Now, and again once the change is committed: a page read between the save and the commit
    # would otherwise put the old rows back in the cache for the cache's whole life.
    clear()
    transaction.on_commit(clear, robust=True)


def _standard_changed(sender, instance, **kwargs) -> None:
    """A table a service's standard page shows (requirements, steps, time limits, where a text
    comes from, the officials who act, the days off its measurements count) changed: the kept
    standard pages are rendered again, now and once the change is committed (as above)."""
    from portal.providers import standard_pages_clear

    standard_pages_clear()
    transaction.on_commit(standard_pages_clear, robust=True)


def _staff_role_changed(sender, instance, **kwargs) -> None:
    """A role was given or taken at a provider: the role's group (admin permissions) follows."""
    from portal.roles import staff_groups_sync

    staff_groups_sync(instance.user_id)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # prepared and sqlite for their connection_created receivers.
        from portal import csrf_strings, prepared, sqlite, templating  # noqa: F401
        from portal.events import event_kinds_collect
        from portal.models import (
            Closure,
            ComplaintChannel,
            Provider,
            ProviderHours,
            ProviderOfficial,
            Requirement,
            Service,
            ServiceCompletionLimit,
            ServiceStep,
            ServiceTextSource,
            ServiceTimeLimit,
            StaffRole,
        )

        templating.install()  # {% translate %} keeps what it rendered (portal.templating)
        csrf_strings.install()  # CSRF secrets and masks from one os.urandom call each

        # Every app's declared event kinds (its events.py), read without naming the apps.
        event_kinds_collect()
        for model in (Provider, ProviderHours, ComplaintChannel, Service):
            uid = f"portal.provider_changed.{model.__name__}"
            post_save.connect(_provider_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(_provider_changed, sender=model, dispatch_uid=uid)
        for model in (
            Requirement,
            ServiceStep,
            ServiceTimeLimit,
            ServiceCompletionLimit,
            ServiceTextSource,
            ProviderOfficial,
            Closure,
        ):
            uid = f"portal.standard_changed.{model.__name__}"
            post_save.connect(_standard_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(_standard_changed, sender=model, dispatch_uid=uid)
        uid = "portal.staff_role_changed"
        post_save.connect(_staff_role_changed, sender=StaffRole, dispatch_uid=uid)
        post_delete.connect(_staff_role_changed, sender=StaffRole, dispatch_uid=uid)
