"""{% complaint_status_badge %} (complaints.templatetags.complaint_badges) writes the bytes the
badge's template wrote (tests/complaints/reference/status_badge.html, kept here as it was), for
every status and one outside the choices, in both languages, and the include still writes them."""

from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation

from complaints.constants import ComplaintStatus
from complaints.models import Complaint

pytestmark = pytest.mark.django_db

TAG = "{% load complaint_badges %}{% complaint_status_badge complaint %}"
INCLUDE = '{% include "complaints/public/status_badge.html" %}'
REFERENCE = (Path(__file__).parent / "reference" / "status_badge.html").read_text()


def render(source: str, complaint) -> str:
    return engines["django"].from_string(source).render({"complaint": complaint})


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("status", [*ComplaintStatus.values, "<unknown>"])
def test_the_badge_is_what_the_template_wrote(language, status):
    complaint = Complaint(status=status)
    with translation.override(language):
        expected = render(REFERENCE, complaint)
        for _ in range(2):  # the second with the label kept
            assert render(TAG, complaint) == expected
            assert render(INCLUDE, complaint) == expected
    assert expected.endswith("</span>\n")
    if status == "<unknown>":
        assert "&lt;unknown&gt;" in expected
    else:
        with translation.override(language):
            assert str(ComplaintStatus(status).label) in expected


def test_the_label_follows_the_language():
    complaint = Complaint(status=ComplaintStatus.REJECTED)
    with translation.override("id"):
        assert "Ditolak" in render(TAG, complaint)
    with translation.override("en"):
        assert "Ditolak" not in render(TAG, complaint)
