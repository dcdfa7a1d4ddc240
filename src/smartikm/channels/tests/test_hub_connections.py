"""Shop connections: the OAuth-style flow through the views, tokens encrypted, refresh saved atomically."""
# ruff: noqa: F811 - pytest fixtures imported from hub_fixtures are redefined as arguments

import pytest
from django.db import connection
from django.urls import reverse

from smartikm.channels.choices import ConnectionState
from smartikm.channels.models import ShopConnection
from smartikm.channels.tests.hub_fixtures import (  # noqa: F401 - fixtures
    fast_retries,
    owner_ikm,
    shopee,
    shopee_fake,
    shopee_shop,
)
from smartikm.channels.tokens import refresh_connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def allow_fakes(settings):
    settings.SMARTIKM_HTTP_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]


def test_the_owner_connects_a_shopee_shop_through_authorization_and_callback(
    client, personas, owner_ikm, shopee, shopee_fake, allow_fakes
):
    client.force_login(personas.ikm_owner)
    start = client.post(reverse("channels:connect", args=["shopee"]))
    assert start.status_code == 302 and start["Location"].startswith(
        shopee_fake.url + "/api/v2/shop/auth_partner"
    )
    import httpx

    consent = httpx.get(start["Location"], follow_redirects=False)  # the seller approves at Shopee
    callback = consent.headers["location"].replace("http://testserver", "")
    done = client.get(callback)
    assert done.status_code == 302
    conn = ShopConnection.objects.get(state=ConnectionState.CONNECTED)
    assert conn.shop_id == str(shopee_fake.shop_id) and conn.producer.ikm == owner_ikm
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT access_token, refresh_token FROM channels_shopconnection WHERE id = %s", [conn.pk]
        )
        raw = cursor.fetchone()
    assert conn.access_token not in raw[0] and conn.refresh_token not in raw[1]  # encrypted at rest


def test_a_callback_with_an_unknown_state_is_refused(client, personas, shopee, allow_fakes):
    client.force_login(personas.ikm_owner)
    client.get(reverse("channels:callback", args=["shopee"]) + "?code=x&shop_id=1&state=forged")
    assert not ShopConnection.objects.exists()


def test_a_refresh_saves_the_new_single_use_refresh_token_and_a_second_refresh_works(shopee_shop, http):
    old_refresh = shopee_shop.refresh_token
    first = refresh_connection(shopee_shop.pk, http=http, force=True)
    assert first.refresh_token != old_refresh and first.token_version == 1
    # Shopee refused the old token now; the saved one must be the one that works.
    second = refresh_connection(shopee_shop.pk, http=http, force=True)
    assert second.state == ConnectionState.CONNECTED and second.token_version == 2


def test_a_refresh_not_yet_due_does_not_spend_the_refresh_token(shopee_shop, http):
    unchanged = refresh_connection(shopee_shop.pk, http=http)
    assert unchanged.token_version == 0 and unchanged.refresh_token == shopee_shop.refresh_token


def test_a_worker_refreshes_a_token_about_to_expire_before_calling(personas, shopee_shop, shopee_fake, http):
    from smartikm.channels.actions import publish_product
    from smartikm.channels.sync import Worker
    from smartikm.channels.tests.hub_fixtures import make_product, ready_listing

    product = make_product(shopee_shop.producer.ikm)
    ready_listing(shopee_shop, product, shopee_fake)
    ShopConnection.objects.filter(pk=shopee_shop.pk).update(access_expires_at=0)
    publish_product(product, shopee_shop, actor=personas.ikm_owner)
    Worker("w", http).run_until_idle()
    shopee_shop.refresh_from_db()
    assert shopee_shop.token_version == 1 and product.listings.get().channel_item_id
