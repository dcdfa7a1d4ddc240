"""Our ListingSpec → TikTok Shop Create Product payload (§2.6), and TikTok answers → neutral types."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pydantic

from smartikm.channels.marketplaces.base import (
    AttributeValue,
    CategoryAttribute,
    CategoryNode,
    Listing,
    ListingRef,
    ListingSpec,
    ListingStatus,
    Order,
    OrderLine,
)

STATUS = {
    "DRAFT": ListingStatus.DRAFT,
    "PENDING": ListingStatus.IN_REVIEW,
    "FAILED": ListingStatus.REJECTED,
    "ACTIVATE": ListingStatus.LIVE,
    "SELLER_DEACTIVATED": ListingStatus.INACTIVE,
    "PLATFORM_DEACTIVATED": ListingStatus.BANNED,
    "FREEZE": ListingStatus.BANNED,
    "DELETED": ListingStatus.DELETED,
}


def _value(raw: str) -> dict[str, str]:
    return {"id": raw} if raw.isdigit() else {"name": raw}


def create_payload(spec: ListingSpec, warehouse_id: str) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "title": spec.title,
        "description": spec.description,
        "category_id": spec.category_id,
        "main_images": [{"uri": uri} for uri in spec.images],
        "skus": [
            {
                "seller_sku": sku.seller_sku,
                "price": {"amount": str(sku.price), "currency": "IDR"},
                "inventory": [{"warehouse_id": warehouse_id, "quantity": sku.stock}],
                "sales_attributes": [
                    {"name": axis, "value_name": value} for axis, value in sku.options.items()
                ],
            }
            for sku in spec.skus
        ],
        "package_weight": {"value": f"{spec.weight_g / 1000:.3f}", "unit": "KILOGRAM"},
        "product_attributes": [
            {"id": aid, "values": [_value(v) for v in values]} for aid, values in spec.attributes.items()
        ],
        "is_cod_allowed": False,
        "save_mode": "LISTING" if spec.active else "AS_DRAFT",
    }
    if spec.length_cm and spec.width_cm and spec.height_cm:
        payload["package_dimensions"] = {
            "length": str(spec.length_cm),
            "width": str(spec.width_cm),
            "height": str(spec.height_cm),
            "unit": "CENTIMETER",
        }
    if spec.brand_id:
        payload["brand_id"] = spec.brand_id
    if spec.listing_platforms:
        payload["listing_platforms"] = list(spec.listing_platforms)
    if spec.idempotency_key:
        payload["idempotency_key"] = spec.idempotency_key  # TikTok dedupes creates per shop on this
    return payload


class _M(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="ignore")


class TokenData(_M):
    access_token: str
    access_token_expire_in: int  # absolute unix time, unlike Shopee's relative expire_in
    refresh_token: str
    refresh_token_expire_in: int
    open_id: str = ""
    seller_name: str = ""


class _Shop(_M):
    id: str
    cipher: str
    name: str = ""
    region: str = ""


class Shops(_M):
    shops: list[_Shop]


class _CreatedSku(_M):
    id: str
    seller_sku: str = ""


class Created(_M):
    product_id: str
    skus: list[_CreatedSku] = []


class _Price(_M):
    amount: str
    currency: str = "IDR"


class _Inventory(_M):
    warehouse_id: str = ""
    quantity: int


class _Sku(_M):
    id: str
    seller_sku: str = ""
    price: _Price | None = None
    inventory: list[_Inventory] = []


class Product(_M):
    id: str
    status: str
    title: str = ""
    skus: list[_Sku] = []
    update_time: int | None = None


class SearchPage(_M):
    products: list[Product] = []
    next_page_token: str = ""
    total_count: int = 0


class _ProductError(_M):
    code: int
    message: str


class BulkAnswer(_M):
    errors: list[_ProductError] = []


class _Warehouse(_M):
    id: str
    is_default: bool = False
    effect_status: str = "ENABLED"


class Warehouses(_M):
    warehouses: list[_Warehouse]


class _Category(_M):
    id: str
    parent_id: str = "0"
    local_name: str
    is_leaf: bool


class Categories(_M):
    categories: list[_Category]


class _AttrValue(_M):
    id: str
    name: str


class _Attr(_M):
    id: str
    name: str
    type: str
    # TikTok's own response spells it "is_requried"; accept the correct spelling too.
    required: bool = pydantic.Field(
        default=False, validation_alias=pydantic.AliasChoices("is_requried", "is_required")
    )
    values: list[_AttrValue] = []


class Attributes(_M):
    attributes: list[_Attr]


class Image(_M):
    uri: str
    url: str = ""


class _LineItem(_M):
    id: str
    product_id: str
    sku_id: str
    seller_sku: str = ""
    sale_price: str


class _Payment(_M):
    total_amount: str
    currency: str = "IDR"


class _Order(_M):
    id: str
    status: str
    create_time: int
    update_time: int
    line_items: list[_LineItem] = []
    payment: _Payment


class OrderPage(_M):
    orders: list[_Order] = []
    next_page_token: str = ""
    total_count: int = 0


def ref_from(product: Product | Created, product_id: str) -> ListingRef:
    return ListingRef(item_id=product_id, sku_ids={s.seller_sku: s.id for s in product.skus if s.seller_sku})


def listing_from(product: Product) -> Listing:
    prices = {s.seller_sku: int(s.price.amount) for s in product.skus if s.price}
    stocks = {s.seller_sku: sum(i.quantity for i in s.inventory) for s in product.skus}
    return Listing(
        ref=ref_from(product, product.id),
        status=STATUS.get(product.status, ListingStatus.INACTIVE),
        channel_status=product.status,
        title=product.title,
        prices=prices,
        stocks=stocks,
        updated_at=float(product.update_time) if product.update_time else None,
    )


def order_from(order: _Order) -> Order:
    # TikTok returns one line item per unit; count them per SKU.
    quantities: dict[tuple[str, str, str, int], int] = defaultdict(int)
    for line in order.line_items:
        quantities[(line.seller_sku, line.product_id, line.sku_id, int(line.sale_price))] += 1
    lines = tuple(
        OrderLine(seller_sku=sku, item_id=pid, sku_id=sid, quantity=qty, unit_price=price)
        for (sku, pid, sid, price), qty in quantities.items()
    )
    return Order(
        order_id=order.id,
        status=order.status,
        created_at=float(order.create_time),
        updated_at=float(order.update_time),
        lines=lines,
        total=int(order.payment.total_amount),
    )


def categories_from(answer: Categories) -> list[CategoryNode]:
    return [
        CategoryNode(
            id=c.id,
            name=c.local_name,
            parent_id=None if c.parent_id in ("", "0") else c.parent_id,
            is_leaf=c.is_leaf,
        )
        for c in answer.categories
    ]


def attributes_from(answer: Attributes) -> list[CategoryAttribute]:
    return [
        CategoryAttribute(
            id=a.id,
            name=a.name,
            required=a.required,
            is_variant_axis=a.type == "SALES_PROPERTY",
            values=tuple(AttributeValue(v.id, v.name) for v in a.values),
        )
        for a in answer.attributes
    ]
