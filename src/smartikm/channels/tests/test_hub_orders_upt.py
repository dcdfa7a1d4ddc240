"""Order import of a UPT product: the stock and the premi ledger follow the order, and a cancelled
order is undone exactly once — stock back, the ledger sale reversed, every account netting to 0."""
# ruff: noqa: F811 - pytest fixtures imported from hub_fixtures are redefined as arguments

import datetime
import time

import pytest
from django.db.models import Sum

from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.channels.adapters import build_adapter, credentials_of
from smartikm.channels.choices import ConnectionState, JobState, SyncOp
from smartikm.channels.models import ChannelOrder, Listing, ShopConnection, SyncJob
from smartikm.channels.orders import import_orders
from smartikm.channels.tests.hub_fixtures import (  # noqa: F401 - fixtures
    fast_retries,
    ready_listing,
    shopee,
    shopee_fake,
    tiktok,
    tiktok_fake,
)
from smartikm.core.models import AuditEntry
from smartikm.corrections import actions as corrections
from smartikm.corrections.choices import EntryKind, LedgerAccount
from smartikm.corrections.models import LedgerEntry, Sale
from smartikm.producers.actions import producer_for

pytestmark = pytest.mark.django_db


def _upt_shop(channel, fake, upt) -> ShopConnection:
    creds = fake.issue_credentials()
    return ShopConnection.objects.create(
        channel=channel,
        producer=producer_for(upt),
        state=ConnectionState.CONNECTED,
        shop_id=creds.shop_id,
        shop_name=f"Toko {channel.code} UPT",
        access_token=creds.access_token,
        refresh_token=creds.refresh_token,
        access_expires_at=creds.access_expires_at,
        refresh_expires_at=creds.refresh_expires_at,
        extra=dict(creds.extra),
    )


@pytest.fixture
def upt(personas):
    return personas.upt


@pytest.fixture
def upt_product(upt):
    return Product.objects.create(
        producer=producer_for(upt),
        name_id="Keset sabut kelapa anyaman tangan",
        description_id="Keset dari sabut kelapa, 40 x 60 cm, dianyam tangan di bengkel kerja. " * 2,
        category=Category.objects.get(slug="anyaman"),
        price=75_000,
        stock=10,
        weight_g=450,
        length_cm=40,
        width_cm=5,
        height_cm=60,
        status=ProductStatus.ACTIVE,
    )


@pytest.fixture
def artisans_with_work(personas, upt, upt_product):
    """Two artisans with pieces recorded this month, so the premi goes to artisans, not unallocated."""
    officer = personas.upt_officer
    # The sale's month is the order's UTC date (see channels.orders), so the work is recorded there.
    this_month = datetime.datetime.fromtimestamp(time.time() - 600, tz=datetime.UTC).date().replace(day=1)
    artisans = [corrections.register_artisan(upt, skills=["coconut"], actor=officer) for _ in range(2)]
    for artisan, pieces in zip(artisans, (3, 2), strict=True):
        corrections.record_work(artisan, upt_product, this_month, pieces=pieces, actor=officer)
    return artisans


@pytest.fixture
def listed_upt(upt, upt_product, shopee, shopee_fake, tiktok, tiktok_fake):
    shop = _upt_shop(shopee, shopee_fake, upt)
    listing = ready_listing(shop, upt_product, shopee_fake, channel_item_id="", state="live")
    item_id = shopee_fake.seed_item(listing.seller_sku)
    Listing.objects.filter(pk=listing.pk).update(
        channel_item_id=str(item_id), sku_ids={listing.seller_sku: "0"}
    )
    tiktok_listing = ready_listing(
        _upt_shop(tiktok, tiktok_fake, upt), upt_product, tiktok_fake, channel_item_id="729", state="live"
    )
    return shop, item_id, listing, tiktok_listing


def _import(conn, http, since):
    adapter = build_adapter(conn.channel, credentials_of(conn), http=http)
    return import_orders(conn, adapter, since=since, until=time.time())


def _cancel(fake, order_sn):
    fake.orders[order_sn].order_status = "CANCELLED"
    fake.orders[order_sn].update_time = int(time.time())


def _balances(sale) -> dict[str, int]:
    rows = LedgerEntry.objects.filter(sale=sale).values("account").annotate(total=Sum("amount"))
    return {r["account"]: r["total"] for r in rows}


def test_a_cancelled_upt_order_gives_stock_back_and_reverses_its_ledger_sale_exactly_once(
    upt_product, shopee_fake, listed_upt, artisans_with_work, http
):
    shop, item_id, listing, tiktok_listing = listed_upt
    now = time.time()
    shopee_fake.seed_order(
        "2612UPT",
        create_time=now - 600,
        lines=[{"item_id": item_id, "sku": listing.seller_sku, "qty": 4, "price": 75_000}],
    )
    _import(shop, http, now - 86400)

    upt_product.refresh_from_db()
    assert upt_product.stock == 6
    sale = Sale.objects.get(source="shopee", external_ref=f"2612UPT:{listing.seller_sku}")
    assert (sale.amount, sale.quantity, sale.upt_id) == (300_000, 4, upt_product.upt.pk)
    booked = _balances(sale)
    assert sum(booked.values()) == 300_000
    assert {LedgerAccount.PREMI_ARTISAN, LedgerAccount.PNBP, LedgerAccount.CAPITAL} <= set(booked)
    assert all(amount > 0 for amount in booked.values())

    _cancel(shopee_fake, "2612UPT")
    _import(shop, http, now - 86400)

    upt_product.refresh_from_db()
    assert upt_product.stock == 10
    assert ChannelOrder.objects.get(channel_order_id="2612UPT").restocked
    entries = LedgerEntry.objects.filter(sale=sale)
    splits = list(entries.filter(kind=EntryKind.SPLIT).order_by("id"))
    reversals = list(entries.filter(kind=EntryKind.REVERSAL).order_by("id"))
    assert [r.reverses_id for r in reversals] == [s.pk for s in splits]  # each split reversed, linked
    assert [r.amount for r in reversals] == [-s.amount for s in splits]
    assert _balances(sale) == {account: 0 for account in booked}  # premi, PNBP and capital net to 0
    # The stock given back reaches the other channel too.
    assert SyncJob.objects.filter(
        listing=tiktok_listing, op=SyncOp.UPDATE_STOCK, state=JobState.QUEUED
    ).exists()

    # A second cancellation (the same cancelled order seen again) changes nothing.
    ledger_rows, audit_rows = LedgerEntry.objects.count(), AuditEntry.objects.count()
    shopee_fake.orders["2612UPT"].update_time = int(time.time())
    _import(shop, http, now - 86400)
    _import(shop, http, now - 86400)
    upt_product.refresh_from_db()
    assert upt_product.stock == 10
    assert (LedgerEntry.objects.count(), AuditEntry.objects.count()) == (ledger_rows, audit_rows)


def test_the_stock_moves_of_an_order_are_in_the_audit_trail_with_the_order_reference(
    upt_product, shopee_fake, listed_upt, http
):
    shop, item_id, listing, _ = listed_upt
    now = time.time()
    shopee_fake.seed_order(
        "2612AUD",
        create_time=now - 600,
        lines=[{"item_id": item_id, "sku": listing.seller_sku, "qty": 3, "price": 75_000}],
    )
    _import(shop, http, now - 86400)
    _cancel(shopee_fake, "2612AUD")
    _import(shop, http, now - 86400)
    moves = AuditEntry.objects.filter(
        object_type="catalog.product", object_id=str(upt_product.pk), action__contains="_stock"
    ).order_by("id")
    assert [(m.action, m.before, m.after) for m in moves] == [
        ("catalog.product.take_stock", {"stock": 10}, {"stock": 7}),
        ("catalog.product.return_stock", {"stock": 7}, {"stock": 10}),
    ]
    assert all("shopee:2612AUD" in m.note for m in moves)


def test_an_upt_order_first_seen_cancelled_books_nothing(upt_product, shopee_fake, listed_upt, http):
    shop, item_id, listing, _ = listed_upt
    now = time.time()
    shopee_fake.seed_order(
        "2612PRE",
        create_time=now - 600,
        status="CANCELLED",
        lines=[{"item_id": item_id, "sku": listing.seller_sku, "qty": 2, "price": 75_000}],
    )
    _import(shop, http, now - 86400)
    upt_product.refresh_from_db()
    assert upt_product.stock == 10
    assert not Sale.objects.exists() and not LedgerEntry.objects.exists()


def test_a_sale_an_officer_already_reversed_is_not_reversed_again_by_the_cancellation(
    personas, upt_product, shopee_fake, listed_upt, http
):
    shop, item_id, listing, _ = listed_upt
    now = time.time()
    shopee_fake.seed_order(
        "2612OFF",
        create_time=now - 600,
        lines=[{"item_id": item_id, "sku": listing.seller_sku, "qty": 1, "price": 75_000}],
    )
    _import(shop, http, now - 86400)
    sale = Sale.objects.get()
    corrections.reverse_sale(sale, reason="Pembeli membatalkan lewat telepon", actor=personas.upt_officer)
    before = LedgerEntry.objects.count()
    _cancel(shopee_fake, "2612OFF")
    _import(shop, http, now - 86400)
    upt_product.refresh_from_db()
    assert upt_product.stock == 10  # the stock still comes back
    assert LedgerEntry.objects.count() == before
    assert set(_balances(sale).values()) == {0}
