"""The Shopee adapter against the protocol-faithful Shopee fake (real HTTP on 127.0.0.1)."""

import time
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from smartikm.channels.marketplaces.base import ChannelError, ListingStatus
from smartikm.channels.marketplaces.shopee.adapter import ShopeeAdapter
from smartikm.channels.marketplaces.shopee.client import ShopeeConfig
from smartikm.channels.marketplaces.shopee.fake import FakeShopee
from smartikm.channels.tests.conftest import make_spec

DAY = 86400


@pytest.fixture
def fake():
    with FakeShopee(hang_s=1.0, slow_delay_s=0.1) as server:
        server.add_image("img-seeded")
        yield server


@pytest.fixture
def config(fake):
    return ShopeeConfig(fake.partner_id, fake.partner_key, base_url=fake.url)


@pytest.fixture
def adapter(fake, config, http, saved_credentials):
    return ShopeeAdapter(config, fake.issue_credentials(), http=http, on_refresh=saved_credentials)


def test_shop_connects_through_authorization_link_callback_and_one_time_code(fake, config, http):
    adapter = ShopeeAdapter(config, http=http)
    link = adapter.authorization_url("https://ikm.example/toko/sambung", state="csrf-123")
    assert link.startswith(fake.url + "/api/v2/shop/auth_partner?")

    answer = http.request("GET", link)  # the seller's browser; the fake approves at once
    assert answer.status_code == 302
    callback = parse_qs(urlsplit(answer.headers["location"]).query)
    assert callback["state"] == ["csrf-123"]
    credentials = adapter.exchange_code(callback["code"][0], shop_id=callback["shop_id"][0])
    assert credentials.shop_id == str(fake.shop_id)
    assert credentials.access_expires_at - time.time() == pytest.approx(4 * 3600, abs=5)

    adapter.credentials = credentials
    assert any(node.is_leaf for node in adapter.category_tree())
    with pytest.raises(ChannelError) as reused:
        adapter.exchange_code(callback["code"][0], shop_id=callback["shop_id"][0])
    assert reused.value.kind == "auth"


def test_request_with_stale_timestamp_is_refused_with_timestamp_is_expired(fake, config, http):
    stale = ShopeeAdapter(config, fake.issue_credentials(), http=http, clock=lambda: time.time() - 301)
    with pytest.raises(ChannelError) as refused:
        stale.category_tree()
    assert (refused.value.code, refused.value.message) == ("error_param", "Timestamp is expired.")
    assert refused.value.kind == "signature" and refused.value.permanent


def test_request_signed_with_the_wrong_partner_key_is_refused_with_wrong_sign(fake, config, http):
    wrong = ShopeeAdapter(replace(config, partner_key="not-the-key"), fake.issue_credentials(), http=http)
    with pytest.raises(ChannelError) as refused:
        wrong.category_tree()
    assert (refused.value.code, refused.value.message) == ("error_sign", "Wrong sign.")
    assert refused.value.kind == "signature" and not refused.value.retryable
    assert refused.value.request_id


def test_token_of_another_shop_is_refused(fake, config, http):
    other = fake.issue_credentials(shop_id=777)
    adapter = ShopeeAdapter(config, replace(other, shop_id=str(fake.shop_id)), http=http)
    with pytest.raises(ChannelError) as refused:
        adapter.category_tree()
    assert (refused.value.code, refused.value.message) == ("error_auth", "Invalid partner_id or shopid.")


def test_expired_access_token_is_refreshed_once_and_the_call_then_succeeds(fake, adapter, saved_credentials):
    old = adapter.credentials
    fake.expire_access_token(old.access_token)
    assert adapter.category_tree()
    assert len(saved_credentials.saved) == 1
    new = saved_credentials.saved[0]
    assert new.refresh_token != old.refresh_token and adapter.credentials == new
    paths = [r.path for r in fake.requests]
    assert paths == [
        "/api/v2/product/get_category",
        "/api/v2/auth/access_token/get",
        "/api/v2/product/get_category",
    ]


def test_shopee_refresh_token_works_only_once(adapter):
    first = adapter.credentials
    adapter.refresh(first)
    with pytest.raises(ChannelError) as reused:
        adapter.refresh(first)
    assert reused.value.kind == "auth" and reused.value.permanent


def test_access_token_about_to_expire_is_refreshed_before_the_call(fake, config, http, saved_credentials):
    adapter = ShopeeAdapter(
        config, fake.issue_credentials(access_ttl_s=60), http=http, on_refresh=saved_credentials
    )
    adapter.category_tree()
    assert [r.path for r in fake.requests][0] == "/api/v2/auth/access_token/get"
    assert len(saved_credentials.saved) == 1


def test_too_many_requests_becomes_a_retryable_throttle_error(config, http):
    with FakeShopee(qps=0.5, burst=2) as fake:
        adapter = ShopeeAdapter(replace(config, base_url=fake.url), fake.issue_credentials(), http=http)
        adapter.category_tree()
        adapter.category_tree()
        with pytest.raises(ChannelError) as throttled:
            adapter.category_tree()
    assert throttled.value.kind == "throttle" and throttled.value.retryable
    assert (
        throttled.value.message
        == "Too many requests. You have reached the rate limit. Please try again later."
    )
    assert "membatasi" in throttled.value.user_message


def test_listings_are_paged_with_offset_and_next_offset(fake, adapter):
    for n in range(7):
        fake.seed_item(f"SKU-{n}")
    adapter.page_size = 3
    seen, cursor, pages = [], None, 0
    while True:
        page = adapter.list_listings(cursor=cursor)
        pages += 1
        seen.extend(listing.ref.item_id for listing in page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 7


def test_listing_lifecycle_create_get_update_activate_delete(fake, adapter):
    image = adapter.upload_image(b"\xff\xd8\xff fake jpeg", "tas.jpg")
    spec = make_spec(images=(image,), logistics_ids=("8003",))
    ref = adapter.create_listing(spec)
    listing = adapter.get_listing(ref)
    assert listing.status is ListingStatus.LIVE
    assert listing.prices == {"KRJ-001": 150_000} and listing.stocks == {"KRJ-001": 7}

    prices = adapter.update_price(ref, {"KRJ-001": 165_000, "TIDAK-ADA": 1})
    assert prices.succeeded == ("KRJ-001",) and set(prices.failed) == {"TIDAK-ADA"}
    fake.items[int(ref.item_id)].reserved = 3
    low = adapter.update_stock(ref, {"KRJ-001": 2})  # below stock reserved for open orders
    assert low.failed["KRJ-001"].message == "stock must be greater than or equal to reserved stock"
    assert adapter.update_stock(ref, {"KRJ-001": 12}).ok
    listing = adapter.get_listing(ref)
    assert listing.prices == {"KRJ-001": 165_000} and listing.stocks == {"KRJ-001": 12}

    adapter.set_active(ref, False)
    assert adapter.get_listing(ref).status is ListingStatus.INACTIVE
    adapter.set_active(ref, True)
    assert adapter.get_listing(ref).status is ListingStatus.LIVE
    adapter.delete_listing(ref)
    assert adapter.get_listing(ref).status is ListingStatus.DELETED
    with pytest.raises(ChannelError) as gone:
        adapter.update_price(ref, {"KRJ-001": 1})
    assert gone.value.kind == "not_found"


def test_second_create_with_the_same_sku_is_a_duplicate_error_and_the_first_is_found(adapter):
    spec = make_spec(logistics_ids=("8003",))
    first = adapter.create_listing(spec)
    with pytest.raises(ChannelError) as duplicate:
        adapter.create_listing(spec)
    assert (duplicate.value.code, duplicate.value.message) == (
        "error_repeated_mtsku",
        "A similar product has already been uploaded",
    )
    assert duplicate.value.kind == "duplicate" and duplicate.value.permanent
    assert adapter.find_listing_by_sku("KRJ-001") == first


def test_create_whose_answer_is_lost_is_found_by_sku_instead_of_created_twice(fake, adapter):
    fake.inject("drop", path="add_item", when="after")
    with pytest.raises(ChannelError) as lost:
        adapter.create_listing(make_spec(logistics_ids=("8003",)))
    assert lost.value.retryable
    found = adapter.find_listing_by_sku("KRJ-001")
    assert found is not None and len(fake.items) == 1


def test_missing_mandatory_attribute_is_reported_in_indonesian(adapter):
    with pytest.raises(ChannelError) as refused:
        adapter.create_listing(make_spec(attributes={}, logistics_ids=("8003",)))
    assert refused.value.code == "error_less_required_attribute"
    assert refused.value.user_message.startswith("Data produk ditolak oleh Shopee")


def test_orders_over_45_days_are_read_in_windows_of_at_most_15_days(fake, adapter):
    since = 1_750_000_000
    for n, day in enumerate([1, 10, 20, 40, 44]):
        at = since + day * DAY
        fake.seed_order(
            f"SN{n}",
            create_time=at,
            update_time=at,
            lines=[{"item_id": 1, "sku": "KRJ-001", "qty": 2, "price": 150_000}],
        )
    found, cursor = [], None
    while True:
        page = adapter.list_orders(since, since + 45 * DAY, cursor)
        found.extend(o.order_id for o in page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(found) == ["SN0", "SN1", "SN2", "SN3", "SN4"]
    windows = [r.query for r in fake.requests if r.path == "/api/v2/order/get_order_list"]
    assert all(int(w["time_to"]) - int(w["time_from"]) <= 15 * DAY for w in windows)
    assert len(windows) == 3
    orders = adapter.get_orders(["SN0", "SN3"])
    assert {o.order_id for o in orders} == {"SN0", "SN3"}
    assert orders[0].lines[0].quantity == 2 and orders[0].total == 300_000


def test_orders_inside_one_window_are_paged_with_cursor(fake, adapter):
    since = 1_750_000_000
    for n in range(150):
        fake.seed_order(f"P{n:03}", create_time=since + n, update_time=since + n)
    first = adapter.list_orders(since, since + DAY)
    second = adapter.list_orders(since, since + DAY, first.next_cursor)
    assert len(first.items) == 100 and len(second.items) == 50 and second.next_cursor is None


@pytest.mark.parametrize(
    ("fault", "kind", "retryable"),
    [
        ("http_500", "server", True),
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
    assert adapter.category_tree()  # the fault was one-off; the next call goes through


def test_slow_answer_within_the_timeout_still_succeeds(fake, adapter):
    fake.inject("slow")
    assert adapter.category_tree()
