"""What a product page may say about where a UPT product comes from: the unit, never a person.

"Karya warga binaan — Lapas Kelas I Semarang", plus the unit's own public story when it has one.
This module reads only the Organisation and its UptProfile; it does not import the artisan models,
so nothing here can put a code or a name on a public page.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from smartikm.corrections.models import UptProfile


@dataclass(frozen=True)
class Provenance:
    label: str
    story: str | None


def _profile(upt) -> UptProfile | None:
    try:
        return upt.upt_profile  # select_related("upt__upt_profile") makes this free on lists
    except UptProfile.DoesNotExist:
        return None


def provenance(product) -> Provenance | None:
    """Label and optional story for a UPT product; None for an IKM product."""
    upt = product.upt if product.upt_id is not None else None
    if upt is None:
        return None
    profile = _profile(upt)
    story = (profile.story or "").strip() if profile else ""
    return Provenance(label=_("Karya warga binaan — %(upt)s") % {"upt": upt.name}, story=story or None)


def provenance_label(product) -> str | None:
    """ "Karya warga binaan — <UPT name>" for a UPT product, None for an IKM product."""
    found = provenance(product)
    return found.label if found else None
