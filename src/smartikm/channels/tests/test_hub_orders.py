"""Order import: de-duplication, stock never below zero, stock pushed to the other channels."""
# ruff: noqa: F811 - pytest fixtures imported from hub_fixtures are redefined as arguments

import time

import pytest

from smartikm.channels.adapters import build_adapter, credentials_of
from smartikm.channels.choices import JobState, SyncOp
from smartikm.channels.models import ChannelOrder, Listing, SyncJob
from smartikm.channels.orders import import_orders
from smartikm.channels.tests.hub_fixtures import (  # noqa: F401 - fixtures
    fast_retries,
    owner_ikm,
    product,
    ready_listing,
    shopee,
    shopee_fake,
    shopee_shop,
    tiktok,
    tiktok_fake,
    tiktok_shop,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(product, shopee_shop, shopee_fake, tiktok_shop, tiktok_fake):
    shopee_listing = ready_listing(shopee_shop, product, shopee_fake, channel_item_id="", state="live")
    item_id = shopee_fake.seed_item(shopee_listing.seller_sku)
    Listing.objects.filter(pk=shopee_listing.pk).update(
        channel_item_id=str(item_id), sku_ids={shopee_listing.seller_sku: "0"}
    )
    tiktok_listing = ready_listing(tiktok_shop, product, tiktok_fake, channel_item_id="729", state="live")
    return item_id, shopee_listing, tiktok_listing


def _import(conn, http, since):
    return import_orders(
        conn, build_adapter(conn.channel, credentials_of(conn), http=http), since=since, until=time.time()
    )


def test_an_order_imported_twice_is_booked_once_and_pushes_stock_to_the_other_channel(
    product, shopee_shop, shopee_fake, listed, http
):
    item_id, shopee_listing, tiktok_listing = listed
    now = time.time()
    shopee_fake.seed_order(
        "2601ABC",
        create_time=now - 3600,
        lines=[{"item_id": item_id, "sku": shopee_listing.seller_sku, "qty": 3, "price": 150000}],
    )
    first = _import(shopee_shop, http, now - 20 * 86400)  # 20 days: the adapter splits the window
    second = _import(shopee_shop, http, now - 20 * 86400)
    assert (first["created"], second["created"]) == (1, 0)
    assert ChannelOrder.objects.count() == 1
    product.refresh_from_db()
    assert product.stock == 7
    pushes = SyncJob.objects.filter(op=SyncOp.UPDATE_STOCK, state=JobState.QUEUED)
    assert list(pushes.values_list("listing_id", flat=True)) == [tiktok_listing.pk]  # not back to Shopee


def test_an_order_larger_than_our_stock_takes_it_to_zero_and_records_the_shortfall(
    product, shopee_shop, shopee_fake, listed, http
):
    item_id, shopee_listing, _ = listed
    now = time.time()
    shopee_fake.seed_order(
        "2601XYZ",
        create_time=now - 60,
        lines=[{"item_id": item_id, "sku": shopee_listing.seller_sku, "qty": 15, "price": 150000}],
    )
    _import(shopee_shop, http, now - 86400)
    product.refresh_from_db()
    line = ChannelOrder.objects.get().lines.get()
    assert product.stock == 0 and (line.taken, line.short) == (10, 5)


def test_a_cancelled_order_gives_its_stock_back_once(product, shopee_shop, shopee_fake, listed, http):
    item_id, shopee_listing, _ = listed
    now = time.time()
    shopee_fake.seed_order(
        "2601CAN",
        create_time=now - 600,
        lines=[{"item_id": item_id, "sku": shopee_listing.seller_sku, "qty": 4, "price": 150000}],
    )
    _import(shopee_shop, http, now - 86400)
    shopee_fake.orders["2601CAN"].order_status = "CANCELLED"
    shopee_fake.orders["2601CAN"].update_time = int(time.time())
    _import(shopee_shop, http, now - 86400)
    _import(shopee_shop, http, now - 86400)
    product.refresh_from_db()
    assert product.stock == 10


def test_an_owner_price_and_stock_edit_queues_updates_to_every_open_listing(product, listed):
    from smartikm.catalog.actions import update_product

    _item_id, shopee_listing, tiktok_listing = listed
    update_product(
        product, {"price": product.price + 5000, "stock": product.stock + 1}, actor=product.ikm.owner
    )
    queued = set(SyncJob.objects.filter(state=JobState.QUEUED).values_list("listing_id", "op"))
    for listing in (shopee_listing, tiktok_listing):
        assert (listing.pk, SyncOp.UPDATE_PRICE) in queued and (listing.pk, SyncOp.UPDATE_STOCK) in queued


def test_an_edit_that_leaves_price_and_stock_alone_queues_nothing(product, listed):
    from smartikm.catalog.actions import update_product

    before = SyncJob.objects.count()
    update_product(product, {"description_en": "Hand-woven rattan basket."}, actor=product.ikm.owner)
    assert SyncJob.objects.count() == before
