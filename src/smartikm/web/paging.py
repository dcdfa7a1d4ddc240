"""Pagination that never fails: junk page numbers (abc, -1, 10**100) give a normal page."""

from django.core.paginator import Paginator

MAX_PAGE_PARAM = 12  # characters; longer "page" values are junk, not page numbers


def page_number(request, name: str = "page") -> int:
    raw = (request.GET.get(name) or "").strip()[:MAX_PAGE_PARAM]
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def paginate(request, queryset, per_page: int = 20):
    """The requested page of `queryset`; past the end gives the last page, junk gives the first."""
    return Paginator(queryset, per_page).get_page(page_number(request))
