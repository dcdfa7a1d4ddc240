"""Lazada Open Platform (LazOp) client: signing, transport and the response envelope.

Docs: https://open.lazada.com/apps/doc/doc?nodeId=10450&docId=108068 (signature) ·
https://open.lazada.com/apps/doc/doc?nodeId=10434&docId=108069 (test vector).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

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

CHANNEL = "lazada"
API_URL = "https://api.lazada.co.id/rest"
AUTH_URL = "https://auth.lazada.com/rest"
AUTHORIZE_URL = "https://auth.lazada.com"


def string_to_sign(api_path: str, params: Mapping[str, str]) -> str:
    """Lazada's string to sign: API path + `keyvalue` of every parameter sorted by name, without
    `sign` (file parameters never reach this function)."""
    return api_path + "".join(f"{k}{params[k]}" for k in sorted(params) if k != "sign")


def sign(app_secret: str, api_path: str, params: Mapping[str, str]) -> str:
    """Uppercase hex HMAC-SHA256 keyed with the app secret."""
    digest = hmac.new(app_secret.encode(), string_to_sign(api_path, params).encode(), hashlib.sha256)
    return digest.hexdigest().upper()


@dataclass(frozen=True)
class LazadaConfig:
    app_key: str
    app_secret: str
    base_url: str = API_URL
    auth_url: str = AUTH_URL
    authorize_url: str = AUTHORIZE_URL
    no_brand_id: str = ""  # the marketplace's "No Brand" id, for products without a registered brand


class Envelope(pydantic.BaseModel):
    """`{"code": "0", "data": …, "request_id": …}`; an error has `type` ISV|ISP|SYSTEM and `message`.
    Token endpoints answer at the top level, hence `extra`."""

    model_config = pydantic.ConfigDict(extra="allow")

    code: str
    type: str = ""
    message: str = ""
    request_id: str = ""
    data: Any = None
    detail: list[dict[str, Any]] = []


_KINDS: dict[str, tuple[ErrorKind, bool]] = {
    "IncompleteSignature": ("signature", False),
    "InvalidTimestamp": ("signature", False),
    "IllegalAccessToken": ("auth", False),  # expired or revoked: the adapter refreshes once
    "IllegalRefreshToken": ("auth", False),
    "InvalidCode": ("auth", False),
    "InvalidAppKey": ("auth", False),
    "AUTH_TYPE_UNSUPPORTED": ("auth", False),
    "901": ("throttle", True),
    "ApiCallLimit": ("throttle", True),
    "AppCallLimit": ("throttle", True),
    "ServiceTimeout": ("server", True),
    "ITEM_NOT_FOUND": ("not_found", False),
    # CreateProduct with a SellerSku the seller already uses (message BIZ_CHECK_SELLER_SKU_DUPLICATE).
    "4105": ("duplicate", False),
}


def error_from(envelope: Envelope, status: int) -> ChannelError:
    default: tuple[ErrorKind, bool] = (
        ("server", True) if envelope.type in ("ISP", "SYSTEM") else ("validation", False)
    )
    kind, retryable = _KINDS.get(envelope.code, default)
    message = envelope.message
    if envelope.detail:  # business errors carry the field-level reason here
        message += " " + "; ".join(str(d.get("message", d)) for d in envelope.detail)
    return ChannelError(
        CHANNEL,
        envelope.code,
        message,
        kind=kind,
        retryable=retryable,
        request_id=envelope.request_id,
        http_status=status,
    )


class LazadaClient:
    def __init__(self, config: LazadaConfig, http: HttpSeam, clock: Callable[[], float]):
        self.config = config
        self.http = http
        self.clock = clock

    def call(
        self,
        method: str,
        api_path: str,
        *,
        access_token: str | None = None,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        auth: bool = False,
    ) -> Envelope:
        """System parameters in the URL; business parameters in the URL (GET) or the form body
        (POST, "to avoid the URL being too long"). All of them are signed; files are not."""
        system = {
            "app_key": self.config.app_key,
            "timestamp": str(int(self.clock() * 1000)),
            "sign_method": "sha256",
        }
        if access_token is not None:
            system["access_token"] = access_token
        business = {k: str(v) for k, v in (params or {}).items()}
        system["sign"] = sign(self.config.app_secret, api_path, {**system, **business})
        url = (self.config.auth_url if auth else self.config.base_url) + api_path
        try:
            if method == "GET":
                response = self.http.request("GET", url, params={**system, **business})
            else:
                response = self.http.request("POST", url, params=system, data=business, files=files)
        except TransportFailure as exc:
            raise transport_error(CHANNEL, exc) from exc
        envelope = parse_model(CHANNEL, Envelope, parse_json(CHANNEL, response.content, response.status_code))
        if envelope.code != "0":
            raise error_from(envelope, response.status_code)
        if response.status_code >= 500:
            raise server_error(CHANNEL, response.status_code, request_id=envelope.request_id)
        return envelope
