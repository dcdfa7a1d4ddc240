"""Our product (plus its listing and the category mapping) → the channel-neutral ListingSpec."""

from __future__ import annotations

from smartikm.channels.marketplaces.base import ListingSpec, SkuSpec
from smartikm.channels.models import CategoryMapping, Listing


def seller_sku_for(product) -> str:
    # Stable for the product's life and identical on every channel: the anchor of the seller-SKU
    # lookup that makes a retried create idempotent on channels without idempotency keys.
    return f"IKM-{product.pk}"


def _attribute_values(mapping: CategoryMapping, listing: Listing) -> dict[str, list[str]]:
    merged = {**(mapping.default_attributes or {}), **(listing.attributes or {})}
    out: dict[str, list[str]] = {}
    for key, value in merged.items():
        values = value if isinstance(value, list) else [value]
        out[str(key)] = [str(v) for v in values if str(v)]
    return {k: v for k, v in out.items() if v}


def listing_spec(listing: Listing, mapping: CategoryMapping, *, idempotency_key: str) -> ListingSpec:
    product = listing.product
    cfg = listing.channel.config or {}
    return ListingSpec(
        seller_sku=listing.seller_sku,
        title=product.name_id,
        description=product.description_id,
        category_id=mapping.channel_category_id,
        skus=(SkuSpec(listing.seller_sku, int(product.price), int(product.stock)),),
        weight_g=int(product.weight_g or 0),
        images=tuple(listing.image_refs or ()),
        length_cm=product.length_cm,
        width_cm=product.width_cm,
        height_cm=product.height_cm,
        attributes=_attribute_values(mapping, listing),
        idempotency_key=idempotency_key[:128],
        logistics_ids=tuple(str(x) for x in cfg.get("logistics_ids", ())),
        listing_platforms=tuple(cfg.get("listing_platforms", ())),
    )
