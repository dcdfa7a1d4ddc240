"""A protocol-faithful fake of the TikTok Shop Partner API 202309 (docs/marketplaces.md §2 and §8).

Verifies: `app_key` known; `sign` present; `timestamp` within [now − 300 s, now + 30 s]; `sign` =
HMAC-SHA256(secret, secret + path + sorted query (minus sign/access_token) + raw body unless
multipart + secret); `x-tts-access-token` known and unexpired (7 days); `shop_cipher` present on
shop-scoped paths, absent on /authorization/* and image upload, and belonging to the token's seller;
JSON content type on POST. Errors use the real codes and messages (common-errors page; quotes as the
live API sends them) with HTTP 401 for credential errors and 429 for throttling.
Auth: services page → redirect with a one-time `code` (30 min) → token/get → token/refresh (absolute
expiry times). Paging: page_token/next_page_token, page_size ≤ 100. Throttle: token bucket per
(app, shop, API) → HTTP 429 `36009002`. Idempotent create on `idempotency_key` per shop; without a
key a second create makes a second product (TikTok does not dedupe seller_sku).

Not emulated: category rules, brands, product_attributes requirements, global products.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from smartikm.channels.marketplaces.base import Credentials
from smartikm.channels.marketplaces.fakeserver import FakeRequest, FakeResponse, FakeServer, Grant

ACCESS_TTL_S = 7 * 86400
REFRESH_TTL_S = 60 * 86400  # not documented (§11); the real value comes with each token
CODE_TTL_S = 1800

MSG_SIGN = "Invalid credentials. The 'sign' query parameter is invalid."
MSG_NO_SIGN = "Missing credentials. The request does not include a required signature in the query."
MSG_APP_KEY = "Invalid credentials. Invalid 'app_key' query parameter."
MSG_TS_NEGATIVE = "Invalid timestamp. The value of the 'timestamp' query parameter must not be lesser than 0."
MSG_TS_OLD = (
    "Invalid timestamp. The value of the 'timestamp' query parameter must not be earlier than 5 minutes "
    "before the current time."
)
MSG_TS_FUTURE = (
    "Invalid timestamp. The value of the 'timestamp' query parameter must not exceed the current time by "
    "more than 30 seconds."
)
MSG_TOKEN = "Invalid credentials. The 'x-tts-access-token' header is invalid."  # noqa: S105 - a message
MSG_EXPIRED = "Expired credentials. The 'access_token' or 'x-tts-access-token' header has expired."
MSG_NO_CIPHER = (
    "Missing identifier. The 'shop_cipher' query parameter is required to identify the target shop."
)
MSG_UNEXPECTED_CIPHER = (
    "Unexpected identifier. The 'shop_cipher' query parameter is not required for this request."
)
MSG_MISMATCH = (
    "Invalid query or header. The 'category_asset_cipher' query parameter or 'x-tts-access-token' header "
    "is invalid."
)
MSG_THROTTLE = "Too many requests. You've made too many requests in a short period of time."
MSG_FORMAT = (
    "Invalid request format. The request body format must be 'application/json' for structured data or "
    "'multipart/form-data' for binary files."
)

CATEGORIES = [
    {"id": "600001", "parent_id": "0", "local_name": "Kerajinan Tangan", "is_leaf": False},
    {"id": "600002", "parent_id": "600001", "local_name": "Anyaman", "is_leaf": True},
    {"id": "600003", "parent_id": "0", "local_name": "Batik", "is_leaf": True},
]
ATTRIBUTES = {
    "600002": [
        {
            "id": "100100",
            "name": "Bahan",
            "type": "PRODUCT_PROPERTY",
            "is_requried": True,
            "values": [{"id": "1001", "name": "Rotan"}, {"id": "1002", "name": "Bambu"}],
        },
        {"id": "100200", "name": "Warna", "type": "SALES_PROPERTY", "is_requried": False, "values": []},
    ],
}


def expected_sign(secret: str, request: FakeRequest) -> str:
    """The fake's own implementation of §2.3, independent of the client's (pinned to §8 separately)."""
    params = "".join(f"{k}{v}" for k, v in sorted(request.query.items()) if k not in ("sign", "access_token"))
    body = b"" if request.is_multipart else request.body
    message = secret.encode() + (request.path + params).encode() + body + secret.encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class Refused(Exception):
    def __init__(self, code: int, message: str, status: int = 200):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass
class Sku:
    id: str
    seller_sku: str
    price: int
    stock: dict[str, int]


@dataclass
class Product:
    id: str
    cipher: str
    title: str
    status: str
    skus: list[Sku]
    update_time: int
    create_time: int


@dataclass
class FakeOrder:
    id: str
    cipher: str
    status: str
    create_time: int
    update_time: int
    lines: list[dict[str, Any]] = field(default_factory=list)  # {product_id, sku_id, seller_sku, price, qty}


class FakeTikTok(FakeServer):
    channel = "tiktok"

    def __init__(
        self,
        *,
        app_key: str = "123456",
        app_secret: str = "abc000def111",  # noqa: S107 - the §8 test-vector secret, not a real one
        service_id: str = "7001",
        redirect_uri: str = "https://ikm.example/tiktok/callback",
        shop_id: str = "7494000001",
        shop_cipher: str = "ROW_abc",
        clock: Callable[[], float] = time.time,
        **kwargs: Any,
    ):
        super().__init__(clock=clock, **kwargs)
        self.app_key, self.app_secret, self.service_id = app_key, app_secret, service_id
        self.redirect_uri = redirect_uri
        self.shop_id, self.shop_cipher = shop_id, shop_cipher
        self.shops = {shop_cipher: shop_id}  # cipher → shop id; one seller in this fake
        self.warehouse_id = "7300000000000000001"
        self.products: dict[str, Product] = {}
        self.orders: dict[str, FakeOrder] = {}
        self.idempotency: dict[tuple[str, str], dict[str, Any]] = {}
        self.images: set[str] = set()

    # ---- helpers for tests and benchmarks
    def issue_credentials(self, access_ttl_s: float = ACCESS_TTL_S) -> Credentials:
        now = self.clock()
        with self.lock:
            access, refresh = self.tokens.new_pair("seller", now + access_ttl_s, now + REFRESH_TTL_S)
        return Credentials(
            self.shop_id,
            access,
            refresh,
            now + access_ttl_s,
            now + REFRESH_TTL_S,
            extra={"shop_cipher": self.shop_cipher},
        )

    def install_token(self, token: str, expires_at: float) -> None:
        with self.lock:
            self.tokens.access[token] = Grant("seller", expires_at)

    def expire_access_token(self, token: str) -> None:
        with self.lock:
            self.tokens.access[token].expires_at = self.clock() - 1

    def seed_product(
        self, seller_sku: str, *, price: int = 10000, stock: int = 5, status: str = "ACTIVATE"
    ) -> str:
        now = int(self.clock())
        with self.lock:
            pid = self.next_id(1_729_000_000_000_000_000)
            sku = Sku(self.next_id(1_730_000_000_000_000_000), seller_sku, price, {self.warehouse_id: stock})
            self.products[pid] = Product(
                pid, self.shop_cipher, f"Produk {seller_sku}", status, [sku], now, now
            )
        return pid

    def seed_order(
        self,
        order_id: str,
        *,
        create_time: float,
        update_time: float | None = None,
        status: str = "AWAITING_SHIPMENT",
        lines: list[dict[str, Any]] | None = None,
    ) -> None:
        with self.lock:
            self.orders[order_id] = FakeOrder(
                order_id,
                self.shop_cipher,
                status,
                int(create_time),
                int(update_time or create_time),
                lines or [],
            )

    # ---- envelope
    def _answer(self, data: Any = None, *, code: int = 0, message: str = "Success", status: int = 200):
        return FakeResponse.json(
            status, {"code": code, "message": message, "request_id": self.new_request_id(), "data": data}
        )

    def throttle_response(self, request: FakeRequest) -> FakeResponse:
        return self._answer(None, code=36009002, message=MSG_THROTTLE, status=429)

    # ---- verification
    def _verify(self, request: FakeRequest, route: _Route) -> str | None:
        q = request.query
        if q.get("app_key") != self.app_key:
            raise Refused(36009004, MSG_APP_KEY, 401)
        if "sign" not in q:
            raise Refused(36009004, MSG_NO_SIGN, 401)
        ts_raw = q.get("timestamp", "")
        if not ts_raw.lstrip("-").isdigit() or int(ts_raw) < 0:
            raise Refused(36009004, MSG_TS_NEGATIVE, 401)
        ts, now = int(ts_raw), self.clock()
        if ts < now - 300:
            raise Refused(36009004, MSG_TS_OLD, 401)
        if ts > now + 30:
            raise Refused(36009004, MSG_TS_FUTURE, 401)
        expected = expected_sign(self.app_secret, request)
        if not hmac.compare_digest(expected, q["sign"]):
            raise Refused(106001, MSG_SIGN, 401)
        with self.lock:
            grant = self.tokens.access.get(request.headers.get("x-tts-access-token", ""))
        if grant is None:
            raise Refused(36009004, MSG_TOKEN, 401)
        if grant.expires_at <= now:
            raise Refused(105002, MSG_EXPIRED, 401)
        cipher = q.get("shop_cipher")
        if route.shop_scoped and not cipher:
            raise Refused(106013, MSG_NO_CIPHER, 400)
        if not route.shop_scoped and cipher:
            raise Refused(36009004, MSG_UNEXPECTED_CIPHER, 400)
        if cipher and cipher not in self.shops:
            raise Refused(101000, MSG_MISMATCH, 401)
        if (
            request.method == "POST"
            and not request.is_multipart
            and request.body
            and not request.content_type.startswith("application/json")
        ):
            raise Refused(36009022, MSG_FORMAT, 400)
        return cipher

    def handle(self, request: FakeRequest) -> FakeResponse:
        try:
            if request.path == "/open/authorize":
                return self._authorize(request)
            if request.path in ("/api/v2/token/get", "/api/v2/token/refresh"):
                return self._token(request)
            route, params = _match(request.method, request.path)
            if route is None:
                return self._answer(
                    None,
                    code=36009009,
                    message="Invalid path. The specified path does not match any available endpoint.",
                    status=404,
                )
            cipher = self._verify(request, route)
            if not self.bucket.take((self.app_key, cipher, route.pattern.pattern)):
                return self.throttle_response(request)
            return route.handler(self, request, cipher, *params)
        except Refused as refused:
            return self._answer(None, code=refused.code, message=refused.message, status=refused.status)

    # ---- auth
    def _authorize(self, request: FakeRequest) -> FakeResponse:
        if request.query.get("service_id") != self.service_id:
            return FakeResponse(400, b"unknown service", {"Content-Type": "text/plain"})
        with self.lock:
            code = self.tokens.new_code("seller", self.clock() + CODE_TTL_S)
        query = urlencode({"code": code, "state": request.query.get("state", "")})
        return FakeResponse.redirect(f"{self.redirect_uri}?{query}")

    def _issue(self) -> FakeResponse:
        now = int(self.clock())
        access, refresh = self.tokens.new_pair("seller", now + ACCESS_TTL_S, now + REFRESH_TTL_S)
        return self._answer(
            {
                "access_token": access,
                "access_token_expire_in": now + ACCESS_TTL_S,
                "refresh_token": refresh,
                "refresh_token_expire_in": now + REFRESH_TTL_S,
                "open_id": "open-1",
                "seller_name": "Toko Uji",
                "seller_base_region": "ID",
                "user_type": 0,
                "granted_scopes": ["seller.product.basic"],
            },
            message="success",
        )

    def _token(self, request: FakeRequest) -> FakeResponse:
        q = request.query
        if q.get("app_key") != self.app_key or q.get("app_secret") != self.app_secret:
            raise Refused(36009004, MSG_APP_KEY, 401)
        now = self.clock()
        with self.lock:
            if request.path.endswith("/get"):
                grant = self.tokens.codes.get(q.get("auth_code", ""))
                if (
                    q.get("grant_type") != "authorized_code"
                    or grant is None
                    or grant.used
                    or grant.expires_at <= now
                ):
                    raise Refused(36004005, "can not find related auth record")
                grant.used = True  # "can only be used once"
                return self._issue()
            grant = self.tokens.refresh.get(q.get("refresh_token", ""))
            if q.get("grant_type") != "refresh_token" or grant is None:
                raise Refused(36004005, "can not find related auth record")
            if grant.expires_at <= now:
                raise Refused(36004001, "rt has expired")
            return self._issue()

    # ---- product endpoints
    def _shops(self, request: FakeRequest, _cipher: None) -> FakeResponse:
        return self._answer(
            {
                "shops": [
                    {
                        "id": sid,
                        "name": "Toko Uji",
                        "region": "ID",
                        "seller_type": "LOCAL",
                        "cipher": c,
                        "code": "IDLCS0001",
                    }
                    for c, sid in self.shops.items()
                ]
            }
        )

    def _warehouses(self, request: FakeRequest, _cipher: str) -> FakeResponse:
        return self._answer(
            {
                "warehouses": [
                    {
                        "id": self.warehouse_id,
                        "name": "Gudang Utama",
                        "effect_status": "ENABLED",
                        "type": "SALES_WAREHOUSE",
                        "is_default": True,
                    }
                ]
            }
        )

    def _categories(self, request: FakeRequest, _cipher: str) -> FakeResponse:
        return self._answer({"categories": [{**c, "permission_statuses": ["AVAILABLE"]} for c in CATEGORIES]})

    def _attributes(self, request: FakeRequest, _cipher: str, category_id: str) -> FakeResponse:
        leaf = {c["id"] for c in CATEGORIES if c["is_leaf"]}
        if category_id not in {c["id"] for c in CATEGORIES}:
            raise Refused(12052023, "Category does not exist")
        if category_id not in leaf:
            raise Refused(12052024, "Category is not final category")
        return self._answer({"attributes": ATTRIBUTES.get(category_id, [])})

    def _upload(self, request: FakeRequest, _cipher: None) -> FakeResponse:
        fields, files = request.multipart()
        if not request.is_multipart:
            raise Refused(
                36009023,
                "Invalid request format. The value of the 'content-type' header must be "
                "'multipart/form-data'.",
                400,
            )
        content = files.get("data", b"")
        if len(content) > 10 * 1024 * 1024:
            raise Refused(12038005, "The file size exceeds the maximum allowed size.")
        uri = "tos-alisg-i-" + self.next_id(1)
        with self.lock:
            self.images.add(uri)
        return self._answer(
            {
                "uri": uri,
                "url": f"https://p16.example/{uri}",
                "width": 800,
                "height": 800,
                "use_case": fields.get("use_case", "MAIN_IMAGE"),
            }
        )

    def _product_json(self, p: Product) -> dict[str, Any]:
        return {
            "id": p.id,
            "status": p.status,
            "title": p.title,
            "update_time": p.update_time,
            "create_time": p.create_time,
            "listing_platforms": ["TIKTOK_SHOP", "TOKOPEDIA"],
            "skus": [
                {
                    "id": s.id,
                    "seller_sku": s.seller_sku,
                    "price": {"amount": str(s.price), "currency": "IDR"},
                    "inventory": [{"warehouse_id": w, "quantity": q} for w, q in s.stock.items()],
                }
                for s in p.skus
            ],
        }

    def _create(self, request: FakeRequest, cipher: str) -> FakeResponse:
        b = request.json() or {}
        key = b.get("idempotency_key")
        with self.lock:
            if key and (cipher, key) in self.idempotency:
                return self._answer(self.idempotency[(cipher, key)])  # same answer, no second product
        leaf = {c["id"] for c in CATEGORIES if c["is_leaf"]}
        if b.get("category_id") not in {c["id"] for c in CATEGORIES}:
            raise Refused(12052023, "Category does not exist")
        if b.get("category_id") not in leaf:
            raise Refused(12052024, "Category is not final category")
        if not b.get("description") or len(b["description"]) > 10_000:
            raise Refused(12019006, "product description is invalid")
        try:
            weight_ok = float((b.get("package_weight") or {}).get("value", 0)) > 0
        except ValueError:
            weight_ok = False
        if not weight_ok:
            raise Refused(12019011, "product package weight is invalid")
        skus_in = b.get("skus") or []
        skus: list[Sku] = []
        with self.lock:
            for s in skus_in:
                amount = str((s.get("price") or {}).get("amount", ""))
                if not amount.isdigit() or int(amount) <= 0:
                    raise Refused(12052073, "The product price is invalid")
                stock = {i.get("warehouse_id"): i.get("quantity") for i in s.get("inventory") or []}
                if any(
                    w != self.warehouse_id or not isinstance(q, int) or not 0 <= q <= 99_999
                    for w, q in stock.items()
                ):
                    raise Refused(12019024, "stock count is invalid")
                skus.append(
                    Sku(self.next_id(1_730_000_000_000_000_000), s.get("seller_sku", ""), int(amount), stock)
                )
            now = int(self.clock())
            pid = self.next_id(1_729_000_000_000_000_000)
            status = "DRAFT" if b.get("save_mode") == "AS_DRAFT" else "ACTIVATE"
            self.products[pid] = Product(pid, cipher, b.get("title", ""), status, skus, now, now)
            data = {
                "product_id": pid,
                "skus": [{"id": s.id, "seller_sku": s.seller_sku, "sales_attributes": []} for s in skus],
                "warnings": [],
            }
            if key:
                self.idempotency[(cipher, key)] = data
        return self._answer(data)

    def _product(self, cipher: str, pid: str) -> Product:
        product = self.products.get(pid)
        if product is None or product.cipher != cipher or product.status == "DELETED":
            raise Refused(12052032, "The product does not exist")
        return product

    def _get(self, request: FakeRequest, cipher: str, pid: str) -> FakeResponse:
        with self.lock:
            product = self.products.get(pid)
            if product is None or product.cipher != cipher:
                raise Refused(12052032, "The product does not exist")
            return self._answer(self._product_json(product))

    def _sku_update(self, request: FakeRequest, cipher: str, pid: str, apply) -> FakeResponse:
        entries = (request.json() or {}).get("skus") or []
        with self.lock:
            product = self._product(cipher, pid)
            by_id = {s.id: s for s in product.skus}
            if any(e.get("id") not in by_id for e in entries):
                raise Refused(12052032, "The product does not exist")
            for entry in entries:  # validate all first: TikTok accepts or rejects the request as a whole
                apply(by_id[entry["id"]], entry, dry_run=True)
            for entry in entries:
                apply(by_id[entry["id"]], entry, dry_run=False)
            product.update_time = int(self.clock())
        return self._answer({})

    def _prices(self, request: FakeRequest, cipher: str, pid: str) -> FakeResponse:
        def apply(sku: Sku, entry: dict, dry_run: bool) -> None:
            amount = str((entry.get("price") or {}).get("amount", ""))
            if not amount.isdigit() or int(amount) <= 0:
                raise Refused(12052073, "The product price is invalid")
            if not dry_run:
                sku.price = int(amount)

        return self._sku_update(request, cipher, pid, apply)

    def _inventory(self, request: FakeRequest, cipher: str, pid: str) -> FakeResponse:
        def apply(sku: Sku, entry: dict, dry_run: bool) -> None:
            stock = {i.get("warehouse_id"): i.get("quantity") for i in entry.get("inventory") or []}
            if not stock or any(
                w != self.warehouse_id or not isinstance(q, int) or not 0 <= q <= 99_999
                for w, q in stock.items()
            ):
                raise Refused(12019024, "stock count is invalid")
            if not dry_run:
                sku.stock = stock

        return self._sku_update(request, cipher, pid, apply)

    def _search(self, request: FakeRequest, cipher: str) -> FakeResponse:
        size = int(request.query.get("page_size", "0") or 0)
        if not 1 <= size <= 100:
            raise Refused(36009004, "Invalid parameter. page_size must be between 1 and 100.", 400)
        offset = _offset(request.query.get("page_token"))
        b = request.json() or {}
        status, skus, since = (
            b.get("status", "ALL"),
            set(b.get("seller_skus") or []),
            b.get("update_time_ge", 0),
        )
        with self.lock:
            rows = sorted(
                (
                    p
                    for p in self.products.values()
                    if p.cipher == cipher
                    and p.update_time >= since
                    and (p.status == status or (status == "ALL" and p.status != "DELETED"))
                    and (not skus or any(s.seller_sku in skus for s in p.skus))
                ),
                key=lambda p: int(p.id),
            )
            page = [self._product_json(p) for p in rows[offset : offset + size]]
        more = offset + size < len(rows)
        return self._answer(
            {
                "products": page,
                "total_count": len(rows),
                "next_page_token": _token(offset + size) if more else "",
            }
        )

    def _bulk_status(self, request: FakeRequest, cipher: str, new_status: str) -> FakeResponse:
        ids = (request.json() or {}).get("product_ids") or []
        if not 1 <= len(ids) <= 20:
            raise Refused(36009004, "Invalid parameter. product_ids must contain 1 to 20 items.", 400)
        errors = []
        with self.lock:
            for pid in ids:
                try:
                    product = self._product(cipher, pid)
                except Refused as refused:
                    errors.append(
                        {"code": refused.code, "message": refused.message, "detail": {"product_id": pid}}
                    )
                    continue
                product.status = new_status
                product.update_time = int(self.clock())
        return self._answer({"errors": errors})

    def _activate(self, request: FakeRequest, cipher: str) -> FakeResponse:
        return self._bulk_status(request, cipher, "ACTIVATE")

    def _deactivate(self, request: FakeRequest, cipher: str) -> FakeResponse:
        return self._bulk_status(request, cipher, "SELLER_DEACTIVATED")

    def _delete(self, request: FakeRequest, cipher: str) -> FakeResponse:
        return self._bulk_status(request, cipher, "DELETED")

    # ---- orders
    def _order_json(self, o: FakeOrder) -> dict[str, Any]:
        units = [
            {
                "id": f"{o.id}-{n}-{u}",
                "product_id": line["product_id"],
                "sku_id": line["sku_id"],
                "seller_sku": line["seller_sku"],
                "sale_price": str(line["price"]),
                "currency": "IDR",
            }
            for n, line in enumerate(o.lines)
            for u in range(line["qty"])
        ]
        total = sum(line["price"] * line["qty"] for line in o.lines)
        return {
            "id": o.id,
            "status": o.status,
            "create_time": o.create_time,
            "update_time": o.update_time,
            "line_items": units,
            "payment": {"total_amount": str(total), "currency": "IDR"},
        }

    def _order_search(self, request: FakeRequest, cipher: str) -> FakeResponse:
        q = request.query
        size = int(q.get("page_size", "0") or 0)
        if not 1 <= size <= 100:
            raise Refused(36009004, "Invalid parameter. page_size must be between 1 and 100.", 400)
        field_name = q.get("sort_field", "create_time")
        b = request.json() or {}
        lo = b.get(f"{field_name}_ge", 0)
        hi = b.get(f"{field_name}_lt", 2**62)
        offset = _offset(q.get("page_token"))
        with self.lock:
            rows = sorted(
                (o for o in self.orders.values() if o.cipher == cipher and lo <= getattr(o, field_name) < hi),
                key=lambda o: (getattr(o, field_name), o.id),
                reverse=q.get("sort_order") == "DESC",
            )
            page = [self._order_json(o) for o in rows[offset : offset + size]]
        more = offset + size < len(rows)
        return self._answer(
            {
                "orders": page,
                "total_count": len(rows),
                "next_page_token": _token(offset + size) if more else "",
            }
        )

    def _order_detail(self, request: FakeRequest, cipher: str) -> FakeResponse:
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 50:
            raise Refused(36009004, "Invalid parameter. ids must contain 1 to 50 items.", 400)
        with self.lock:
            found = [
                self._order_json(self.orders[i])
                for i in ids
                if i in self.orders and self.orders[i].cipher == cipher
            ]
        return self._answer({"orders": found})


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(base64.urlsafe_b64decode(token.encode()).decode().removeprefix("o:"))
    except ValueError:
        raise Refused(36009004, "Invalid parameter. page_token is invalid.", 400) from None


@dataclass(frozen=True)
class _Route:
    method: str
    pattern: re.Pattern[str]
    handler: Callable[..., FakeResponse]
    shop_scoped: bool = True


P = r"/product/202309/products"
_ROUTES = [
    _Route("GET", re.compile(r"/authorization/202309/shops"), FakeTikTok._shops, shop_scoped=False),
    _Route("GET", re.compile(r"/logistics/202309/warehouses"), FakeTikTok._warehouses),
    _Route("GET", re.compile(r"/product/202309/categories"), FakeTikTok._categories),
    _Route("GET", re.compile(r"/product/202309/categories/(\d+)/attributes"), FakeTikTok._attributes),
    _Route("POST", re.compile(r"/product/202309/images/upload"), FakeTikTok._upload, shop_scoped=False),
    _Route("POST", re.compile(P), FakeTikTok._create),
    _Route("DELETE", re.compile(P), FakeTikTok._delete),
    _Route("POST", re.compile(P + r"/search"), FakeTikTok._search),
    _Route("POST", re.compile(P + r"/activate"), FakeTikTok._activate),
    _Route("POST", re.compile(P + r"/deactivate"), FakeTikTok._deactivate),
    _Route("GET", re.compile(P + r"/(\d+)"), FakeTikTok._get),
    _Route("POST", re.compile(P + r"/(\d+)/prices/update"), FakeTikTok._prices),
    _Route("POST", re.compile(P + r"/(\d+)/inventory/update"), FakeTikTok._inventory),
    _Route("POST", re.compile(r"/order/202309/orders/search"), FakeTikTok._order_search),
    _Route("GET", re.compile(r"/order/202309/orders"), FakeTikTok._order_detail),
]


def _match(method: str, path: str) -> tuple[_Route | None, tuple[str, ...]]:
    for route in _ROUTES:
        found = route.pattern.fullmatch(path)
        if found and route.method == method:
            return route, found.groups()
    return None, ()
