"""TikTok Shop Partner API (202309) client: signing, transport and the response envelope.

This is also the only route to Tokopedia since its own Open API closed on 2025-09-30
(`listing_platforms: [TOKOPEDIA, TIKTOK_SHOP]`).
Docs: https://partner.tiktokshop.com/docv2/page/sign-your-api-request ·
https://partner.tiktokshop.com/docv2/page/common-errors · reference: docs/marketplaces.md §2.
"""

from __future__ import annotations

import hashlib
import hmac
import json
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

CHANNEL = "tiktok"
API_URL = "https://open-api.tiktokglobalshop.com"
AUTH_URL = "https://auth.tiktok-shops.com"
AUTHORIZE_URL = "https://services.tiktokshop.com"


def string_to_sign(path: str, query: Mapping[str, str], body: bytes = b"") -> bytes:
    """§2.3 steps 1–4: path + sorted `{key}{value}` (without sign and access_token) + raw body.
    Bytes, because the body must be signed exactly as sent."""
    pairs = "".join(f"{k}{query[k]}" for k in sorted(query) if k not in ("sign", "access_token"))
    return (path + pairs).encode() + body


def sign(
    app_secret: str, path: str, query: Mapping[str, str], body: bytes = b"", *, multipart: bool = False
) -> str:
    """Steps 5–6: wrap with the secret, lowercase hex HMAC-SHA256. Multipart bodies are not signed."""
    secret = app_secret.encode()
    wrapped = secret + string_to_sign(path, query, b"" if multipart else body) + secret
    return hmac.new(secret, wrapped, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class TikTokConfig:
    app_key: str
    app_secret: str
    service_id: str = ""
    base_url: str = API_URL
    auth_url: str = AUTH_URL
    authorize_url: str = AUTHORIZE_URL


class Envelope(pydantic.BaseModel):
    """`{"code": 0, "message": "Success", "request_id": …, "data": …}`; success iff code == 0."""

    model_config = pydantic.ConfigDict(extra="ignore")

    code: int
    message: str = ""
    request_id: str = ""
    data: Any = None


_KINDS: dict[int, tuple[ErrorKind, bool]] = {
    106001: ("signature", False),
    105002: ("auth", False),  # expired token: the adapter refreshes once
    105005: ("auth", False),
    101000: ("auth", False),
    36009033: ("auth", False),
    36004005: ("auth", False),
    36004001: ("auth", False),
    106013: ("validation", False),
    36009002: ("throttle", True),
    36009003: ("server", True),
    36009007: ("server", True),
    12052032: ("not_found", False),
}


def error_from(envelope: Envelope, status: int) -> ChannelError:
    kind, retryable = _KINDS.get(envelope.code, ("validation", False))
    if envelope.code == 36009004:  # one code, several causes: read the message
        text = envelope.message
        kind = "auth" if ("access_token" in text or "app_key" in text) else "signature"
        if "identifier" in text:
            kind = "validation"
    if status >= 500 and envelope.code not in _KINDS:
        kind, retryable = "server", True
    return ChannelError(
        CHANNEL,
        str(envelope.code),
        envelope.message,
        kind=kind,
        retryable=retryable,
        request_id=envelope.request_id,
        http_status=status,
    )


class TikTokClient:
    def __init__(self, config: TikTokConfig, http: HttpSeam, clock: Callable[[], float]):
        self.config = config
        self.http = http
        self.clock = clock

    def _send(self, method: str, url: str, **kwargs: Any) -> Envelope:
        try:
            response = self.http.request(method, url, **kwargs)
        except TransportFailure as exc:
            raise transport_error(CHANNEL, exc) from exc
        raw = parse_json(CHANNEL, response.content, response.status_code)
        envelope = parse_model(CHANNEL, Envelope, raw)
        if envelope.code != 0:
            raise error_from(envelope, response.status_code)
        if response.status_code >= 500:
            raise server_error(CHANNEL, response.status_code, request_id=envelope.request_id)
        return envelope

    def token(self, path: str, **params: str) -> Envelope:
        """Token endpoints on the auth host: unsigned, the app secret travels in the query (§2.2)."""
        query = {"app_key": self.config.app_key, "app_secret": self.config.app_secret, **params}
        return self._send("GET", self.config.auth_url + path, params=query)

    def call(
        self,
        method: str,
        path: str,
        *,
        access_token: str,
        shop_cipher: str | None = None,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> Envelope:
        query = {k: str(v) for k, v in (params or {}).items()}
        query.update(app_key=self.config.app_key, timestamp=str(int(self.clock())))
        if shop_cipher is not None:
            query["shop_cipher"] = shop_cipher
        headers = {"x-tts-access-token": access_token}
        content = b""
        if body is not None:
            # Serialise once; the same bytes are signed and sent (§2.3 pitfall c).
            content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        query["sign"] = sign(self.config.app_secret, path, query, content, multipart=files is not None)
        return self._send(
            method,
            self.config.base_url + path,
            params=query,
            headers=headers,
            content=content if body is not None else None,
            files=files,
            data=data,
        )
