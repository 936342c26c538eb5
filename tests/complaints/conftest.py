"""Fixtures for the complaints tests: a member of the complaint team and a way to file
complaints through the real service."""

import pytest

from complaints.constants import ComplaintKind
from complaints.services import complaint_submit
from portal.constants import Role


@pytest.fixture
def handler(make_user):
    return make_user("pengelola-pengaduan", Role.COMPLAINT_HANDLER, first_name="Sari Handayani")


@pytest.fixture
def make_complaint():
    def make(**fields):
        values = {
            "kind": ComplaintKind.COMPLAINT,
            "subject": "Berkas tidak dapat diunggah",
            "description": "Unggahan SK jabatan selalu gagal sejak kemarin.",
            "reporter_name": "Budi Santoso",
            "reporter_email": "budi@example.test",
            **fields,
        }
        return complaint_submit(**values)

    return make
