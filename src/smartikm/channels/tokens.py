"""Shop tokens: storing the credentials a marketplace issued, and refreshing them before they expire.

Used by the connection actions, the sync worker and the periodic refresh task. Shopee's refresh
token is single-use, so every refresh holds the connection row locked until the new one is stored.
"""

import time

from django.db import transaction

from smartikm.channels.adapters import build_adapter, credentials_of
from smartikm.channels.choices import ConnectionState
from smartikm.channels.marketplaces.base import ChannelError, Credentials
from smartikm.channels.models import ShopConnection
from smartikm.core.audit import record, snapshot
from smartikm.core.http import HttpSeam

REFRESH_MARGIN_S = 600.0  # refresh ten minutes before expiry: longer than any job holds a token


def apply_credentials(conn: ShopConnection, creds: Credentials) -> None:
    conn.shop_id = creds.shop_id
    conn.access_token = creds.access_token
    conn.refresh_token = creds.refresh_token
    conn.access_expires_at = creds.access_expires_at
    conn.refresh_expires_at = creds.refresh_expires_at
    conn.extra = dict(creds.extra)
    conn.token_version += 1


@transaction.atomic
def save_refreshed_credentials(connection_id: int, creds: Credentials, *, note: str = "") -> ShopConnection:
    """Persist a refresh the adapter already made. Row-locked: Shopee's refresh token is single-use,
    the NEW one must be stored before anything else happens or the shop is disconnected."""
    conn = ShopConnection.objects.select_for_update().get(pk=connection_id)
    before = snapshot(conn)
    apply_credentials(conn, creds)
    conn.state = ConnectionState.CONNECTED
    conn.save()
    record("shop_connection.token_refreshed", conn, before=before, after=snapshot(conn), note=note)
    return conn


def refresh_connection(
    connection_id: int, *, http: HttpSeam, force: bool = False, margin_s: float = REFRESH_MARGIN_S
) -> ShopConnection:
    """Refresh the shop's access token if it expires within `margin_s` (or `force`).

    The row stays locked (select_for_update) during the refresh call, so two workers never spend the
    same single-use refresh token: the second one waits, then sees the new expiry and does nothing.
    """
    with transaction.atomic():
        conn = ShopConnection.objects.select_for_update().select_related("channel").get(pk=connection_id)
        if not force and (conn.access_expires_at or 0) - time.time() > margin_s:
            return conn
        adapter = build_adapter(conn.channel, credentials_of(conn), http=http)
        try:
            creds = adapter.refresh(credentials_of(conn))
        except ChannelError as error:
            if error.retryable:
                raise
            conn.state = ConnectionState.EXPIRED
            conn.last_error = error.user_message
            conn.save(update_fields=["state", "last_error", "updated_at"])
            record("shop_connection.expired", conn, note=error.message[:500])
            return conn
        before = snapshot(conn)
        apply_credentials(conn, creds)
        conn.save()
        record("shop_connection.token_refreshed", conn, before=before, after=snapshot(conn))
        return conn
