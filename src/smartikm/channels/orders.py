"""Importing channel orders: time windows (the adapter splits them to the channel's limits),
de-duplication by (channel, channel order id), stock taken and given back through the catalogue's
`take_stock` / `return_stock` (locked, audited, pushed to the product's OTHER channels), and for a
UPT product the sale booked in the premi ledger on import and reversed on cancellation. The
reservation rule is ADR 0008 (docs/decisions/0008-stock-reservation.md).
"""

from __future__ import annotations

import datetime
import logging
import time

from django.db import IntegrityError, transaction
from django.utils import timezone

from smartikm.catalog.actions import return_stock, take_stock
from smartikm.catalog.models import Product
from smartikm.channels.choices import CANCELLED_ORDER_STATUSES
from smartikm.channels.marketplaces.base import MarketplaceAdapter, Order, OrderLine
from smartikm.channels.models import ChannelOrder, ChannelOrderLine, Listing, ShopConnection
from smartikm.core.audit import record
from smartikm.corrections.actions import record_sale, reverse_recorded_sale

log = logging.getLogger(__name__)
FIRST_IMPORT_LOOKBACK_S = 3 * 86400.0


def _line_target(conn: ShopConnection, line: OrderLine) -> Listing | None:
    listing = (
        Listing.objects.filter(connection=conn, channel_item_id=line.item_id).first()
        if line.item_id
        else None
    )
    return listing or Listing.objects.filter(connection=conn, seller_sku=line.seller_sku).first()


# The premi ledger -------------------------------------------------------------------------------
# Which products book their sales in the ledger is decided here only, so that moving from the
# ikm/upt pair to one producer key changes one function.


def _ledger_upt(product: Product):
    """The UPT whose premi ledger books this product's sales, or None (an IKM's product)."""
    return product.producer.organisation if product.producer.is_upt else None


def _sale_ref(order_id: str, seller_sku: str) -> str:
    """The ledger's external reference of one order line (unique with the channel code)."""
    return f"{order_id}:{seller_sku}"


def _book_sale(product: Product, order: Order, line: OrderLine, channel_code: str) -> None:
    upt = _ledger_upt(product)
    if upt is None:
        return
    record_sale(
        upt,
        product,
        line.unit_price * line.quantity,
        datetime.datetime.fromtimestamp(order.created_at, tz=datetime.UTC).date(),
        channel_code,
        _sale_ref(order.order_id, line.seller_sku[:60]),
        quantity=line.quantity,
    )


def _cancel_sales(order: ChannelOrder, channel_code: str) -> None:
    """Reverse the ledger sale of every UPT line of a cancelled order; idempotent (a sale already
    reversed, or never booked, is left as it is)."""
    for row in order.lines.filter(product__isnull=False).select_related("product"):
        assert row.product is not None  # filtered above
        if _ledger_upt(row.product) is None:
            continue
        reverse_recorded_sale(
            channel_code,
            _sale_ref(order.channel_order_id, row.seller_sku),
            reason=f"Pesanan {channel_code} {order.channel_order_id} dibatalkan",
        )


# Applying one order ----------------------------------------------------------------------------


def _restock(existing: ChannelOrder, channel_code: str) -> None:
    for row in existing.lines.filter(taken__gt=0, product__isnull=False).select_related("product"):
        assert row.product is not None  # filtered above
        return_stock(
            row.product,
            row.taken,
            reason="Pesanan kanal dibatalkan",
            reference=f"{channel_code}:{existing.channel_order_id}"[:120],
        )  # no `source`: every channel, the selling one included, gets the figure given back
    _cancel_sales(existing, channel_code)


def apply_order(conn: ShopConnection, order: Order) -> tuple[ChannelOrder, bool]:
    """Book one channel order once. Returns (row, created). A known order is only checked for a
    cancellation, which gives its stock back and reverses its ledger sales once."""
    channel = conn.channel
    cancelled = order.status.upper() in CANCELLED_ORDER_STATUSES
    with transaction.atomic():
        existing = (
            ChannelOrder.objects.select_for_update()
            .filter(channel=channel, channel_order_id=order.order_id)
            .first()
        )
        if existing is not None:
            # `restocked` flips once under the row lock: a second cancellation finds it set.
            if cancelled and not existing.restocked:
                _restock(existing, channel.code)
                existing.restocked = True
            existing.status = order.status[:40]
            existing.save(update_fields=["status", "restocked"])
            return existing, False
        try:
            with transaction.atomic():
                row = ChannelOrder.objects.create(
                    channel=channel,
                    connection=conn,
                    channel_order_id=order.order_id,
                    status=order.status[:40],
                    ordered_at=datetime.datetime.fromtimestamp(order.created_at, tz=datetime.UTC),
                    total=order.total,
                    restocked=cancelled,  # an order first seen cancelled never took stock
                )
        except IntegrityError:  # another importer booked it a moment ago
            return ChannelOrder.objects.get(channel=channel, channel_order_id=order.order_id), False
        for line in order.lines:
            listing = _line_target(conn, line)
            product = listing.product if listing else None
            taken = 0
            if product is not None and not cancelled and line.quantity > 0:
                # The selling channel already lowered its own stock: `source` keeps it out of the push.
                taken = take_stock(
                    product,
                    line.quantity,
                    reason="Pesanan kanal",
                    reference=f"{channel.code}:{order.order_id}"[:120],
                    allow_short=True,
                    source=listing,
                )
                _book_sale(product, order, line, channel.code)
            ChannelOrderLine.objects.create(
                order=row,
                product=product,
                listing=listing,
                seller_sku=line.seller_sku[:60],
                channel_item_id=line.item_id[:64],
                quantity=line.quantity,
                unit_price=line.unit_price,
                taken=taken,
                short=line.quantity - taken if product is not None and not cancelled else 0,
            )
        record("channel_order.imported", row, note=f"{len(order.lines)} baris")
    return row, True


def import_orders(
    conn: ShopConnection,
    adapter: MarketplaceAdapter,
    *,
    since: float | None = None,
    until: float | None = None,
) -> dict[str, int]:
    """Import orders updated in [since, until]; remembers `until` on the connection for next time."""
    until = until if until is not None else time.time()
    since = since if since is not None else (conn.orders_synced_until or until - FIRST_IMPORT_LOOKBACK_S)
    counts = {"seen": 0, "created": 0}
    cursor = None
    while True:
        page = adapter.list_orders(since, until, cursor)
        ids = [summary.order_id for summary in page.items]
        if ids:
            for order in adapter.get_orders(ids):
                _row, created = apply_order(conn, order)
                counts["seen"] += 1
                counts["created"] += int(created)
        cursor = page.next_cursor
        if not cursor:
            break
    ShopConnection.objects.filter(pk=conn.pk).update(orders_synced_until=until, updated_at=timezone.now())
    return counts
