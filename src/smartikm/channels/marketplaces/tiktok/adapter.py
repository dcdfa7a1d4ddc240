"""TikTok Shop Partner API 202309 adapter (also publishes to Tokopedia via `listing_platforms`).

Docs: https://partner.tiktokshop.com/docv2/page/products-api-overview ·
authorization: https://partner.tiktokshop.com/docv2/page/authorization-overview-202407 ·
reference: docs/marketplaces.md §2.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
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
)
from smartikm.channels.marketplaces.tiktok import mapping as m
from smartikm.channels.marketplaces.tiktok.client import CHANNEL, TikTokClient, TikTokConfig
from smartikm.core.http import HttpSeam

PRODUCTS = "/product/202309/products"


class TikTokAdapter(MarketplaceAdapter):
    channel = CHANNEL
    docs_url = "https://partner.tiktokshop.com/docv2/page/products-api-overview"
    page_size = 50

    def __init__(
        self,
        config: TikTokConfig,
        credentials: Credentials | None = None,
        *,
        http: HttpSeam | None = None,
        clock: Clock = time.time,
        on_refresh: RefreshCallback | None = None,
    ):
        super().__init__(credentials, http=http, clock=clock, on_refresh=on_refresh)
        self.config = config
        self.client = TikTokClient(config, self.http, clock)
        self._warehouse_id: str | None = None

    # ---- auth
    def authorization_url(self, redirect_uri: str, state: str) -> str:
        # The redirect URI is registered in Partner Center, not passed here; `state` comes back.
        query = urlencode({"service_id": self.config.service_id, "state": state})
        return f"{self.config.authorize_url}/open/authorize?{query}"

    def _token_credentials(self, data: Any, shop_id: str, extra: Mapping[str, str]) -> Credentials:
        token = parse_model(CHANNEL, m.TokenData, data)
        return Credentials(
            shop_id=shop_id,
            access_token=token.access_token,
            refresh_token=token.refresh_token,
            access_expires_at=float(token.access_token_expire_in),
            refresh_expires_at=float(token.refresh_token_expire_in),
            extra=dict(extra),
        )

    def exchange_code(self, code: str, *, shop_id: str | None = None) -> Credentials:
        envelope = self.client.token("/api/v2/token/get", auth_code=code, grant_type="authorized_code")
        token = parse_model(CHANNEL, m.TokenData, envelope.data)
        # A token belongs to a seller; every shop call also needs the shop's cipher (§2.2).
        shops_env = self.client.call("GET", "/authorization/202309/shops", access_token=token.access_token)
        shops = parse_model(CHANNEL, m.Shops, shops_env.data).shops
        chosen = next((s for s in shops if shop_id in (None, s.id)), None)
        if chosen is None:
            raise ChannelError(
                CHANNEL, "shop_not_authorized", f"shop {shop_id} not in grant", kind="auth", retryable=False
            )
        return self._token_credentials(
            envelope.data, chosen.id, {"shop_cipher": chosen.cipher, "open_id": token.open_id}
        )

    def refresh(self, credentials: Credentials) -> Credentials:
        envelope = self.client.token(
            "/api/v2/token/refresh", refresh_token=credentials.refresh_token, grant_type="refresh_token"
        )
        return self._token_credentials(envelope.data, credentials.shop_id, credentials.extra)

    def _is_expired_token_error(self, error: ChannelError) -> bool:
        return error.code == "105002"

    def _shop(self, method: str, path: str, *, shop_scoped: bool = True, **kwargs: Any) -> Any:
        def call(creds: Credentials) -> Any:
            cipher = creds.extra.get("shop_cipher") if shop_scoped else None
            return self.client.call(
                method, path, access_token=creds.access_token, shop_cipher=cipher, **kwargs
            ).data

        return self._with_token(call)

    # ---- catalogue metadata
    def category_tree(self, locale: str = "id") -> list[CategoryNode]:
        tiktok_locale = {"id": "id-ID", "en": "en-US"}.get(locale, locale)
        data = self._shop(
            "GET", "/product/202309/categories", params={"locale": tiktok_locale, "category_version": "v1"}
        )
        return m.categories_from(parse_model(CHANNEL, m.Categories, data))

    def category_attributes(self, category_id: str) -> list[CategoryAttribute]:
        data = self._shop(
            "GET", f"/product/202309/categories/{category_id}/attributes", params={"locale": "id-ID"}
        )
        return m.attributes_from(parse_model(CHANNEL, m.Attributes, data))

    def upload_image(self, content: bytes, filename: str = "image.jpg") -> str:
        # Image upload is not shop-scoped: sending shop_cipher is refused (36009004).
        data = self._shop(
            "POST",
            "/product/202309/images/upload",
            shop_scoped=False,
            files={"data": (filename, content, "image/jpeg")},
            data={"use_case": "MAIN_IMAGE"},
        )
        return parse_model(CHANNEL, m.Image, data).uri

    def warehouse_id(self) -> str:
        if self._warehouse_id is None:
            data = parse_model(CHANNEL, m.Warehouses, self._shop("GET", "/logistics/202309/warehouses"))
            usable = [w for w in data.warehouses if w.effect_status == "ENABLED"]
            if not usable:
                raise ChannelError(
                    CHANNEL,
                    "no_warehouse",
                    "shop has no enabled warehouse",
                    kind="validation",
                    retryable=False,
                    user_message="Toko TikTok belum punya gudang aktif.",
                )
            self._warehouse_id = next((w.id for w in usable if w.is_default), usable[0].id)
        return self._warehouse_id

    # ---- listings
    def create_listing(self, spec: ListingSpec) -> ListingRef:
        data = self._shop("POST", PRODUCTS, body=m.create_payload(spec, self.warehouse_id()))
        created = parse_model(CHANNEL, m.Created, data)
        return m.ref_from(created, created.product_id)

    def find_listing_by_sku(self, seller_sku: str) -> ListingRef | None:
        data = self._shop(
            "POST",
            f"{PRODUCTS}/search",
            params={"page_size": 10},
            body={"status": "ALL", "seller_skus": [seller_sku]},
        )
        products = parse_model(CHANNEL, m.SearchPage, data).products
        return m.ref_from(products[0], products[0].id) if products else None

    def _per_sku(
        self, ref: ListingRef, values: Mapping[str, int], path: str, entry: Callable[[str, int], dict]
    ):
        failed = {
            s: SkuFailure("unknown_sku", f"SKU {s} tidak ada di listing ini")
            for s in values
            if s not in ref.sku_ids
        }
        known = [s for s in values if s in ref.sku_ids]
        if not known:
            return BatchResult((), failed)
        try:
            self._shop("POST", path, body={"skus": [entry(ref.sku_ids[s], values[s]) for s in known]})
        except ChannelError as error:
            if error.kind != "validation":
                raise  # throttle/server/auth: the whole operation is retried by the queue
            # TikTok rejects the request as a whole; every SKU in it failed for the same reason.
            failed.update({s: SkuFailure(error.code, error.message) for s in known})
            return BatchResult((), failed)
        return BatchResult(tuple(known), failed)

    def update_price(self, ref: ListingRef, prices: Mapping[str, int]) -> BatchResult:
        return self._per_sku(
            ref,
            prices,
            f"{PRODUCTS}/{ref.item_id}/prices/update",
            lambda sku_id, price: {"id": sku_id, "price": {"amount": str(price), "currency": "IDR"}},
        )

    def update_stock(self, ref: ListingRef, stocks: Mapping[str, int]) -> BatchResult:
        warehouse = self.warehouse_id()
        return self._per_sku(
            ref,
            stocks,
            f"{PRODUCTS}/{ref.item_id}/inventory/update",
            lambda sku_id, qty: {"id": sku_id, "inventory": [{"warehouse_id": warehouse, "quantity": qty}]},
        )

    def get_listing(self, ref: ListingRef) -> Listing:
        return m.listing_from(parse_model(CHANNEL, m.Product, self._shop("GET", f"{PRODUCTS}/{ref.item_id}")))

    def list_listings(self, updated_since: float | None = None, cursor: str | None = None) -> Page[Listing]:
        params: dict[str, Any] = {"page_size": self.page_size}
        token = decode_cursor(cursor).get("t")
        if token:
            params["page_token"] = token
        body: dict[str, Any] = {"status": "ALL"}
        if updated_since is not None:
            body["update_time_ge"] = int(updated_since)
        page = parse_model(
            CHANNEL, m.SearchPage, self._shop("POST", f"{PRODUCTS}/search", params=params, body=body)
        )
        listings = [m.listing_from(p) for p in page.products]
        return Page(listings, encode_cursor({"t": page.next_page_token}) if page.next_page_token else None)

    def set_active(self, ref: ListingRef, active: bool) -> None:
        path = f"{PRODUCTS}/activate" if active else f"{PRODUCTS}/deactivate"
        answer = parse_model(
            CHANNEL, m.BulkAnswer, self._shop("POST", path, body={"product_ids": [ref.item_id]}) or {}
        )
        for error in answer.errors:
            raise ChannelError(CHANNEL, str(error.code), error.message, kind="validation", retryable=False)

    def delete_listing(self, ref: ListingRef) -> None:
        answer = parse_model(
            CHANNEL, m.BulkAnswer, self._shop("DELETE", PRODUCTS, body={"product_ids": [ref.item_id]}) or {}
        )
        for error in answer.errors:
            raise ChannelError(CHANNEL, str(error.code), error.message, kind="validation", retryable=False)

    # ---- orders
    def list_orders(
        self, since: float, until: float, cursor: str | None = None, *, by: str = "update_time"
    ) -> Page[OrderSummary]:
        # TikTok documents no maximum window, so one window and TikTok's page_token suffice.
        params: dict[str, Any] = {"page_size": 100, "sort_field": by, "sort_order": "ASC"}
        token = decode_cursor(cursor).get("t")
        if token:
            params["page_token"] = token
        body = {f"{by}_ge": int(since), f"{by}_lt": int(until) + 1}
        page = parse_model(
            CHANNEL, m.OrderPage, self._shop("POST", "/order/202309/orders/search", params=params, body=body)
        )
        items = [OrderSummary(o.id, o.status) for o in page.orders]
        return Page(items, encode_cursor({"t": page.next_page_token}) if page.next_page_token else None)

    def get_orders(self, order_ids: Sequence[str]) -> list[Order]:
        orders: list[Order] = []
        for chunk in chunked(list(order_ids), 50):
            data = self._shop("GET", "/order/202309/orders", params={"ids": ",".join(chunk)})
            orders.extend(m.order_from(o) for o in parse_model(CHANNEL, m.OrderPage, data).orders)
        return orders
