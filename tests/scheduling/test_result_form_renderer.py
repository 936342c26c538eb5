"""The result forms' widgets are written in Python by the portal's form renderer
(portal.forms_rendering; issue 19: the head of panel's roster renders one form per seat). Their
HTML must be Django's, byte for byte."""

from decimal import Decimal

from django.forms.renderers import DjangoTemplates

from portal.forms_rendering import FormRenderer
from portal.models import CompetencyUnit
from scheduling.constants import Outcome
from scheduling.models import Result
from scheduling.result_forms import AmendmentForm, ResultForm

UNITS = [
    CompetencyUnit(code="A.01", title="Katalogisasi"),
    CompetencyUnit(code="B.02", title="Re<f>"),
]


def _forms():
    drafted = Result(
        outcome=Outcome.PASSED,
        score=Decimal("85.5"),
        notes='Baik & "rapi" <b>',
        unit_outcomes={"A.01": "competent"},
    )
    absent = Result(outcome=Outcome.ABSENT, notes="")
    yield ResultForm(units=UNITS, prefix="kursi-1")
    yield ResultForm(units=UNITS, result=drafted, prefix="kursi-2")
    yield ResultForm(units=UNITS, result=absent, prefix="kursi-3")
    yield AmendmentForm(units=UNITS, result=drafted, prefix="ralat-4")
    # Bound and refused: aria-invalid, aria-describedby and the typed values come back.
    bound = AmendmentForm(
        {
            "ralat-5-outcome": "x",
            "ralat-5-score": "101,5",
            "ralat-5-notes": "<i>",
            "ralat-5-reason": " ",
        },
        units=UNITS,
        result=drafted,
        prefix="ralat-5",
    )
    bound.is_valid()
    yield bound


def test_the_widgets_are_rendered_as_django_renders_them():
    django_renderer = DjangoTemplates()
    compared = 0
    for form in _forms():
        assert isinstance(form.renderer, FormRenderer)
        ours_renderer = form.renderer
        for name in form.fields:
            ours = str(form[name])
            form.renderer = django_renderer
            theirs = str(form[name])
            form.renderer = ours_renderer
            assert ours == theirs, name
            compared += 1
    assert compared > 15
