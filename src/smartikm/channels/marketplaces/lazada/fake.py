"""A protocol-faithful fake of the Lazada Open Platform (docs/marketplaces.md §3 and §8).

Verifies: `app_key` known; `sign_method` sha256; `timestamp` (ms epoch or ISO 8601) within 7,200 s
of now; `sign` = uppercase HMAC-SHA256(secret, api_path + sorted key/value of every URL and form
parameter except `sign` and files); `access_token` known and unexpired on seller APIs.
Errors use Lazada's envelope `{"code","type","message","request_id"}` and the documented codes
(IncompleteSignature, IllegalAccessToken, MissingParameter, 901, 4105, 201, 4110, 4118, 1001).
Auth: /oauth/authorize → redirect with a code (30 min, single use) → /auth/token/create →
/auth/token/refresh (access 30 days, refresh 180 days: an "online" app). Paging: offset/limit
(products ≤ 50, orders ≤ 100 with offset ≤ 5,000). Throttle: token bucket per (app, seller, API) →
code 901, plus the inventory limit of 50 calls per second per seller. No idempotency: a second
create with an existing SellerSku → 4105 BIZ_CHECK_SELLER_SKU_DUPLICATE.

Assumed, not documented (§11): the timestamp error code `InvalidTimestamp`, unknown item
`ITEM_NOT_FOUND`, the per-SKU `detail` list of price_quantity/update, HTTP 200 on errors.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from smartikm.channels.marketplaces.base import Credentials
from smartikm.channels.marketplaces.fakeserver import (
    FakeRequest,
    FakeResponse,
    FakeServer,
    Grant,
    TokenBucket,
)

ACCESS_TTL_S = 30 * 86400
REFRESH_TTL_S = 180 * 86400
CODE_TTL_S = 1800
TIMESTAMP_WINDOW_S = 7200
MAX_ORDER_OFFSET = 5000
NO_BRAND_ID = "1"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"

CATEGORIES = [
    {
        "category_id": 10001,
        "name": "Kerajinan Tangan",
        "leaf": False,
        "var": False,
        "children": [
            {"category_id": 10002, "name": "Anyaman", "leaf": True, "var": True, "children": []},
        ],
    },
    {"category_id": 10003, "name": "Batik", "leaf": True, "var": True, "children": []},
]
LEAVES = {10002, 10003}
ATTRIBUTES = {
    10002: [
        {
            "id": 1,
            "name": "name",
            "is_mandatory": 1,
            "is_sale_prop": 0,
            "attribute_type": "normal",
            "input_type": "text",
            "options": [],
        },
        {
            "id": 2,
            "name": "material",
            "is_mandatory": 1,
            "is_sale_prop": 0,
            "attribute_type": "normal",
            "input_type": "singleSelect",
            "options": [{"id": 21, "name": "Rotan"}, {"id": 22, "name": "Bambu"}],
        },
        {
            "id": 3,
            "name": "color_family",
            "is_mandatory": 0,
            "is_sale_prop": 1,
            "attribute_type": "sku",
            "input_type": "singleSelect",
            "options": [{"id": 31, "name": "Merah"}],
        },
    ],
    10003: [
        {
            "id": 1,
            "name": "name",
            "is_mandatory": 1,
            "is_sale_prop": 0,
            "attribute_type": "normal",
            "input_type": "text",
            "options": [],
        },
    ],
}
SELLER_PATHS_WITHOUT_TOKEN = {"/auth/token/create", "/auth/token/refresh"}


def expected_sign(secret: str, api_path: str, params: dict[str, str]) -> str:
    """The fake's own implementation of §3.3, independent of the client's (pinned to §8 separately)."""
    message = api_path + "".join(k + params[k] for k in sorted(params) if k != "sign")
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest().upper()


class Refused(Exception):
    def __init__(self, code: str, message: str, kind: str = "ISV", detail: list[dict] | None = None):
        super().__init__(message)
        self.code, self.message, self.kind, self.detail = code, message, kind, detail


@dataclass
class Sku:
    sku_id: int
    seller_sku: str
    price: float
    quantity: int
    status: str = "active"


@dataclass
class Item:
    item_id: int
    seller_id: str
    name: str
    status: str
    skus: list[Sku]
    updated_ms: int


@dataclass
class FakeOrder:
    order_id: int
    seller_id: str
    status: str
    created_at: int
    updated_at: int
    lines: list[dict[str, Any]] = field(default_factory=list)  # {sku, sku_id, product_id, price, qty}


def _lazada_date(ts: int) -> str:
    return datetime.fromtimestamp(ts).astimezone().strftime(DATE_FORMAT)


class FakeLazada(FakeServer):
    channel = "lazada"

    def __init__(
        self,
        *,
        app_key: str = "123456",
        app_secret: str = "helloworld",  # noqa: S107 - the official §3.3 test-vector secret
        seller_id: str = "100200300",
        redirect_uri: str = "https://ikm.example/lazada/callback",
        inventory_qps: float = 50.0,
        clock: Callable[[], float] = time.time,
        **kwargs: Any,
    ):
        super().__init__(clock=clock, **kwargs)
        self.app_key, self.app_secret, self.seller_id = app_key, app_secret, seller_id
        self.redirect_uri = redirect_uri
        self.inventory_bucket = TokenBucket(inventory_qps, inventory_qps)
        self.items: dict[int, Item] = {}
        self.orders: dict[int, FakeOrder] = {}

    # ---- helpers for tests and benchmarks
    def issue_credentials(self, access_ttl_s: float = ACCESS_TTL_S) -> Credentials:
        now = self.clock()
        with self.lock:
            access, refresh = self.tokens.new_pair(self.seller_id, now + access_ttl_s, now + REFRESH_TTL_S)
        return Credentials(
            self.seller_id, access, refresh, now + access_ttl_s, now + REFRESH_TTL_S, extra={"country": "id"}
        )

    def install_token(self, token: str, expires_at: float) -> None:
        with self.lock:
            self.tokens.access[token] = Grant(self.seller_id, expires_at)

    def expire_access_token(self, token: str) -> None:
        with self.lock:
            self.tokens.access[token].expires_at = self.clock() - 1

    def seed_item(self, seller_sku: str, *, price: float = 10000, quantity: int = 5) -> int:
        with self.lock:
            item_id = int(self.next_id(3_000_000_000))
            sku = Sku(int(self.next_id(9_000_000_000)), seller_sku, price, quantity)
            self.items[item_id] = Item(
                item_id, self.seller_id, f"Produk {seller_sku}", "active", [sku], int(self.clock() * 1000)
            )
        return item_id

    def seed_order(
        self,
        order_id: int,
        *,
        created_at: float,
        updated_at: float | None = None,
        status: str = "pending",
        lines: list[dict[str, Any]] | None = None,
    ) -> None:
        with self.lock:
            self.orders[order_id] = FakeOrder(
                order_id, self.seller_id, status, int(created_at), int(updated_at or created_at), lines or []
            )

    # ---- envelope
    def _ok(self, data: Any = None, **top: Any) -> FakeResponse:
        body = {"code": "0", "request_id": self.new_request_id(), **top}
        if data is not None:
            body["data"] = data
        return FakeResponse.json(200, body)

    def _error(self, refused: Refused) -> FakeResponse:
        body: dict[str, Any] = {
            "code": refused.code,
            "type": refused.kind,
            "message": refused.message,
            "request_id": self.new_request_id(),
        }
        if refused.detail:
            body["detail"] = refused.detail
        return FakeResponse.json(200, body)

    def throttle_response(self, request: FakeRequest) -> FakeResponse:
        return self._error(Refused("901", "Limit service request speed in server side temporarily.", "ISP"))

    # ---- verification
    def _params(self, request: FakeRequest) -> dict[str, str]:
        params = dict(request.query)
        if request.is_multipart:
            fields, _files = request.multipart()  # files are byte[] parameters: not signed
            params.update(fields)
        else:
            params.update(request.form())
        return params

    def _verify(self, api_path: str, params: dict[str, str]) -> str | None:
        for name in ("app_key", "timestamp", "sign_method", "sign"):
            if not params.get(name):
                raise Refused(
                    "MissingParameter",
                    f'the input parameter "{name}" that is mandatory for processing '
                    "this request is not supplied",
                )
        if params["app_key"] != self.app_key:
            raise Refused("InvalidAppKey", "Specified app key is invalid")
        raw = params["timestamp"]
        try:
            ts = int(raw) / 1000 if raw.isdigit() else datetime.fromisoformat(raw).timestamp()
        except ValueError:
            raise Refused("InvalidTimestamp", "Invalid timestamp") from None
        if abs(ts - self.clock()) > TIMESTAMP_WINDOW_S:
            raise Refused("InvalidTimestamp", "Invalid timestamp")
        if params["sign_method"] != "sha256" or not hmac.compare_digest(
            expected_sign(self.app_secret, api_path, params), params["sign"]
        ):
            raise Refused("IncompleteSignature", "The request signature does not conform to lazop standards")
        if api_path in SELLER_PATHS_WITHOUT_TOKEN:
            return None
        with self.lock:
            grant = self.tokens.access.get(params.get("access_token", ""))
        if grant is None or grant.expires_at <= self.clock():
            raise Refused("IllegalAccessToken", "The specified access token is invalid or expired")
        return grant.shop_id

    def handle(self, request: FakeRequest) -> FakeResponse:
        if request.path == "/oauth/authorize":
            return self._authorize(request)
        api_path = request.path.removeprefix("/rest")
        route = ROUTES.get((request.method, api_path)) or ROUTES.get(("ANY", api_path))
        if route is None:
            return self._error(Refused("InvalidApiPath", "The specified API path is invalid"))
        try:
            params = self._params(request)
            seller = self._verify(api_path, params)
            if not self.bucket.take((self.app_key, seller, api_path)):
                return self.throttle_response(request)
            if api_path == "/product/price_quantity/update" and not self.inventory_bucket.take((seller,)):
                return self.throttle_response(request)  # "50 times per second" per seller
            return route(self, params, seller, request)
        except Refused as refused:
            return self._error(refused)

    # ---- auth
    def _authorize(self, request: FakeRequest) -> FakeResponse:
        q = request.query
        if q.get("client_id") != self.app_key or q.get("response_type") != "code":
            return FakeResponse(400, b"invalid client", {"Content-Type": "text/plain"})
        with self.lock:
            code = self.tokens.new_code(self.seller_id, self.clock() + CODE_TTL_S)
        target = q.get("redirect_uri") or self.redirect_uri
        separator = "&" if "?" in target else "?"
        return FakeResponse.redirect(
            f"{target}{separator}{urlencode({'code': code, 'state': q.get('state', '')})}"
        )

    def _issue(self, seller: str) -> FakeResponse:
        now = self.clock()
        access, refresh = self.tokens.new_pair(seller, now + ACCESS_TTL_S, now + REFRESH_TTL_S)
        return self._ok(
            None,
            access_token=access,
            refresh_token=refresh,
            expires_in=ACCESS_TTL_S,
            refresh_expires_in=REFRESH_TTL_S,
            country="id",
            account_platform="seller_center",
            account="toko@uji.id",
            country_user_info=[
                {"country": "id", "user_id": "5001", "seller_id": seller, "short_code": "IDTEST"}
            ],
        )

    def _token_create(self, params: dict[str, str], _seller: None, _request: FakeRequest) -> FakeResponse:
        with self.lock:
            grant = self.tokens.codes.get(params.get("code", ""))
            if grant is None or grant.used or grant.expires_at <= self.clock():
                raise Refused("InvalidCode", "authorisation code more than half an hour old or already used")
            grant.used = True
            return self._issue(grant.shop_id)

    def _token_refresh(self, params: dict[str, str], _seller: None, _request: FakeRequest) -> FakeResponse:
        with self.lock:
            grant = self.tokens.refresh.get(params.get("refresh_token", ""))
            if grant is None or grant.expires_at <= self.clock():
                raise Refused("IllegalRefreshToken", "The specified refresh token is invalid or expired")
            return self._issue(grant.shop_id)

    # ---- catalogue
    def _category_tree(self, params: dict[str, str], _seller: str, _request: FakeRequest) -> FakeResponse:
        return self._ok(CATEGORIES)

    def _attributes(self, params: dict[str, str], _seller: str, _request: FakeRequest) -> FakeResponse:
        raw = params.get("primary_category_id", "")
        if not raw.isdigit() or int(raw) not in LEAVES:
            raise Refused("201", f"E201: {raw} Invalid CategoryId")
        return self._ok(ATTRIBUTES.get(int(raw), []))

    def _upload(self, params: dict[str, str], _seller: str, request: FakeRequest) -> FakeResponse:
        _fields, files = request.multipart()
        image = files.get("image", b"")
        if not image:
            raise Refused("1", "E001: Parameter image is mandatory")
        if len(image) > 3_145_728:
            raise Refused("300", "E300: Image size exceeds the limit")
        name = self.next_id(1)
        return self._ok({"image": {"url": f"https://id-live.slatic.net/p/{name}.jpg", "hash_code": name}})

    # ---- products
    def _payload(self, params: dict[str, str], name: str = "payload") -> dict[str, Any]:
        if name not in params:
            raise Refused("1", f"E001: Parameter {name} is mandatory")
        try:
            return json.loads(params[name])["Request"]["Product"]
        except (ValueError, KeyError, TypeError):
            raise Refused("5", "E005: Invalid Request Format") from None

    def _product_json(self, item: Item) -> dict[str, Any]:
        return {
            "item_id": item.item_id,
            "status": item.status,
            "attributes": {"name": item.name},
            "updated_time": str(item.updated_ms),
            "skus": [
                {
                    "SkuId": s.sku_id,
                    "SellerSku": s.seller_sku,
                    "price": s.price,
                    "quantity": s.quantity,
                    "Status": s.status,
                }
                for s in item.skus
            ],
        }

    def _create(self, params: dict[str, str], seller: str, _request: FakeRequest) -> FakeResponse:
        product = self._payload(params)
        category = str(product.get("PrimaryCategory", ""))
        if not category.isdigit() or int(category) not in LEAVES:
            raise Refused("201", f"E201: {category} Invalid CategoryId")
        if not isinstance((product.get("Images") or {}).get("Image"), list):
            raise Refused("1001", "Images.Image must be array")
        attrs = product.get("Attributes") or {}
        for required in ("name", "brand_id"):
            if not attrs.get(required):
                raise Refused("1", f"E001: Parameter {required} is mandatory")
        if len(attrs["name"]) > 255:
            raise Refused(
                "4108", "CHK_BASIC_REQUIRED", detail=[{"field": "name", "message": "name too long"}]
            )
        missing = [
            a["name"] for a in ATTRIBUTES[int(category)] if a["is_mandatory"] and not attrs.get(a["name"])
        ]
        if missing:
            raise Refused(
                "4110",
                "BIZ_CHECK_CAT_PROP_MANDATORY",
                detail=[{"field": name, "message": f"{name} is mandatory"} for name in missing],
            )
        skus_in = (product.get("Skus") or {}).get("Sku") or []
        if not skus_in:
            raise Refused("1", "E001: Parameter Skus is mandatory")
        with self.lock:
            taken = {
                s.seller_sku
                for i in self.items.values()
                if i.seller_id == seller and i.status != "deleted"
                for s in i.skus
                if s.status != "deleted"
            }
            skus: list[Sku] = []
            for entry in skus_in:
                seller_sku = str(entry.get("SellerSku", ""))
                if not seller_sku:
                    raise Refused("1", "E001: Parameter SellerSku is mandatory")
                if seller_sku in taken or any(s.seller_sku == seller_sku for s in skus):
                    raise Refused(
                        "4105",
                        "BIZ_CHECK_SELLER_SKU_DUPLICATE",
                        detail=[{"field": "SellerSku", "message": f"{seller_sku} already exists"}],
                    )
                if not float(entry.get("price") or 0) > 0:
                    raise Refused("4118", "BIZ_CHECK_PRICE_IS_ZERO")
                skus.append(
                    Sku(
                        int(self.next_id(9_000_000_000)),
                        seller_sku,
                        float(entry["price"]),
                        int(entry.get("quantity") or 0),
                    )
                )
            item_id = int(self.next_id(3_000_000_000))
            self.items[item_id] = Item(
                item_id, seller, attrs["name"], "active", skus, int(self.clock() * 1000)
            )
        return self._ok(
            {
                "item_id": item_id,
                "sku_list": [
                    {"seller_sku": s.seller_sku, "sku_id": s.sku_id, "shop_sku": f"{item_id}_{s.sku_id}"}
                    for s in skus
                ],
            }
        )

    def _item(self, seller: str, item_id: Any) -> Item:
        item = self.items.get(int(item_id)) if str(item_id).isdigit() else None
        if item is None or item.seller_id != seller:
            raise Refused("ITEM_NOT_FOUND", f"item {item_id} not found")
        return item

    def _price_quantity(self, params: dict[str, str], seller: str, _request: FakeRequest) -> FakeResponse:
        rows = ((self._payload(params).get("Skus") or {}).get("Sku")) or []
        if not 1 <= len(rows) <= 50:
            raise Refused("1", "E001: Parameter Skus is mandatory (1 to 50 SKUs)")
        detail = []
        with self.lock:
            for row in rows:
                item = self.items.get(int(row.get("ItemId", 0)))
                sku = (
                    next((s for s in item.skus if str(s.sku_id) == str(row.get("SkuId"))), None)
                    if item
                    else None
                )
                if item is None or item.seller_id != seller or sku is None or item.status == "deleted":
                    detail.append(
                        {"seller_sku": row.get("SellerSku"), "field": "SkuId", "message": "SKU not found"}
                    )
                    continue
                if "Quantity" in row:
                    if not 0 <= int(row["Quantity"]) <= 999_999:
                        detail.append(
                            {
                                "seller_sku": sku.seller_sku,
                                "field": "Quantity",
                                "message": "Quantity is invalid",
                            }
                        )
                        continue
                    sku.quantity = int(row["Quantity"])
                if "Price" in row:
                    if not float(row["Price"]) > 0:
                        detail.append(
                            {
                                "seller_sku": sku.seller_sku,
                                "field": "Price",
                                "message": "BIZ_CHECK_PRICE_IS_ZERO",
                            }
                        )
                        continue
                    sku.price = float(row["Price"])
                item.updated_ms = int(self.clock() * 1000)
        return self._ok(None, detail=detail) if detail else self._ok(None)

    def _item_get(self, params: dict[str, str], seller: str, _request: FakeRequest) -> FakeResponse:
        with self.lock:
            return self._ok(self._product_json(self._item(seller, params.get("item_id"))))

    def _products(self, params: dict[str, str], seller: str, _request: FakeRequest) -> FakeResponse:
        limit, offset = int(params.get("limit", "10")), int(params.get("offset", "0"))
        if not 1 <= limit <= 50:
            raise Refused("InvalidParameter", "limit must be between 1 and 50")
        wanted = params.get("filter", "all")
        skus = set(json.loads(params["sku_seller_list"])) if params.get("sku_seller_list") else set()
        since = (
            datetime.fromisoformat(params["update_after"]).timestamp() * 1000
            if params.get("update_after")
            else 0
        )
        with self.lock:
            rows = sorted(
                (
                    i
                    for i in self.items.values()
                    if i.seller_id == seller
                    and i.updated_ms >= since
                    and (i.status == wanted or (wanted == "all" and i.status != "deleted"))
                    and (not skus or any(s.seller_sku in skus for s in i.skus))
                ),
                key=lambda i: i.item_id,
            )
            page = [self._product_json(i) for i in rows[offset : offset + limit]]
        return self._ok({"total_products": len(rows), "products": page})

    def _deactivate(self, params: dict[str, str], seller: str, _request: FakeRequest) -> FakeResponse:
        product = self._payload(params, "apiRequestBody")
        with self.lock:
            item = self._item(seller, product.get("ItemId"))
            item.status = "inactive"
            item.updated_ms = int(self.clock() * 1000)
        return self._ok(None)

    def _update(self, params: dict[str, str], seller: str, _request: FakeRequest) -> FakeResponse:
        product = self._payload(params)
        with self.lock:
            item = self._item(seller, product.get("ItemId"))
            for row in (product.get("Skus") or {}).get("Sku") or []:
                for sku in item.skus:
                    if str(sku.sku_id) == str(row.get("SkuId")) and row.get("Status") in (
                        "active",
                        "inactive",
                    ):
                        sku.status = row["Status"]
            if any(s.status == "active" for s in item.skus):
                item.status = "active"
            item.updated_ms = int(self.clock() * 1000)
        return self._ok(None)

    def _remove(self, params: dict[str, str], seller: str, _request: FakeRequest) -> FakeResponse:
        try:
            ids = json.loads(params.get("sku_id_list", "[]"))
        except ValueError:
            raise Refused("5", "E005: Invalid Request Format") from None
        if not 1 <= len(ids) <= 50:
            raise Refused("1", "E001: Parameter sku_id_list is mandatory")
        with self.lock:
            for raw in ids:
                _prefix, item_id, sku_id = str(raw).split("_", 2)
                item = self._item(seller, item_id)
                for sku in item.skus:
                    if str(sku.sku_id) == sku_id:
                        sku.status = "deleted"
                if all(s.status == "deleted" for s in item.skus):
                    item.status = "deleted"
                item.updated_ms = int(self.clock() * 1000)
        return self._ok(None)

    # ---- orders
    def _orders(self, params: dict[str, str], seller: str, _request: FakeRequest) -> FakeResponse:
        if "created_after" not in params and "update_after" not in params:
            raise Refused(
                "MissingParameter",
                'the input parameter "created_after" that is mandatory for processing '
                "this request is not supplied",
            )
        limit, offset = int(params.get("limit", "100")), int(params.get("offset", "0"))
        if not 1 <= limit <= 100:
            raise Refused("InvalidParameter", "limit must be between 1 and 100")
        if offset > MAX_ORDER_OFFSET:
            raise Refused("InvalidParameter", f"offset must not exceed {MAX_ORDER_OFFSET}")
        attr = "updated_at" if "update_after" in params else "created_at"
        lo = datetime.fromisoformat(params.get("update_after") or params["created_after"]).timestamp()
        hi_raw = params.get("update_before" if attr == "updated_at" else "created_before")
        hi = datetime.fromisoformat(hi_raw).timestamp() if hi_raw else float("inf")
        with self.lock:
            rows = sorted(
                (o for o in self.orders.values() if o.seller_id == seller and lo <= getattr(o, attr) <= hi),
                key=lambda o: (getattr(o, attr), o.order_id),
                reverse=params.get("sort_direction") == "DESC",
            )
            page = [self._order_row(o) for o in rows[offset : offset + limit]]
        return self._ok({"count": len(page), "countTotal": len(rows), "orders": page})

    def _order_row(self, o: FakeOrder) -> dict[str, Any]:
        total = sum(line["price"] * line["qty"] for line in o.lines)
        return {
            "order_id": o.order_id,
            "statuses": [o.status],
            "created_at": _lazada_date(o.created_at),
            "updated_at": _lazada_date(o.updated_at),
            "price": f"{total:.2f}",
        }

    def _order(self, params: dict[str, str], seller: str, _request: FakeRequest) -> FakeResponse:
        with self.lock:
            order = self.orders.get(int(params.get("order_id", "0") or 0))
            if order is None or order.seller_id != seller:
                raise Refused("ITEM_NOT_FOUND", "order not found")
            return self._ok(self._order_row(order))

    def _order_items(self, params: dict[str, str], seller: str, _request: FakeRequest) -> FakeResponse:
        ids = json.loads(params.get("order_ids", "[]"))
        with self.lock:
            found = [self.orders[i] for i in ids if i in self.orders and self.orders[i].seller_id == seller]
            data = [
                {
                    "order_id": o.order_id,
                    "order_items": [
                        {
                            "order_item_id": o.order_id * 100 + n * 10 + u,
                            "sku": line["sku"],
                            "sku_id": str(line["sku_id"]),
                            "product_id": str(line["product_id"]),
                            "item_price": float(line["price"]),
                            "status": o.status,
                        }
                        for n, line in enumerate(o.lines)
                        for u in range(line["qty"])
                    ],
                }
                for o in found
            ]
        return self._ok(data)


ROUTES: dict[tuple[str, str], Callable[[FakeLazada, dict[str, str], Any, FakeRequest], FakeResponse]] = {
    ("ANY", "/auth/token/create"): FakeLazada._token_create,
    ("ANY", "/auth/token/refresh"): FakeLazada._token_refresh,
    ("GET", "/category/tree/get"): FakeLazada._category_tree,
    ("GET", "/category/attributes/get"): FakeLazada._attributes,
    ("POST", "/image/upload"): FakeLazada._upload,
    ("POST", "/product/create"): FakeLazada._create,
    ("POST", "/product/update"): FakeLazada._update,
    ("POST", "/product/price_quantity/update"): FakeLazada._price_quantity,
    ("GET", "/product/item/get"): FakeLazada._item_get,
    ("GET", "/products/get"): FakeLazada._products,
    ("POST", "/product/deactivate"): FakeLazada._deactivate,
    ("POST", "/product/remove"): FakeLazada._remove,
    ("GET", "/orders/get"): FakeLazada._orders,
    ("GET", "/order/get"): FakeLazada._order,
    ("GET", "/orders/items/get"): FakeLazada._order_items,
}
