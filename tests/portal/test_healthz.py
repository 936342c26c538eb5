"""The health check a load balancer polls: database and, when configured, Redis."""

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["database"]["ms"] >= 0


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs REDIS_URL (a real Redis)")
def test_healthz_checks_the_configured_redis(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["redis"]["ok"] is True


def test_healthz_answers_503_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}


def test_healthz_without_redis_checks_only_the_database(client, settings):
    settings.REDIS_URL = None

    response = client.get("/healthz")

    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database"}


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_answers_only_get_and_head(client, method):
    response = getattr(client, method)("/healthz")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_healthz_answers_head_for_load_balancers(client):
    assert client.head("/healthz").status_code == 200
