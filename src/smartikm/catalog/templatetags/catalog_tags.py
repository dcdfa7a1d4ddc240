"""Catalog reads for the templates of lower apps.

Registry's pages (an IKM's public profile, a sentra, the owner's and the officer's IKM pages) show
products, but registry sits below catalog and may not import it. Their views pass only what registry
knows; these tags, loaded by the templates, add the catalog part. Same queries as before the pages
moved, so the pinned query counts hold.
"""

from django import template

from smartikm.catalog import queries
from smartikm.core.pages import paginate

register = template.Library()

PUBLIC_PRODUCTS_PER_PAGE = 12


@register.simple_tag(takes_context=True)
def public_products_page(context, ikm, per_page: int = PUBLIC_PRODUCTS_PER_PAGE):
    """The requested page of the IKM's public products (`?page=` of the current request)."""
    return paginate(context["request"], queries.public_products().filter(producer__ikm=ikm), per_page)


@register.simple_tag
def products_of(ikm):
    """All products of the IKM, any status: for its owner and for the officer reviewing it."""
    return queries.products_of(ikm)


@register.simple_tag
def active_product_count(ikm_ids) -> int:
    """Active products of verified IKM among `ikm_ids` (a queryset of ids or a list)."""
    return queries.active_product_count(ikm_ids)
