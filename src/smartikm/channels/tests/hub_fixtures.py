"""Fixtures of the hub tests (imported by the test_hub_* modules): fakes started on 127.0.0.1,
channel rows pointed at them, an IKM owner with a ready product and a connected shop."""

import pytest

from smartikm.catalog.choices import ProductStatus
from smartikm.catalog.models import Category, Product
from smartikm.catalog.tests.factories import make_ikm
from smartikm.channels.choices import ConnectionState
from smartikm.channels.marketplaces.shopee.fake import FakeShopee
from smartikm.channels.marketplaces.tiktok.fake import FakeTikTok
from smartikm.channels.models import CategoryMapping, Channel, Listing, ShopConnection
from smartikm.channels.seed import seed_mappings
from smartikm.channels.specs import seller_sku_for
from smartikm.channels.sync import Worker
from smartikm.producers.actions import producer_for


@pytest.fixture
def shopee_fake():
    with FakeShopee(qps=1000) as fake:
        yield fake


@pytest.fixture
def tiktok_fake():
    with FakeTikTok(qps=1000) as fake:
        yield fake


@pytest.fixture
def fast_retries(settings):
    settings.CHANNEL_SYNC_BACKOFF_BASE_S = 0.0
    settings.CHANNEL_SYNC_NUDGE_TASKS = False


def point_at(code: str, fake, **extra) -> Channel:
    channel = Channel.objects.get(code=code)
    channel.api_base_url = fake.url
    if code == "shopee":
        channel.app_key, channel.app_secret = str(fake.partner_id), fake.partner_key
    else:
        channel.app_key, channel.app_secret = fake.app_key, fake.app_secret
        channel.config = {
            **channel.config,
            "auth_url": fake.url,
            "authorize_url": fake.url,
            "service_id": fake.service_id,
        }
    channel.rate_per_s = extra.get("rate", 1000.0)
    channel.burst = extra.get("burst", 1000.0)
    channel.save()
    seed_mappings(Channel, Category, CategoryMapping)
    return channel


@pytest.fixture
def shopee(db, shopee_fake, fast_retries):
    return point_at("shopee", shopee_fake)


@pytest.fixture
def tiktok(db, tiktok_fake, fast_retries):
    return point_at("tiktok", tiktok_fake)


@pytest.fixture
def owner_ikm(personas):
    return make_ikm(personas.ikm_owner)


def make_product(ikm, *, name="Tas anyaman rotan Lombok ukuran sedang", stock=10, price=150_000) -> Product:
    return Product.objects.create(
        producer=producer_for(ikm),
        name_id=name,
        description_id="Tas anyaman rotan buatan tangan perajin Lombok. " * 3,
        category=Category.objects.get(slug="anyaman"),
        price=price,
        stock=stock,
        weight_g=450,
        length_cm=30,
        width_cm=10,
        height_cm=25,
        status=ProductStatus.ACTIVE,
    )


@pytest.fixture
def product(owner_ikm):
    return make_product(owner_ikm)


def connect(channel: Channel, fake, ikm) -> ShopConnection:
    creds = fake.issue_credentials()
    return ShopConnection.objects.create(
        channel=channel,
        producer=producer_for(ikm),
        state=ConnectionState.CONNECTED,
        shop_id=creds.shop_id,
        shop_name=f"Toko {channel.code}",
        access_token=creds.access_token,
        refresh_token=creds.refresh_token,
        access_expires_at=creds.access_expires_at,
        refresh_expires_at=creds.refresh_expires_at,
        extra=dict(creds.extra),
    )


def ready_listing(conn: ShopConnection, product: Product, fake, **fields) -> Listing:
    """A listing whose photo is already at the channel and whose required attribute is filled."""
    image = fake.add_image() if hasattr(fake, "add_image") else "tos-img-1"
    attr = {"shopee": {"2001": ["1"]}, "tiktok": {"100100": ["1001"]}}.get(conn.channel.code, {})
    listing, _ = Listing.objects.update_or_create(
        channel=conn.channel,
        connection=conn,
        product=product,
        defaults={"seller_sku": seller_sku_for(product), "image_refs": [image], "attributes": attr, **fields},
    )
    return listing


@pytest.fixture
def shopee_shop(shopee, shopee_fake, owner_ikm):
    return connect(shopee, shopee_fake, owner_ikm)


@pytest.fixture
def tiktok_shop(tiktok, tiktok_fake, owner_ikm):
    return connect(tiktok, tiktok_fake, owner_ikm)


@pytest.fixture
def worker(http):
    return Worker("test-worker", http, batch=10)
