"""Planner statistics after bulk writes.

PostgreSQL plans each query from per-table statistics that only ANALYZE (or autovacuum, some time
later) refreshes. After a bulk load the statistics still describe the empty tables, so the planner
picks nested loops over what it believes are a handful of rows: a page that takes 100 ms with fresh
statistics took 18 s at 100 k products. SQLite's `PRAGMA optimize` does the same job for its
planner (it runs ANALYZE where the tables changed enough to matter).

Commands that write many rows at once (the demo generator, `reindex`, `loadref`) call
`refresh_planner_statistics()` when they finish; ordinary requests never do.
"""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_planner_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    """ANALYZE on PostgreSQL, `PRAGMA optimize` on SQLite; nothing on other engines.

    Not an audited action: it changes no row, only what the planner knows about them."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
        elif connection.vendor == "sqlite":
            # 0x10002: analyse every table that lacks statistics or changed a lot, without the
            # default's row limit per table (the point is exactly the tables a bulk load filled).
            cursor.execute("PRAGMA optimize=0x10002")
