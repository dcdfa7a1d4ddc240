"""Catalogue search: the one entry point for pages and the API (ADR 0004).

    search(query, filters, *, page, page_size, sort) -> SearchResult
    index_products(ids), index_ikm_products(ikm_id), reindex_ikm_on_commit(ikm), reindex_all()

SQLite FTS5 or PostgreSQL full-text, chosen from the database vendor; Indonesian stemmed identically
in Python for both (text.py); facets counted by the database on one denormalised table.
"""

from smartikm.catalog.search.indexer import (
    index_ikm_products,
    index_products,
    reindex_all,
    reindex_ikm_on_commit,
)
from smartikm.catalog.search.query import search
from smartikm.catalog.search.types import FACET_KEYS, SORTS, Facet, SearchResult

__all__ = [
    "FACET_KEYS",
    "SORTS",
    "Facet",
    "SearchResult",
    "index_ikm_products",
    "index_products",
    "reindex_all",
    "reindex_ikm_on_commit",
    "search",
]
