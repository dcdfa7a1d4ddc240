"""Shopee Open Platform v2 adapter (common interface of base.py).

Docs: https://open.shopee.com/documents/v2/v2.product.add_item?module=89&type=1 ·
authorization: https://open.shopee.com/developer-guide/20 · reference: docs/marketplaces.md §1.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from smartikm.channels.marketplaces.base import (
    DAY,
    BatchResult,
    CategoryAttribute,
    CategoryNode,
    ChannelError,
    Clock,
    Credentials,
    Listing,
    ListingRef,
    ListingSpec,
    MarketplaceAdapter,
    Order,
    OrderSummary,
    Page,
    RefreshCallback,
    SkuFailure,
    chunked,
    decode_cursor,
    encode_cursor,
    parse_model,
)
from smartikm.channels.marketplaces.shopee import mapping as m
from smartikm.channels.marketplaces.shopee.client import CHANNEL, ShopeeClient, ShopeeConfig
from smartikm.core.http import HttpSeam

ACCESS_TTL_S = 4 * 3600
REFRESH_TTL_S = 30 * DAY
MAX_ORDER_WINDOW_S = 15 * DAY  # get_order_list refuses wider windows (§1.6)
BATCH = 50  # price_list / stock_list / item_id_list / order_sn_list maximum


class ShopeeAdapter(MarketplaceAdapter):
    channel = CHANNEL
    docs_url = "https://open.shopee.com/documents/v2/v2.product.add_item?module=89&type=1"
    page_size = 50

    def __init__(
        self,
        config: ShopeeConfig,
        credentials: Credentials | None = None,
        *,
        http: HttpSeam | None = None,
        clock: Clock = time.time,
        on_refresh: RefreshCallback | None = None,
    ):
        super().__init__(credentials, http=http, clock=clock, on_refresh=on_refresh)
        self.config = config
        self.client = ShopeeClient(config, self.http, clock)

    # ---- auth
    def authorization_url(self, redirect_uri: str, state: str) -> str:
        # Shopee has no `state` parameter; carrying it inside the redirect URL keeps CSRF protection.
        separator = "&" if "?" in redirect_uri else "?"
        return self.client.auth_partner_url(f"{redirect_uri}{separator}{urlencode({'state': state})}")

    def _credentials(self, envelope, shop_id: str) -> Credentials:
        token = parse_model(CHANNEL, m.TokenAnswer, envelope.model_dump(), request_id=envelope.request_id)
        now = self.clock()
        return Credentials(
            shop_id=shop_id,
            access_token=token.access_token,
            refresh_token=token.refresh_token,
            access_expires_at=now + token.expire_in,
            refresh_expires_at=now + REFRESH_TTL_S,
        )

    def exchange_code(self, code: str, *, shop_id: str | None = None) -> Credentials:
        if not shop_id:
            raise ChannelError(
                CHANNEL, "missing_shop_id", "callback without shop_id", kind="validation", retryable=False
            )
        body = {"code": code, "shop_id": int(shop_id), "partner_id": self.config.partner_id}
        return self._credentials(self.client.call("POST", "/api/v2/auth/token/get", body=body), shop_id)

    def refresh(self, credentials: Credentials) -> Credentials:
        # Public API (§1.3): signed with partner_id+path+timestamp only, not with the shop id.
        body = {
            "refresh_token": credentials.refresh_token,
            "partner_id": self.config.partner_id,
            "shop_id": int(credentials.shop_id),
        }
        return self._credentials(
            self.client.call("POST", "/api/v2/auth/access_token/get", body=body), credentials.shop_id
        )

    def _is_expired_token_error(self, error: ChannelError) -> bool:
        return error.code == "invalid_acceess_token" or (
            error.code == "error_auth" and "access_token" in error.message
        )

    def _shop(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        def call(creds: Credentials) -> dict[str, Any]:
            envelope = self.client.call(
                method, path, access_token=creds.access_token, shop_id=creds.shop_id, **kwargs
            )
            return envelope.response or {}

        return self._with_token(call)

    # ---- catalogue metadata
    def category_tree(self, locale: str = "id") -> list[CategoryNode]:
        answer = self._shop("GET", "/api/v2/product/get_category", params={"language": locale})
        return m.categories_from(parse_model(CHANNEL, m.CategoryList, answer))

    def category_attributes(self, category_id: str) -> list[CategoryAttribute]:
        answer = self._shop(
            "GET", "/api/v2/product/get_attribute_tree", params={"category_id_list": category_id}
        )
        return m.attributes_from(parse_model(CHANNEL, m.AttributeTree, answer))

    def upload_image(self, content: bytes, filename: str = "image.jpg") -> str:
        envelope = self.client.call(
            "POST",
            "/api/v2/media_space/upload_image",
            files={"image": (filename, content, "image/jpeg")},
            data={"scene": "normal"},
        )
        return parse_model(CHANNEL, m.UploadImage, envelope.response).image_info.image_id

    # ---- listings
    def create_listing(self, spec: ListingSpec) -> ListingRef:
        # No idempotency key on Shopee: a retry after an unknown outcome must call
        # find_listing_by_sku first; a blind retry gets error_repeated_mtsku.
        answer = self._shop("POST", "/api/v2/product/add_item", body=m.add_item_payload(spec))
        return m.ref_for(spec, parse_model(CHANNEL, m.AddItem, answer).item_id)

    def find_listing_by_sku(self, seller_sku: str) -> ListingRef | None:
        answer = self._shop(
            "GET",
            "/api/v2/product/search_item",
            params={"item_sku": seller_sku, "offset": 0, "page_size": 10},
        )
        ids = parse_model(CHANNEL, m.SearchItem, answer).item_id_list
        return ListingRef(item_id=str(ids[0]), sku_ids={seller_sku: m.NO_MODEL}) if ids else None

    def _batch(self, ref: ListingRef, values: Mapping[str, int], path: str, key: str, entry) -> BatchResult:
        failed: dict[str, SkuFailure] = {}
        known: list[tuple[str, str]] = []
        for sku in values:
            if sku in ref.sku_ids:
                known.append((sku, ref.sku_ids[sku]))
            else:
                failed[sku] = SkuFailure("unknown_sku", f"SKU {sku} tidak ada di listing ini")
        succeeded: list[str] = []
        for chunk in chunked(known, BATCH):
            body = {
                "item_id": int(ref.item_id),
                key: [entry(int(model), values[sku]) for sku, model in chunk],
            }
            answer = parse_model(CHANNEL, m.BatchAnswer, self._shop("POST", path, body=body))
            by_model = {str(f.model_id): f for f in answer.failure_list}
            for sku, model in chunk:
                if model in by_model:
                    failed[sku] = SkuFailure("failed", by_model[model].failed_reason)
                else:
                    succeeded.append(sku)
        return BatchResult(tuple(succeeded), failed)

    def update_price(self, ref: ListingRef, prices: Mapping[str, int]) -> BatchResult:
        return self._batch(
            ref,
            prices,
            "/api/v2/product/update_price",
            "price_list",
            lambda model, price: {"model_id": model, "original_price": float(price)},
        )

    def update_stock(self, ref: ListingRef, stocks: Mapping[str, int]) -> BatchResult:
        return self._batch(
            ref,
            stocks,
            "/api/v2/product/update_stock",
            "stock_list",
            lambda model, qty: {"model_id": model, "seller_stock": [{"stock": qty}]},
        )

    def _base_info(self, item_ids: Sequence[str]) -> m.BaseInfo:
        answer = self._shop(
            "GET", "/api/v2/product/get_item_base_info", params={"item_id_list": ",".join(item_ids)}
        )
        return parse_model(CHANNEL, m.BaseInfo, answer)

    def get_listing(self, ref: ListingRef) -> Listing:
        items = self._base_info([ref.item_id]).item_list
        if not items:
            raise ChannelError(
                CHANNEL, "error_item_not_found", "Item_id is not found.", kind="not_found", retryable=False
            )
        return m.listing_from(items[0], ref)

    def list_listings(self, updated_since: float | None = None, cursor: str | None = None) -> Page[Listing]:
        offset = int(decode_cursor(cursor).get("o", 0))
        params: dict[str, Any] = {
            "offset": offset,
            "page_size": self.page_size,
            "item_status": ["NORMAL", "UNLIST", "REVIEWING", "BANNED"],
        }
        if updated_since is not None:
            params.update(update_time_from=int(updated_since), update_time_to=int(self.clock()))
        page = parse_model(
            CHANNEL, m.ItemList, self._shop("GET", "/api/v2/product/get_item_list", params=params)
        )
        listings: list[Listing] = []
        if page.item:
            for item in self._base_info([str(i.item_id) for i in page.item]).item_list:
                ref = ListingRef(str(item.item_id), {item.item_sku or str(item.item_id): m.NO_MODEL})
                listings.append(m.listing_from(item, ref))
        return Page(listings, encode_cursor({"o": page.next_offset}) if page.has_next_page else None)

    def set_active(self, ref: ListingRef, active: bool) -> None:
        body = {"item_list": [{"item_id": int(ref.item_id), "unlist": not active}]}
        answer = self._shop("POST", "/api/v2/product/unlist_item", body=body)
        for failure in answer.get("failure_list") or []:
            raise ChannelError(
                CHANNEL,
                str(failure.get("failed_reason", "unlist_failed")),
                str(failure),
                kind="validation",
                retryable=False,
            )

    def delete_listing(self, ref: ListingRef) -> None:
        self._shop("POST", "/api/v2/product/delete_item", body={"item_id": int(ref.item_id)})

    # ---- orders
    def list_orders(
        self, since: float, until: float, cursor: str | None = None, *, by: str = "update_time"
    ) -> Page[OrderSummary]:
        """Orders in [since, until], walking windows of at most 15 days; the cursor remembers both the
        window and Shopee's own cursor inside it."""
        state = decode_cursor(cursor)
        start = float(state.get("w", since))
        channel_cursor = str(state.get("c", ""))
        while start < until:
            end = min(start + MAX_ORDER_WINDOW_S, until)
            last = end == until
            params = {
                "time_range_field": by,
                "time_from": int(start),
                # windows share no second: [start, end-1] then [end, ...]; the last one includes `until`
                "time_to": int(end) if last else int(end) - 1,
                "page_size": 100,
                "cursor": channel_cursor,
            }
            page = parse_model(
                CHANNEL, m.OrderList, self._shop("GET", "/api/v2/order/get_order_list", params=params)
            )
            items = [OrderSummary(o.order_sn, o.order_status) for o in page.order_list]
            if page.more:
                return Page(items, encode_cursor({"w": start, "c": page.next_cursor}))
            start, channel_cursor = end, ""
            if items:
                return Page(items, encode_cursor({"w": start}) if start < until else None)
        return Page([], None)

    def get_orders(self, order_ids: Sequence[str]) -> list[Order]:
        orders: list[Order] = []
        for chunk in chunked(list(order_ids), BATCH):
            params = {"order_sn_list": ",".join(chunk), "response_optional_fields": "item_list,total_amount"}
            answer = self._shop("GET", "/api/v2/order/get_order_detail", params=params)
            orders.extend(m.order_from(o) for o in parse_model(CHANNEL, m.OrderDetail, answer).order_list)
        return orders
