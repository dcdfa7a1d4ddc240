"""Pagination for HTML pages that never fails: junk page numbers (abc, -1, 10**100) give a normal page.

Every list page reads its page number and cuts its rows here, so a bad `?page=` behaves the same on
each of them. (The API has its own limit/offset paging in `core.api_support`.)

Counts are capped: a list counts its rows only up to COUNT_AHEAD past the requested page, so a page
costs the same whether the table holds a thousand rows or a million (an exact COUNT reads every
matching row, joins included). Past the cap the paginator says "N or more" (`capped`). Both the pages
and the API use `capped_count`.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

MAX_PAGE_PARAM = 12  # characters; longer "page" values are junk, not page numbers
COUNT_AHEAD = 1000  # rows counted past the start of the requested page


def capped_count(rows, limit: int) -> tuple[int, bool]:
    """(count, capped): the number of rows, at most `limit`; capped is True when there are more.

    The ordering is dropped: which `limit` rows are counted does not matter, and without it the
    database may stop after `limit` rows of whatever scan is cheapest instead of sorting them all."""
    n = rows.order_by()[: limit + 1].count() if isinstance(rows, QuerySet) else len(rows)
    return min(n, limit), n > limit


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `limit` (see `capped_count`)."""

    def __init__(self, object_list, per_page, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit
        self.capped = False

    @cached_property
    def count(self) -> int:
        n, self.capped = capped_count(self.object_list, self.limit)
        return n


def page_number(request, name: str = "page") -> int:
    """The positive page number of the query string, 1 for anything else."""
    raw = (request.GET.get(name) or "").strip()[:MAX_PAGE_PARAM]
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def paginate(request, queryset, per_page: int = 20) -> Page:
    """The requested page of `queryset`; past the end gives the last page, junk gives the first.

    `page.paginator.count` is exact up to COUNT_AHEAD rows past the page; `page.paginator.capped`
    tells when there are more."""
    number = page_number(request)
    limit = min(number, 10**9) * per_page + COUNT_AHEAD
    return CappedPaginator(queryset, per_page, limit=limit).get_page(number)
