"""What every staff queue's query-count test checks (issue 19): the queries of page 1 and of the
last page do not change when the queue holds three times as many rows. The tests make the page
size small (monkeypatch) so that a few rows give several pages; `halaman=999` asks for a page past
the end, which the queue answers with its last page (the deepest one).

Not a test module: the queue tests of each app (tests/*/test_*queue_counts.py) call it."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

PAGE = "halaman"
DEEPEST = "999"


def page_queries(client, url: str, params: dict | None = None) -> tuple[int, object]:
    """The number of queries a GET of the page makes, and the response (200 expected)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, params, response.status_code)
    return len(captured.captured_queries), response


def assert_constant_queries(
    client,
    url: str,
    grow: Callable[[int], object],
    *,
    rows: int = 3,
    params: dict | None = None,
    paged: bool = True,
    page_of: Callable | None = None,
    shown: Callable | None = None,
) -> dict[str, int]:
    """`grow(k)` adds k rows to the queue the (logged-in) `client` reads at `url`. Page 1 (and,
    when `paged`, the last page) are read with `rows` rows, then with 3 x `rows`: the counts must
    be the same. `page_of(response)` gives the Paginator page (checked to be deeper with more
    rows, so the test cannot pass on a queue that stopped paging); `shown(response)` the number
    of rows the page shows (checked to grow on an unpaged list). Returns the counts."""
    params = params or {}
    grow(rows)
    client.get(url, params)  # what fills once per process (content types, calendar, roles)
    counts, responses = {}, {}
    for label, added in (("few", 0), ("many", 2 * rows)):
        if added:
            grow(added)
        counts[f"page 1 ({label})"], responses[f"first {label}"] = page_queries(client, url, params)
        if paged:
            deep = {**params, PAGE: DEEPEST}
            counts[f"last page ({label})"], responses[f"last {label}"] = page_queries(
                client, url, deep
            )
    assert counts["page 1 (many)"] == counts["page 1 (few)"], counts
    if paged:
        assert counts["last page (many)"] == counts["last page (few)"], counts
    if page_of is not None:
        assert page_of(responses["last many"]).number > page_of(responses["last few"]).number > 1
        assert page_of(responses["first many"]).number == 1
    if shown is not None:
        assert shown(responses["first many"]) > shown(responses["first few"]) > 0
    return counts
