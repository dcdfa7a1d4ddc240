"""Screens: the owner's list, the product's channel page, channel health — with pinned query counts."""
# ruff: noqa: F811 - pytest fixtures imported from hub_fixtures are redefined as arguments

import pytest
from django.urls import reverse

from smartikm.channels.tests.hub_fixtures import (  # noqa: F401 - fixtures
    fast_retries,
    make_product,
    owner_ikm,
    product,
    ready_listing,
    shopee,
    shopee_fake,
    shopee_shop,
)

pytestmark = pytest.mark.django_db


def _listings(n, shop, ikm, fake):
    for i in range(n):
        ready_listing(shop, make_product(ikm, name=f"Tas anyaman rotan nomor {i:03d} ukuran sedang"), fake)


def test_the_owner_list_page_runs_a_fixed_number_of_queries_whatever_the_number_of_listings(
    client, personas, owner_ikm, shopee_shop, shopee_fake, django_assert_num_queries
):
    client.force_login(personas.ikm_owner)
    _listings(2, shopee_shop, owner_ikm, shopee_fake)
    client.get(reverse("channels:dashboard"))  # warm the session
    with django_assert_num_queries(9) as few:
        assert client.get(reverse("channels:dashboard")).status_code == 200
    _listings(12, shopee_shop, owner_ikm, shopee_fake)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("channels:dashboard"))
    assert "Tas anyaman rotan nomor 011" in response.content.decode()


def test_channel_health_is_for_ministry_staff_and_counts_in_fixed_queries(
    client, personas, shopee, django_assert_num_queries
):
    client.force_login(personas.ikm_owner)
    assert client.get(reverse("channels:health")).status_code == 403
    client.force_login(personas.ministry_admin)
    with django_assert_num_queries(6):  # +1: the menu reads memberships (UPT link)
        response = client.get(reverse("channels:health"))
    assert "Bukalapak (barang fisik)" in response.content.decode()


def test_the_product_page_tells_the_owner_what_is_missing_for_each_channel(
    client, personas, product, shopee_shop, shopee_fake
):
    ready_listing(shopee_shop, product, shopee_fake, attributes={})
    client.force_login(personas.ikm_owner)
    page = client.get(reverse("channels:product", args=[product.pk])).content.decode()
    assert "Belum siap untuk Shopee" in page and "Atribut wajib belum diisi: Bahan" in page


def test_another_owner_cannot_open_the_product_channel_page(client, personas, product):
    client.force_login(personas.outsider)
    assert client.get(reverse("channels:product", args=[product.pk])).status_code == 403


def test_the_lkpp_feed_is_a_csv_of_the_owner_products_with_the_mapped_columns(client, personas, product):
    client.force_login(personas.ikm_owner)
    body = client.get(reverse("channels:feed", args=["lkpp-ekatalog"])).content.decode()
    header, row = body.splitlines()[:2]
    assert header.startswith("Kode Produk,Nama Produk") and f"IKM-{product.pk}" in row


def test_the_lkpp_feed_is_also_a_real_xlsx_with_the_same_rows(client, personas, product):
    import io

    from openpyxl import load_workbook

    client.force_login(personas.ikm_owner)
    csv_rows = client.get(reverse("channels:feed", args=["lkpp-ekatalog"])).content.decode().splitlines()
    response = client.get(reverse("channels:feed-xlsx", args=["lkpp-ekatalog"]))
    rows = list(
        load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(rows) == len(csv_rows) and rows[0][0] == "Kode Produk" and f"IKM-{product.pk}" in rows[1]
