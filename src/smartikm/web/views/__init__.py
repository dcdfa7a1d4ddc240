"""Pages of the site as a whole: home and health check, province, robots.txt and sitemaps. Each
entity's pages live in its own app (registry, catalog, curation, corrections)."""
