"""URLs of the open data, under /data-terbuka/: the index, each provider's page, its tables per
period (a stable address each: /data-terbuka/<provider>/pengaduan/2026-S1.csv) and the schemas."""

from django.urls import path

from opendata import views

urlpatterns = [
    path("", views.opendata_index, name="opendata_index"),
    path(
        "skema/<str:dataset>/table-schema.json",
        views.opendata_table_schema,
        name="opendata_table_schema",
    ),
    path(
        "skema/<str:dataset>/json-schema.json",
        views.opendata_json_schema,
        name="opendata_json_schema",
    ),
    path("<slug:provider>/", views.opendata_provider, name="opendata_provider"),
    # fmt is csv or json; the view answers 404 for anything else, or for a period not begun.
    path(
        "<slug:provider>/<str:dataset>/<str:period>.<str:fmt>",
        views.opendata_table,
        name="opendata_table",
    ),
]
