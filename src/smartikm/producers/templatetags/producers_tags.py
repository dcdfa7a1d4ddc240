"""Template filters for what pages may say about a producer."""

from django import template

from smartikm.producers import permissions

register = template.Library()


@register.simple_tag
def provenance(producer) -> permissions.Provenance | None:
    """`{% provenance product.producer as provenance %}`: label and story of a UPT's product."""
    return permissions.provenance(producer) if producer is not None else None


@register.filter
def public_label(producer) -> str:
    """The IKM's name, or "Karya warga binaan — <UPT>" for a UPT: never a person."""
    return permissions.public_label(producer) if producer is not None else ""
