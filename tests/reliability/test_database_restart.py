"""PostgreSQL restarting under a running portal: the requests that need the database get the
Indonesian 503 page with Retry-After (never a traceback, never a 500), the others are served,
and once the database is back the same gunicorn workers answer normally again."""

from tests.reliability.conftest import database_url

# The complaint form about a service: the service named in the link is read from the database on
# every request (the form's lists of services and providers are kept in the cache, the standard
# pages as HTML).
DB_PAGE = "/pengaduan/?layanan=uji-kompetensi-pustakawan"
OUTAGE_TEXT = "Layanan sedang tidak tersedia"


def assert_outage_page(response) -> None:
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"] == "15"
    assert response.headers["Content-Type"].startswith("text/html")
    assert OUTAGE_TEXT in response.text
    assert '<html lang="id">' in response.text
    assert "Traceback" not in response.text
    assert "OperationalError" not in response.text


def test_a_database_restart_answers_503_then_the_same_workers_recover(
    start_web, db_proxy, client, candidate
):
    client.force_login(candidate)  # a session in the database, as a logged-in candidate has
    session = {"sessionid": client.cookies["sessionid"].value}
    web = start_web(threads=4, DATABASE_URL=database_url("127.0.0.1", db_proxy.port))
    workers = web.worker_pids()
    # Every thread opens its persistent connection through the proxy.
    for _ in range(8):
        assert web.get(DB_PAGE).status_code == 200
    assert web.get("/dashboard/", cookies=session).status_code == 200
    assert db_proxy.accepted >= 1

    db_proxy.outage_begin()  # every connection dropped, new ones refused

    for _ in range(8):  # threads with a dropped connection, then threads that cannot connect
        assert_outage_page(web.get(DB_PAGE))
    # The session is read in a middleware, before any view: the same page, not a 500.
    assert_outage_page(web.get("/dashboard/", cookies=session))
    health = web.get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    home = web.get("/")  # what needs no database is still served: the home page, without
    assert home.status_code == 200  # the catalogue and the footer's directory
    assert "Portal Layanan Kompetensi ASN" in home.text
    assert "Daftar layanan sedang tidak dapat ditampilkan" in home.text
    assert "Daftar layanan dan standar pelayanannya" in home.text  # the footer's link instead
    assert web.get("/static/css/portal.css").status_code == 200

    db_proxy.outage_end()

    for _ in range(8):
        assert web.get(DB_PAGE).status_code == 200
    assert web.get("/dashboard/", cookies=session).status_code == 200
    assert web.get("/healthz").json()["status"] == "ok"
    assert web.worker_pids() == workers  # recovered without restarting the web process
    access_log = web.process.log()
    assert '" 503 ' in access_log
    assert '" 500 ' not in access_log
