"""A provider's IKM policy: which of the two IKM figures it publishes as official, and from how
many respondents an IKM is representative (issue 14: both are the provider's to set, in the
admin: Provider.ikm_official_method and Provider.ikm_minimum_sample).

- The official figure: "exact" (the default; the mean of the nine NRRs, dividing by 9 exactly)
  or "printed_weight" (their sum x 0.111, the weight the regulation prints).
- The minimum sample: 50 by default. PermenPANRB 14/2017 sets no single minimum: as we read its
  annex, the sample follows from the population (the service's users over the period) through
  the Krejcie & Morgan (1970) table, e.g. population 50 -> 44 respondents, 100 -> 80, 1,000 ->
  278, from about 1,000,000 -> 384. We could check the table's figures against a published copy
  but not the regulation's own text, so 50 is the portal's default, not a figure of the
  regulation: a provider that knows its population sets its own (a librarian exam with 60
  candidates a semester: 52).
"""

from dataclasses import dataclass

from portal.models import Service
from survey.constants import IkmMethod


@dataclass(frozen=True)
class IkmPolicy:
    official: str  # an IkmMethod
    minimum_sample: int


def ikm_policy(service: Service) -> IkmPolicy:
    """The official IKM method and the minimum sample of `service`'s provider (read with the
    service: select_related("provider") saves the query)."""
    provider = service.provider
    return IkmPolicy(
        official=IkmMethod(provider.ikm_official_method),
        minimum_sample=provider.ikm_minimum_sample,
    )
