"""The open data pages: public, read-only, figures only (opendata.datasets says which)."""

import csv
import io

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from opendata import datasets
from portal.downloads import file_response_secure
from portal.exports import cell_neutralise
from portal.models import Provider
from portal.providers import page_provider_set, provider_list

FORMATS = ("csv", "json")


def _dataset(dataset: str) -> str:
    if dataset not in datasets.DATASETS:
        raise Http404
    return dataset


@require_safe
def opendata_index(request):
    return render(
        request,
        "opendata/index.html",
        {"providers": list(provider_list().only("slug", "name")), "datasets": _schemas()},
    )


def _schemas() -> list[tuple[str, str, str]]:
    return [
        (
            datasets.dataset_title(dataset),
            reverse("opendata_table_schema", args=[dataset]),
            reverse("opendata_json_schema", args=[dataset]),
        )
        for dataset in datasets.DATASETS
    ]


@require_safe
def opendata_provider(request, provider):
    provider = get_object_or_404(Provider, slug=provider)
    page_provider_set(request, provider)
    today = timezone.localdate()
    sections = [
        {
            "dataset": dataset,
            "title": datasets.dataset_title(dataset),
            "table_schema": reverse("opendata_table_schema", args=[dataset]),
            "json_schema": reverse("opendata_json_schema", args=[dataset]),
            "groups": [
                (
                    name,
                    [
                        {
                            "period": period,
                            "provisional": datasets.provisional(period, today=today),
                            "csv": _table_url(provider, dataset, period.key, "csv"),
                            "json": _table_url(provider, dataset, period.key, "json"),
                        }
                        for period in periods
                    ],
                )
                for name, periods in datasets.index_periods(dataset, today=today)
            ],
        }
        for dataset in datasets.DATASETS
    ]
    return render(
        request,
        "opendata/provider.html",
        {"provider": provider, "sections": sections, "licence": datasets.LICENCE},
    )


def _table_url(provider: Provider, dataset: str, period: str, fmt: str) -> str:
    return reverse("opendata_table", args=[provider.slug, dataset, period, fmt])


@require_safe
def opendata_table_schema(request, dataset):
    return _json(datasets.table_schema(_dataset(dataset)))


@require_safe
def opendata_json_schema(request, dataset):
    dataset = _dataset(dataset)
    schema_id = request.build_absolute_uri(reverse("opendata_json_schema", args=[dataset]))
    return _json(datasets.json_schema(dataset, schema_id=schema_id))


def _json(content: dict, *, filename: str = "") -> JsonResponse:
    response = JsonResponse(content, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return file_response_secure(response)


@require_safe
def opendata_table(request, provider, dataset, period, fmt):
    dataset = _dataset(dataset)
    if fmt not in FORMATS:
        raise Http404
    today = timezone.localdate()
    # A period not begun has no figures yet: its address answers 404 until it begins.
    chosen = datasets.period_parse(dataset, period, today=today)
    if chosen is None:
        raise Http404
    provider = get_object_or_404(Provider.objects.only("pk", "slug", "name"), slug=provider)
    if dataset == datasets.COMPLAINTS:
        rows = datasets.complaint_rows(provider=provider, period=chosen, today=today)
    else:
        rows = datasets.ikm_rows(provider=provider, period=chosen)
    filename = f"{provider.slug}-{dataset}-{chosen.key}.{fmt}"
    fields = [field.name for field in datasets.dataset_fields(dataset)]
    if fmt == "csv":
        return _csv(fields, rows, filename)
    absolute = request.build_absolute_uri
    metadata = {
        "judul": f"{datasets.dataset_title(dataset)} · {provider.name} · {chosen.label}",
        "dataset": dataset,
        "penyelenggara": {"kode": provider.slug, "nama": provider.name},
        "periode": {
            "kode": chosen.key,
            "nama": str(chosen.label),
            "mulai": chosen.start.isoformat(),
            "selesai": chosen.end.isoformat(),
        },
        # The current period has not ended: its figures may still change.
        "sementara": datasets.provisional(chosen, today=today),
        "dibuat": timezone.localtime().isoformat(timespec="seconds"),
        "lisensi": {**datasets.LICENCE, "ditetapkan_oleh": datasets.LICENCE_SET_BY},
        "skema": absolute(reverse("opendata_json_schema", args=[dataset])),
        "skema_tabel": absolute(reverse("opendata_table_schema", args=[dataset])),
        "csv": absolute(_table_url(provider, dataset, chosen.key, "csv")),
    }
    if metadata["sementara"]:
        metadata["catatan"] = str(_("Periode ini belum berakhir; angkanya masih dapat berubah."))
    return _json({"metadata": metadata, "data": rows}, filename=filename)


def _csv(fields: list[str], rows: list[dict], filename: str) -> HttpResponse:
    """UTF-8 without a byte-order mark (a machine reads it), a header row of the field names,
    empty cells for missing values, true/false for booleans (Table Schema's defaults). Every
    text cell is a code or a service's name from the catalogue; names that would start a
    formula are neutralised as in every export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_csv_cell(cell_neutralise(row[name])) for name in fields])
    response = HttpResponse(buffer.getvalue().encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return file_response_secure(response)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
