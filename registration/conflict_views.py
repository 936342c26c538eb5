"""The staff member's own conflict-of-interest declaration: NIP, work unit, relatives."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.roles import role_required
from registration import selectors, services
from registration.forms import StaffDeclarationForm, StaffRelativeFormSet
from registration.models import StaffDeclaration


@role_required()
@require_http_methods(["GET", "POST"])
def staff_declaration(request):
    declaration = (
        StaffDeclaration.objects.filter(user=request.user).prefetch_related("relatives").first()
    )
    if request.method == "POST":
        form = StaffDeclarationForm(request.POST)
        relatives = StaffRelativeFormSet(request.POST, prefix="kerabat")
        if form.is_valid() and relatives.is_valid():
            try:
                services.staff_declaration_save(
                    user=request.user,
                    actor=request.user,
                    nip=form.cleaned_data["nip"],
                    work_unit=form.cleaned_data["work_unit"],
                    institution=form.cleaned_data["institution"],
                    relatives=[
                        services.RelativeInput(
                            nip=row["nip"], relationship=row["relationship"], name=row["name"]
                        )
                        for row in relatives.cleaned_data
                        if row.get("nip", "").strip()
                    ],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Pernyataan konflik kepentingan disimpan."))
                return redirect("staff_declaration")
    else:
        form = StaffDeclarationForm(
            initial={
                "nip": declaration.nip,
                "work_unit": declaration.work_unit,
                "institution": declaration.institution,
            }
            if declaration
            else None
        )
        relatives = StaffRelativeFormSet(
            prefix="kerabat",
            initial=[
                {"nip": r.nip, "name": r.name, "relationship": r.relationship}
                for r in declaration.relatives.all()
            ]
            if declaration
            else None,
        )
    return render(
        request,
        "registration/staff_declaration.html",
        {
            "form": form,
            "relatives": relatives,
            "declaration": declaration,
            # Suggestions, not choices: a unit no profile names yet can still be typed.
            "known_work_units": selectors.known_work_units(),
            "known_institutions": selectors.known_work_units(field="institution"),
        },
    )
