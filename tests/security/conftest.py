"""Fixtures of the security suite: rate limits out of the way of fuzzing (each limit has its own
tests elsewhere), and a candidate logged in with a profile and a draft application."""

import pytest

from tests.factories import ApplicationFactory, ProfileFactory

GENEROUS = "100000/m/ip"


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    settings.PORTAL_RATE_LIMITS = dict.fromkeys(settings.PORTAL_RATE_LIMITS, GENEROUS)
    settings.ACCOUNT_RATE_LIMITS = False  # allauth: no limits at all


@pytest.fixture
def candidate_client(client, db):
    """A candidate with a profile and a draft application, logged in."""
    profile = ProfileFactory()
    application = ApplicationFactory(candidate=profile.user)
    client.force_login(profile.user)
    client.application = application
    return client
