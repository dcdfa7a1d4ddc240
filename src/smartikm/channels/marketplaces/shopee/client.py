"""Shopee Open Platform v2 client: signing, transport and the response envelope.

Docs: https://open.shopee.com/developer-guide/16 (API calls, "Signature calculation"); the error
strings below are Shopee's own, as its API returns them in the `error` field.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pydantic

from smartikm.channels.marketplaces.base import (
    ChannelError,
    ErrorKind,
    parse_json,
    parse_model,
    server_error,
    transport_error,
)
from smartikm.core.http import HttpSeam, TransportFailure

CHANNEL = "shopee"
PRODUCTION_URL = "https://partner.shopeemobile.com"
SANDBOX_URL = "https://openplatform.sandbox.test-stable.shopee.sg"


def base_string(
    partner_id: int | str,
    api_path: str,
    timestamp: int,
    access_token: str | None = None,
    shop_id: int | str | None = None,
) -> str:
    """Shopee's base string: Public API `pid+path+ts`; Shop API
    `pid+path+ts+access_token+shop_id`, no separators."""
    base = f"{partner_id}{api_path}{timestamp}"
    if access_token is not None:
        base += f"{access_token}{shop_id}"
    return base


def sign(partner_key: str, base: str) -> str:
    """Lowercase hex HMAC-SHA256. Body and request parameters are not signed on Shopee."""
    return hmac.new(partner_key.encode(), base.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ShopeeConfig:
    partner_id: int
    partner_key: str
    base_url: str = PRODUCTION_URL


class Envelope(pydantic.BaseModel):
    """Every Shopee answer; token endpoints put their fields at the top level, hence `extra`."""

    model_config = pydantic.ConfigDict(extra="allow")

    request_id: str = ""
    error: str = ""
    message: str = ""
    warning: Any = None
    response: dict[str, Any] | None = None


# error code → (kind, retryable). Shopee's HTTP status is undocumented, so we key on `error`
# (docs/marketplaces.md §1.4).
_KINDS: dict[str, tuple[ErrorKind, bool]] = {
    "error_sign": ("signature", False),
    "error_auth": ("auth", False),
    "invalid_acceess_token": ("auth", False),  # sic, as Shopee spells it
    "shop_no_linked": ("auth", False),
    "error_api_permission": ("auth", False),
    "refresh_token_expired": ("auth", False),
    "shop_access_expired": ("auth", False),
    "shop_banned": ("auth", False),
    "error_partner_key_expired": ("auth", False),
    "source_ip_undeclared": ("auth", False),
    "error_rate_limit": ("throttle", True),
    "error_limit": ("throttle", True),  # daily quota: retry after 00:00 UTC+8
    "error_item_not_found": ("not_found", False),
    # add_item with an item_sku the shop already uses ("A similar product has already been uploaded").
    "error_repeated_mtsku": ("duplicate", False),
    "error_item_not_belong_shop": ("not_found", False),
    "error_server": ("server", True),
    "error_inner": ("server", True),
    "error_busi_service_unavailable": ("server", True),
}


def error_from(envelope: Envelope, status: int) -> ChannelError:
    kind, retryable = _KINDS.get(envelope.error, ("validation", False))
    if envelope.error == "error_param" and "imestamp" in envelope.message:
        kind = "signature"  # a stale timestamp is a clock problem, not bad product data
    return ChannelError(
        CHANNEL,
        envelope.error,
        envelope.message,
        kind=kind,
        retryable=retryable,
        request_id=envelope.request_id,
        http_status=status,
    )


class ShopeeClient:
    def __init__(self, config: ShopeeConfig, http: HttpSeam, clock: Callable[[], float]):
        self.config = config
        self.http = http
        self.clock = clock

    def _common(
        self, path: str, access_token: str | None = None, shop_id: str | None = None
    ) -> dict[str, Any]:
        ts = int(self.clock())
        params: dict[str, Any] = {"partner_id": self.config.partner_id, "timestamp": ts}
        if access_token is not None:
            params.update(access_token=access_token, shop_id=shop_id)
        params["sign"] = sign(
            self.config.partner_key, base_string(self.config.partner_id, path, ts, access_token, shop_id)
        )
        return params

    def auth_partner_url(self, redirect: str) -> str:
        path = "/api/v2/shop/auth_partner"
        query = {**self._common(path), "redirect": redirect}
        return f"{self.config.base_url}{path}?{urlencode(query)}"

    def call(
        self,
        method: str,
        path: str,
        *,
        access_token: str | None = None,
        shop_id: str | None = None,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> Envelope:
        """One signed call. Public API when `access_token` is None. Raises ChannelError on any error."""
        query = {**(params or {}), **self._common(path, access_token, shop_id)}
        content = None
        headers = {}
        if body is not None:
            content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        try:
            response = self.http.request(
                method,
                self.config.base_url + path,
                params=query,
                content=content,
                headers=headers,
                files=files,
                data=data,
            )
        except TransportFailure as exc:
            raise transport_error(CHANNEL, exc) from exc
        raw = parse_json(CHANNEL, response.content, response.status_code)
        envelope = parse_model(CHANNEL, Envelope, raw)
        if envelope.error:
            raise error_from(envelope, response.status_code)
        if response.status_code >= 500:
            raise server_error(CHANNEL, response.status_code, request_id=envelope.request_id)
        return envelope
