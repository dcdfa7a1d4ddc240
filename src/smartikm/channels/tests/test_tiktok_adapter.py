"""The TikTok Shop (and Tokopedia) adapter against the protocol-faithful TikTok fake."""

import time
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from smartikm.channels.marketplaces.base import ChannelError, ListingSpec, ListingStatus, SkuSpec
from smartikm.channels.marketplaces.tiktok.adapter import TikTokAdapter
from smartikm.channels.marketplaces.tiktok.client import TikTokConfig
from smartikm.channels.marketplaces.tiktok.fake import MSG_EXPIRED, MSG_SIGN, MSG_TS_OLD, FakeTikTok

DAY = 86400


@pytest.fixture
def fake():
    with FakeTikTok(hang_s=1.0, slow_delay_s=0.1) as server:
        yield server


@pytest.fixture
def config(fake):
    return TikTokConfig(
        fake.app_key,
        fake.app_secret,
        fake.service_id,
        base_url=fake.url,
        auth_url=fake.url,
        authorize_url=fake.url,
    )


@pytest.fixture
def adapter(fake, config, http, saved_credentials):
    return TikTokAdapter(config, fake.issue_credentials(), http=http, on_refresh=saved_credentials)


def spec(sku="BTK-01", **extra):
    return ListingSpec(
        seller_sku=sku,
        title="Kain batik tulis Pekalongan motif jlamprang 2 meter",
        description="<p>Batik tulis pewarna alami.</p>",
        category_id="600003",
        skus=(
            SkuSpec(f"{sku}-M", 350_000, 4, {"Warna": "Merah"}),
            SkuSpec(f"{sku}-B", 360_000, 2, {"Warna": "Biru"}),
        ),
        weight_g=300,
        images=("tos-img-1",),
        listing_platforms=("TIKTOK_SHOP", "TOKOPEDIA"),
        **extra,
    )


def test_seller_authorizes_and_the_shop_cipher_is_kept_with_the_credentials(fake, config, http):
    adapter = TikTokAdapter(config, http=http)
    answer = http.request("GET", adapter.authorization_url("ignored: registered in Partner Center", "st-9"))
    assert answer.status_code == 302
    callback = parse_qs(urlsplit(answer.headers["location"]).query)
    assert callback["state"] == ["st-9"]
    credentials = adapter.exchange_code(callback["code"][0])
    assert credentials.shop_id == fake.shop_id and credentials.extra["shop_cipher"] == "ROW_abc"
    assert credentials.access_expires_at == pytest.approx(time.time() + 7 * DAY, abs=5)  # absolute in TikTok
    adapter.credentials = credentials
    assert adapter.category_tree()
    with pytest.raises(ChannelError) as reused:
        adapter.exchange_code(callback["code"][0])
    assert reused.value.kind == "auth"


def test_request_older_than_five_minutes_is_refused_with_the_real_timestamp_error(fake, config, http):
    stale = TikTokAdapter(config, fake.issue_credentials(), http=http, clock=lambda: time.time() - 301)
    with pytest.raises(ChannelError) as refused:
        stale.category_tree()
    assert (refused.value.code, refused.value.message, refused.value.http_status) == (
        "36009004",
        MSG_TS_OLD,
        401,
    )
    assert refused.value.kind == "signature" and refused.value.permanent


def test_request_more_than_thirty_seconds_ahead_is_refused(fake, config, http):
    ahead = TikTokAdapter(config, fake.issue_credentials(), http=http, clock=lambda: time.time() + 45)
    with pytest.raises(ChannelError) as refused:
        ahead.category_tree()
    assert "exceed the current time by more than 30 seconds" in refused.value.message


def test_wrong_app_secret_is_refused_with_106001_and_http_401(fake, config, http):
    wrong = TikTokAdapter(replace(config, app_secret="salah"), fake.issue_credentials(), http=http)
    with pytest.raises(ChannelError) as refused:
        wrong.category_tree()
    assert (refused.value.code, refused.value.message, refused.value.http_status) == ("106001", MSG_SIGN, 401)
    assert refused.value.kind == "signature"


def test_tampered_body_fails_the_signature_because_the_body_is_signed(fake, adapter):
    original = adapter.client.http.request

    def tamper(method, url, **kwargs):
        if kwargs.get("content"):
            kwargs["content"] = kwargs["content"].replace(b"ALL", b"DELETED")
        return original(method, url, **kwargs)

    adapter.client.http.request = tamper  # what a proxy rewriting the body would do
    with pytest.raises(ChannelError) as refused:
        adapter.find_listing_by_sku("X")
    assert refused.value.code == "106001"


def test_shop_cipher_is_required_on_shop_calls_and_refused_on_image_upload(fake, adapter):
    token = adapter.credentials.access_token
    with pytest.raises(ChannelError) as missing:
        adapter.client.call("GET", "/product/202309/categories", access_token=token)
    assert missing.value.code == "106013"
    with pytest.raises(ChannelError) as unexpected:
        adapter.client.call(
            "POST",
            "/product/202309/images/upload",
            access_token=token,
            shop_cipher="ROW_abc",
            files={"data": ("a.jpg", b"x", "image/jpeg")},
        )
    assert unexpected.value.message.startswith("Unexpected identifier.")
    assert adapter.upload_image(b"\xff\xd8 jpeg").startswith("tos-")


def test_expired_access_token_is_refreshed_once_and_the_call_then_succeeds(fake, adapter, saved_credentials):
    fake.expire_access_token(adapter.credentials.access_token)
    assert adapter.category_tree()
    assert len(saved_credentials.saved) == 1
    assert saved_credentials.saved[0].extra["shop_cipher"] == "ROW_abc"  # kept across the refresh
    paths = [r.path for r in fake.requests]
    assert paths == ["/product/202309/categories", "/api/v2/token/refresh", "/product/202309/categories"]


def test_expired_token_error_carries_the_real_code_when_refresh_is_not_possible(fake, config, http):
    creds = fake.issue_credentials()
    fake.expire_access_token(creds.access_token)
    adapter = TikTokAdapter(config, replace(creds, refresh_token="dicabut"), http=http)
    with pytest.raises(ChannelError) as failed:
        adapter.category_tree()
    assert failed.value.kind == "auth"
    first = [r for r in fake.requests if r.path == "/product/202309/categories"]
    assert len(first) == 1
    assert MSG_EXPIRED.startswith("Expired credentials.")


def test_more_than_the_allowed_rate_per_shop_and_api_gives_http_429_and_a_retryable_throttle(config, http):
    with FakeTikTok(qps=0.5, burst=2) as fake:
        adapter = TikTokAdapter(replace(config, base_url=fake.url), fake.issue_credentials(), http=http)
        adapter.category_tree()
        adapter.category_tree()
        adapter.get_orders(["none"])  # another API has its own bucket
        with pytest.raises(ChannelError) as throttled:
            adapter.category_tree()
    assert (throttled.value.code, throttled.value.http_status) == ("36009002", 429)
    assert throttled.value.kind == "throttle" and throttled.value.retryable


def test_products_are_paged_with_page_token(fake, adapter):
    for n in range(5):
        fake.seed_product(f"S{n}")
    adapter.page_size = 2
    seen, cursor = [], None
    while True:
        page = adapter.list_listings(cursor=cursor)
        seen.extend(listing.ref.item_id for listing in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 5


def test_listing_lifecycle_with_variants_and_tokopedia(fake, adapter):
    ref = adapter.create_listing(spec())
    assert set(ref.sku_ids) == {"BTK-01-M", "BTK-01-B"}
    listing = adapter.get_listing(ref)
    assert listing.status is ListingStatus.LIVE and listing.prices == {
        "BTK-01-M": 350_000,
        "BTK-01-B": 360_000,
    }
    created = [r for r in fake.requests if r.path == "/product/202309/products"][0].json()
    assert created["listing_platforms"] == ["TIKTOK_SHOP", "TOKOPEDIA"]

    assert adapter.update_price(ref, {"BTK-01-M": 375_000}).ok
    bad = adapter.update_stock(ref, {"BTK-01-M": 100_000, "BTK-01-B": 1, "LAIN": 3})
    assert set(bad.failed) == {"BTK-01-M", "BTK-01-B", "LAIN"}  # TikTok rejects the request as a whole
    assert bad.failed["BTK-01-M"].message == "stock count is invalid"
    assert adapter.update_stock(ref, {"BTK-01-M": 9}).succeeded == ("BTK-01-M",)
    listing = adapter.get_listing(ref)
    assert listing.prices["BTK-01-M"] == 375_000 and listing.stocks == {"BTK-01-M": 9, "BTK-01-B": 2}

    adapter.set_active(ref, False)
    assert adapter.get_listing(ref).status is ListingStatus.INACTIVE
    adapter.set_active(ref, True)
    assert adapter.get_listing(ref).status is ListingStatus.LIVE
    adapter.delete_listing(ref)
    assert adapter.get_listing(ref).status is ListingStatus.DELETED
    with pytest.raises(ChannelError) as gone:
        adapter.set_active(ref, True)
    assert gone.value.message == "The product does not exist"


def test_create_with_the_same_idempotency_key_returns_the_first_product(fake, adapter):
    first = adapter.create_listing(spec(idempotency_key="listing-7:publish:v1"))
    again = adapter.create_listing(spec(idempotency_key="listing-7:publish:v1"))
    assert again == first and len(fake.products) == 1


def test_create_without_idempotency_key_makes_a_second_product(fake, adapter):
    adapter.create_listing(spec())
    adapter.create_listing(spec())
    assert len(fake.products) == 2  # why the queue always sends a key to TikTok
    assert adapter.find_listing_by_sku("BTK-01-M") is not None


def test_invalid_category_is_a_permanent_validation_error(adapter):
    with pytest.raises(ChannelError) as refused:
        adapter.create_listing(replace(spec(), category_id="600001"))
    assert (refused.value.code, refused.value.message) == ("12052024", "Category is not final category")
    assert refused.value.kind == "validation" and refused.value.permanent


def test_orders_are_paged_and_unit_lines_are_counted_per_sku(fake, adapter):
    since = 1_750_000_000
    for n in range(120):
        fake.seed_order(f"O{n:03}", create_time=since + n, update_time=since + n)
    fake.seed_order(
        "BIG",
        create_time=since + 500,
        lines=[{"product_id": "1", "sku_id": "11", "seller_sku": "BTK-01-M", "price": 350_000, "qty": 3}],
    )
    first = adapter.list_orders(since, since + DAY)
    second = adapter.list_orders(since, since + DAY, first.next_cursor)
    assert len(first.items) == 100 and len(second.items) == 21 and second.next_cursor is None
    [order] = adapter.get_orders(["BIG"])
    assert order.lines[0].quantity == 3 and order.total == 1_050_000


@pytest.mark.parametrize(
    ("fault", "kind", "retryable"),
    [
        ("http_500", "server", True),
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
