"""From a Channel row (and a shop connection) to a configured protocol adapter.

The only place in the hub that knows the adapter classes; everything else talks to the common
interface of marketplaces/base.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from smartikm.channels.marketplaces.base import ChannelError, Credentials, MarketplaceAdapter
from smartikm.channels.marketplaces.lazada.adapter import LazadaAdapter
from smartikm.channels.marketplaces.lazada.client import LazadaConfig
from smartikm.channels.marketplaces.shopee.adapter import ShopeeAdapter
from smartikm.channels.marketplaces.shopee.client import ShopeeConfig
from smartikm.channels.marketplaces.tiktok.adapter import TikTokAdapter
from smartikm.channels.marketplaces.tiktok.client import TikTokConfig
from smartikm.core.http import HttpSeam

if TYPE_CHECKING:
    from smartikm.channels.models import Channel, ShopConnection


def credentials_of(connection: ShopConnection) -> Credentials:
    return Credentials(
        shop_id=connection.shop_id,
        access_token=connection.access_token or "",
        refresh_token=connection.refresh_token or "",
        access_expires_at=connection.access_expires_at or 0.0,
        refresh_expires_at=connection.refresh_expires_at,
        extra=dict(connection.extra or {}),
    )


def _urls(channel: Channel, **defaults: str) -> dict[str, str]:
    # A channel pointed at one host (a fake, a sandbox) uses it for API and auth alike unless told.
    base = channel.api_base_url
    out = {"base_url": base} if base else {}
    for name in defaults:
        value = (channel.config or {}).get(name) or base
        if value:
            out[name] = value
    return out


def build_adapter(
    channel: Channel,
    credentials: Credentials | None = None,
    *,
    http: HttpSeam,
    on_refresh: Callable[[Credentials], None] | None = None,
) -> MarketplaceAdapter:
    cfg = channel.config or {}
    if channel.adapter == "shopee":
        config = ShopeeConfig(int(channel.app_key or 0), channel.app_secret or "", **_urls(channel))
        return ShopeeAdapter(config, credentials, http=http, on_refresh=on_refresh)
    if channel.adapter == "tiktok":
        tiktok_config = TikTokConfig(
            channel.app_key,
            channel.app_secret or "",
            service_id=str(cfg.get("service_id", "")),
            **_urls(channel, auth_url="", authorize_url=""),
        )
        return TikTokAdapter(tiktok_config, credentials, http=http, on_refresh=on_refresh)
    if channel.adapter == "lazada":
        lazada_config = LazadaConfig(
            channel.app_key, channel.app_secret or "", **_urls(channel, auth_url="", authorize_url="")
        )
        return LazadaAdapter(lazada_config, credentials, http=http, on_refresh=on_refresh)
    raise ChannelError(
        channel.code,
        "unsupported",
        f"no adapter for channel {channel.code}",
        kind="unsupported",
        retryable=False,
        user_message=f"{channel.name} tidak mendukung pengiriman otomatis.",
    )
