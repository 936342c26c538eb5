"""A complaint started from a page about one service is about that service: the page's
"Ajukan pengaduan" buttons carry ?layanan=<slug>, and the complaint form opens with the service
(and so its provider's complaint team) chosen."""

import pytest
from django.urls import reverse

from portal.models import Service

pytestmark = pytest.mark.django_db

SLUG = "penilaian-kompetensi-lan"


def form_link(slug: str) -> str:
    return f'href="{reverse("complaint_new")}?layanan={slug}"'


def test_the_standard_pages_complaint_buttons_choose_the_service(client):
    html = client.get(reverse("service_standard", args=[SLUG])).content.decode()

    assert html.count(form_link(SLUG)) >= 2  # the component's button and the closing one
    main = html[html.index("<main") : html.index("</main>")]
    assert f'href="{reverse("complaint_new")}"' not in main


def test_the_surveys_complaint_button_chooses_the_service(client):
    html = client.get(reverse("survey_public", args=[SLUG])).content.decode()

    assert form_link(SLUG) in html


def test_following_the_link_opens_the_form_with_the_service_chosen(client):
    response = client.get(reverse("complaint_new"), {"layanan": SLUG})

    assert response.status_code == 200
    assert response.context["form"].initial["service"] == Service.objects.get(slug=SLUG)
