"""The common marketplace adapter interface.

Every API marketplace (Shopee, TikTok Shop incl. Tokopedia, Lazada) implements `MarketplaceAdapter`
with the channel-neutral types below, and reports every failure as one `ChannelError` that says
whether retrying can help and what `kind` of failure it is: each adapter maps its marketplace's own
error codes to these kinds inside its folder (e.g. "the item already exists" → `duplicate`). The
sync queue (channels hub) only ever sees these types; nothing channel-specific leaks past the
marketplace's folder.

Provider documentation: https://open.shopee.com/documents/v2/ ·
https://partner.tiktokshop.com/docv2/page/tts-api-concepts-overview ·
https://open.lazada.com/apps/doc/doc?nodeId=10450&docId=108064
"""

from __future__ import annotations

import base64
import json
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar, Literal

import pydantic

from smartikm.core.http import HttpClient, HttpSeam, TransportFailure

Clock = Callable[[], float]
"""Unix seconds. Injected so tests can make a request stale or a token expire without sleeping."""

ErrorKind = Literal[
    "auth",
    "signature",
    "throttle",
    "validation",
    "not_found",
    # The channel already has an item with this seller SKU: the caller may look it up and adopt it.
    "duplicate",
    "server",
    "unsupported",
    "protocol",
]

# What the owner reads (Bahasa Indonesia); the channel's own message stays in `message` for staff.
_USER_MESSAGES: dict[str, str] = {
    "auth": "Koneksi toko ke {channel} perlu disambungkan ulang (izin akses kedaluwarsa atau dicabut).",
    "signature": "Permintaan ke {channel} ditolak karena tanda tangan atau jam server tidak cocok. "
    "Tim teknis sudah diberi tahu.",
    "throttle": "{channel} sedang membatasi jumlah permintaan. Sistem akan mencoba lagi otomatis.",
    "validation": "Data produk ditolak oleh {channel}: {message}",
    "not_found": "Produk atau pesanan tidak ditemukan di {channel}.",
    "duplicate": "Produk dengan SKU ini sudah ada di {channel}.",
    "server": "{channel} sedang bermasalah atau tidak menjawab. Sistem akan mencoba lagi otomatis.",
    "unsupported": "{message}",
    "protocol": "{channel} mengirim jawaban yang tidak bisa dibaca. Tim teknis sudah diberi tahu.",
}


class ChannelError(Exception):
    """The one error type of every adapter.

    `retryable` answers the only question the queue has: will sending the same operation again
    (later) possibly succeed? `kind` groups causes for screens and health statistics.
    """

    def __init__(
        self,
        channel: str,
        code: str,
        message: str,
        *,
        kind: ErrorKind,
        retryable: bool,
        request_id: str = "",
        http_status: int | None = None,
        user_message: str | None = None,
        retry_after_s: float | None = None,
    ):
        super().__init__(f"[{channel}] {kind}/{code}: {message}")
        self.channel = channel
        self.code = code
        self.message = message
        self.kind = kind
        self.retryable = retryable
        self.request_id = request_id
        self.http_status = http_status
        self.retry_after_s = retry_after_s
        self._user_message = user_message

    @property
    def permanent(self) -> bool:
        return not self.retryable

    @property
    def user_message(self) -> str:
        """Plain Bahasa Indonesia for the IKM owner."""
        if self._user_message:
            return self._user_message
        return _USER_MESSAGES[self.kind].format(channel=self.channel.capitalize(), message=self.message)


def protocol_error(channel: str, detail: str, *, request_id: str = "", http_status: int | None = None):
    """A response we cannot parse: permanent, since resending gets the same unreadable answer."""
    return ChannelError(
        channel,
        "malformed_response",
        detail,
        kind="protocol",
        retryable=False,
        request_id=request_id,
        http_status=http_status,
    )


def transport_error(channel: str, exc: TransportFailure) -> ChannelError:
    """Timeouts and dropped connections are retryable; the outcome of a write is then unknown,
    which is why creates look the listing up by seller SKU before trying again."""
    code = "timeout" if exc.timeout else "connection_failed"
    return ChannelError(channel, code, str(exc), kind="server", retryable=True)


def server_error(channel: str, status: int, *, request_id: str = "") -> ChannelError:
    return ChannelError(
        channel,
        f"http_{status}",
        f"HTTP {status} from {channel}",
        kind="server",
        retryable=True,
        request_id=request_id,
        http_status=status,
    )


def parse_json(channel: str, raw: bytes, status: int) -> dict:
    """Parse a JSON object or raise: 5xx with junk is a server error, anything else is protocol."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        if status >= 500:
            raise server_error(channel, status) from None
        raise protocol_error(
            channel, f"invalid JSON (HTTP {status}): {raw[:120]!r}", http_status=status
        ) from None
    if not isinstance(data, dict):
        raise protocol_error(channel, "JSON body is not an object", http_status=status)
    return data


def parse_model(channel: str, model: Any, data: object, *, request_id: str = "") -> Any:
    """Strict pydantic parsing of a channel payload (a model, or a type such as `list[Model]`);
    a shape we do not expect is a protocol error."""
    try:
        if hasattr(model, "model_validate"):
            return model.model_validate(data)
        return pydantic.TypeAdapter(model).validate_python(data)
    except pydantic.ValidationError as exc:
        detail = f"unexpected {getattr(model, '__name__', model)}: {exc.errors()[:3]}"
        raise protocol_error(channel, detail, request_id=request_id) from exc


# ---- channel-neutral types -------------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    """One shop's tokens. `extra` keeps channel specifics (TikTok `shop_cipher`, Lazada country)."""

    shop_id: str
    access_token: str
    refresh_token: str
    access_expires_at: float  # unix seconds
    refresh_expires_at: float | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    def access_expires_within(self, now: float, margin_s: float) -> bool:
        return self.access_expires_at - now <= margin_s


class ListingStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    LIVE = "live"
    INACTIVE = "inactive"
    REJECTED = "rejected"
    BANNED = "banned"
    DELETED = "deleted"


@dataclass(frozen=True)
class SkuSpec:
    """One sellable variant. `price` is integer rupiah (rule 5); `options` maps axis → value."""

    seller_sku: str
    price: int
    stock: int
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListingSpec:
    """A product already mapped to one channel: leaf category, attribute ids and image refs are
    the channel's own (see `category_attributes` and `upload_image`)."""

    seller_sku: str  # item-level SKU; the queue's idempotency anchor on channels without keys
    title: str
    description: str
    category_id: str
    skus: Sequence[SkuSpec]
    weight_g: int
    images: Sequence[str]  # channel image references from upload_image
    length_cm: int | None = None
    width_cm: int | None = None
    height_cm: int | None = None
    attributes: Mapping[str, Sequence[str]] = field(default_factory=dict)  # channel attr id → values
    brand_id: str | None = None
    brand_name: str = "No Brand"
    condition_new: bool = True
    active: bool = True
    idempotency_key: str | None = None  # sent where the channel honours one (TikTok)
    logistics_ids: Sequence[str] = ()  # Shopee logistic channels to enable
    listing_platforms: Sequence[str] = ()  # TikTok: ("TOKOPEDIA", "TIKTOK_SHOP")


@dataclass(frozen=True)
class ListingRef:
    """Where a listing lives: the channel item id and our seller SKU → channel SKU id."""

    item_id: str
    sku_ids: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Listing:
    ref: ListingRef
    status: ListingStatus
    channel_status: str
    title: str
    prices: Mapping[str, int]  # seller SKU → rupiah
    stocks: Mapping[str, int]
    updated_at: float | None = None


@dataclass(frozen=True)
class SkuFailure:
    code: str
    message: str


@dataclass(frozen=True)
class BatchResult:
    """Per-SKU outcome of a price or stock update (channels accept part of a batch)."""

    succeeded: tuple[str, ...]
    failed: Mapping[str, SkuFailure]

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class CategoryNode:
    id: str
    name: str
    parent_id: str | None
    is_leaf: bool


@dataclass(frozen=True)
class AttributeValue:
    id: str
    name: str


@dataclass(frozen=True)
class CategoryAttribute:
    id: str
    name: str
    required: bool
    is_variant_axis: bool
    values: tuple[AttributeValue, ...] = ()  # empty = free text


@dataclass(frozen=True)
class OrderSummary:
    order_id: str
    status: str


@dataclass(frozen=True)
class OrderLine:
    seller_sku: str
    item_id: str
    sku_id: str
    quantity: int
    unit_price: int  # rupiah


@dataclass(frozen=True)
class Order:
    order_id: str
    status: str
    created_at: float
    updated_at: float
    lines: tuple[OrderLine, ...]
    total: int  # rupiah


@dataclass(frozen=True)
class Page[T]:
    items: list[T]
    next_cursor: str | None


# ---- helpers shared by the adapters ----------------------------------------------------------


def encode_cursor(state: Mapping[str, object]) -> str:
    """Opaque to callers, so an adapter can carry a time window and the channel's own cursor."""
    return base64.urlsafe_b64encode(json.dumps(dict(state), separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str | None) -> dict:
    if not cursor:
        return {}
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a cursor issued by this adapter: {cursor!r}") from exc
    if not isinstance(value, dict):
        raise ValueError(f"not a cursor issued by this adapter: {cursor!r}")
    return value


def split_windows(since: float, until: float, max_span_s: float) -> Iterator[tuple[float, float]]:
    """[since, until) cut into consecutive windows no longer than the channel allows."""
    start = since
    while start < until:
        end = min(start + max_span_s, until)
        yield start, end
        start = end


def chunked[T](items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Batches no larger than the channel accepts (50 SKUs, 20 product ids, ...)."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def to_datetime(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


DAY = timedelta(days=1).total_seconds()

RefreshCallback = Callable[[Credentials], None]


class MarketplaceAdapter(ABC):
    """Common interface; one instance per (app credentials, shop).

    Token handling: before a call the adapter refreshes an access token that expires within
    `refresh_margin_s`, and if the channel still says the token expired it refreshes once and repeats
    the call. Every refresh hands the NEW credentials to `on_refresh` before the call continues:
    Shopee's refresh token is single-use, so the caller must save it atomically (and serialise
    refreshes per shop) or the shop is disconnected.
    """

    channel: ClassVar[str]
    docs_url: ClassVar[str]
    refresh_margin_s: ClassVar[float] = 300.0

    def __init__(
        self,
        credentials: Credentials | None = None,
        *,
        http: HttpSeam | None = None,
        clock: Clock = time.time,
        on_refresh: RefreshCallback | None = None,
    ):
        self.credentials = credentials
        self.http = http or HttpClient()
        self.clock = clock
        self.on_refresh = on_refresh

    # -- auth
    @abstractmethod
    def authorization_url(self, redirect_uri: str, state: str) -> str: ...

    @abstractmethod
    def exchange_code(self, code: str, *, shop_id: str | None = None) -> Credentials: ...

    @abstractmethod
    def refresh(self, credentials: Credentials) -> Credentials:
        """New credentials, including the NEW refresh token (persist it before anything else)."""

    # -- catalogue metadata
    @abstractmethod
    def category_tree(self, locale: str = "id") -> list[CategoryNode]: ...

    @abstractmethod
    def category_attributes(self, category_id: str) -> list[CategoryAttribute]: ...

    @abstractmethod
    def upload_image(self, content: bytes, filename: str = "image.jpg") -> str: ...

    # -- listings
    @abstractmethod
    def create_listing(self, spec: ListingSpec) -> ListingRef: ...

    @abstractmethod
    def find_listing_by_sku(self, seller_sku: str) -> ListingRef | None:
        """Look up a listing by our item-level SKU: run before retrying a create whose outcome is
        unknown (timeout), because Shopee and Lazada have no idempotency key."""

    @abstractmethod
    def update_price(self, ref: ListingRef, prices: Mapping[str, int]) -> BatchResult: ...

    @abstractmethod
    def update_stock(self, ref: ListingRef, stocks: Mapping[str, int]) -> BatchResult: ...

    @abstractmethod
    def get_listing(self, ref: ListingRef) -> Listing: ...

    @abstractmethod
    def list_listings(
        self, updated_since: float | None = None, cursor: str | None = None
    ) -> Page[Listing]: ...

    @abstractmethod
    def set_active(self, ref: ListingRef, active: bool) -> None: ...

    @abstractmethod
    def delete_listing(self, ref: ListingRef) -> None: ...

    # -- orders
    @abstractmethod
    def list_orders(
        self, since: float, until: float, cursor: str | None = None, *, by: str = "update_time"
    ) -> Page[OrderSummary]: ...

    @abstractmethod
    def get_orders(self, order_ids: Sequence[str]) -> list[Order]: ...

    # -- token plumbing shared by all adapters
    def _require_credentials(self) -> Credentials:
        if self.credentials is None:
            raise ChannelError(
                self.channel, "no_credentials", "shop not connected", kind="auth", retryable=False
            )
        return self.credentials

    def _apply_refresh(self) -> Credentials:
        new = self.refresh(self._require_credentials())
        self.credentials = new
        if self.on_refresh is not None:
            self.on_refresh(new)
        return new

    def _is_expired_token_error(self, error: ChannelError) -> bool:
        return False

    def _with_token[R](self, call: Callable[[Credentials], R]) -> R:
        creds = self._require_credentials()
        if creds.access_expires_within(self.clock(), self.refresh_margin_s):
            creds = self._apply_refresh()
        try:
            return call(creds)
        except ChannelError as error:
            if not self._is_expired_token_error(error):
                raise
        # The token was revoked or expired early; one refresh, one more try, then give up loudly.
        return call(self._apply_refresh())


def with_extra(credentials: Credentials, **extra: str) -> Credentials:
    return replace(credentials, extra={**credentials.extra, **extra})
