"""Is a product ready for a channel? Completeness per channel, shown to the owner before publishing.

`missing_for()` lists what the channel needs and the product lacks (Bahasa Indonesia);
`publish_blockers()` adds the pluggable eligibility rules (channels.eligibility), e.g. curation's
"selected within 12 months" for programme channels. An empty list means "siap".
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from smartikm.catalog.choices import ProductStatus
from smartikm.channels.choices import ChannelKind, ChannelState
from smartikm.channels.eligibility import reasons_not_eligible
from smartikm.channels.models import CategoryMapping, Channel, Listing


def mapping_for(product, channel: Channel, mappings: dict | None = None) -> CategoryMapping | None:
    if mappings is not None:
        return mappings.get((channel.pk, product.category_id))
    return CategoryMapping.objects.filter(channel=channel, category_id=product.category_id).first()


def missing_attributes(mapping: CategoryMapping, filled: dict) -> list[str]:
    values = {**(mapping.default_attributes or {}), **(filled or {})}
    return [
        attr.get("name") or str(attr.get("id"))
        for attr in mapping.required_attributes or []
        if not values.get(str(attr.get("id")))
    ]


def missing_for(
    product,
    channel: Channel,
    listing: Listing | None = None,
    *,
    mappings: dict | None = None,
    image_count: int | None = None,
) -> list[str]:
    """What stops `product` from being listed on `channel` (empty = complete)."""
    if channel.state == ChannelState.RETIRED:
        return [retired_message(channel)]
    if channel.kind == ChannelKind.LINK:
        return []  # a store link needs nothing from the product record
    rules = channel.config or {}
    missing: list[str] = []
    if product.status != ProductStatus.ACTIVE:
        missing.append(_("Produk belum aktif di katalog."))
    if product.price <= 0:
        missing.append(_("Harga belum diisi."))
    if channel.kind == ChannelKind.FEED:
        return missing
    title_min = int(rules.get("title_min", 0))
    if len(product.name_id) < title_min:
        missing.append(
            _("Nama produk minimal %(n)s karakter untuk %(channel)s.")
            % {"n": title_min, "channel": channel.name}
        )
    if len(product.description_id) < int(rules.get("description_min", 0)):
        missing.append(_("Deskripsi produk terlalu pendek untuk %(channel)s.") % {"channel": channel.name})
    if not product.weight_g:
        missing.append(_("Berat kemasan (gram) belum diisi."))
    if rules.get("dimensions_required") and not (
        product.length_cm and product.width_cm and product.height_cm
    ):
        missing.append(_("Ukuran kemasan (panjang, lebar, tinggi) belum diisi."))
    if image_count is None:
        image_count = product.images.count()
    if not image_count and not (listing and listing.image_refs):
        missing.append(_("Belum ada foto produk."))
    mapping = mapping_for(product, channel, mappings)
    if mapping is None:
        missing.append(
            _("Kategori %(category)s belum dipetakan ke kategori %(channel)s.")
            % {"category": product.category, "channel": channel.name}
        )
    else:
        names = missing_attributes(mapping, listing.attributes if listing else {})
        if names:
            missing.append(_("Atribut wajib belum diisi: %(names)s.") % {"names": ", ".join(names)})
    return missing


def publish_blockers(product, channel: Channel, listing: Listing | None = None) -> list[str]:
    """Readiness first, then every eligibility rule's objections."""
    return missing_for(product, channel, listing) + reasons_not_eligible(product, channel)


def not_ready_title(channel: Channel) -> str:
    return _("Belum siap untuk %(channel)s") % {"channel": channel.name}


def retired_message(channel: Channel) -> str:
    when = channel.effective_date.strftime("%d-%m-%Y") if channel.effective_date else "-"
    return _(
        "Kanal %(channel)s sudah dihentikan sejak %(date)s. Produk tidak dapat diterbitkan atau "
        "diperbarui lagi di kanal ini; riwayatnya tetap tersimpan."
    ) % {"channel": channel.name, "date": when}
