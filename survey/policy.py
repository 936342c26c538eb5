"""A provider's IKM policy: which of the two IKM figures it publishes as official, and from how
many respondents an IKM is representative (issue 14: both are the provider's to set).

Until services have a provider in the database, both come from settings, one value for every
provider; ikm_policy(service) is the seam: once the Provider model exists it reads the
service's provider, and its callers do not change.

- SURVEY_IKM_OFFICIAL_METHOD: "exact" (default; the mean of the nine NRRs, dividing by 9
  exactly) or "printed_weight" (their sum x 0.111, the weight the regulation prints).
- SURVEY_IKM_MINIMUM_SAMPLE: 50 by default. PermenPANRB 14/2017 sets no single minimum: as we
  read its annex, the sample follows from the population (the service's users over the
  period) through the Krejcie & Morgan (1970) table, e.g. population 50 -> 44 respondents,
  100 -> 80, 1,000 -> 278, from about 1,000,000 -> 384. We could check the table's figures
  against a published copy but not the regulation's own text, so 50 is the portal's default,
  not a figure of the regulation: a provider that knows its population sets its own (a
  librarian exam with 60 candidates a semester: 52).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portal.models import Service
from survey.constants import IkmMethod

DEFAULT_OFFICIAL_METHOD = IkmMethod.EXACT
DEFAULT_MINIMUM_SAMPLE = 50


@dataclass(frozen=True)
class IkmPolicy:
    official: str  # an IkmMethod
    minimum_sample: int


def settings_policy() -> IkmPolicy:
    """The policy the settings give every provider, checked (also at start-up: survey.checks)."""
    official = getattr(settings, "SURVEY_IKM_OFFICIAL_METHOD", DEFAULT_OFFICIAL_METHOD)
    minimum = getattr(settings, "SURVEY_IKM_MINIMUM_SAMPLE", DEFAULT_MINIMUM_SAMPLE)
    if official not in IkmMethod.values:
        raise ImproperlyConfigured(
            f"SURVEY_IKM_OFFICIAL_METHOD must be one of {', '.join(IkmMethod.values)}, "
            f"not {official!r}"
        )
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise ImproperlyConfigured(
            f"SURVEY_IKM_MINIMUM_SAMPLE must be a whole number of at least 1, not {minimum!r}"
        )
    return IkmPolicy(official=IkmMethod(official), minimum_sample=minimum)


def ikm_policy(service: Service) -> IkmPolicy:
    """The official IKM method and the minimum sample for `service`'s provider."""
    return settings_policy()
