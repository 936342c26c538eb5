"""The staff queues' pages and tables: one way to page through a long, filtered, sorted list, and
the columns templates/includes/queue_table.html draws.

A queue page is read in two steps: the ids of the page alone (the database sorts and skips rows
holding nothing but the id and what the order needs), then the page's rows with everything they
show, by id. Sorting and skipping tens of thousands of full rows (the candidate, the profile, the
service joined) makes a deep page several times slower than the first; this way every page costs
the same three queries (count, ids, rows; the count alone when the queue is empty).
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import Promise


def queue_page(queryset: QuerySet, *, number, per_page: int, rows: QuerySet | None = None) -> Page:
    """Page `number` (as given in the query string; a wrong or too large one gives the first or
    the last page) of the ordered `queryset`. `rows` loads the page's rows (select_related,
    annotations); by default the queryset itself, which then only needs to filter and order."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    loaded = (queryset if rows is None else rows).in_bulk(ids) if ids else {}
    # A row removed between the two queries is left out rather than failing the page.
    page.object_list = [loaded[pk] for pk in ids if pk in loaded]
    return page


@dataclass(frozen=True)
class QueueColumn:
    """One column of a queue table: its header, and the key its cells template draws the cell
    by (`{% if column.key == "nip" %}`). `header_hidden` keeps the header for screen readers
    only (a column of check boxes)."""

    header: str | Promise
    key: str
    header_class: str = ""
    cell_class: str = ""
    header_hidden: bool = False
