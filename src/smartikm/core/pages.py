"""Pagination for HTML pages that never fails: junk page numbers (abc, -1, 10**100) give a normal page.

Every list page reads its page number and cuts its rows here, so a bad `?page=` behaves the same on
each of them. (The API has its own limit/offset paging in `core.api_support`.)
"""

from django.core.paginator import Page, Paginator

MAX_PAGE_PARAM = 12  # characters; longer "page" values are junk, not page numbers


def page_number(request, name: str = "page") -> int:
    """The positive page number of the query string, 1 for anything else."""
    raw = (request.GET.get(name) or "").strip()[:MAX_PAGE_PARAM]
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def paginate(request, queryset, per_page: int = 20) -> Page:
    """The requested page of `queryset`; past the end gives the last page, junk gives the first."""
    return Paginator(queryset, per_page).get_page(page_number(request))
