"""The move from two nullable keys (ikm / upt) to one `producer` key, forwards and backwards, on a
database holding IKM and UPT products, listings and shop connections."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from smartikm.catalog.tests.factories import make_ikm
from smartikm.channels.models import Channel, Listing, ShopConnection
from smartikm.core.testing import restore_database_after  # noqa: F401  (module fixture)
from smartikm.corrections.tests.conftest import make_upt_product
from smartikm.producers.actions import producer_for

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("catalog", "0004_searchentry_combo"), ("channels", "0002_seed_channels"), ("producers", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    nodes = [(app, name) for app, name in targets if name is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_products_listings_and_shops_keep_their_maker_through_the_migration_both_ways(
    restore_database_after,  # noqa: F811
):
    from smartikm.accounts.personas import make_personas
    from smartikm.channels.tests.hub_fixtures import make_product

    personas = make_personas()
    ikm = make_ikm(personas.ikm_owner)
    ikm_product = make_product(ikm)
    upt_product = make_upt_product(personas.upt)
    channel = Channel.objects.get(code="shopee")
    shops = {
        "ikm": ShopConnection.objects.create(channel=channel, producer=producer_for(ikm), shop_id="501"),
        "upt": ShopConnection.objects.create(
            channel=channel, producer=producer_for(personas.upt), shop_id="502"
        ),
    }
    for product, shop in ((ikm_product, shops["ikm"]), (upt_product, shops["upt"])):
        Listing.objects.create(
            channel=channel, connection=shop, product=product, seller_sku=f"SKU-{product.pk}"
        )

    old = migrate(BEFORE)
    OldProduct, OldShop = old.get_model("catalog", "Product"), old.get_model("channels", "ShopConnection")
    assert OldProduct.objects.filter(pk=ikm_product.pk, ikm_id=ikm.pk, upt__isnull=True).exists()
    assert OldProduct.objects.filter(pk=upt_product.pk, upt_id=personas.upt.pk, ikm__isnull=True).exists()
    assert OldShop.objects.filter(pk=shops["ikm"].pk, ikm_id=ikm.pk, upt__isnull=True).exists()
    assert OldShop.objects.filter(pk=shops["upt"].pk, upt_id=personas.upt.pk, ikm__isnull=True).exists()
    assert old.get_model("channels", "Listing").objects.count() == 2
    assert "producers_producer" not in connection.introspection.table_names()

    new = migrate(latest())
    Producer = new.get_model("producers", "Producer")
    Product, Shop = new.get_model("catalog", "Product"), new.get_model("channels", "ShopConnection")
    Ikm, Organisation = new.get_model("registry", "Ikm"), new.get_model("accounts", "Organisation")
    assert Producer.objects.filter(kind="ikm").count() == Ikm.objects.count()
    assert Producer.objects.filter(kind="upt").count() == Organisation.objects.filter(kind="upt").count()
    ikm_producer = Producer.objects.get(ikm_id=ikm.pk)
    upt_producer = Producer.objects.get(organisation_id=personas.upt.pk)
    assert (ikm_producer.province_id, ikm_producer.public_name) == (ikm.province_id, ikm.name)
    assert upt_producer.province_id == "33"
    assert Product.objects.get(pk=ikm_product.pk).producer_id == ikm_producer.pk
    assert Product.objects.get(pk=upt_product.pk).producer_id == upt_producer.pk
    assert Shop.objects.get(pk=shops["ikm"].pk).producer_id == ikm_producer.pk
    assert Shop.objects.get(pk=shops["upt"].pk).producer_id == upt_producer.pk
    assert new.get_model("channels", "Listing").objects.count() == 2
