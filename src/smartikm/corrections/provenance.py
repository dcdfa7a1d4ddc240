"""What a product page may say about where a UPT product comes from: the unit, never a person.

"Karya warga binaan — Lapas Kelas I Semarang", plus the unit's own public story when it has one.
The wording and the story come from `producers.permissions`, so every page says it one way; this
module never reads the artisan models, so nothing here can put a code or a name on a public page.
"""

from dataclasses import dataclass

from smartikm.producers.permissions import public_label, public_story


@dataclass(frozen=True)
class Provenance:
    label: str
    story: str | None


def provenance(product) -> Provenance | None:
    """Label and optional story for a UPT product; None for an IKM product."""
    producer = product.producer
    if not producer.is_upt:
        return None
    return Provenance(label=public_label(producer), story=public_story(producer))


def provenance_label(product) -> str | None:
    """ "Karya warga binaan — <UPT name>" for a UPT product, None for an IKM product."""
    found = provenance(product)
    return found.label if found else None
