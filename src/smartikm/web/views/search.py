"""The public search page: a GET form with facets on catalog.search (works without JavaScript)."""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from smartikm.catalog.search import FACET_KEYS, SORTS
from smartikm.catalog.search import search as run_search
from smartikm.web.paging import page_number

PAGE_SIZE = 20
MAX_QUERY = 200
MAX_VALUES_PER_FACET = 20
FACET_TITLES = {
    "category": _("Kategori"),
    "province": _("Provinsi"),
    "regency": _("Kabupaten/kota"),
    "kbli": _("KBLI"),
    "certification": _("Sertifikasi"),
    "scale": _("Skala usaha"),
    "export": _("Pengalaman ekspor"),
    "warga_binaan": _("Karya warga binaan"),
}
SORT_LABELS = {
    "relevance": _("Paling sesuai"),
    "newest": _("Terbaru"),
    "price_asc": _("Harga terendah"),
    "price_desc": _("Harga tertinggi"),
}


@dataclass(frozen=True)
class ResultPage:
    """The few Paginator-page attributes web/_pagination.html reads, from a SearchResult."""

    number: int
    num_pages: int

    @property
    def paginator(self):
        return self

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    filters = {}
    for key in FACET_KEYS:
        values = [v[:100] for v in request.GET.getlist(key)[:MAX_VALUES_PER_FACET] if v.strip()]
        if values:
            filters[key] = values
    sort = request.GET.get("sort", "relevance")
    sort = sort if sort in SORTS else "relevance"
    result = run_search(query, filters, page=page_number(request), page_size=PAGE_SIZE, sort=sort)
    facets = [
        {"key": key, "title": FACET_TITLES.get(key, key), "values": result.facets.get(key) or []}
        for key in FACET_KEYS
    ]
    context = {
        "result": result,
        "query": query,
        "sort": sort,
        "sorts": [(value, SORT_LABELS.get(value, value)) for value in SORTS],
        "facets": [f for f in facets if f["values"]],
        "filtered": bool(filters),
        "page": ResultPage(result.page, result.pages),
    }
    return render(request, "catalog/search.html", context)
