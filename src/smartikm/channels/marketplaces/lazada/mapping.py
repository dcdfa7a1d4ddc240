"""Our ListingSpec → Lazada CreateProduct `payload` (§3.6), and Lazada answers → neutral types."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

import pydantic

from smartikm.channels.marketplaces.base import (
    AttributeValue,
    CategoryAttribute,
    CategoryNode,
    ChannelError,
    Listing,
    ListingRef,
    ListingSpec,
    ListingStatus,
    Order,
    OrderLine,
)

STATUS = {
    "active": ListingStatus.LIVE,
    "sold-out": ListingStatus.LIVE,
    "inactive": ListingStatus.INACTIVE,
    "pending": ListingStatus.IN_REVIEW,
    "rejected": ListingStatus.REJECTED,
    "suspended": ListingStatus.BANNED,
    "deleted": ListingStatus.DELETED,
}
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"  # Lazada's "2018-02-07 20:49:41 +0800"


def dumps(payload: Any) -> str:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def create_payload(spec: ListingSpec, no_brand_id: str) -> str:
    brand = spec.brand_id or no_brand_id
    if not brand:
        raise ChannelError(
            "lazada",
            "brand_required",
            "brand_id is required",
            kind="validation",
            retryable=False,
            user_message="Lazada mewajibkan merek: pilih merek atau 'No Brand' untuk toko ini.",
        )
    attributes: dict[str, Any] = {"name": spec.title, "description": spec.description, "brand_id": brand}
    attributes.update({aid: ",".join(values) for aid, values in spec.attributes.items()})
    skus = []
    for sku in spec.skus:
        entry: dict[str, Any] = {
            "SellerSku": sku.seller_sku,
            "quantity": sku.stock,
            "price": sku.price,
            "package_weight": round(spec.weight_g / 1000, 2),  # kg, ≤ 2 decimals
            "package_length": spec.length_cm or 1,
            "package_width": spec.width_cm or 1,
            "package_height": spec.height_cm or 1,
        }
        entry.update(sku.options)
        skus.append(entry)
    product = {
        "PrimaryCategory": spec.category_id,
        "Images": {"Image": list(spec.images)},  # must be an array, even for one image (error 1001)
        "Attributes": attributes,
        "Skus": {"Sku": skus},
    }
    return dumps({"Request": {"Product": product}})


def price_quantity_payload(rows: list[dict[str, Any]]) -> str:
    return dumps({"Request": {"Product": {"Skus": {"Sku": rows}}}})


class _M(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="ignore")


class _CountryUser(_M):
    country: str
    seller_id: str
    user_id: str = ""
    short_code: str = ""


class TokenAnswer(_M):
    country_user_info: list[_CountryUser] = []
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int
    country: str = ""
    account: str = ""


class _CreatedSku(_M):
    seller_sku: str
    sku_id: int
    shop_sku: str = ""


class Created(_M):
    item_id: int
    sku_list: list[_CreatedSku] = []


class _Sku(_M):
    SkuId: int
    SellerSku: str
    price: float
    quantity: int
    Status: str = "active"


class _Attrs(_M):
    name: str = ""


class Product(_M):
    item_id: int
    status: str
    attributes: _Attrs = _Attrs()
    skus: list[_Sku] = []
    updated_time: str | None = None  # ms epoch as a string


class Products(_M):
    total_products: int
    products: list[Product] = []


class _Category(_M):
    category_id: int
    name: str
    leaf: bool
    children: list[_Category] = []


class _Option(_M):
    id: int | None = None
    name: str


class _Attr(_M):
    id: int
    name: str
    is_mandatory: int
    is_sale_prop: int = 0
    options: list[_Option] = []


class _Image(_M):
    url: str
    hash_code: str = ""


class Uploaded(_M):
    image: _Image


class _OrderRow(_M):
    order_id: int
    statuses: list[str]
    created_at: str
    updated_at: str
    price: str


class Orders(_M):
    count: int
    countTotal: int = 0  # noqa: N815 - Lazada's field name
    orders: list[_OrderRow] = []


class _OrderItem(_M):
    order_item_id: int
    sku: str
    sku_id: str = ""
    product_id: str = ""
    item_price: float


class _OrderItems(_M):
    order_id: int
    order_items: list[_OrderItem]


def parse_date(value: str) -> float:
    return datetime.strptime(value, DATE_FORMAT).timestamp()


def format_date(ts: float) -> str:
    """ISO 8601 as the order and product filters expect it."""
    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


def ref_from(product: Product) -> ListingRef:
    return ListingRef(str(product.item_id), {s.SellerSku: str(s.SkuId) for s in product.skus})


def listing_from(product: Product) -> Listing:
    return Listing(
        ref=ref_from(product),
        status=STATUS.get(product.status.lower(), ListingStatus.INACTIVE),
        channel_status=product.status,
        title=product.attributes.name,
        prices={s.SellerSku: round(s.price) for s in product.skus},
        stocks={s.SellerSku: s.quantity for s in product.skus},
        updated_at=int(product.updated_time) / 1000 if product.updated_time else None,
    )


def categories_from(tree: list[_Category]) -> list[CategoryNode]:
    nodes: list[CategoryNode] = []

    def walk(category: _Category, parent: str | None) -> None:
        nodes.append(CategoryNode(str(category.category_id), category.name, parent, category.leaf))
        for child in category.children:
            walk(child, str(category.category_id))

    for root in tree:
        walk(root, None)
    return nodes


def attributes_from(attrs: list[_Attr]) -> list[CategoryAttribute]:
    return [
        CategoryAttribute(
            id=a.name,
            name=a.name,
            required=bool(a.is_mandatory),
            is_variant_axis=bool(a.is_sale_prop),
            values=tuple(AttributeValue(str(o.id or o.name), o.name) for o in a.options),
        )
        for a in attrs
    ]


def order_from(row: _OrderRow, items: list[_OrderItem]) -> Order:
    # Lazada lists one order item per unit; count them per SKU.
    quantities: dict[tuple[str, str, str, int], int] = defaultdict(int)
    for item in items:
        quantities[(item.sku, item.product_id, item.sku_id, round(item.item_price))] += 1
    lines = tuple(
        OrderLine(seller_sku=sku, item_id=pid, sku_id=sid, quantity=qty, unit_price=price)
        for (sku, pid, sid, price), qty in quantities.items()
    )
    return Order(
        order_id=str(row.order_id),
        status=",".join(row.statuses),
        created_at=parse_date(row.created_at),
        updated_at=parse_date(row.updated_at),
        lines=lines,
        total=round(float(row.price)),
    )
