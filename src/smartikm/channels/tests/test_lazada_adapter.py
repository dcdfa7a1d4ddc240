"""The Lazada adapter against the protocol-faithful Lazada fake."""

import time
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from smartikm.channels.marketplaces.base import ChannelError, ListingSpec, ListingStatus, SkuSpec
from smartikm.channels.marketplaces.lazada.adapter import LazadaAdapter
from smartikm.channels.marketplaces.lazada.client import LazadaConfig
from smartikm.channels.marketplaces.lazada.fake import NO_BRAND_ID, FakeLazada

DAY = 86400


@pytest.fixture
def fake():
    with FakeLazada(hang_s=1.0, slow_delay_s=0.1) as server:
        yield server


@pytest.fixture
def config(fake):
    return LazadaConfig(
        fake.app_key,
        fake.app_secret,
        base_url=fake.url + "/rest",
        auth_url=fake.url + "/rest",
        authorize_url=fake.url,
        no_brand_id=NO_BRAND_ID,
    )


@pytest.fixture
def adapter(fake, config, http, saved_credentials):
    return LazadaAdapter(config, fake.issue_credentials(), http=http, on_refresh=saved_credentials)


def spec(sku="ANY-01", **extra):
    return ListingSpec(
        seller_sku=sku,
        title="Keranjang anyaman bambu Tasikmalaya",
        description="<p>Anyaman bambu.</p>",
        category_id="10002",
        skus=(SkuSpec(sku, 85_000, 10),),
        weight_g=600,
        images=("https://id-live.slatic.net/p/1.jpg",),
        length_cm=30,
        width_cm=30,
        height_cm=20,
        attributes={"material": ["Bambu"]},
        **extra,
    )


def test_seller_authorizes_and_the_code_is_exchanged_for_tokens(fake, config, http):
    adapter = LazadaAdapter(config, http=http)
    answer = http.request("GET", adapter.authorization_url("https://ikm.example/lazada/cb", "st-3"))
    callback = parse_qs(urlsplit(answer.headers["location"]).query)
    assert answer.status_code == 302 and callback["state"] == ["st-3"]
    credentials = adapter.exchange_code(callback["code"][0])
    assert credentials.shop_id == fake.seller_id
    assert credentials.refresh_expires_at - time.time() == pytest.approx(180 * DAY, abs=5)
    adapter.credentials = credentials
    assert adapter.category_tree()
    with pytest.raises(ChannelError) as reused:
        adapter.exchange_code(callback["code"][0])
    assert reused.value.code == "InvalidCode" and reused.value.kind == "auth"


def test_timestamp_more_than_two_hours_off_is_refused(fake, config, http):
    skewed = LazadaAdapter(config, fake.issue_credentials(), http=http, clock=lambda: time.time() - 7201)
    with pytest.raises(ChannelError) as refused:
        skewed.category_tree()
    assert refused.value.code == "InvalidTimestamp" and refused.value.kind == "signature"
    within = LazadaAdapter(config, fake.issue_credentials(), http=http, clock=lambda: time.time() - 7000)
    assert within.category_tree()  # Lazada tolerates skew up to 7,200 s


def test_wrong_secret_is_refused_with_incomplete_signature(fake, config, http):
    wrong = LazadaAdapter(replace(config, app_secret="salah"), fake.issue_credentials(), http=http)
    with pytest.raises(ChannelError) as refused:
        wrong.category_tree()
    assert (refused.value.code, refused.value.message) == (
        "IncompleteSignature",
        "The request signature does not conform to lazop standards",
    )
    assert refused.value.kind == "signature" and refused.value.permanent


def test_expired_access_token_is_refreshed_once_and_the_call_then_succeeds(fake, adapter, saved_credentials):
    fake.expire_access_token(adapter.credentials.access_token)
    assert adapter.category_tree()
    assert len(saved_credentials.saved) == 1 and saved_credentials.saved[0].shop_id == fake.seller_id
    paths = [r.path for r in fake.requests]
    assert paths == ["/rest/category/tree/get", "/rest/auth/token/refresh", "/rest/category/tree/get"]


def test_throttled_call_is_a_retryable_901(config, http):
    with FakeLazada(qps=0.5, burst=2) as fake:
        adapter = LazadaAdapter(
            replace(config, base_url=fake.url + "/rest"), fake.issue_credentials(), http=http
        )
        adapter.category_tree()
        adapter.category_tree()
        with pytest.raises(ChannelError) as throttled:
            adapter.category_tree()
    assert throttled.value.code == "901" and throttled.value.kind == "throttle" and throttled.value.retryable


def test_inventory_calls_have_their_own_per_seller_limit(config, http):
    with FakeLazada(inventory_qps=1) as fake:
        adapter = LazadaAdapter(
            replace(config, base_url=fake.url + "/rest"), fake.issue_credentials(), http=http
        )
        fake.seed_item("A")
        ref = adapter.find_listing_by_sku("A")
        assert adapter.update_stock(ref, {"A": 3}).ok
        with pytest.raises(ChannelError) as throttled:
            adapter.update_price(ref, {"A": 20_000})
    assert throttled.value.kind == "throttle"


def test_products_are_paged_with_offset_and_limit(fake, adapter):
    for n in range(5):
        fake.seed_item(f"L{n}")
    adapter.page_size = 2
    seen, cursor, pages = [], None, 0
    while True:
        page = adapter.list_listings(cursor=cursor)
        pages += 1
        seen.extend(listing.ref.item_id for listing in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == 3 and len(set(seen)) == 5


def test_listing_lifecycle_create_get_update_deactivate_activate_remove(fake, adapter):
    image = adapter.upload_image(b"\x89PNG fake")
    ref = adapter.create_listing(replace(spec(), images=(image,)))
    listing = adapter.get_listing(ref)
    assert listing.status is ListingStatus.LIVE and listing.prices == {"ANY-01": 85_000}
    sent = [r for r in fake.requests if r.path == "/rest/product/create"][0]
    assert b"payload=" in sent.body and "payload" not in sent.query  # business params in the form body

    result = adapter.update_price(ref, {"ANY-01": 90_000, "ASING": 5})
    assert result.succeeded == ("ANY-01",) and set(result.failed) == {"ASING"}
    bad = adapter.update_stock(ref, {"ANY-01": -1})
    assert bad.failed["ANY-01"].message == "Quantity is invalid"
    assert adapter.update_stock(ref, {"ANY-01": 4}).ok
    assert adapter.get_listing(ref).stocks == {"ANY-01": 4}

    adapter.set_active(ref, False)
    assert adapter.get_listing(ref).status is ListingStatus.INACTIVE
    adapter.set_active(ref, True)
    assert adapter.get_listing(ref).status is ListingStatus.LIVE
    adapter.delete_listing(ref)
    assert adapter.get_listing(ref).status is ListingStatus.DELETED


def test_second_create_with_the_same_seller_sku_is_refused_with_4105(adapter):
    first = adapter.create_listing(spec())
    with pytest.raises(ChannelError) as duplicate:
        adapter.create_listing(spec())
    assert duplicate.value.code == "4105" and duplicate.value.message.startswith(
        "BIZ_CHECK_SELLER_SKU_DUPLICATE"
    )
    assert duplicate.value.kind == "duplicate" and duplicate.value.permanent
    assert adapter.find_listing_by_sku("ANY-01") == first


def test_missing_mandatory_category_attribute_is_refused_with_4110(adapter):
    with pytest.raises(ChannelError) as refused:
        adapter.create_listing(replace(spec(), attributes={}))
    assert refused.value.code == "4110" and "material" in refused.value.message


def test_orders_beyond_offset_5000_are_read_by_moving_the_time_window(fake, adapter):
    since = 1_750_000_000
    for n in range(5150):
        fake.seed_order(
            n + 1,
            created_at=since + n // 3,
            lines=[{"sku": "ANY-01", "sku_id": 9, "product_id": 3, "price": 85_000, "qty": 1}],
        )
    found, cursor = set(), None
    while True:
        page = adapter.list_orders(since, since + DAY, cursor, by="create_time")
        found.update(o.order_id for o in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(found) == 5150
    offsets = [int(r.query["offset"]) for r in fake.requests if r.path == "/rest/orders/get"]
    assert max(offsets) <= 5000 and offsets.count(0) == 2  # the window moved once
    [order] = adapter.get_orders(["7"])
    assert order.lines[0].seller_sku == "ANY-01" and order.total == 85_000


@pytest.mark.parametrize(
    ("fault", "kind", "retryable"),
    [
        ("http_503", "server", True),
        ("throttle", "throttle", True),
        ("malformed", "protocol", False),
        ("timeout", "server", True),
        ("drop", "server", True),
    ],
)
def test_injected_fault_becomes_the_right_channel_error(fake, adapter, fault, kind, retryable):
    fake.inject(fault)
    with pytest.raises(ChannelError) as failed:
        adapter.category_tree()
    assert (failed.value.kind, failed.value.retryable) == (kind, retryable)
    assert adapter.category_tree()
