"""Fixtures for the survey tests: the complaint team, who read the IKM with the administrators."""

import pytest

from portal.constants import Role


@pytest.fixture
def handler(make_user):
    return make_user("pengelola-pengaduan", Role.COMPLAINT_HANDLER, first_name="Sari Handayani")
