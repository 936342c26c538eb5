"""The portal's form renderer (portal.forms_rendering) writes the common widgets in Python: their
HTML must be what Django's widget templates write, byte for byte, for every widget and value
the portal's forms can show (issue 19)."""

import datetime
import importlib
import inspect
import pkgutil
import re
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from portal.forms_rendering import FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()


class _File:
    """A stored file as ClearableFileInput shows it (initial value)."""

    url = "/media/berkas/a&b.pdf"

    def __str__(self):
        return "a&b.pdf"


class Zoo(forms.Form):
    """Every widget the renderer writes, with awkward values."""

    text = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"data-x": "\"<&>'"}))
    optional = forms.CharField(required=False, help_text="bantuan")
    email = forms.EmailField()
    number = forms.IntegerField(min_value=1, max_value=100000)
    decimal = forms.DecimalField(localize=True)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField()
    datetime_ = forms.DateTimeField(widget=forms.DateTimeInput)
    url = forms.URLField()
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    tel = forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "autofocus": True}))
    search = forms.CharField(widget=forms.SearchInput)
    color = forms.CharField(widget=forms.ColorInput)
    check = forms.BooleanField(required=False)
    check_off = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"disabled": False, "class": "a b"})
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    choice = forms.ChoiceField(
        choices=[
            ("", "— pilih —"),
            ("a", gettext_lazy("Status")),
            ("b&", mark_safe("<b>tebal</b>")),
            (3, 2026),
            ("Grup <1>", [("c", "C"), ("d", 'D "kutip"')]),
        ]
    )
    multiple = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    radio = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B & B"), ("Grup", [("c", "C"), ("d", 1500)])],
        widget=forms.RadioSelect(attrs={"class": "radios"}),
    )
    radio_bare = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect)
    checks = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "<B>")], widget=forms.CheckboxSelectMultiple
    )
    file = forms.FileField(widget=forms.FileInput(attrs={"accept": ".pdf"}))
    files = forms.FileField(required=False, widget=forms.ClearableFileInput)
    null_select = forms.NullBooleanField()
    split = forms.SplitDateTimeField()  # a multiwidget: through the templates


VALUES = {
    "text": '<script>"x"</script> & y',
    "optional": "",
    "email": "a@b.id",
    "number": "12345",
    "decimal": "1.234,5",
    "date": "2026-12-05",
    "time": "10:30",
    "datetime_": "2026-12-05 10:30",
    "url": "https://a.id/?x=1&y=2",
    "password": "rahasia<>",
    "hidden": "h&",
    "tel": "0812",
    "search": "cari",
    "color": "#ffffff",
    "check": "on",
    "notes": "baris 1\n<baris 2> & 'tiga'",
    "choice": "c",
    "multiple": ["a", "c"],
    "radio": "d",
    "checks": ["b"],
    "null_select": "true",
    "split_0": "2026-12-05",
    "split_1": "10:30",
}

INITIAL = {
    "text": mark_safe("<i>aman</i>"),
    "number": 1500,
    "decimal": Decimal("1234.50"),
    "date": datetime.date(2026, 12, 5),
    "datetime_": datetime.datetime(2026, 12, 5, 10, 30),
    "check": True,
    "choice": 3,
    "radio": "b",
    "checks": ["a", "b"],
    "files": _File(),
    "notes": "",
}


def _zoos():
    yield Zoo()
    yield Zoo(initial=INITIAL, auto_id="f-%s", prefix="p")
    yield Zoo(auto_id=False)
    bound = Zoo(VALUES, {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    bound.is_valid()
    yield bound
    refused = Zoo({"text": "x" * 30, "number": "-1", "choice": "zz"})
    refused.is_valid()  # aria-invalid, aria-describedby
    yield refused


def _compare(form) -> int:
    compared = 0
    for name in form.fields:
        form.renderer = DJANGO
        theirs = str(form[name])
        form.renderer = OURS
        ours = str(form[name])
        assert ours == theirs, f"{type(form).__name__}.{name}"
        compared += 1
    return compared


def test_the_portal_renders_its_forms_with_this_renderer():
    assert isinstance(get_default_renderer(), FormRenderer)
    assert settings.FORM_RENDERER == "portal.forms_rendering.FormRenderer"


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_widget_is_written_as_djangos_templates_write_it(language):
    with override(language):
        assert sum(_compare(form) for form in _zoos()) == 5 * len(Zoo.base_fields)


def test_other_templates_go_through_djangos_templates():
    form = Zoo(VALUES)
    form.is_valid()
    form.renderer = OURS
    ours = (str(form), str(form.errors), str(form["split"]))
    form.renderer = DJANGO
    assert ours == (str(form), str(form.errors), str(form["split"]))


def _portal_form_classes():
    """The forms defined in the portal's own apps that can be made without arguments."""
    apps = [
        "assessments",
        "casework",
        "certificates",
        "complaints",
        "composition",
        "ipasn",
        "objections",
        "portal",
        "registration",
        "scheduling",
        "survey",
        "verification",
    ]
    found = {}
    for app in apps:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if re.search(r"\.(migrations|management|tests?)\b", module_info.name):
                continue
            if not re.search(r"forms|views|filters", module_info.name):
                continue
            module = importlib.import_module(module_info.name)
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module.__name__
                ):
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


@pytest.mark.django_db
def test_the_portals_own_forms_render_as_with_djangos_templates():
    compared, made = 0, 0
    for _name, form_class in sorted(_portal_form_classes().items()):
        try:
            form = form_class()
        except TypeError:
            continue  # needs arguments (a case, a unit list...)
        made += 1
        compared += _compare(form)
        # Bound with nothing: the refusals' aria attributes and the empty values.
        bound = form_class(data={})
        bound.is_valid()
        compared += _compare(bound)
    assert made > 20 and compared > 100


@pytest.mark.django_db
def test_the_verifier_queues_filters_render_as_with_djangos_templates(rf, verifier):
    from django.http import QueryDict

    from verification.filters import QueueFilter
    from verification.selectors import application_panel_rows

    request = rf.get("/verifikasi/")
    request.user = verifier
    for query in ("", "status=semua&saya=on&urut=terbaru&cari=%3Cx%3E", "status=bogus"):
        rows = application_panel_rows(verifier=verifier)
        filterset = QueueFilter(QueryDict(query), queryset=rows, request=request)
        filterset.form.is_valid()
        assert _compare(filterset.form) == len(filterset.form.fields)
