"""Background work on the Django Tasks worker (`smartikm db_worker`). The queue rows are the truth;
tasks only wake a worker up, so a task lost between enqueue and run loses no operation."""

from __future__ import annotations

import logging
import socket
import time

from django.conf import settings
from django.tasks import task

from smartikm.channels.adapters import build_adapter, credentials_of
from smartikm.channels.choices import ConnectionState, ListingState
from smartikm.channels.marketplaces.base import ChannelError
from smartikm.channels.models import Listing, ShopConnection
from smartikm.channels.orders import import_orders
from smartikm.channels.sync import Worker
from smartikm.channels.tokens import REFRESH_MARGIN_S, refresh_connection
from smartikm.core.http import HttpClient

log = logging.getLogger(__name__)


def nudge_enabled() -> bool:
    return bool(getattr(settings, "CHANNEL_SYNC_NUDGE_TASKS", True))


def _worker_name() -> str:
    return f"task@{socket.gethostname()}"


@task()
def drain_sync_queue(max_rounds: int = 50) -> int:
    """Run due sync jobs until none is due (or `max_rounds` batches)."""
    with HttpClient() as http:
        return Worker(_worker_name(), http).run_until_idle(max_rounds=max_rounds)


@task()
def refresh_expiring_tokens(margin_s: float = REFRESH_MARGIN_S) -> dict[str, int]:
    """Refresh every connected shop whose access token expires within `margin_s` (run periodically:
    the schedule gives a margin longer than its interval, so a token is refreshed before it expires).
    A shop whose channel is down for the moment does not stop the others; the next run tries again."""
    ids = list(
        ShopConnection.objects.filter(
            state=ConnectionState.CONNECTED, access_expires_at__lte=time.time() + margin_s
        ).values_list("pk", flat=True)
    )
    failed = 0
    with HttpClient() as http:
        for pk in ids:
            try:
                refresh_connection(pk, http=http, margin_s=margin_s)
            except ChannelError as error:  # only retryable errors get here (tokens.refresh_connection)
                log.warning("token refresh of shop connection %s failed: %s", pk, error.message)
                failed += 1
    return {"due": len(ids), "failed": failed}


@task()
def import_shop_orders(connection_id: int) -> dict:
    try:
        conn = ShopConnection.objects.select_related("channel").get(pk=connection_id)
        with HttpClient() as http:
            return import_orders(conn, build_adapter(conn.channel, credentials_of(conn), http=http))
    finally:
        # The shop may be queued again (actions.queue_order_imports), whether this import worked or not.
        ShopConnection.objects.filter(pk=connection_id).update(orders_import_queued_at=None)


@task()
def reconcile_listings(limit: int = 500) -> int:
    """Poll the channels for the status of live and in-review listings, oldest sync first."""
    listings = (
        Listing.objects.filter(
            state__in=(ListingState.LIVE, ListingState.IN_REVIEW), connection__isnull=False
        )
        .exclude(channel_item_id="")
        .select_related("channel", "connection", "product")
        .order_by("last_synced_at")[:limit]
    )
    with HttpClient() as http:
        worker = Worker(_worker_name(), http)
        for listing in listings:
            worker.reconcile(listing)
    return len(listings)
