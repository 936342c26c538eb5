"""A wrong IKM policy setting stops start-up with a clear message, not a page error later."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from survey.policy import settings_policy


@register()
def ikm_policy_settings(app_configs, **kwargs):
    try:
        settings_policy()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="survey.E001")]
    return []
