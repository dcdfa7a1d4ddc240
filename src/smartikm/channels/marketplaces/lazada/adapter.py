"""Lazada Open Platform adapter (common interface of base.py).

Docs: https://open.lazada.com/apps/doc/api?path=%2Fproduct%2Fcreate ·
authorization: https://open.lazada.com/apps/doc/doc?nodeId=10434&docId=108260 ·
reference: docs/marketplaces.md §3.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from smartikm.channels.marketplaces.base import (
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
    protocol_error,
)
from smartikm.channels.marketplaces.lazada import mapping as m
from smartikm.channels.marketplaces.lazada.client import CHANNEL, LazadaClient, LazadaConfig
from smartikm.core.http import HttpSeam

MAX_ORDER_OFFSET = 5000  # /orders/get refuses larger offsets: move the time window instead (§3.5)
ORDER_PAGE = 100
SKU_BATCH = 50


class LazadaAdapter(MarketplaceAdapter):
    channel = CHANNEL
    docs_url = "https://open.lazada.com/apps/doc/api?path=%2Fproduct%2Fcreate"
    page_size = 50

    def __init__(
        self,
        config: LazadaConfig,
        credentials: Credentials | None = None,
        *,
        http: HttpSeam | None = None,
        clock: Clock = time.time,
        on_refresh: RefreshCallback | None = None,
    ):
        super().__init__(credentials, http=http, clock=clock, on_refresh=on_refresh)
        self.config = config
        self.client = LazadaClient(config, self.http, clock)

    # ---- auth
    def authorization_url(self, redirect_uri: str, state: str) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "force_auth": "true",
                "redirect_uri": redirect_uri,
                "client_id": self.config.app_key,
                "state": state,
                "country": "id",
            }
        )
        return f"{self.config.authorize_url}/oauth/authorize?{query}"

    def _credentials(self, envelope, previous: Credentials | None = None) -> Credentials:
        token = parse_model(CHANNEL, m.TokenAnswer, envelope.model_dump(), request_id=envelope.request_id)
        seller = next((u for u in token.country_user_info if u.country.lower() == "id"), None)
        shop_id = seller.seller_id if seller else (previous.shop_id if previous else token.account)
        now = self.clock()
        return Credentials(
            shop_id=shop_id,
            access_token=token.access_token,
            refresh_token=token.refresh_token,
            access_expires_at=now + token.expires_in,
            refresh_expires_at=now + token.refresh_expires_in,
            extra={"country": token.country or "id", "account": token.account},
        )

    def exchange_code(self, code: str, *, shop_id: str | None = None) -> Credentials:
        return self._credentials(
            self.client.call("POST", "/auth/token/create", params={"code": code}, auth=True)
        )

    def refresh(self, credentials: Credentials) -> Credentials:
        envelope = self.client.call(
            "POST", "/auth/token/refresh", params={"refresh_token": credentials.refresh_token}, auth=True
        )
        return self._credentials(envelope, credentials)

    def _is_expired_token_error(self, error: ChannelError) -> bool:
        return error.code == "IllegalAccessToken"

    def _seller(self, method: str, path: str, **kwargs: Any) -> Any:
        def call(creds: Credentials) -> Any:
            return self.client.call(method, path, access_token=creds.access_token, **kwargs).data

        return self._with_token(call)

    # ---- catalogue metadata
    def category_tree(self, locale: str = "id") -> list[CategoryNode]:
        data = self._seller("GET", "/category/tree/get", params={"language_code": f"{locale}_ID"})
        return m.categories_from(parse_model(CHANNEL, list[m._Category], data))

    def category_attributes(self, category_id: str) -> list[CategoryAttribute]:
        data = self._seller("GET", "/category/attributes/get", params={"primary_category_id": category_id})
        return m.attributes_from(parse_model(CHANNEL, list[m._Attr], data))

    def upload_image(self, content: bytes, filename: str = "image.jpg") -> str:
        # The image is a byte[] parameter: sent as a file, never part of the signature.
        data = self._seller("POST", "/image/upload", files={"image": (filename, content, "image/jpeg")})
        return parse_model(CHANNEL, m.Uploaded, data).image.url

    # ---- listings
    def create_listing(self, spec: ListingSpec) -> ListingRef:
        # No idempotency on Lazada: a retry meets 4105 BIZ_CHECK_SELLER_SKU_DUPLICATE, so the queue
        # calls find_listing_by_sku before re-creating after an unknown outcome.
        payload = m.create_payload(spec, self.config.no_brand_id)
        created = parse_model(
            CHANNEL, m.Created, self._seller("POST", "/product/create", params={"payload": payload})
        )
        return ListingRef(str(created.item_id), {s.seller_sku: str(s.sku_id) for s in created.sku_list})

    def find_listing_by_sku(self, seller_sku: str) -> ListingRef | None:
        params = {"filter": "all", "limit": 1, "offset": 0, "sku_seller_list": json.dumps([seller_sku])}
        products = parse_model(
            CHANNEL, m.Products, self._seller("GET", "/products/get", params=params)
        ).products
        return m.ref_from(products[0]) if products else None

    def _price_quantity(self, ref: ListingRef, values: Mapping[str, int], field: str) -> BatchResult:
        failed = {
            s: SkuFailure("unknown_sku", f"SKU {s} tidak ada di listing ini")
            for s in values
            if s not in ref.sku_ids
        }
        known = [s for s in values if s in ref.sku_ids]
        succeeded: list[str] = []
        for chunk in chunked(known, SKU_BATCH):
            rows = [
                {"ItemId": ref.item_id, "SkuId": ref.sku_ids[s], "SellerSku": s, field: values[s]}
                for s in chunk
            ]
            envelope = self.client_call_with_token(
                "/product/price_quantity/update", m.price_quantity_payload(rows)
            )
            rejected = {str(d.get("seller_sku")): d for d in envelope.detail}
            for sku in chunk:
                if sku in rejected:
                    failed[sku] = SkuFailure(
                        str(rejected[sku].get("field", "")), str(rejected[sku].get("message"))
                    )
                else:
                    succeeded.append(sku)
        return BatchResult(tuple(succeeded), failed)

    def client_call_with_token(self, path: str, payload: str):
        return self._with_token(
            lambda creds: self.client.call(
                "POST", path, access_token=creds.access_token, params={"payload": payload}
            )
        )

    def update_price(self, ref: ListingRef, prices: Mapping[str, int]) -> BatchResult:
        return self._price_quantity(ref, prices, "Price")

    def update_stock(self, ref: ListingRef, stocks: Mapping[str, int]) -> BatchResult:
        return self._price_quantity(ref, stocks, "Quantity")

    def get_listing(self, ref: ListingRef) -> Listing:
        data = self._seller("GET", "/product/item/get", params={"item_id": ref.item_id})
        return m.listing_from(parse_model(CHANNEL, m.Product, data))

    def list_listings(self, updated_since: float | None = None, cursor: str | None = None) -> Page[Listing]:
        offset = int(decode_cursor(cursor).get("o", 0))
        params: dict[str, Any] = {"filter": "all", "limit": self.page_size, "offset": offset}
        if updated_since is not None:
            params["update_after"] = m.format_date(updated_since)
        page = parse_model(CHANNEL, m.Products, self._seller("GET", "/products/get", params=params))
        following = offset + len(page.products)
        more = bool(page.products) and following < page.total_products
        return Page(
            [m.listing_from(p) for p in page.products], encode_cursor({"o": following}) if more else None
        )

    def set_active(self, ref: ListingRef, active: bool) -> None:
        if active:  # Lazada has no "activate": the SKU status is updated instead
            skus = [{"SkuId": sku_id, "Status": "active"} for sku_id in ref.sku_ids.values()]
            payload = m.dumps({"Request": {"Product": {"ItemId": ref.item_id, "Skus": {"Sku": skus}}}})
            self._seller("POST", "/product/update", params={"payload": payload})
        else:
            body = m.dumps({"Request": {"Product": {"ItemId": ref.item_id}}})
            self._seller("POST", "/product/deactivate", params={"apiRequestBody": body})

    def delete_listing(self, ref: ListingRef) -> None:
        ids = [f"SkuId_{ref.item_id}_{sku_id}" for sku_id in ref.sku_ids.values()]
        for chunk in chunked(ids, SKU_BATCH):
            self._seller("POST", "/product/remove", params={"sku_id_list": json.dumps(list(chunk))})

    # ---- orders
    def list_orders(
        self, since: float, until: float, cursor: str | None = None, *, by: str = "update_time"
    ) -> Page[OrderSummary]:
        """Sorted ascending; when the next offset would pass 5,000 the window restarts at the last
        order's time (orders sharing that second may be listed twice: callers dedupe by id)."""
        after, before, sort, attr = (
            ("update_after", "update_before", "updated_at", "updated_at")
            if by == "update_time"
            else ("created_after", "created_before", "created_at", "created_at")
        )
        state = decode_cursor(cursor)
        start, offset = float(state.get("s", since)), int(state.get("o", 0))
        params = {
            after: m.format_date(start),
            before: m.format_date(until),
            "sort_by": sort,
            "sort_direction": "ASC",
            "limit": ORDER_PAGE,
            "offset": offset,
        }
        page = parse_model(CHANNEL, m.Orders, self._seller("GET", "/orders/get", params=params))
        items = [OrderSummary(str(o.order_id), ",".join(o.statuses)) for o in page.orders]
        if len(page.orders) < ORDER_PAGE:
            return Page(items, None)
        following = offset + ORDER_PAGE
        if following <= MAX_ORDER_OFFSET:
            return Page(items, encode_cursor({"s": start, "o": following}))
        last = m.parse_date(getattr(page.orders[-1], attr))
        if last <= start:
            raise protocol_error(
                CHANNEL, f"more than {MAX_ORDER_OFFSET} orders share one second; cannot page on"
            )
        return Page(items, encode_cursor({"s": last, "o": 0}))

    def get_orders(self, order_ids: Sequence[str]) -> list[Order]:
        orders: list[Order] = []
        for chunk in chunked(list(order_ids), 50):
            ids = json.dumps([int(i) for i in chunk])
            data = self._seller("GET", "/orders/items/get", params={"order_ids": ids})
            items = {str(o.order_id): o.order_items for o in parse_model(CHANNEL, list[m._OrderItems], data)}
            for order_id in chunk:
                if order_id not in items:
                    continue
                row = parse_model(
                    CHANNEL, m._OrderRow, self._seller("GET", "/order/get", params={"order_id": order_id})
                )
                orders.append(m.order_from(row, items[order_id]))
        return orders
