"""The §8 signature test vectors, pinned for the clients AND for the fakes.

The fakes verify with their own implementation (not the client's), so each side is held to the
published vectors on its own: a client test computes the vector, a fake test accepts a request that
carries exactly the vector's parameters and signature, and refuses it with one character changed.
"""

import pytest

from smartikm.channels.marketplaces.lazada import client as lazada
from smartikm.channels.marketplaces.lazada.fake import FakeLazada
from smartikm.channels.marketplaces.shopee import client as shopee
from smartikm.channels.marketplaces.shopee.fake import FakeShopee
from smartikm.channels.marketplaces.tiktok import client as tiktok
from smartikm.channels.marketplaces.tiktok.fake import FakeTikTok

SHOPEE_BASE = "2001887/api/v2/shop/get_shop_info165571443159777174636562737266615546704c6d14701711"
SHOPEE_SIGN = "9fdae5aeed86e753249982ec04aa54339280f12d3f456b9e3f7d8ee91e66a2b3"
SHOPEE_TOKEN = "59777174636562737266615546704c6d"
TIKTOK_GET_STRING = "abc000def111/authorization/202309/shopsapp_key123456timestamp1234567890abc000def111"
TIKTOK_GET_SIGN = "c8767e4fd7a1b48a0ce3fd23197f058159ce11b53f1ae1ad6d1ec931a1da5540"
TIKTOK_POST_BODY = b'{"product_ids":["1729592969712207008"]}'
TIKTOK_POST_SIGN = "9a6702f5bd24ac8979a5ccae468368840ac9fa8b8868f9c45d16978285536742"
LAZADA_STRING = "/order/getaccess_tokentestapp_key123456order_id1234sign_methodsha256timestamp1517820392000"
LAZADA_SIGN = "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"


def _flip(sign: str) -> str:
    return sign[:-1] + ("0" if sign[-1] != "0" else "1")


# ---- clients


def test_shopee_client_builds_the_doc_base_string_and_signs_it_to_the_vector():
    base = shopee.base_string(2001887, "/api/v2/shop/get_shop_info", 1655714431, SHOPEE_TOKEN, 14701711)
    assert base == SHOPEE_BASE
    assert shopee.sign("test_partner_key", base) == SHOPEE_SIGN


def test_shopee_client_puts_the_vector_signature_in_the_query_it_sends(http):
    client = shopee.ShopeeClient(shopee.ShopeeConfig(2001887, "test_partner_key"), http, lambda: 1655714431)
    params = client._common("/api/v2/shop/get_shop_info", SHOPEE_TOKEN, "14701711")
    assert params["sign"] == SHOPEE_SIGN and params["timestamp"] == 1655714431


def test_tiktok_client_signs_the_get_vector():
    query = {"app_key": "123456", "timestamp": "1234567890", "sign": "ignored", "access_token": "ignored"}
    assert tiktok.string_to_sign("/authorization/202309/shops", query) == TIKTOK_GET_STRING[12:-12].encode()
    assert tiktok.sign("abc000def111", "/authorization/202309/shops", query) == TIKTOK_GET_SIGN


def test_tiktok_client_signs_the_post_vector_including_the_raw_body():
    query = {"app_key": "123456", "shop_cipher": "ROW_abc", "timestamp": "1234567890"}
    path = "/product/202309/products/deactivate"
    assert tiktok.sign("abc000def111", path, query, TIKTOK_POST_BODY) == TIKTOK_POST_SIGN
    assert tiktok.sign("abc000def111", path, query, TIKTOK_POST_BODY, multipart=True) != TIKTOK_POST_SIGN


def test_lazada_client_signs_the_official_vector_in_uppercase():
    params = {
        "access_token": "test",
        "app_key": "123456",
        "order_id": "1234",
        "sign_method": "sha256",
        "timestamp": "1517820392000",
    }
    assert lazada.string_to_sign("/order/get", params) == LAZADA_STRING
    assert lazada.sign("helloworld", "/order/get", params) == LAZADA_SIGN


# ---- fakes (and the client's real requests against them)


@pytest.fixture
def shopee_fake():
    with FakeShopee(partner_id=2001887, partner_key="test_partner_key", clock=lambda: 1655714431) as fake:
        fake.install_token(SHOPEE_TOKEN, 14701711, expires_at=1655714431 + 3600)
        yield fake


def _shopee_query(sign):
    return {
        "partner_id": "2001887",
        "timestamp": "1655714431",
        "access_token": SHOPEE_TOKEN,
        "shop_id": "14701711",
        "sign": sign,
    }


def test_shopee_fake_accepts_the_vector_signature_and_refuses_a_changed_one(shopee_fake, http):
    url = shopee_fake.url + "/api/v2/shop/get_shop_info"
    accepted = http.request("GET", url, params=_shopee_query(SHOPEE_SIGN))
    assert accepted.status_code == 200 and b'"error": ""' in accepted.content
    refused = http.request("GET", url, params=_shopee_query(_flip(SHOPEE_SIGN)))
    assert b'"error": "error_sign"' in refused.content and b'"message": "Wrong sign."' in refused.content


@pytest.fixture
def tiktok_fake():
    with FakeTikTok(app_key="123456", app_secret="abc000def111", clock=lambda: 1234567890) as fake:
        fake.install_token("tok", expires_at=1234567890 + 3600)
        yield fake


def test_tiktok_fake_accepts_the_get_vector_and_refuses_a_changed_one(tiktok_fake, http):
    url = tiktok_fake.url + "/authorization/202309/shops"
    headers = {"x-tts-access-token": "tok"}
    query = {"app_key": "123456", "timestamp": "1234567890"}
    accepted = http.request("GET", url, params={**query, "sign": TIKTOK_GET_SIGN}, headers=headers)
    assert accepted.status_code == 200 and b'"code": 0' in accepted.content
    refused = http.request("GET", url, params={**query, "sign": _flip(TIKTOK_GET_SIGN)}, headers=headers)
    assert refused.status_code == 401 and b'"code": 106001' in refused.content


def test_tiktok_fake_accepts_the_post_vector_only_with_the_exact_body(tiktok_fake, http):
    url = tiktok_fake.url + "/product/202309/products/deactivate"
    headers = {"x-tts-access-token": "tok", "Content-Type": "application/json"}
    query = {
        "app_key": "123456",
        "shop_cipher": "ROW_abc",
        "timestamp": "1234567890",
        "sign": TIKTOK_POST_SIGN,
    }
    accepted = http.request("POST", url, params=query, headers=headers, content=TIKTOK_POST_BODY)
    assert b'"code": 0' in accepted.content
    spaced = TIKTOK_POST_BODY.replace(b":", b": ")  # same JSON, different bytes
    refused = http.request("POST", url, params=query, headers=headers, content=spaced)
    assert b'"code": 106001' in refused.content


def test_tiktok_client_sends_the_post_vector_signature(tiktok_fake, http):
    config = tiktok.TikTokConfig("123456", "abc000def111", base_url=tiktok_fake.url)
    client = tiktok.TikTokClient(config, http, lambda: 1234567890)
    client.call(
        "POST",
        "/product/202309/products/deactivate",
        access_token="tok",
        shop_cipher="ROW_abc",
        body={"product_ids": ["1729592969712207008"]},
    )
    sent = tiktok_fake.requests[-1]
    assert sent.body == TIKTOK_POST_BODY and sent.query["sign"] == TIKTOK_POST_SIGN


@pytest.fixture
def lazada_fake():
    with FakeLazada(app_key="123456", app_secret="helloworld", clock=lambda: 1517820392) as fake:
        fake.install_token("test", expires_at=1517820392 + 3600)
        fake.seed_order(1234, created_at=1517820000)
        yield fake


def test_lazada_fake_accepts_the_official_vector_and_refuses_a_changed_one(lazada_fake, http):
    url = lazada_fake.url + "/rest/order/get"
    query = {
        "access_token": "test",
        "app_key": "123456",
        "order_id": "1234",
        "sign_method": "sha256",
        "timestamp": "1517820392000",
    }
    accepted = http.request("GET", url, params={**query, "sign": LAZADA_SIGN})
    assert b'"code": "0"' in accepted.content
    refused = http.request("GET", url, params={**query, "sign": _flip(LAZADA_SIGN)})
    assert b'"code": "IncompleteSignature"' in refused.content


def test_lazada_client_sends_the_official_vector_signature(lazada_fake, http):
    config = lazada.LazadaConfig("123456", "helloworld", base_url=lazada_fake.url + "/rest")
    client = lazada.LazadaClient(config, http, lambda: 1517820392)
    client.call("GET", "/order/get", access_token="test", params={"order_id": 1234})
    assert lazada_fake.requests[-1].query["sign"] == LAZADA_SIGN
