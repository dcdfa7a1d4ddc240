"""What `catalog.search.search()` returns."""

from dataclasses import dataclass, field

from smartikm.catalog.models import Product

FACET_KEYS = ("province", "regency", "category", "kbli", "certification", "scale", "export", "warga_binaan")
SORTS = ("relevance", "newest", "price_asc", "price_desc")


@dataclass(frozen=True)
class Facet:
    """One value of a facet with the number of results having it. `parent` is set for a leaf
    category (its top-level category's slug) so pages can draw the category tree."""

    value: str
    label: str
    count: int
    selected: bool = False
    parent: str | None = None


@dataclass
class SearchResult:
    total: int
    page: int
    pages: int
    page_size: int
    items: list[Product]
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    suggestion: str | None = None  # set when the query found nothing and this corrected one did
    query: str = ""
