"""A protocol-faithful fake of Shopee Open Platform v2 (docs/marketplaces.md §1 and §8).

Verifies: partner_id known; timestamp present, integer, not older than 5 minutes (nor more than
5 minutes ahead); `sign` = lowercase HMAC-SHA256(partner_key, pid+path+ts[+token+shop_id]); for Shop
APIs an access token that exists, has not expired (4 h) and belongs to the shop in the query, and a
shop that authorised the partner. Answers with the real `{"error","message","request_id"}` pairs.
Auth: auth_partner link (5 min) → redirect with a one-time code (10 min) → token/get → access_token/get
with single-use refresh tokens (30 days). Paging: items offset/next_offset (≤100), orders cursor with
a 15-day maximum window. Throttle: token bucket per (partner, shop, path) → `error_rate_limit`.
No idempotency: a second add_item with the same item_sku → `error_repeated_mtsku`.

Not emulated: merchant (cross-border) APIs, models/variations, the daily quota `error_limit`.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from smartikm.channels.marketplaces.base import DAY, Credentials
from smartikm.channels.marketplaces.fakeserver import FakeRequest, FakeResponse, FakeServer, Grant

ACCESS_TTL_S = 4 * 3600
REFRESH_TTL_S = 30 * DAY
CODE_TTL_S = 600
TIMESTAMP_WINDOW_S = 300
MAX_ORDER_WINDOW_S = 15 * 86400

PUBLIC_PATHS = {
    "/api/v2/shop/auth_partner",
    "/api/v2/auth/token/get",
    "/api/v2/auth/access_token/get",
    "/api/v2/media_space/upload_image",
}

CATEGORIES = [
    {
        "category_id": 100,
        "parent_category_id": 0,
        "original_category_name": "Handicraft",
        "display_category_name": "Kerajinan Tangan",
        "has_children": True,
    },
    {
        "category_id": 101,
        "parent_category_id": 100,
        "original_category_name": "Woven Goods",
        "display_category_name": "Anyaman",
        "has_children": False,
    },
    {
        "category_id": 102,
        "parent_category_id": 0,
        "original_category_name": "Batik",
        "display_category_name": "Batik",
        "has_children": False,
    },
]
ATTRIBUTES = {
    101: [
        {
            "attribute_id": 2001,
            "name": "Bahan",
            "mandatory": True,
            "attribute_value_list": [{"value_id": 1, "name": "Rotan"}, {"value_id": 2, "name": "Bambu"}],
        },
        {"attribute_id": 2002, "name": "Asal Daerah", "mandatory": False, "attribute_value_list": []},
    ],
    102: [],
}
LOGISTICS = {8003, 8005}


def expected_sign(partner_key: str, *parts: object) -> str:
    """The fake's own implementation of §1.3 (not the client's), so the two are pinned to the
    §8 vectors independently and a bug in one cannot hide in the other."""
    return hmac.new(partner_key.encode(), "".join(str(p) for p in parts).encode(), hashlib.sha256).hexdigest()


class Refused(Exception):
    """An error answer: (error, message, HTTP status)."""

    def __init__(self, error: str, message: str, status: int = 200):
        super().__init__(message)
        self.error, self.message, self.status = error, message, status


@dataclass
class Item:
    item_id: int
    shop_id: int
    item_sku: str
    item_name: str
    category_id: int
    price: float
    stock: int
    status: str
    update_time: int
    reserved: int = 0


@dataclass
class FakeOrder:
    order_sn: str
    shop_id: int
    order_status: str
    create_time: int
    update_time: int
    lines: list[dict[str, Any]] = field(default_factory=list)


class FakeShopee(FakeServer):
    channel = "shopee"

    def __init__(
        self,
        *,
        partner_id: int = 2001887,
        partner_key: str = "test_partner_key",
        shop_id: int = 600001,
        clock: Callable[[], float] = time.time,
        **kwargs: Any,
    ):
        super().__init__(clock=clock, **kwargs)
        self.partners = {partner_id: partner_key}
        self.partner_id, self.partner_key = partner_id, partner_key
        self.shop_id = shop_id  # the shop that "logs in" on the authorization page
        self.linked: set[tuple[int, int]] = set()
        self.items: dict[int, Item] = {}
        self.orders: dict[str, FakeOrder] = {}
        self.images: set[str] = set()

    # ---- helpers for tests and benchmarks
    def issue_credentials(
        self, shop_id: int | None = None, access_ttl_s: float = ACCESS_TTL_S
    ) -> Credentials:
        shop = shop_id or self.shop_id
        now = self.clock()
        with self.lock:
            self.linked.add((self.partner_id, shop))
            access, refresh = self.tokens.new_pair(str(shop), now + access_ttl_s, now + REFRESH_TTL_S)
        return Credentials(str(shop), access, refresh, now + access_ttl_s, now + REFRESH_TTL_S)

    def expire_access_token(self, token: str) -> None:
        with self.lock:
            self.tokens.access[token].expires_at = self.clock() - 1

    def add_image(self, image_id: str = "img-seeded") -> str:
        with self.lock:
            self.images.add(image_id)
        return image_id

    def seed_item(
        self, item_sku: str, *, price: float = 10000, stock: int = 5, status: str = "NORMAL"
    ) -> int:
        with self.lock:
            item_id = int(self.next_id(800_000_000))
            self.items[item_id] = Item(
                item_id,
                self.shop_id,
                item_sku,
                f"Produk {item_sku}",
                101,
                price,
                stock,
                status,
                int(self.clock()),
            )
        return item_id

    def seed_order(
        self,
        order_sn: str,
        *,
        create_time: float,
        update_time: float | None = None,
        status: str = "READY_TO_SHIP",
        lines: list[dict[str, Any]] | None = None,
        shop_id: int | None = None,
    ) -> None:
        with self.lock:
            self.orders[order_sn] = FakeOrder(
                order_sn,
                shop_id or self.shop_id,
                status,
                int(create_time),
                int(update_time or create_time),
                lines or [],
            )

    # ---- protocol
    def _error(self, refused: Refused) -> FakeResponse:
        body = {"error": refused.error, "message": refused.message, "request_id": self.new_request_id()}
        return FakeResponse.json(refused.status, body)

    def _ok(self, response: dict[str, Any] | None = None, **top: Any) -> FakeResponse:
        body = {"error": "", "message": "", "warning": "", "request_id": self.new_request_id(), **top}
        if response is not None:
            body["response"] = response
        return FakeResponse.json(200, body)

    def throttle_response(self, request: FakeRequest) -> FakeResponse:
        return self._error(
            Refused(
                "error_rate_limit",
                "Too many requests. You have reached the rate limit. Please try again later.",
                429,
            )
        )

    def _verify(self, request: FakeRequest, *, public: bool) -> int | None:
        q = request.query
        if "partner_id" not in q:
            raise Refused("error_param", "There is no partner_id in query.", 400)
        if "timestamp" not in q:
            raise Refused("error_param", "no timestamp", 400)
        if not q["timestamp"].isdigit():
            raise Refused("error_param", "Invalid timestamp", 400)
        ts, now = int(q["timestamp"]), self.clock()
        if now - ts > TIMESTAMP_WINDOW_S:
            raise Refused("error_param", "Timestamp is expired.", 400)
        if ts - now > TIMESTAMP_WINDOW_S:
            raise Refused("error_param", "Invalid timestamp", 400)
        if "sign" not in q:
            raise Refused("error_param", "There is no sign in query.", 400)
        partner_key = self.partners.get(int(q["partner_id"])) if q["partner_id"].isdigit() else None
        if partner_key is None:
            raise Refused("error_auth", "Invalid partner_id or shopid.", 403)
        if public:
            expected = expected_sign(partner_key, q["partner_id"], request.path, ts)
        else:
            if "access_token" not in q:
                raise Refused("error_param", "There is no access_token in query.", 400)
            if "shop_id" not in q:
                raise Refused("error_param", "There is no shop_id in query.", 400)
            expected = expected_sign(
                partner_key, q["partner_id"], request.path, ts, q["access_token"], q["shop_id"]
            )
        if not hmac.compare_digest(expected, q["sign"]):
            raise Refused("error_sign", "Wrong sign.", 403)
        if public:
            return None
        with self.lock:
            grant = self.tokens.access.get(q["access_token"])
            if grant is None:
                raise Refused("error_auth", "Invalid access_token.", 403)
            if grant.expires_at <= now:
                raise Refused("invalid_acceess_token", "Invalid access_token, please have a check.", 403)
            if grant.shop_id != q["shop_id"]:
                raise Refused("error_auth", "Invalid partner_id or shopid.", 403)
            if (int(q["partner_id"]), int(q["shop_id"])) not in self.linked:
                raise Refused("shop_no_linked", "Partner and shop has no linked.", 403)
        return int(q["shop_id"])

    def handle(self, request: FakeRequest) -> FakeResponse:
        route = ROUTES.get((request.method, request.path))
        if route is None:
            return FakeResponse.json(
                404,
                {
                    "error": "error_not_found",
                    "message": "Wrong API path.",
                    "request_id": self.new_request_id(),
                },
            )
        try:
            shop_id = self._verify(request, public=request.path in PUBLIC_PATHS)
            if not self.bucket.take(
                (request.query["partner_id"], request.query.get("shop_id"), request.path)
            ):
                return self.throttle_response(request)
            return route(self, request, shop_id)
        except Refused as refused:
            return self._error(refused)

    # ---- auth endpoints
    def _auth_partner(self, request: FakeRequest, _shop: None) -> FakeResponse:
        redirect = request.query.get("redirect")
        if not redirect:
            raise Refused("error_param", "There is no redirect in query.", 400)
        with self.lock:
            code = self.tokens.new_code(str(self.shop_id), self.clock() + CODE_TTL_S)
            self.linked.add((int(request.query["partner_id"]), self.shop_id))
        separator = "&" if "?" in redirect else "?"
        return FakeResponse.redirect(
            f"{redirect}{separator}{urlencode({'code': code, 'shop_id': self.shop_id})}"
        )

    def _issue(self, shop: str) -> FakeResponse:
        now = self.clock()
        access, refresh = self.tokens.new_pair(shop, now + ACCESS_TTL_S, now + REFRESH_TTL_S)
        return self._ok(
            None,
            access_token=access,
            refresh_token=refresh,
            expire_in=ACCESS_TTL_S,
            shop_id_list=[int(shop)],
            merchant_id_list=[],
            partner_id=self.partner_id,
        )

    def _token_get(self, request: FakeRequest, _shop: None) -> FakeResponse:
        body = request.json() or {}
        with self.lock:
            grant = self.tokens.codes.get(str(body.get("code")))
            if grant is None or grant.used or grant.expires_at <= self.clock():
                raise Refused("error_auth", "Invalid code.", 403)
            if str(body.get("shop_id")) != grant.shop_id:
                raise Refused("error_auth", "Invalid partner_id or shopid.", 403)
            grant.used = True  # "Valid for one-time use"
            return self._issue(grant.shop_id)

    def _refresh(self, request: FakeRequest, _shop: None) -> FakeResponse:
        body = request.json() or {}
        with self.lock:
            grant = self.tokens.refresh.get(str(body.get("refresh_token")))
            if grant is None or grant.used or str(body.get("shop_id")) != grant.shop_id:
                raise Refused("error_auth", "Invalid refresh_token.", 403)
            if grant.expires_at <= self.clock():
                raise Refused("refresh_token_expired", "Refresh token is expired.", 403)
            grant.used = True  # each refresh_token "can only be used once"
            return self._issue(grant.shop_id)

    def _upload_image(self, request: FakeRequest, _shop: None) -> FakeResponse:
        _fields, files = request.multipart()
        if "image" not in files or not files["image"]:
            raise Refused("error_param", "image is required", 400)
        if len(files["image"]) > 10 * 1024 * 1024:
            raise Refused("error_param", "image size exceeds 10MB", 400)
        image_id = "id-" + self.next_id(1)
        with self.lock:
            self.images.add(image_id)
        return self._ok({"image_info": {"image_id": image_id, "image_url_list": []}})

    def _shop_info(self, request: FakeRequest, shop: int) -> FakeResponse:
        return self._ok(None, shop_name=f"Toko {shop}", region="ID", status="NORMAL", is_cb=False)

    def install_token(self, token: str, shop_id: int, expires_at: float) -> None:
        """Make a known token valid (the §8 vector uses a fixed one)."""
        with self.lock:
            self.tokens.access[token] = Grant(str(shop_id), expires_at)
            self.linked.add((self.partner_id, shop_id))

    # ---- catalogue
    def _get_category(self, request: FakeRequest, _shop: int) -> FakeResponse:
        return self._ok({"category_list": CATEGORIES})

    def _get_attribute_tree(self, request: FakeRequest, _shop: int) -> FakeResponse:
        ids = [int(x) for x in request.query.get("category_id_list", "").split(",") if x.isdigit()]
        if not ids or len(ids) > 20:
            raise Refused("error_param", "category_id_list is invalid", 400)
        return self._ok({"list": [{"category_id": i, "attribute_tree": ATTRIBUTES.get(i, [])} for i in ids]})

    def _add_item(self, request: FakeRequest, shop: int) -> FakeResponse:
        b = request.json() or {}
        leaf = {c["category_id"] for c in CATEGORIES if not c["has_children"]}
        if b.get("category_id") not in leaf:
            raise Refused("error_invalid_category", f"Invalid category ID {b.get('category_id')}")
        if not isinstance(b.get("weight"), int | float) or b["weight"] <= 0:
            raise Refused("error_param", "Invalid Weight.")
        name = b.get("item_name") or ""
        if len(name) > 120:
            raise Refused("error_name_length_limit", "Exceeded item_name length limitation.")
        if not isinstance(b.get("original_price"), int | float) or b["original_price"] <= 0:
            raise Refused("error_invalid_price", "Invalid price, please use the correct format")
        image_ids = (b.get("image") or {}).get("image_id_list") or []
        if not image_ids:
            raise Refused("error_image_num_min", "at least 1 image is required")
        with self.lock:
            if any(i not in self.images for i in image_ids):
                raise Refused("error_param", "Image not exist.")
        logistics = [entry.get("logistic_id") for entry in b.get("logistic_info") or []]
        if not logistics or any(lid not in LOGISTICS for lid in logistics):
            raise Refused("error_invalid_logistic_info", f"invalid logistic info , {logistics}")
        given = {
            a.get("attribute_id") for a in b.get("attribute_list") or [] if a.get("attribute_value_list")
        }
        mandatory = {a["attribute_id"] for a in ATTRIBUTES.get(b["category_id"], []) if a["mandatory"]}
        if not mandatory <= given:  # "optional (except Indonesia)"
            raise Refused("error_less_required_attribute", "Mandatory attribute information required")
        sku = b.get("item_sku") or ""
        with self.lock:
            if sku and any(
                i.item_sku == sku and i.shop_id == shop and i.status not in ("SELLER_DELETE", "SHOPEE_DELETE")
                for i in self.items.values()
            ):
                raise Refused("error_repeated_mtsku", "A similar product has already been uploaded")
            item_id = int(self.next_id(800_000_000))
            stock = sum(s.get("stock", 0) for s in b.get("seller_stock") or [])
            self.items[item_id] = Item(
                item_id,
                shop,
                sku,
                name,
                b["category_id"],
                float(b["original_price"]),
                stock,
                b.get("item_status", "NORMAL"),
                int(self.clock()),
            )
        return self._ok({"item_id": item_id, "item_name": name, "item_sku": sku, "item_status": "NORMAL"})

    def _item(self, shop: int, item_id: Any) -> Item:
        item = self.items.get(int(item_id)) if str(item_id).isdigit() else None
        if item is None or item.status in ("SELLER_DELETE", "SHOPEE_DELETE"):
            raise Refused("error_item_not_found", "Item_id is not found.")
        if item.shop_id != shop:
            raise Refused("error_item_not_belong_shop", "Item not belong to shop.")
        return item

    def _update_batch(self, request: FakeRequest, shop: int, key: str, apply) -> FakeResponse:
        b = request.json() or {}
        entries = b.get(key) or []
        if not 1 <= len(entries) <= 50:
            raise Refused("error_param", f"{key} length should be between 1 and 50")
        with self.lock:
            item = self._item(shop, b.get("item_id"))
            success, failure = [], []
            for entry in entries:
                reason = apply(item, entry)
                if reason:
                    failure.append({"model_id": entry.get("model_id"), "failed_reason": reason})
                else:
                    success.append({"model_id": entry.get("model_id")})
            item.update_time = int(self.clock())
        return self._ok({"success_list": success, "failure_list": failure})

    def _update_price(self, request: FakeRequest, shop: int) -> FakeResponse:
        def apply(item: Item, entry: dict) -> str | None:
            if entry.get("model_id") != 0:
                return "model_id is not found"
            price = entry.get("original_price")
            if not isinstance(price, int | float) or price <= 0:
                return "Invalid price, please use the correct format"
            item.price = float(price)
            return None

        return self._update_batch(request, shop, "price_list", apply)

    def _update_stock(self, request: FakeRequest, shop: int) -> FakeResponse:
        def apply(item: Item, entry: dict) -> str | None:
            if entry.get("model_id") != 0:
                return "model_id is not found"
            stock = sum(s.get("stock", 0) for s in entry.get("seller_stock") or [])
            if stock < item.reserved:
                return "stock must be greater than or equal to reserved stock"
            if stock > 999_999:
                return "stock exceeds the limit"
            item.stock = stock
            return None

        return self._update_batch(request, shop, "stock_list", apply)

    def _base_info(self, request: FakeRequest, shop: int) -> FakeResponse:
        ids = [int(x) for x in request.query.get("item_id_list", "").split(",") if x.isdigit()]
        if not 1 <= len(ids) <= 50:
            raise Refused("error_param", "item_id_list length should be between 1 and 50")
        with self.lock:
            found = [self.items[i] for i in ids if i in self.items and self.items[i].shop_id == shop]
            rows = [
                {
                    "item_id": i.item_id,
                    "item_status": i.status,
                    "item_name": i.item_name,
                    "item_sku": i.item_sku,
                    "category_id": i.category_id,
                    "update_time": i.update_time,
                    "price_info": [{"original_price": i.price, "current_price": i.price, "currency": "IDR"}],
                    "stock_info_v2": {
                        "summary_info": {"total_reserved_stock": i.reserved, "total_available_stock": i.stock}
                    },
                }
                for i in found
            ]
        return self._ok({"item_list": rows})

    def _item_list(self, request: FakeRequest, shop: int) -> FakeResponse:
        q = request.query
        offset, size = int(q.get("offset", "0")), int(q.get("page_size", "0"))
        if not 1 <= size <= 100:
            raise Refused("error_param", "page_size should be between 1 and 100", 400)
        statuses = set(request.query_multi.get("item_status", []))
        if not statuses:
            raise Refused("error_param", "item_status is required", 400)
        since, until = int(q.get("update_time_from", "0")), int(q.get("update_time_to", str(2**62)))
        with self.lock:
            rows = sorted(
                (
                    i
                    for i in self.items.values()
                    if i.shop_id == shop and i.status in statuses and since <= i.update_time <= until
                ),
                key=lambda i: i.item_id,
            )
        page = rows[offset : offset + size]
        more = offset + size < len(rows)
        return self._ok(
            {
                "item": [
                    {"item_id": i.item_id, "item_status": i.status, "update_time": i.update_time}
                    for i in page
                ],
                "total_count": len(rows),
                "has_next_page": more,
                "next_offset": offset + size if more else 0,
            }
        )

    def _search_item(self, request: FakeRequest, shop: int) -> FakeResponse:
        sku = request.query.get("item_sku", "")
        with self.lock:
            ids = [
                i.item_id
                for i in self.items.values()
                if i.shop_id == shop
                and i.item_sku == sku
                and i.status not in ("SELLER_DELETE", "SHOPEE_DELETE")
            ]
        return self._ok({"item_id_list": sorted(ids), "total_count": len(ids), "next_offset": 0})

    def _unlist(self, request: FakeRequest, shop: int) -> FakeResponse:
        entries = (request.json() or {}).get("item_list") or []
        if not 1 <= len(entries) <= 50:
            raise Refused("error_param", "item_list length should be between 1 and 50")
        success, failure = [], []
        with self.lock:
            for entry in entries:
                try:
                    item = self._item(shop, entry.get("item_id"))
                except Refused as refused:
                    failure.append({"item_id": entry.get("item_id"), "failed_reason": refused.message})
                    continue
                item.status = "UNLIST" if entry.get("unlist") else "NORMAL"
                item.update_time = int(self.clock())
                success.append({"item_id": item.item_id, "unlist": bool(entry.get("unlist"))})
        return self._ok({"success_list": success, "failure_list": failure})

    def _delete(self, request: FakeRequest, shop: int) -> FakeResponse:
        with self.lock:
            item = self._item(shop, (request.json() or {}).get("item_id"))
            item.status = "SELLER_DELETE"
            item.update_time = int(self.clock())
        return self._ok({})

    # ---- orders
    def _order_list(self, request: FakeRequest, shop: int) -> FakeResponse:
        q = request.query
        field_name = q.get("time_range_field", "")
        if field_name not in ("create_time", "update_time"):
            raise Refused("error_param", "time_range_field is invalid", 400)
        start, end = int(q.get("time_from", "0")), int(q.get("time_to", "0"))
        if start > end or end - start > MAX_ORDER_WINDOW_S:
            raise Refused(
                "order.order_list_invalid_time",
                "Start time must be earlier than end time and diff in 15days.",
            )
        size = int(q.get("page_size", "0"))
        if not 1 <= size <= 100:
            raise Refused("error_param", "page_size should be between 1 and 100", 400)
        offset = int(q.get("cursor") or 0)
        with self.lock:
            rows = sorted(
                (
                    o
                    for o in self.orders.values()
                    if o.shop_id == shop and start <= getattr(o, field_name) <= end
                ),
                key=lambda o: (getattr(o, field_name), o.order_sn),
            )
        page = rows[offset : offset + size]
        more = offset + size < len(rows)
        return self._ok(
            {
                "more": more,
                "next_cursor": str(offset + size) if more else "",
                "order_list": [{"order_sn": o.order_sn, "order_status": o.order_status} for o in page],
            }
        )

    def _order_detail(self, request: FakeRequest, shop: int) -> FakeResponse:
        sns = [s for s in request.query.get("order_sn_list", "").split(",") if s]
        if not 1 <= len(sns) <= 50:
            raise Refused("error_param", "order_sn_list length should be between 1 and 50")
        with self.lock:
            found = [self.orders[s] for s in sns if s in self.orders and self.orders[s].shop_id == shop]
            rows = [
                {
                    "order_sn": o.order_sn,
                    "order_status": o.order_status,
                    "create_time": o.create_time,
                    "update_time": o.update_time,
                    "currency": "IDR",
                    "total_amount": float(sum(line["price"] * line["qty"] for line in o.lines)),
                    "item_list": [
                        {
                            "item_id": line["item_id"],
                            "item_sku": line["sku"],
                            "model_id": 0,
                            "model_sku": "",
                            "model_quantity_purchased": line["qty"],
                            "model_discounted_price": float(line["price"]),
                        }
                        for line in o.lines
                    ],
                }
                for o in found
            ]
        return self._ok({"order_list": rows})


ROUTES: dict[tuple[str, str], Callable[[FakeShopee, FakeRequest, Any], FakeResponse]] = {
    ("GET", "/api/v2/shop/auth_partner"): FakeShopee._auth_partner,
    ("POST", "/api/v2/auth/token/get"): FakeShopee._token_get,
    ("POST", "/api/v2/auth/access_token/get"): FakeShopee._refresh,
    ("POST", "/api/v2/media_space/upload_image"): FakeShopee._upload_image,
    ("GET", "/api/v2/shop/get_shop_info"): FakeShopee._shop_info,
    ("GET", "/api/v2/product/get_category"): FakeShopee._get_category,
    ("GET", "/api/v2/product/get_attribute_tree"): FakeShopee._get_attribute_tree,
    ("POST", "/api/v2/product/add_item"): FakeShopee._add_item,
    ("POST", "/api/v2/product/update_price"): FakeShopee._update_price,
    ("POST", "/api/v2/product/update_stock"): FakeShopee._update_stock,
    ("GET", "/api/v2/product/get_item_base_info"): FakeShopee._base_info,
    ("GET", "/api/v2/product/get_item_list"): FakeShopee._item_list,
    ("GET", "/api/v2/product/search_item"): FakeShopee._search_item,
    ("POST", "/api/v2/product/unlist_item"): FakeShopee._unlist,
    ("POST", "/api/v2/product/delete_item"): FakeShopee._delete,
    ("GET", "/api/v2/order/get_order_list"): FakeShopee._order_list,
    ("GET", "/api/v2/order/get_order_detail"): FakeShopee._order_detail,
}
