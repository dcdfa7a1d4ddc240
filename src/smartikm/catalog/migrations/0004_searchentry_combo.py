"""Facet combinations: SearchEntry.combo points at one row of catalog_searchcombo holding the facet
values, so facet counts group the matches by one integer (ADR 0004). The combination table is plain
SQL (the same on both engines); existing entries are filled here, new ones by the indexer."""

from django.db import migrations, models

COMBO_COLUMNS = "province, regency, category, top_category, kbli, certifications, scale, export, warga_binaan"

UP = [
    "CREATE TABLE catalog_searchcombo ("
    "id integer NOT NULL PRIMARY KEY, province varchar(13) NOT NULL, regency varchar(13) NOT NULL, "
    "category integer NOT NULL, top_category integer NOT NULL, kbli varchar(5) NOT NULL, "
    "certifications varchar(300) NOT NULL, scale varchar(10) NOT NULL, export boolean NOT NULL, "
    "warga_binaan boolean NOT NULL)",
    f"CREATE UNIQUE INDEX catalog_searchcombo_values ON catalog_searchcombo ({COMBO_COLUMNS})",
    f"INSERT INTO catalog_searchcombo (id, {COMBO_COLUMNS}) "
    f"SELECT ROW_NUMBER() OVER (ORDER BY {COMBO_COLUMNS}), {COMBO_COLUMNS} FROM "
    f"(SELECT DISTINCT {COMBO_COLUMNS} FROM catalog_searchentry) d",
    "UPDATE catalog_searchentry SET combo = (SELECT c.id FROM catalog_searchcombo c WHERE "
    + " AND ".join(f"c.{col} = catalog_searchentry.{col}" for col in COMBO_COLUMNS.split(", "))
    + ")",
    # The index generation: a random number replaced by every indexing transaction, read with the
    # certification kinds by search() and part of the facet-cache key (catalog.search.query).
    "CREATE TABLE catalog_searchstate (id integer NOT NULL PRIMARY KEY, generation bigint NOT NULL)",
    "INSERT INTO catalog_searchstate (id, generation) VALUES (1, 1)",
]
DOWN = ["DROP TABLE IF EXISTS catalog_searchstate", "DROP TABLE IF EXISTS catalog_searchcombo"]


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="combo",
            field=models.IntegerField(default=0),
        ),
        migrations.RunSQL(UP, DOWN),
    ]
