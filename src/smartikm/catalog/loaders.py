"""The catalogue's own reference dataset: the category taxonomy, loaded by `smartikm loadref`
through the `reference_datasets` hook (reference sits below the catalogue and cannot import it)."""

import json
from pathlib import Path

from smartikm.catalog.models import Category
from smartikm.reference.loaders import SyncResult, checksum_of
from smartikm.reference.models import Dataset

DATA_DIR = Path(__file__).parent / "data"


def load_categories() -> SyncResult:
    """The category taxonomy: nine priority commodities and their sub-categories."""
    data = json.loads((DATA_DIR / "categories.json").read_text(encoding="utf-8"))
    result = SyncResult("catalog.Category", total=sum(1 + len(t["children"]) for t in data["categories"]))
    checksum = checksum_of(data)
    if Dataset.objects.filter(name="categories", checksum=checksum).exists():
        result.skipped = True
        return result
    wanted: list[tuple[str, str, str, str | None, int]] = []
    for i, top in enumerate(data["categories"]):
        wanted.append((top["slug"], top["id"], top["en"], None, i))
        for j, (slug, name_id, name_en) in enumerate(top["children"]):
            wanted.append((slug, name_id, name_en, top["slug"], j))
    by_slug = {c.slug: c for c in Category.objects.all()}
    for slug, name_id, name_en, parent_slug, position in wanted:
        parent = by_slug.get(parent_slug) if parent_slug else None
        values = {
            "name_id": name_id,
            "name_en": name_en,
            "parent": parent,
            "position": position,
            "is_active": True,
        }
        obj = by_slug.get(slug)
        if obj is None:
            by_slug[slug] = Category.objects.create(slug=slug, **values)
            result.created += 1
        elif any(getattr(obj, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(obj, f, v)
            obj.save()
            result.updated += 1
    slugs = {w[0] for w in wanted}
    result.disabled = Category.objects.exclude(slug__in=slugs).filter(is_active=True).update(is_active=False)
    Dataset.objects.update_or_create(
        name="categories",
        defaults={
            "source": data["source"],
            "version": data["version"],
            "checksum": checksum,
            "rows": len(wanted),
        },
    )
    return result
