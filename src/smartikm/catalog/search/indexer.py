"""Keeping `SearchEntry` and the engine's text index in step with the catalogue.

Called explicitly (no signals): catalog and registry actions call `index_products()` /
`index_ikm_products()` from `transaction.on_commit`, the demo generator and `smartikm reindex` call
`reindex_all()`. Only public products get an entry; a product that stopped being public loses it.
"""

import logging
import secrets
import time
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q

from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product, ProductImage, SearchTerm
from smartikm.catalog.search import text
from smartikm.catalog.search.engines import COMBO, COMBO_COLUMNS, STATE, engine
from smartikm.producers.models import public_condition
from smartikm.reference.models import Region

log = logging.getLogger(__name__)
BATCH = 5000

# Same rule as catalog.queries.public_products(): active, and made by a verified IKM or an active UPT.
PUBLIC = Q(status=ProductStatus.ACTIVE) & public_condition("producer__")
FIELDS = (
    "pk",
    "name_id",
    "name_en",
    "description_id",
    "description_en",
    "category_id",
    "kbli_id",
    "price",
    "producer__ikm_id",
    "producer__ikm__name",
    "producer__ikm__province_id",
    "producer__ikm__regency_id",
    "producer__ikm__scale",
    "producer__ikm__has_export_experience",
    "producer__organisation_id",
    "producer__organisation__province_id",
    "producer__organisation__region_id",
)


class _Lookups:
    """Names of regions (provinces, regencies) and categories, read once per indexing run."""

    def __init__(self):
        self.regions = dict(Region.objects.filter(level__in=(1, 2)).values_list("code", "name"))
        self.categories = {
            pk: (parent_id, f"{name_id} {name_en}")
            for pk, parent_id, name_id, name_en in Category.objects.values_list(
                "pk", "parent_id", "name_id", "name_en"
            )
        }


def _quality(has_image: bool, cert_count: int, export: bool) -> int:
    """Tie-breaker among equal text matches: a photo, certificates (up to three), export experience."""
    return 4 * has_image + 2 * min(cert_count, 3) + export


def _rows(ids_filter: Q, lookups: _Lookups, words: Counter | None) -> list[tuple]:
    products = list(Product.objects.filter(ids_filter).filter(PUBLIC).order_by("pk").values_list(*FIELDS))
    if not products:
        return []
    ids = [p[0] for p in products]
    through = Product.certifications.through
    certs: dict[int, set[str]] = {}
    for pid, kind in through.objects.filter(product_id__in=ids).values_list(
        "product_id", "certification__kind_id"
    ):
        certs.setdefault(pid, set()).add(kind)
    with_image = set(ProductImage.objects.filter(product_id__in=ids).values_list("product_id", flat=True))
    rows = []
    for (
        pid,
        name_id,
        name_en,
        desc_id,
        desc_en,
        category,
        kbli,
        price,
        ikm_id,
        ikm_name,
        province,
        regency,
        scale,
        export,
        upt_id,
        upt_province,
        upt_region,
    ) in products:
        warga_binaan = ikm_id is None and upt_id is not None
        if warga_binaan:
            # A UPT product takes its place from the UPT; the UPT's name is not indexed (it would
            # point at a prison, which the public pages show only through a provenance label).
            region = upt_region or ""
            province = upt_province or region[:2]
            regency = region[:5] if len(region) >= 5 else ""
            ikm_name, scale, export = "", "", False
        parent, category_text = lookups.categories.get(category, (None, ""))
        top = parent or category
        places = " ".join(lookups.regions.get(code or "", "") for code in (regency, province))
        names = f"{name_id} {name_en}"
        body = " ".join(
            (desc_id, desc_en, ikm_name or "", category_text, lookups.categories.get(top, (0, ""))[1], places)
        )
        kinds = sorted(certs.get(pid, ()))
        name_words, body_words = text.tokens(names), text.tokens(body)
        if words is not None:
            words.update({w for w in (*name_words, *body_words) if text.suggestible(w)})
        rows.append(
            (
                pid,
                province or "",
                regency or "",
                category,
                top,
                kbli or "",
                f" {' '.join(kinds)} " if kinds else "",
                scale or "",
                bool(export),
                warga_binaan,
                _quality(pid in with_image, len(kinds), bool(export)),
                price,
                " ".join(text.stem(w) for w in name_words),
                " ".join(text.stem(w) for w in body_words),
            )
        )
    return rows


class _Combos:
    """Ids of facet-value combinations (catalog_searchcombo), created on first sight. Rows are only
    ever added (an unused combination costs nothing: facets join it only from matching entries), and
    ON CONFLICT makes concurrent indexers agree on one id per combination."""

    def __init__(self):
        cols = ", ".join(COMBO_COLUMNS)
        with connection.cursor() as cur:
            cur.execute(f"SELECT id, {cols} FROM {COMBO}")  # noqa: S608
            self.ids = {self._key(row[1:]): row[0] for row in cur.fetchall()}

    @staticmethod
    def _key(values) -> tuple:
        return tuple(bool(v) if i >= 7 else v for i, v in enumerate(values))

    def add(self, rows: list[tuple]) -> list[tuple]:
        """rows as built by _rows(); returns them with the combination id after the price."""
        width = len(COMBO_COLUMNS)
        new = {self._key(r[1 : 1 + width]) for r in rows} - self.ids.keys()
        if new:
            cols = ", ".join(COMBO_COLUMNS)
            marks = ", ".join(["%s"] * width)
            same = " AND ".join(f"{c} = %s" for c in COMBO_COLUMNS)
            with connection.cursor() as cur:
                cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {COMBO}")  # noqa: S608
                next_id = cur.fetchone()[0] + 1
                for key in sorted(new):
                    cur.execute(
                        f"INSERT INTO {COMBO} (id, {cols}) VALUES (%s, {marks}) ON CONFLICT DO NOTHING",  # noqa: S608
                        [next_id, *key],
                    )
                    cur.execute(f"SELECT id FROM {COMBO} WHERE {same}", list(key))  # noqa: S608
                    found = cur.fetchone()
                    if found is None:  # the id was taken by another indexer for another combination
                        cur.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {COMBO}")  # noqa: S608
                        next_id = cur.fetchone()[0]
                        cur.execute(
                            f"INSERT INTO {COMBO} (id, {cols}) VALUES (%s, {marks})",  # noqa: S608
                            [next_id, *key],
                        )
                        found = (next_id,)
                    self.ids[key] = found[0]
                    next_id = max(next_id, found[0]) + 1
        return [(*r[:12], self.ids[self._key(r[1 : 1 + width])], *r[12:]) for r in rows]


def bump_generation() -> None:
    """Give the index a new generation inside the indexing transaction, so cached facet counts of the
    old one are never read again. Random rather than +1: a rolled-back transaction must not leave a
    number that a later, different index would reuse."""
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {STATE} SET generation = %s WHERE id = 1", [secrets.randbits(62)])  # noqa: S608


def _add_terms(words: Counter, *, exact: bool) -> None:
    objs = [SearchTerm(word=w, length=len(w), documents=n) for w, n in words.items()]
    if exact:
        SearchTerm.objects.bulk_create(objs, batch_size=5000)
    else:
        # Incremental: new words only; counts of known words are refreshed by reindex_all().
        SearchTerm.objects.bulk_create(objs, batch_size=5000, ignore_conflicts=True)


def index_products(ids: Iterable[int]) -> int:
    """Bring the entries of these products up to date (added, changed or removed). Returns how many
    of them are public now."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return 0
    eng, lookups, indexed = engine(), _Lookups(), 0
    with transaction.atomic():
        bump_generation()
        combos = _Combos()
        for start in range(0, len(ids), BATCH):
            part = ids[start : start + BATCH]
            words: Counter = Counter()
            rows = combos.add(_rows(Q(pk__in=part), lookups, words))
            eng.delete(part)
            if rows:
                eng.write(rows)
                _add_terms(words, exact=False)
            indexed += len(rows)
    return indexed


def index_ikm_products(ikm_id: int) -> int:
    """Re-index every product of one IKM (after its verification status or its profile changed)."""
    return index_products(Product.objects.filter(producer__ikm_id=ikm_id).values_list("pk", flat=True))


def reindex_ikm_on_commit(ikm) -> None:
    """Hook for the registry's `ikm_changed`: re-index the IKM's products once the change commits."""
    ikm_id = ikm.pk
    transaction.on_commit(lambda: index_ikm_products(ikm_id))


def reindex_all(*, progress=None) -> int:
    """Rebuild the whole index and vocabulary in one transaction (readers keep the old index until it
    commits). Returns the number of public products indexed."""
    eng, lookups = engine(), _Lookups()
    words: Counter = Counter()
    started, total, last = time.monotonic(), 0, 0
    with transaction.atomic():
        bump_generation()
        eng.clear()
        SearchTerm.objects.all().delete()
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {COMBO}")  # noqa: S608
        combos = _Combos()
        while True:
            batch_ids = list(
                Product.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]
            )
            if not batch_ids:
                break
            last = batch_ids[-1]
            rows = combos.add(_rows(Q(pk__gte=batch_ids[0], pk__lte=last), lookups, words))
            if rows:
                eng.write(rows)
            total += len(rows)
            if progress:
                progress(f"{total:,} produk diindeks · {time.monotonic() - started:.1f} dtk")
        _add_terms(words, exact=True)
        eng.after_bulk()
    log.info("search index rebuilt: %d products in %.1f s", total, time.monotonic() - started)
    return total
