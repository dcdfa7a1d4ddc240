"""Our ListingSpec → Shopee `add_item` payload (§1.7), and Shopee answers → neutral types.

Shopee item-level listings only: variants need init_tier_variation/add_model, not built yet, so a
spec with several SKUs is refused with a clear message instead of being half-published.
"""

from __future__ import annotations

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

NO_MODEL = "0"  # Shopee's model_id for an item without variants

STATUS = {
    "NORMAL": ListingStatus.LIVE,
    "UNLIST": ListingStatus.INACTIVE,
    "REVIEWING": ListingStatus.IN_REVIEW,
    "BANNED": ListingStatus.BANNED,
    "SELLER_DELETE": ListingStatus.DELETED,
    "SHOPEE_DELETE": ListingStatus.DELETED,
}


def _value(raw: str) -> dict[str, Any]:
    # A numeric value is one of Shopee's enumerated value ids; anything else is free text.
    return {"value_id": int(raw)} if raw.isdigit() else {"value_id": 0, "original_value_name": raw}


def add_item_payload(spec: ListingSpec) -> dict[str, Any]:
    if len(spec.skus) != 1:
        raise ChannelError(
            "shopee",
            "variants_unsupported",
            "Produk bervarian belum bisa dikirim ke Shopee dari e-Smart IKM.",
            kind="unsupported",
            retryable=False,
        )
    sku = spec.skus[0]
    payload: dict[str, Any] = {
        "item_name": spec.title,
        "description": spec.description,
        "original_price": float(sku.price),
        "weight": round(spec.weight_g / 1000, 3),  # Shopee wants kilograms
        "category_id": int(spec.category_id),
        "image": {"image_id_list": list(spec.images)},
        "item_sku": spec.seller_sku,
        "item_status": "NORMAL" if spec.active else "UNLIST",
        "condition": "NEW" if spec.condition_new else "USED",
        "seller_stock": [{"stock": sku.stock}],
        "logistic_info": [{"logistic_id": int(lid), "enabled": True} for lid in spec.logistics_ids],
        "brand": {"brand_id": int(spec.brand_id or 0), "original_brand_name": spec.brand_name},
        "attribute_list": [
            {"attribute_id": int(aid), "attribute_value_list": [_value(v) for v in values]}
            for aid, values in spec.attributes.items()
        ],
    }
    if spec.length_cm and spec.width_cm and spec.height_cm:
        payload["dimension"] = {
            "package_length": spec.length_cm,
            "package_width": spec.width_cm,
            "package_height": spec.height_cm,
        }
    return payload


def ref_for(spec: ListingSpec, item_id: int | str) -> ListingRef:
    return ListingRef(item_id=str(item_id), sku_ids={spec.skus[0].seller_sku: NO_MODEL})


# ---- response models (strict: unknown extra fields are fine, missing/ill-typed ones are not)


class _M(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="ignore")


class TokenAnswer(_M):
    access_token: str
    refresh_token: str
    expire_in: int
    shop_id_list: list[int] = []


class AddItem(_M):
    item_id: int


class _Failure(_M):
    model_id: int
    failed_reason: str


class _Success(_M):
    model_id: int


class BatchAnswer(_M):
    success_list: list[_Success] = []
    failure_list: list[_Failure] = []


class _Price(_M):
    original_price: float
    current_price: float | None = None


class _Summary(_M):
    total_available_stock: int


class _StockV2(_M):
    summary_info: _Summary


class _BaseItem(_M):
    item_id: int
    item_status: str
    item_name: str = ""
    item_sku: str = ""
    update_time: int | None = None
    price_info: list[_Price] = []
    stock_info_v2: _StockV2 | None = None


class BaseInfo(_M):
    item_list: list[_BaseItem] = []


class _ListedItem(_M):
    item_id: int
    item_status: str
    update_time: int | None = None


class ItemList(_M):
    item: list[_ListedItem] = []
    total_count: int
    has_next_page: bool
    next_offset: int = 0


class SearchItem(_M):
    item_id_list: list[int] = []


class _OrderRow(_M):
    order_sn: str
    order_status: str = ""


class OrderList(_M):
    more: bool
    next_cursor: str = ""
    order_list: list[_OrderRow] = []


class _OrderItem(_M):
    item_id: int
    item_sku: str = ""
    model_id: int = 0
    model_sku: str = ""
    model_quantity_purchased: int
    model_discounted_price: float


class _OrderDetail(_M):
    order_sn: str
    order_status: str
    create_time: int
    update_time: int
    total_amount: float
    item_list: list[_OrderItem] = []


class OrderDetail(_M):
    order_list: list[_OrderDetail] = []


class _Category(_M):
    category_id: int
    parent_category_id: int = 0
    original_category_name: str
    display_category_name: str = ""
    has_children: bool


class CategoryList(_M):
    category_list: list[_Category] = []


class _AttrValue(_M):
    value_id: int
    name: str


class _Attr(_M):
    attribute_id: int
    name: str
    mandatory: bool
    attribute_value_list: list[_AttrValue] = []


class _AttrTree(_M):
    category_id: int
    attribute_tree: list[_Attr] = []


class AttributeTree(_M):
    trees: list[_AttrTree] = pydantic.Field(default=[], alias="list")  # Shopee calls it "list"


class _ImageInfo(_M):
    image_id: str


class UploadImage(_M):
    image_info: _ImageInfo


# ---- answers → neutral types


def listing_from(item: _BaseItem, ref: ListingRef) -> Listing:
    sku = next(iter(ref.sku_ids), item.item_sku)
    price = round(item.price_info[0].original_price) if item.price_info else 0
    stock = item.stock_info_v2.summary_info.total_available_stock if item.stock_info_v2 else 0
    return Listing(
        ref=ref,
        status=STATUS.get(item.item_status, ListingStatus.INACTIVE),
        channel_status=item.item_status,
        title=item.item_name,
        prices={sku: price},
        stocks={sku: stock},
        updated_at=float(item.update_time) if item.update_time else None,
    )


def order_from(detail: _OrderDetail) -> Order:
    lines = tuple(
        OrderLine(
            seller_sku=line.model_sku or line.item_sku,
            item_id=str(line.item_id),
            sku_id=str(line.model_id),
            quantity=line.model_quantity_purchased,
            unit_price=round(line.model_discounted_price),
        )
        for line in detail.item_list
    )
    return Order(
        order_id=detail.order_sn,
        status=detail.order_status,
        created_at=float(detail.create_time),
        updated_at=float(detail.update_time),
        lines=lines,
        total=round(detail.total_amount),
    )


def categories_from(answer: CategoryList) -> list[CategoryNode]:
    return [
        CategoryNode(
            id=str(c.category_id),
            name=c.display_category_name or c.original_category_name,
            parent_id=str(c.parent_category_id) if c.parent_category_id else None,
            is_leaf=not c.has_children,
        )
        for c in answer.category_list
    ]


def attributes_from(answer: AttributeTree) -> list[CategoryAttribute]:
    return [
        CategoryAttribute(
            id=str(a.attribute_id),
            name=a.name,
            required=a.mandatory,
            is_variant_axis=False,
            values=tuple(AttributeValue(str(v.value_id), v.name) for v in a.attribute_value_list),
        )
        for tree in answer.trees
        for a in tree.attribute_tree
    ]
