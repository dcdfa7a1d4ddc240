"""Corrections reads for the templates of lower apps.

The public product page belongs to catalog, which sits below corrections and may not import it; a
UPT product's provenance (the unit's name and its public story, never a person) is added by this
tag in the product template.
"""

from django import template

from smartikm.corrections.provenance import Provenance
from smartikm.corrections.provenance import provenance as product_provenance

register = template.Library()


@register.simple_tag
def provenance(product) -> Provenance | None:
    """Label and optional story for a UPT product; None for an IKM product."""
    return product_provenance(product)
