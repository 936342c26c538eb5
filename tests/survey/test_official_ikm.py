"""Two IKM figures on the same answers (issue 14): dividing by 9 exactly, the default, and the
regulation's printed weight 0.111, each with its grade, the provider's official one marked, the
respondent count beside it and "belum representatif" below the provider's minimum sample."""

import io
import re
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.models import Provider, Service
from survey.constants import IkmMethod, SurveySource
from survey.ikm import ikm, last_semester
from survey.models import SurveyResponse
from survey.policy import ikm_policy
from survey.selectors import survey_ikm
from tests.factories import SERVICE_SLUG
from tests.survey.test_ikm import answers

# Ten respondents. U1-U8: six answer 4 and four answer 3, a total of 36 each (NRR 3.60); U9:
# everyone answers 3, 30 (NRR 3.00). Sum of the nine NRRs: 8 x 3.6 + 3.0 = 31.8.
#   divided by 9:       31.8 / 9 x 25     = 88.333... -> 88.33, grade A (88.31-100)
#   printed weight:     31.8 x 0.111 x 25 = 88.245    -> 88.25, grade B (76.61-88.30)
GRADE_APART = [(4,) * 8 + (3,)] * 6 + [(3,) * 9] * 4


def test_the_same_answers_give_88_33_a_divided_by_nine_and_88_25_b_with_the_printed_weight():
    result = ikm([answers(row) for row in GRADE_APART])

    exact = result.figure(IkmMethod.EXACT)
    printed = result.figure(IkmMethod.PRINTED_WEIGHT)

    assert [element.total for element in result.elements] == [36] * 8 + [30]
    assert exact.exact == Fraction(265, 3)
    assert (exact.value, exact.grade.letter) == (Decimal("88.33"), "A")
    assert printed.exact == Fraction(88245, 1000)  # exactly half a cent: rounded up
    assert (printed.value, printed.grade.letter) == (Decimal("88.25"), "B")
    assert (result.value, result.grade.letter) == (Decimal("88.33"), "A")  # the default


def test_the_printed_weight_of_the_lowest_answers_is_still_the_lowest_grade():
    printed = ikm([answers((1,) * 9)]).figure(IkmMethod.PRINTED_WEIGHT)

    # 9 x 0.111 x 25 = 24.975: under the table's 25.00, which only 1/9 reaches.
    assert (printed.value, printed.grade.letter) == (Decimal("24.98"), "D")


# --- The provider's policy -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_default_policy_divides_by_nine_and_asks_fifty_respondents():
    policy = ikm_policy(Service.objects.get(slug=SERVICE_SLUG))

    assert (policy.official, policy.minimum_sample) == (IkmMethod.EXACT, 50)


def provider_policy(*, official=None, minimum=None, slug=SERVICE_SLUG):
    """Set the IKM policy of the provider of the service `slug`, as its admin would."""
    provider = Service.objects.get(slug=slug).provider
    if official is not None:
        provider.ikm_official_method = official
    if minimum is not None:
        provider.ikm_minimum_sample = minimum
    provider.full_clean()
    provider.save()
    return provider


@pytest.mark.django_db
def test_the_policy_is_the_services_providers_and_each_provider_has_its_own():
    provider_policy(official=IkmMethod.PRINTED_WEIGHT, minimum=52)

    librarian = ikm_policy(Service.objects.get(slug=SERVICE_SLUG))
    lan = ikm_policy(Service.objects.get(slug="penilaian-kompetensi-lan"))

    assert (librarian.official, librarian.minimum_sample) == (IkmMethod.PRINTED_WEIGHT, 52)
    assert (lan.official, lan.minimum_sample) == (IkmMethod.EXACT, 50)


@pytest.mark.django_db
def test_a_minimum_sample_below_one_is_refused_by_the_form_and_the_database():
    with pytest.raises(ValidationError) as refused:
        provider_policy(minimum=0)
    assert "ikm_minimum_sample" in refused.value.message_dict

    provider = Service.objects.get(slug=SERVICE_SLUG).provider
    with pytest.raises(IntegrityError), transaction.atomic():
        Provider.objects.filter(pk=provider.pk).update(ikm_minimum_sample=0)


def test_the_policy_is_no_longer_a_setting():
    from django.conf import settings

    assert not hasattr(settings, "SURVEY_IKM_OFFICIAL_METHOD")
    assert not hasattr(settings, "SURVEY_IKM_MINIMUM_SAMPLE")


# --- Where the figures are shown ------------------------------------------------------------


def answered_last_semester(rows, slug=SERVICE_SLUG):
    service = Service.objects.get(slug=slug)
    starts, _ends = last_semester(timezone.localdate()).bounds()
    for row in rows:
        response = SurveyResponse.objects.create(
            service=service,
            source=SurveySource.PUBLIC,
            **{f"u{n}": value for n, value in enumerate(row, start=1)},
        )
        SurveyResponse.objects.filter(pk=response.pk).update(
            submitted_at=starts + timedelta(days=10)
        )


def ikm_cells(html: str) -> dict[str, str]:
    """The IKM cells of the staff results table, by shown value: what follows the value."""
    return dict(re.findall(r'<td class="num"><strong>([\d,]+)</strong>(.*?)</td>', html, re.S))


def respondent_cell(html: str) -> str:
    return re.search(r'<td class="num">(\d+(?:<br>.*?)?)</td>', html, re.S).group(1)


@pytest.mark.django_db
def test_the_staff_page_shows_both_figures_with_grades_and_marks_the_official_one(client, handler):
    answered_last_semester(GRADE_APART)
    client.force_login(handler)

    html = client.get(reverse("survey_results")).content.decode()

    cells = ikm_cells(html)
    assert set(cells) == {"88,33", "88,25"}
    assert "A · Sangat baik" in cells["88,33"] and "Resmi" in cells["88,33"]
    assert "B · Baik" in cells["88,25"] and "Resmi" not in cells["88,25"]
    assert "IKM (dibagi tepat 9)" in html and "IKM (bobot 0,111)" in html
    # Ten respondents, under the default minimum of fifty.
    count = respondent_cell(html)
    assert count.startswith("10<br>")
    assert "Belum representatif" in count and "sampel minimum 50" in count


@pytest.mark.django_db
def test_a_provider_publishing_the_printed_weight_gets_it_marked_official(client, handler):
    provider_policy(official=IkmMethod.PRINTED_WEIGHT, minimum=10)
    answered_last_semester(GRADE_APART)
    client.force_login(handler)

    html = client.get(reverse("survey_results")).content.decode()

    cells = ikm_cells(html)
    assert "Resmi" in cells["88,25"] and "Resmi" not in cells["88,33"]
    assert respondent_cell(html) == "10"  # the minimum sample reached: no mark


@pytest.mark.django_db
def test_the_export_has_both_figures_grades_the_official_one_and_the_sample(client, handler):
    provider_policy(minimum=11)
    answered_last_semester(GRADE_APART)
    client.force_login(handler)

    response = client.get(reverse("survey_results_export", args=["xlsx"]))

    header, row = list(load_workbook(io.BytesIO(response.content)).active.values)
    shown = dict(zip(header, row, strict=True))
    assert (shown["Responden"], shown["Sampel minimum"]) == (10, 11)
    assert shown["Keterwakilan sampel"] == "Belum representatif"
    assert (shown["IKM (dibagi tepat 9)"], shown["Mutu pelayanan (dibagi tepat 9)"]) == (
        88.33,
        "A",
    )
    assert shown["Kinerja unit pelayanan (dibagi tepat 9)"] == "Sangat baik"
    assert (shown["IKM (bobot 0,111)"], shown["Mutu pelayanan (bobot 0,111)"]) == (88.25, "B")
    assert shown["Kinerja unit pelayanan (bobot 0,111)"] == "Baik"
    assert shown["IKM resmi"] == "dibagi tepat 9"


@pytest.mark.django_db
def test_the_standard_page_shows_the_official_ikm_with_its_respondents_and_sample_mark(client):
    answered_last_semester(GRADE_APART)
    url = reverse("service_standard", args=[SERVICE_SLUG])

    below = client.get(url).content.decode()
    provider_policy(official=IkmMethod.PRINTED_WEIGHT, minimum=10)
    reached = client.get(url).content.decode()

    assert "<strong>88,33</strong>" in below and "A · Sangat baik" in below
    assert "IKM resmi penyelenggara: dibagi tepat 9." in below
    assert "Dengan bobot 0,111: 88,25 (B)." in below
    assert "Dari 10 responden." in below
    assert "Belum representatif" in below and "sampel minimum penyelenggara 50" in below
    assert "<strong>88,25</strong>" in reached and "B · Baik" in reached
    assert "IKM resmi penyelenggara: bobot 0,111." in reached
    assert "Dengan dibagi tepat 9: 88,33 (A)." in reached
    assert "Dari 10 responden." in reached and "Belum representatif" not in reached


@pytest.mark.django_db
def test_another_providers_policy_does_not_change_this_services_ikm(client):
    answered_last_semester(GRADE_APART)
    provider_policy(official=IkmMethod.PRINTED_WEIGHT, minimum=5, slug="penilaian-kompetensi-lan")

    html = client.get(reverse("service_standard", args=[SERVICE_SLUG])).content.decode()

    assert "<strong>88,33</strong>" in html and "Belum representatif" in html


@pytest.mark.django_db
def test_the_selector_reports_the_official_figure_and_whether_the_sample_is_representative():
    answered_last_semester(GRADE_APART)
    semester = last_semester(timezone.localdate())

    default = survey_ikm(service=Service.objects.get(slug=SERVICE_SLUG), semester=semester)
    provider_policy(official=IkmMethod.PRINTED_WEIGHT, minimum=10)
    printed = survey_ikm(service=Service.objects.get(slug=SERVICE_SLUG), semester=semester)

    assert (default.value, default.grade.letter, default.representative) == (
        Decimal("88.33"),
        "A",
        False,
    )
    assert [figure.value for figure in default.figures] == [Decimal("88.33"), Decimal("88.25")]
    assert (printed.value, printed.grade.letter, printed.representative) == (
        Decimal("88.25"),
        "B",
        True,
    )
