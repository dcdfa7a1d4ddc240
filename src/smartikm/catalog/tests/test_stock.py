"""Stock moves: `take_stock` / `return_stock` lock the row, never go below zero, leave an audit
entry with the stock before and after, and announce the change through the "stock_changed" hook."""

# ruff: noqa: F811 - the module fixture restore_database_after is imported and used as an argument
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from smartikm.catalog.actions import return_stock, take_stock
from smartikm.catalog.models import Category, Product
from smartikm.catalog.tests.factories import make_ikm
from smartikm.core.audit import history
from smartikm.core.testing import restore_database_after  # noqa: F401 - module fixture
from smartikm.producers.actions import producer_for

pytestmark = pytest.mark.django_db

ANNOUNCED: list[tuple] = []


def remember_stock_change(product, *, exclude=None, actor=None):
    """A stand-in receiver of the "stock_changed" hook."""
    ANNOUNCED.append((product.pk, product.stock, exclude, actor))
    return "heard"


@pytest.fixture
def announced(settings):
    settings.HOOKS = {"stock_changed": [f"{__name__}.remember_stock_change"]}
    ANNOUNCED.clear()
    yield ANNOUNCED
    ANNOUNCED.clear()


def _stock(product) -> int:
    return Product.objects.values_list("stock", flat=True).get(pk=product.pk)


def _moves(product):
    return history(product).filter(action__in=("catalog.product.take_stock", "catalog.product.return_stock"))


def test_taking_stock_lowers_it_audits_before_and_after_and_tells_the_other_channels(
    product, announced, personas
):
    taken = take_stock(product, 5, actor=personas.ikm_owner, reason="Penjualan", reference="shopee:2601A")
    assert taken == 5 and _stock(product) == 7 and product.stock == 7
    entry = _moves(product).get()
    assert (entry.action, entry.before, entry.after) == (
        "catalog.product.take_stock",
        {"stock": 12},
        {"stock": 7},
    )
    assert "Penjualan" in entry.note and "shopee:2601A" in entry.note
    assert entry.actor == personas.ikm_owner
    assert announced == [(product.pk, 7, None, personas.ikm_owner)]


def test_taking_more_than_there_is_is_refused_on_quantity_and_writes_nothing(product, announced):
    with pytest.raises(ValidationError) as refused:
        take_stock(product, 13, reason="Penjualan", reference="shopee:2601B")
    assert "quantity" in refused.value.message_dict
    assert "tersedia 12" in refused.value.message_dict["quantity"][0]
    assert _stock(product) == 12
    assert not _moves(product).exists() and announced == []


def test_an_order_already_made_elsewhere_takes_what_is_left_and_says_how_much(product, announced):
    assert take_stock(product, 15, reason="Pesanan kanal", reference="tiktok:9", allow_short=True) == 12
    assert _stock(product) == 0
    assert take_stock(product, 3, reason="Pesanan kanal", reference="tiktok:10", allow_short=True) == 0
    assert _stock(product) == 0
    assert _moves(product).count() == 1  # taking nothing writes nothing


@pytest.mark.parametrize("quantity", [0, -2, True, "3", 2.5, 2**31])
def test_a_quantity_that_is_not_a_positive_whole_number_is_refused(product, quantity):
    with pytest.raises(ValidationError) as refused:
        take_stock(product, quantity, reason="Penjualan", reference="x")
    assert "quantity" in refused.value.message_dict
    with pytest.raises(ValidationError):
        return_stock(product, quantity, reason="Batal", reference="x")
    assert _stock(product) == 12 and not _moves(product).exists()


def test_a_person_who_may_not_manage_the_product_cannot_move_its_stock(product, personas):
    stranger = type(personas.ikm_owner).objects.create_user(username="orang.lain", password="x-uji-123")
    with pytest.raises(PermissionDenied):
        take_stock(product, 1, actor=stranger, reason="Penjualan", reference="x")
    with pytest.raises(PermissionDenied):
        return_stock(product, 1, actor=stranger, reason="Batal", reference="x")
    assert _stock(product) == 12 and not _moves(product).exists()


def test_a_stock_move_without_a_reason_is_refused(product):
    with pytest.raises(ValidationError) as refused:
        take_stock(product, 1, reason="  ", reference="x")
    assert "reason" in refused.value.message_dict
    assert _stock(product) == 12


def test_returning_stock_raises_it_audits_and_passes_the_source_to_the_hook(product, announced):
    source = object()
    assert return_stock(product, 4, reason="Pesanan dibatalkan", reference="lazada:77", source=source) == 16
    assert _stock(product) == 16
    entry = _moves(product).get()
    assert (entry.before, entry.after, entry.actor) == ({"stock": 12}, {"stock": 16}, None)
    assert announced == [(product.pk, 16, source, None)]


def test_a_receiver_that_fails_rolls_the_stock_move_back(product, settings):
    settings.HOOKS = {"stock_changed": ["smartikm.catalog.tests.test_stock.no_such_receiver"]}
    with pytest.raises(ImportError):
        take_stock(product, 2, reason="Penjualan", reference="x")
    assert _stock(product) == 12 and not _moves(product).exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_takes_of_more_than_half_the_stock_let_exactly_one_through(
    restore_database_after, personas, announced
):
    product = Product.objects.create(
        producer=producer_for(make_ikm(personas.ikm_owner)),
        name_id="Kain tenun ikat",
        description_id="Kain tenun ikat pewarna alam.",
        category=Category.objects.get(slug="batik"),
        price=100_000,
        stock=10,
    )
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def buy():
        try:
            start.wait()
            outcomes.append(take_stock(product, 7, reason="Penjualan", reference="bersamaan"))
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=buy) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["ValidationError", "int"]
    assert _stock(product) == 3
    assert _moves(product).count() == 1
