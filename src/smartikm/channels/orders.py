"""Importing channel orders: time windows (the adapter splits them to the channel's limits),
de-duplication by (channel, channel order id), stock taken with one atomic F() update per line and
pushed to the product's OTHER channels. The reservation rule is ADR 0008.
"""

from __future__ import annotations

import datetime
import logging
import time

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from smartikm.catalog.models import Product
from smartikm.channels.actions import push_product_changes
from smartikm.channels.choices import CANCELLED_ORDER_STATUSES
from smartikm.channels.marketplaces.base import MarketplaceAdapter, Order
from smartikm.channels.models import ChannelOrder, ChannelOrderLine, Listing, ShopConnection
from smartikm.core.audit import record

log = logging.getLogger(__name__)
FIRST_IMPORT_LOOKBACK_S = 3 * 86400.0


def _take_stock(product_id: int, quantity: int) -> int:
    """Decrement stock by up to `quantity`, never below zero; returns what was taken.

    The first UPDATE succeeds only if the whole quantity is there (the common case, one statement);
    otherwise we take whatever is left with a second conditional UPDATE, retried if another order
    got there in between."""
    if Product.objects.filter(pk=product_id, stock__gte=quantity).update(stock=F("stock") - quantity):
        return quantity
    while True:
        left = Product.objects.filter(pk=product_id).values_list("stock", flat=True).first() or 0
        if left == 0:
            return 0
        if Product.objects.filter(pk=product_id, stock=left).update(stock=0):
            return left


def _line_target(conn: ShopConnection, line) -> Listing | None:
    listing = (
        Listing.objects.filter(connection=conn, channel_item_id=line.item_id).first()
        if line.item_id
        else None
    )
    return listing or Listing.objects.filter(connection=conn, seller_sku=line.seller_sku).first()


def _record_upt_sale(product, order: Order, line, channel_code: str) -> None:
    try:
        from smartikm.corrections.actions import record_sale
    except ImportError:  # corrections app not installed in this deployment
        return
    record_sale(
        product.upt,
        product,
        line.unit_price * line.quantity,
        datetime.datetime.fromtimestamp(order.created_at, tz=datetime.UTC).date(),
        channel_code,
        f"{order.order_id}:{line.seller_sku}",
        quantity=line.quantity,
    )


def apply_order(conn: ShopConnection, order: Order) -> tuple[ChannelOrder, bool]:
    """Book one channel order once. Returns (row, created). A known order is only checked for a
    cancellation, which gives its stock back once."""
    channel = conn.channel
    cancelled = order.status.upper() in CANCELLED_ORDER_STATUSES
    touched: dict[int, Listing | None] = {}
    with transaction.atomic():
        existing = (
            ChannelOrder.objects.select_for_update()
            .filter(channel=channel, channel_order_id=order.order_id)
            .first()
        )
        if existing is not None:
            if cancelled and not existing.restocked:
                for booked in existing.lines.filter(taken__gt=0):
                    assert booked.product_id is not None  # stock is only taken for a known product
                    Product.objects.filter(pk=booked.product_id).update(stock=F("stock") + booked.taken)
                    touched[booked.product_id] = None
                existing.restocked = True
            existing.status = order.status[:40]
            existing.save(update_fields=["status", "restocked"])
            created, row = False, existing
        else:
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
            created = True
            for line in order.lines:
                listing = _line_target(conn, line)
                product = listing.product if listing else None
                taken = 0
                if product is not None and not cancelled:
                    taken = _take_stock(product.pk, line.quantity)
                    touched[product.pk] = listing
                    if product.upt is not None:
                        _record_upt_sale(product, order, line, channel.code)
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
        for product_id, source in touched.items():
            product = Product.objects.get(pk=product_id)
            # The selling channel already lowered its own stock; the others learn it from us.
            push_product_changes(product, stock=True, exclude=source)
    return row, created


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
