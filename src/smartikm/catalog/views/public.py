"""Public catalog pages: the product page (gallery, producer, certifications, schema.org Product
JSON-LD) and the search page (a GET form with facets on catalog.search, works without JavaScript).

A UPT product's provenance ("Karya warga binaan — <UPT>" and the unit's story) comes from
`producers_tags`, so the page shows the unit and never a person. The URLs and their "web:" names are
the ones these pages had when `web` held them.
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from smartikm.catalog.queries import product_detail
from smartikm.catalog.search import FACET_KEYS, SORTS
from smartikm.catalog.search import search as run_search
from smartikm.core.pages import page_number

PAGE_SIZE = 20
MAX_QUERY = 200
MAX_VALUES_PER_FACET = 20


def _localized(product, field: str) -> str:
    if (get_language() or "id").startswith("en") and getattr(product, f"{field}_en"):
        return getattr(product, f"{field}_en")
    return getattr(product, f"{field}_id")


def _manufacturer(request, product) -> dict:
    """The producing IKM, or the UPT Pemasyarakatan by name only (never the people who made it)."""
    if product.producer.is_upt:
        upt = product.upt
        org = {"@type": "Organization", "name": upt.name}
        if upt.province_id:
            org["address"] = {
                "@type": "PostalAddress",
                "addressRegion": upt.province.name,
                "addressCountry": "ID",
            }
        return org
    ikm = product.ikm
    return {
        "@type": "Organization",
        "name": ikm.name,
        "url": request.build_absolute_uri(reverse("web:ikm", args=[ikm.pk])),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": ikm.regency.name,
            "addressRegion": ikm.province.name,
            "addressCountry": "ID",
        },
    }


def product_json_ld(request, product) -> dict:
    """schema.org Product with an Offer in IDR; only public fields of the producing IKM."""
    url = request.build_absolute_uri(reverse("web:product", args=[product.pk]))
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": _localized(product, "name"),
        "description": _localized(product, "description"),
        "sku": str(product.pk),
        "url": url,
        "category": _localized(product.category, "name"),
        "image": [request.build_absolute_uri(img.image.url) for img in product.images.all() if img.image],
        "manufacturer": _manufacturer(request, product),
        "offers": {
            "@type": "Offer",
            "price": str(product.price),
            "priceCurrency": "IDR",
            "availability": "https://schema.org/" + ("InStock" if product.stock > 0 else "OutOfStock"),
            "url": url,
            "eligibleQuantity": {"@type": "QuantitativeValue", "minValue": product.moq},
        },
    }
    if product.hs_code_id:
        data["additionalProperty"] = [
            {"@type": "PropertyValue", "name": "HS code (BTKI 2022)", "value": product.hs_code.dotted}
        ]
    return data


def product(request, pk: int):
    found = list(product_detail(pk))
    if not found:
        raise Http404
    item = found[0]
    return render(
        request,
        "catalog/product_detail.html",
        {
            "product": item,
            "ikm": item.ikm,
            "json_ld": product_json_ld(request, item),
        },
    )


# Search -------------------------------------------------------------------------------------------

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
