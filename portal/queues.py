"""The staff queues' pages and tables: one way to page through a long, filtered, sorted list, and
the columns templates/includes/queue_table.html draws.

A queue page is read in two steps: the ids of the page alone (the database sorts and skips rows
holding nothing but the id and what the order needs), then the page's rows with everything they
show, by id. Sorting and skipping tens of thousands of full rows (the candidate, the profile, the
service joined) makes a deep page several times slower than the first; this way every page costs
the same three queries (count, ids, rows; the count alone when the queue is empty).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, IntegerField, Q, QuerySet, Value
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


# A part of a queue in parts: the rows it holds, and their order (field names, "-" descending).
QueuePart = tuple[Q, Sequence[str]]


def queue_page_in_parts(
    queryset: QuerySet,
    parts: Sequence[QueuePart],
    *,
    number,
    per_page: int,
    rows: QuerySet | None = None,
) -> Page:
    """queue_page for a queue shown as parts one after another, each in its own order: the rows
    of `queryset` matching the first part's filter in its order, then the second part's, and
    so on (the filters must split the queryset: every row in exactly one part).

    An order that switches on a condition (the coming sessions soonest first, then the past
    ones latest first) is an expression no index serves: the database sorts every row for any
    page. Each part's order alone is an index's, so its ids are read from the index, skipping
    entries for a deep page. The same three queries as queue_page: one count (of every part),
    one for the page's ids (a UNION ALL of the parts it reaches), the rows."""
    base = queryset.order_by()
    counted = base.aggregate(
        **{f"part_{i}": Count("pk", filter=where) for i, (where, _order) in enumerate(parts)}
    )
    sizes = [counted[f"part_{i}"] for i in range(len(parts))]
    page = Paginator(_PartIds(base, parts, sizes), per_page).get_page(number)
    ids = list(page.object_list)
    loaded = (queryset if rows is None else rows).in_bulk(ids) if ids else {}
    page.object_list = [loaded[pk] for pk in ids if pk in loaded]
    return page


class _PartIds:
    """The ids of a queue in parts, as a sequence Paginator counts and slices (one query per
    slice, none for an empty one)."""

    def __init__(self, queryset: QuerySet, parts: Sequence[QueuePart], sizes: list[int]):
        self.queryset, self.parts, self.sizes = queryset, parts, sizes

    def count(self) -> int:
        return sum(self.sizes)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        pieces, offset = [], 0  # (part number, its order, its rows on the page)
        for index, ((_where, order), size) in enumerate(zip(self.parts, self.sizes, strict=True)):
            low, high = max(window.start - offset, 0), min(window.stop - offset, size)
            if low < high:
                pieces.append((index, order, slice(low, high)))
            offset += size
        if not pieces:
            return []
        if (
            len(pieces) == 1
            or not connections[self.queryset.db].features.supports_slicing_ordering_in_compound
        ):
            # SQLite (make run) refuses a LIMIT inside a UNION: a query per part there.
            return [
                pk
                for index, _order, rows in pieces
                for pk in self._part(index).values_list("pk", flat=True)[rows]
            ]
        # A page across parts: one query. UNION ALL promises no order, so each branch brings its
        # part's number and its order's fields, and the page is put in order here.
        fields = list(
            dict.fromkeys(
                name.removeprefix("-")
                for _index, order, _rows in pieces
                for name in order
                if name.removeprefix("-") != "pk"
            )
        )
        columns = {"pk": 0, **{name: 2 + i for i, name in enumerate(fields)}}
        branches = [
            self._part(index)
            .annotate(queue_part=Value(index, output_field=IntegerField()))
            .values_list("pk", "queue_part", *fields)[rows]
            for index, _order, rows in pieces
        ]
        found = list(branches[0].union(*branches[1:], all=True))
        ordered = []
        for index, order, _rows in pieces:
            part = [row for row in found if row[1] == index]
            # Sort by the last field first: each sort keeps the order of the ones after it.
            for name in reversed(order):
                column = columns[name.removeprefix("-")]
                part.sort(key=lambda row, column=column: row[column], reverse=name[0] == "-")
            ordered += [row[0] for row in part]
        return ordered

    def _part(self, index: int) -> QuerySet:
        where, order = self.parts[index]
        return self.queryset.filter(where).order_by(*order)


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
