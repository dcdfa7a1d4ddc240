"""`search()`: one function for pages and the API, on either engine.

Query count is fixed whatever the page size: certification kinds, facets + total (one statement),
the page of ids, the products, their images, and the labels of regions, categories and KBLI. A query
that finds nothing costs a vocabulary look-up and, if a correction exists, a second search.
"""

import hashlib
import math
from collections.abc import Mapping
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product, ProductImage
from smartikm.catalog.search import text
from smartikm.catalog.search.engines import COMBO, ENTRY, STATE, Match, engine
from smartikm.catalog.search.suggest import suggest
from smartikm.catalog.search.types import FACET_KEYS, SORTS, Facet, SearchResult
from smartikm.reference.models import CertificationKind, Kbli, Region
from smartikm.registry.choices import ScaleClass, VerificationStatus

MAX_PAGE_SIZE = 100
MAX_FILTER_VALUES = 50
MAX_FACET_VALUES = 100
# Facet counts of browsing (no words) and of one-word queries are cached (Django's cache framework)
# under the index generation, which every indexing transaction replaces: a common word's counts cost
# a full pass over tens of thousands of matches, and the same few words are asked again and again.
FACET_CACHE_SECONDS = 3600
# Facet key -> the facet-combination column `c` it rolls up by (certification is handled apart:
# several per row).
GROUPED = {
    "province": "c.province",
    "regency": "c.regency",
    "leaf": "CAST(c.category AS TEXT)",
    "top": "CAST(c.top_category AS TEXT)",
    "kbli": "c.kbli",
    "scale": "c.scale",
    "export": "CASE WHEN c.export THEN '1' ELSE '0' END",
    "warga_binaan": "CASE WHEN c.warga_binaan THEN '1' ELSE '0' END",
}
# Extra guard when loading the page's products (_public): an entry may lag behind a change by one
# commit.


class _Category(NamedTuple):
    """The Category fields search needs, without building model instances on every query."""

    pk: int
    parent_id: int | None
    name_id: str


def _values(filters: Mapping | None, key: str) -> list[str]:
    if not filters:
        return []
    raw = filters.getlist(key) if hasattr(filters, "getlist") else filters.get(key)
    if raw is None:
        return []
    if isinstance(raw, str | int):
        raw = [raw]
    # NUL cannot be stored in or compared with PostgreSQL text; values are codes, so short.
    cleaned = (str(v).replace("\x00", "").strip()[:100] for v in list(raw)[:MAX_FILTER_VALUES])
    return list(dict.fromkeys(v for v in cleaned if v))


class _Where:
    """WHERE clauses on SearchEntry `e` from the filters; every value is a parameter."""

    def __init__(self):
        self.sql: list[str] = []
        self.params: list = []

    def within(self, column: str, values: list) -> None:
        self.sql.append(f"{column} IN ({', '.join(['%s'] * len(values))})")
        self.params.extend(values)

    def flag(self, column: str, values: list[str]) -> None:
        wanted = {v for v in values if v in ("0", "1")}
        if len(wanted) == 1:
            self.sql.append(f"{column} = %s")
            self.params.append(wanted == {"1"})

    def any_like(self, column: str, patterns: list[str]) -> None:
        self.sql.append("(" + " OR ".join([f"{column} LIKE %s"] * len(patterns)) + ")")
        self.params.extend(patterns)

    def nothing(self) -> None:
        self.sql.append("1 = 0")


def _where(filters, categories: dict[str, tuple[int, _Category]], kinds: dict[str, str]) -> _Where:
    w = _Where()
    for key, column in (("province", "e.province"), ("regency", "e.regency"), ("kbli", "e.kbli")):
        if values := _values(filters, key):
            w.within(column, values)
    if values := _values(filters, "scale"):
        w.within("e.scale", values)
    if values := _values(filters, "category"):
        ids = [categories[v][0] for v in values if v in categories]
        if not ids:
            w.nothing()
        else:
            marks = ", ".join(["%s"] * len(ids))
            w.sql.append(f"(e.category IN ({marks}) OR e.top_category IN ({marks}))")
            w.params.extend(ids + ids)
    if values := _values(filters, "certification"):
        known = [v for v in values if v in kinds]
        if not known:
            w.nothing()
        else:
            w.any_like("e.certifications", [f"% {code} %" for code in known])
    w.flag("e.export", _values(filters, "export"))
    w.flag("e.warga_binaan", _values(filters, "warga_binaan"))
    return w


def _base(match: Match | None, where: _Where) -> tuple[str, list]:
    """FROM … WHERE … selecting the matching entries `e`."""
    source = match.source if match else f"{ENTRY} e"
    clauses = ([match.where] if match else []) + where.sql
    params = (match.params if match else []) + where.params
    sql = f"FROM {source}"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return sql, params


def _rollup(kinds: list[str]) -> tuple[str, str, list]:
    """From `m` (combination id, count): the CTE joining the combinations' values, and the
    statement rolling them up per facet. Certification counts use LIKE on the grouped rows."""
    cols = ", ".join(f"{expr} AS {key}" for key, expr in GROUPED.items())
    # Keys and expressions are the constants above; values are parameters.
    parts = [f"SELECT '{key}', {key}, SUM(n) FROM g GROUP BY {key}" for key in GROUPED]  # noqa: S608
    cert_params = []
    for code in kinds:
        parts.append("SELECT 'certification', %s, SUM(CASE WHEN certs LIKE %s THEN n ELSE 0 END) FROM g")
        cert_params += [code, f"% {code} %"]
    parts.append("SELECT 'total', '', SUM(n) FROM g")
    cte = (
        f"g AS MATERIALIZED (SELECT {cols}, c.certifications AS certs, m.n "  # noqa: S608
        f"FROM m JOIN {COMBO} c ON c.id = m.combo)"
    )
    return cte, " UNION ALL ".join(parts), cert_params


def facet_sql(match: Match | None, where: _Where, kinds: list[str]) -> tuple[str, list]:
    """One statement: the matching rows grouped by their facet-combination id (one integer column),
    the few combinations found joined to their values, then rolled up per facet."""
    base, params = _base(match, where)
    cte, rollup, cert_params = _rollup(kinds)
    sql = f"WITH m AS MATERIALIZED (SELECT e.combo, COUNT(*) AS n {base} GROUP BY e.combo), {cte} {rollup}"  # noqa: S608
    return sql, params + cert_params


def _order(match: Match | None, sort: str, *, rank: str, quality: str, price: str, key: str) -> str:
    if sort == "newest":
        return f"{key} DESC"
    if sort == "price_asc":
        return f"{price} ASC, {key} DESC"
    if sort == "price_desc":
        return f"{price} DESC, {key} DESC"
    if match:
        return f"{rank}, {quality} DESC, {key} DESC"
    return f"{quality} DESC, {key} DESC"


def page_sql(match: Match | None, where: _Where, sort: str, limit: int, offset: int) -> tuple[str, list]:
    base, params = _base(match, where)
    ranked = match if sort == "relevance" else None
    order = _order(
        match,
        sort,
        rank=ranked.rank if ranked is not None else "",
        quality="e.quality",
        price="e.price",
        key="e.product_id",
    )
    return (
        f"SELECT e.product_id {base} ORDER BY {order} LIMIT %s OFFSET %s",
        params + (ranked.rank_params if ranked is not None else []) + [limit, offset],
    )


def facets_and_page_sql(
    match: Match | None, where: _Where, kinds: list[str], sort: str, limit: int, offset: int
) -> tuple[str, list]:
    """facet_sql and page_sql in one pass over the matches (on PostgreSQL the matches' heap pages are
    read once instead of twice): the facet rows, then ('page', position, product id) rows of the
    requested page, or of the last page when it is past the end (as `_run` clamps it)."""
    base, params = _base(match, where)
    ranked = match if sort == "relevance" else None
    rank = f"{ranked.rank} AS r" if ranked is not None else "0 AS r"
    order = _order(match, sort, rank="r", quality="quality", price="price", key="id")
    cte, rollup, cert_params = _rollup(kinds)
    last = "(COUNT(*) - 1) / %s * %s"
    sql = (
        f"WITH x AS MATERIALIZED (SELECT e.product_id AS id, e.combo, e.quality, e.price, {rank} {base}), "  # noqa: S608
        "m AS MATERIALIZED (SELECT combo, COUNT(*) AS n FROM x GROUP BY combo), "
        f"{cte}, "
        f"p AS (SELECT id, ROW_NUMBER() OVER (ORDER BY {order}) AS rn FROM "
        f"(SELECT * FROM x ORDER BY {order} LIMIT %s OFFSET "
        f"(SELECT CASE WHEN COUNT(*) = 0 THEN 0 WHEN %s > {last} THEN {last} ELSE %s END FROM x)) q) "
        f"{rollup} UNION ALL SELECT 'page', CAST(rn AS TEXT), id FROM p"
    )
    rank_params = ranked.rank_params if ranked is not None else []
    page_params = [limit, offset, limit, limit, limit, limit, offset]
    return sql, rank_params + params + page_params + cert_params  # in the order they appear


def _generation_and_kinds() -> tuple[int, dict[str, str]]:
    """The index generation and the product certification kinds (code -> name), in one statement."""
    kind = CertificationKind._meta.db_table
    rows = _fetch(
        f"SELECT s.generation, k.code, k.name FROM {STATE} s "  # noqa: S608
        f"LEFT JOIN {kind} k ON k.applies_to_product = %s WHERE s.id = 1",
        [True],
    )
    generation = rows[0][0] if rows else 0
    return generation, {code: name for _, code, name in rows if code is not None}


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _public(p: Product) -> bool:
    """PUBLIC, checked on the loaded product: in SQL, the status condition next to `pk IN (…)` can
    lead PostgreSQL to scan the whole status index (tens of ms) instead of 20 key look-ups."""
    if p.status != ProductStatus.ACTIVE:
        return False
    producer = p.producer
    if producer.is_ikm:
        return producer.ikm is not None and producer.ikm.status == VerificationStatus.VERIFIED
    return producer.organisation is not None and producer.organisation.is_active


def _products(ids: list[int]) -> list[Product]:
    qs = (
        Product.objects.filter(pk__in=ids)
        .select_related(
            "category",
            "category__parent",
            "producer__province",
            "producer__ikm__province",
            "producer__ikm__regency",
            "producer__organisation",
        )
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))
    )
    by_id = {p.pk: p for p in qs if _public(p)}
    return [by_id[i] for i in ids if i in by_id]


def _facets(rows, filters, categories, kinds) -> tuple[int, dict[str, list[Facet]]]:
    total = 0
    grouped: dict[str, dict[str, int]] = {}
    for key, value, count in rows:
        if key == "total":
            total = int(count or 0)
        elif count:
            grouped.setdefault(key, {})[value or ""] = int(count)
    by_id = {pk: (slug, cat) for slug, (pk, cat) in categories.items()}
    region_codes = [c for k in ("province", "regency") for c in grouped.get(k, {})]
    regions = dict(Region.objects.filter(code__in=region_codes).values_list("code", "name"))
    kbli = dict(Kbli.objects.filter(code__in=list(grouped.get("kbli", {}))).values_list("code", "title"))
    labels = {
        "province": regions,
        "regency": regions,
        "kbli": kbli,
        "certification": kinds,
        "scale": dict(ScaleClass.choices),
        "export": {"1": _("Pernah ekspor"), "0": _("Belum pernah ekspor")},
        "warga_binaan": {"1": _("Karya warga binaan"), "0": _("Bukan karya warga binaan")},
    }
    facets: dict[str, list[Facet]] = {}
    for key in FACET_KEYS:
        selected = set(_values(filters, key))
        if key == "category":
            counts = []
            for part in ("top", "leaf"):
                for pk, n in grouped.get(part, {}).items():
                    slug, cat = by_id.get(int(pk), (None, None))
                    if slug:
                        parent = by_id.get(cat.parent_id, (None,))[0] if part == "leaf" else None
                        counts.append((slug, cat.name_id, n, parent))
        else:
            names = labels[key]
            counts = [(v, str(names.get(v, v)), n, None) for v, n in grouped.get(key, {}).items() if v]
        counts.sort(key=lambda c: (-c[2], c[1]))
        items = [
            Facet(v, label, n, v in selected, parent) for v, label, n, parent in counts[:MAX_FACET_VALUES]
        ]
        shown = {f.value for f in items}
        # A selected value stays visible (count 0) so the page can offer to remove it.
        items += [Facet(v, v, 0, True) for v in sorted(selected - shown)]
        facets[key] = items
    return total, facets


def search(
    query: str = "",
    filters: Mapping[str, str | list[str]] | None = None,
    *,
    page: int = 1,
    page_size: int = 20,
    sort: str = "relevance",
) -> SearchResult:
    """Public products matching `query` (every word, stemmed) and `filters` (facet key -> value or
    values; values of one key are alternatives, keys combine), with facet counts of the matches.

    Never raises on user input: any text, any filter values. When nothing matches and a spelling
    correction does, the corrected results are returned with `suggestion` set.
    """
    raw = (query or "").replace("\x00", " ").strip()
    words = text.query_words(raw)
    query = raw[: text.MAX_QUERY_CHARS]
    result = _run(words, filters, page, page_size, sort, query)
    result.query = query
    if result.total == 0 and words:
        corrected = suggest(words)
        if corrected and corrected != words:
            retry = _run(corrected, filters, page, page_size, sort)
            if retry.total:
                retry.suggestion = " ".join(corrected)
                retry.query = query
                return retry
    return result


def _run(words: list[str], filters, page, page_size, sort, raw_query: str = "") -> SearchResult:
    try:
        page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    except (TypeError, ValueError):
        page_size = 20
    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    sort = sort if sort in SORTS else "relevance"
    stems = text.query_stems(words)
    generation, kinds = _generation_and_kinds()
    categories = {
        slug: (pk, _Category(pk, parent_id, name_id))
        for pk, slug, parent_id, name_id in Category.objects.values_list("pk", "slug", "parent_id", "name_id")
    }
    where = _where(filters, categories, kinds)
    eng = engine()
    match = eng.match(stems) if stems else None
    if (words or raw_query) and not stems:
        where.nothing()  # only stopwords or junk (punctuation, over-long words): nothing to match
    if connection.connection is not None:
        eng.prepare()
    sql, params = facet_sql(match, where, sorted(kinds))
    key = None
    if len(stems) <= 1:
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        key = f"catalog.search.facets:{generation}:{digest}"
    rows = cache.get(key) if key else None
    ids = None
    if rows is None:
        # Not cached: facets and the page in one statement (one pass over the matches).
        both = _fetch(
            *facets_and_page_sql(match, where, sorted(kinds), sort, page_size, (page - 1) * page_size)
        )
        rows = [r for r in both if r[0] != "page"]
        ids = [int(r[2]) for r in sorted((r for r in both if r[0] == "page"), key=lambda r: int(r[1]))]
        if key:
            cache.set(key, rows, FACET_CACHE_SECONDS)
    total, facets = _facets(rows, filters, categories, kinds)
    pages = max(1, math.ceil(total / page_size))
    page = min(page, pages)
    if ids is None:
        ids = (
            [r[0] for r in _fetch(*page_sql(match, where, sort, page_size, (page - 1) * page_size))]
            if total
            else []
        )
    return SearchResult(
        total=total,
        page=page,
        pages=pages,
        page_size=page_size,
        items=_products(ids) if ids else [],
        facets=facets,
        query=" ".join(words),
    )
