"""{% application_status_badge %} (registration.templatetags.application_badges) writes the
bytes the badge's template wrote (tests/registration/reference/status_badge.html, kept here as
it was), for every status and one outside the choices, in both languages, and the include still
writes them."""

from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation

from registration.constants import ApplicationStatus
from registration.models import Application

pytestmark = pytest.mark.django_db

TAG = "{% load application_badges %}{% application_status_badge application %}"
INCLUDE = '{% include "registration/application/status_badge.html" %}'
REFERENCE = (Path(__file__).parent / "reference" / "status_badge.html").read_text()


def render(source: str, application) -> str:
    return engines["django"].from_string(source).render({"application": application})


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("status", [*ApplicationStatus.values, "<unknown>"])
def test_the_badge_is_what_the_template_wrote(language, status):
    application = Application(status=status)
    with translation.override(language):
        expected = render(REFERENCE, application)
        for _ in range(2):  # the second with the label kept
            assert render(TAG, application) == expected
            assert render(INCLUDE, application) == expected
    assert expected.endswith("</span>")
    if status == "<unknown>":
        assert "&lt;unknown&gt;" in expected
    else:
        with translation.override(language):
            assert str(ApplicationStatus(status).label) in expected


def test_the_label_follows_the_language():
    application = Application(status=ApplicationStatus.REJECTED)
    with translation.override("id"):
        assert "Ditolak" in render(TAG, application)
    with translation.override("en"):
        assert "Ditolak" not in render(TAG, application)
