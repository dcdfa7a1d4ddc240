"""Catalogue search benchmark: `search()` against the same SQL sent straight to the engine.

    .venv/bin/python bench/search.py --products 100000 --engine sqlite
    .venv/bin/python bench/search.py --products 1000000 --engine postgres [--rebuild] [--reindex]

Builds N products with the demo generator (about N/5.47 IKM, seed 1) in its own database
(var/bench/search-N.sqlite3, or PostgreSQL database bench_search_N on 127.0.0.1), reusing it when it
already holds them, indexes them, then runs a fixed mix of 200 queries (1-3 domain words, half with a
facet filter). "raw" replays the exact statements `search()` issued for each query on a bare DB-API
cursor, so `ratio_p95` is the cost of the application layer (stemming, ORM, objects) on top of the
database work. Facet counts of browsing and one-word queries are cached per index generation (the
mix repeats words, so later queries hit it); --no-cache measures every query cold. Prints one JSON
object.
"""

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTS_PER_IKM = 5.47  # mean of the generator's PRODUCTS_PER_IKM weights
PG_SERVER = "postgres://postgres@127.0.0.1:5432"

# Related words per domain (so 2-3 word queries usually have hits), plus places.
GROUPS = [
    ["batik", "tulis", "cap", "motif", "kain", "parang", "sutra", "kemeja"],
    ["tenun", "songket", "ikat", "kain", "sarung", "selendang"],
    ["kopi", "arabika", "robusta", "bubuk", "sangrai", "biji"],
    ["keripik", "singkong", "pedas", "pisang", "balado", "tempe"],
    ["rotan", "anyaman", "tas", "keranjang", "bambu", "pengrajin"],
    ["ukiran", "kayu", "jati", "meja", "kursi", "patung"],
    ["tas", "kulit", "dompet", "sepatu", "sandal", "sapi"],
    ["sambal", "bumbu", "rendang", "terasi", "udang", "pedas"],
    ["madu", "jamu", "jahe", "kunyit", "herbal", "temulawak"],
    ["perak", "cincin", "gelang", "kalung", "mutiara", "emas"],
    ["gerabah", "keramik", "vas", "tanah", "liat", "pot"],
    ["teh", "hijau", "melati", "celup", "daun"],
    ["sabun", "alami", "minyak", "atsiri", "kelapa", "sereh"],
    ["gamis", "hijab", "mukena", "busana", "muslim", "kerudung"],
]
PLACES = ["jepara", "pekalongan", "solo", "yogyakarta", "garut", "bali", "tasikmalaya", "bantul", "lombok"]
TYPOS = ["batk", "kopii", "rotann", "kripik", "Pekalongn", "anyamn"]
FILTERS = [
    {"province": "33"},
    {"province": "35"},
    {"province": "32"},
    {"scale": "kecil"},
    {"export": "1"},
    {"certification": "HALAL"},
    {"category": "makanan"},
    {"category": "fesyen"},
    {"warga_binaan": "0"},
]


def query_mix(n: int, seed: int = 20261122) -> list[tuple[str, dict | None]]:
    rng = random.Random(seed)
    mix = []
    for i in range(n):
        group = rng.choice(GROUPS)
        words = rng.sample(group, rng.choice((1, 1, 2, 2, 3)))
        if rng.random() < 0.1:
            words[-1] = rng.choice(PLACES)
        if rng.random() < 0.05:
            words = [rng.choice(TYPOS)]
        mix.append((" ".join(words), rng.choice(FILTERS) if i % 2 else None))
    return mix


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def setup_database(engine: str, products: int, rebuild: bool) -> str:
    if engine == "sqlite":
        path = ROOT / "var" / "bench" / f"search-{products}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = f"bench_search_{products}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if rebuild and exists:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data even if present")
    parser.add_argument("--reindex", action="store_true", help="rebuild the search index even if present")
    parser.add_argument(
        "--no-cache", action="store_true", help="measure without the facet cache (every query counted cold)"
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = setup_database(args.engine, args.products, args.rebuild)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartikm.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    if args.no_cache:
        from django.conf import settings

        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from django.core.management import call_command
    from django.db import connection

    from smartikm.catalog.models import Product, SearchEntry
    from smartikm.catalog.search import reindex_all, search
    from smartikm.demo.generator import generate
    from smartikm.registry.models import Ikm

    n_ikm = math.ceil(args.products / PRODUCTS_PER_IKM)
    call_command("migrate", verbosity=0, skip_checks=True)
    build_seconds = index_seconds = None
    if Ikm.objects.count() != n_ikm:
        if Ikm.objects.exists():
            sys.exit(f"database holds other data ({Ikm.objects.count()} IKM); use --rebuild")
        started = time.monotonic()
        call_command("loadref", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        generate(n_ikm, 1)
        build_seconds = round(time.monotonic() - started, 1)
    if args.reindex or build_seconds is not None or not SearchEntry.objects.exists():
        started = time.monotonic()
        reindex_all()
        index_seconds = round(time.monotonic() - started, 1)

    mix = query_mix(args.queries)
    for q, f in mix[:20]:  # warm caches (stems, pages) before measuring
        search(q, f)

    statements: list[tuple[str, list]] = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, list(params or [])))
        return execute(sql, params, many, context)

    app_ms, raw_ms, replays, hits, suggested = [], [], [], 0, 0
    for q, f in mix:
        statements.clear()
        with connection.execute_wrapper(capture):
            started = time.perf_counter()
            result = search(q, f)
            app_ms.append((time.perf_counter() - started) * 1000)
        replays.append(list(statements))
        hits += result.total > 0
        suggested += result.suggestion is not None

    raw = connection.connection  # the DB-API connection: no Django cursor wrapper, no ORM
    sqlite = connection.vendor == "sqlite"
    for stmts in replays:
        started = time.perf_counter()
        for sql, params in stmts:
            cur = raw.cursor()
            if sqlite:
                sql = sql.replace("%s", "?").replace("%%", "%")
            cur.execute(sql, params)
            cur.fetchall()
            cur.close()
        raw_ms.append((time.perf_counter() - started) * 1000)

    p95, raw_p95 = pct(app_ms, 95), pct(raw_ms, 95)
    print(
        json.dumps(
            {
                "engine": args.engine,
                "products": Product.objects.count(),
                "public_indexed": SearchEntry.objects.count(),
                "queries": len(mix),
                "p50_ms": round(pct(app_ms, 50), 2),
                "p95_ms": round(p95, 2),
                "max_ms": round(max(app_ms), 2),
                "mean_ms": round(statistics.fmean(app_ms), 2),
                "raw_p50_ms": round(pct(raw_ms, 50), 2),
                "raw_p95_ms": round(raw_p95, 2),
                "ratio_p95": round(p95 / raw_p95, 2) if raw_p95 else None,
                "queries_with_hits": hits,
                "answered_by_suggestion": suggested,
                "statements_per_query": round(statistics.fmean(len(s) for s in replays), 1),
                "build_seconds": build_seconds,
                "index_seconds": index_seconds,
                "facet_cache": not args.no_cache,
            }
        )
    )


if __name__ == "__main__":
    main()
