"""The two engines behind `catalog.search`: SQLite FTS5 and PostgreSQL full-text search.

Each engine writes the stemmed text next to `SearchEntry` rows and says how to match and rank a list
of stems. Everything else (filters, facets, paging) is shared SQL in `query.py`. User input reaches
the engines only as stems produced by `text.py` (letters and digits), and even those are quoted and
passed as parameters, so no query syntax (FTS5 `NEAR(`, `*`, `-`, `:`; tsquery `&`, `!`) can leak in.
"""

from dataclasses import dataclass

from django.db import connection

from smartikm.catalog.models import SearchEntry

ENTRY = SearchEntry._meta.db_table
FTS = "catalog_searchfts"
# Facet and ranking columns of SearchEntry, in the order the indexer produces them.
COLUMNS = (
    "product_id",
    "province",
    "regency",
    "category",
    "top_category",
    "kbli",
    "certifications",
    "scale",
    "export",
    "warga_binaan",
    "quality",
    "price",
    "combo",
)
COMBO = "catalog_searchcombo"
STATE = "catalog_searchstate"  # one row: the index generation (see indexer.bump_generation)
# The facet values a combination stands for: COLUMNS[1:10].
COMBO_COLUMNS = COLUMNS[1:10]


@dataclass(frozen=True)
class Match:
    """SQL pieces that restrict SearchEntry `e` to rows matching the stems, and rank them."""

    source: str  # the FROM clause: SearchEntry as `e`, joined to whatever the match needs
    where: str
    params: list
    rank: str  # ORDER BY expression, best (lowest) first; then quality, then newest
    rank_params: list


class SqliteEngine:
    vendor = "sqlite"

    def prepare(self) -> None:
        """A 64 MB page cache on this connection (SQLite's default is 2 MB): facet GROUP BYs and the
        FTS join over large match sets run 3x faster when the entry table stays in memory. Sent on
        the raw connection (microseconds, not counted as one of search()'s queries)."""
        connection.connection.execute("PRAGMA cache_size = -65536")

    def write(self, rows: list[tuple]) -> None:
        """rows: COLUMNS values followed by (names, body) stemmed text."""
        cols = ", ".join(COLUMNS)
        marks = ", ".join(["%s"] * len(COLUMNS))
        with connection.cursor() as cur:
            cur.executemany(f"INSERT INTO {ENTRY} ({cols}) VALUES ({marks})", [r[:-2] for r in rows])  # noqa: S608
            cur.executemany(
                f"INSERT INTO {FTS} (rowid, names, body) VALUES (%s, %s, %s)",  # noqa: S608
                [(r[0], r[-2], r[-1]) for r in rows],
            )

    def delete(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(part))
                cur.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", part)  # noqa: S608
                cur.execute(f"DELETE FROM {ENTRY} WHERE product_id IN ({marks})", part)  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {FTS}")  # noqa: S608
            cur.execute(f"DELETE FROM {ENTRY}")  # noqa: S608

    def after_bulk(self) -> None:
        with connection.cursor() as cur:
            # Merge the b-tree segments written batch by batch into one: fewer pages per lookup.
            cur.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")  # noqa: S608
            cur.execute("ANALYZE")

    def match(self, stems: list[str]) -> Match:
        # Each stem a quoted FTS5 string ("" escapes a quote); juxtaposition means AND.
        expr = " ".join('"' + s.replace('"', '""') + '"' for s in stems)
        return Match(
            # CROSS JOIN: SQLite keeps the FTS5 table as the outer loop. Otherwise, with a filter
            # on an indexed column, it may walk that index and query FTS5 once per row (2.5 s for
            # "kain selendang tenun" in one province at 100 k products).
            source=f"{FTS} CROSS JOIN {ENTRY} e ON {FTS}.rowid = e.product_id",
            where=f"{FTS} MATCH %s",
            params=[expr],
            # Rank tier: every word in the name first. bm25() reads a size row per match (~5 us each:
            # 0.5 s for a common word at a million products); this is one more posting-list lookup.
            rank=f"CASE WHEN e.product_id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s) THEN 0 ELSE 1 END",  # noqa: E501, S608
            rank_params=[f"names : ({expr})"],
        )

    def term_candidates(self, word: str) -> list[tuple[str, int]]:
        """Vocabulary words close in length; rapidfuzz picks among them (suggest.py)."""
        with connection.cursor() as cur:
            cur.execute(
                "SELECT word, documents FROM catalog_searchterm WHERE length BETWEEN %s AND %s",
                [len(word) - 2, len(word) + 2],
            )
            return cur.fetchall()


class PostgresEngine:
    vendor = "postgresql"

    def prepare(self) -> None:
        """No JIT on this session: search statements are estimated expensive enough to trigger it
        (PostgreSQL 15 default jit_above_cost), and compiling costs 20-60 ms per statement, more
        than the statements themselves run. Sent on the raw connection like SQLite's pragma."""
        connection.connection.execute("SET jit = off")

    def write(self, rows: list[tuple]) -> None:
        cols = ", ".join(COLUMNS)
        marks = ", ".join(["%s"] * len(COLUMNS))
        # The 'simple' configuration only lower-cases: the text is already stemmed in Python, the
        # same tokens as on SQLite. Names weigh A, the rest B.
        sql = (
            f"INSERT INTO {ENTRY} ({cols}, document) VALUES ({marks}, "  # noqa: S608
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B'))"
        )
        with connection.cursor() as cur:
            cur.executemany(sql, rows)

    def delete(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {ENTRY} WHERE product_id = ANY(%s)", [list(ids)])  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {ENTRY}")  # noqa: S608

    def after_bulk(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {ENTRY}")
            cur.execute("ANALYZE catalog_searchterm")

    def match(self, stems: list[str]) -> Match:
        # Quoted lexemes joined with & (AND); quotes and backslashes doubled/escaped per tsquery syntax.
        expr = " & ".join("'" + s.replace("\\", "\\\\").replace("'", "''") + "'" for s in stems)
        return Match(
            source=f"{ENTRY} e",
            where="e.document @@ to_tsquery('simple', %s)",
            params=[expr],
            # Same tier as on SQLite: every word in the name (weight A) first. ts_rank() would
            # de-TOAST and score every match, and rank differently from SQLite.
            rank="CASE WHEN e.document @@ to_tsquery('simple', %s) THEN 0 ELSE 1 END",
            rank_params=[" & ".join(f"{lexeme}:A" for lexeme in expr.split(" & "))],
        )

    def term_candidates(self, word: str) -> list[tuple[str, int]]:
        """Words sharing trigrams with `word` (pg_trgm, GIN index); rapidfuzz picks among them."""
        with connection.cursor() as cur:
            cur.execute(
                "SELECT word, documents FROM catalog_searchterm WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, documents DESC LIMIT 50",
                [word, word],
            )
            return cur.fetchall()


def engine():
    """The engine for the default database's vendor."""
    return PostgresEngine() if connection.vendor == "postgresql" else SqliteEngine()
