from django.urls import path

from integrations import views

urlpatterns = [
    path("api/webhooks/schema/", views.webhooks_schema, name="webhooks_schema"),
]
