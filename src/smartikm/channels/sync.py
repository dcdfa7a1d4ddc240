"""Running queued operations against the channels: publish, update price/stock, unlist, delete,
and reconciling listing status by polling.

A `Worker` is one thread of a worker process. It owns its small caches (adapters per shop and token
version, buckets already created) — nothing is shared through module globals; the rate limit and
the job claims live in the database, so any number of processes can run side by side.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from smartikm.channels import queue, ratelimit
from smartikm.channels.adapters import build_adapter, credentials_of
from smartikm.channels.choices import ChannelState, ConnectionState, JobState, ListingState, SyncOp
from smartikm.channels.marketplaces.base import ChannelError, ListingRef, ListingStatus
from smartikm.channels.models import Listing, SyncJob
from smartikm.channels.readiness import mapping_for, retired_message
from smartikm.channels.specs import listing_spec
from smartikm.channels.tokens import REFRESH_MARGIN_S, refresh_connection, save_refreshed_credentials
from smartikm.channels.transitions import InvalidTransition, move_listing
from smartikm.core.http import HttpClient

log = logging.getLogger(__name__)

STATUS_MAP = {
    ListingStatus.DRAFT: ListingState.PENDING,
    ListingStatus.IN_REVIEW: ListingState.IN_REVIEW,
    ListingStatus.LIVE: ListingState.LIVE,
    ListingStatus.INACTIVE: ListingState.INACTIVE,
    ListingStatus.REJECTED: ListingState.REJECTED,
    ListingStatus.BANNED: ListingState.BANNED,
    ListingStatus.DELETED: ListingState.DELETED,
}


class LimitedHttp:
    """The HTTP seam with the shared token bucket in front: one token per request sent, whichever
    adapter call (create, lookup, refresh) makes it."""

    def __init__(self, http: HttpClient, key: str, *, timeout_s: float = 30.0):
        self._http, self._key, self._timeout = http, key, timeout_s

    def request(self, method: str, url: str, **kwargs: Any):
        if not ratelimit.acquire(self._key, timeout_s=self._timeout):
            raise ChannelError(
                "hub",
                "local_rate_limit",
                "no token from the shared bucket in time",
                kind="throttle",
                retryable=True,
            )
        return self._http.request(method, url, **kwargs)

    def close(self) -> None:  # the wrapped client belongs to the worker
        return


class _Release(Exception):
    """Put the job back without counting an attempt."""

    def __init__(self, delay_s: float):
        self.delay_s = delay_s


class Worker:
    def __init__(self, name: str, http: HttpClient, *, batch: int = 10):
        self.name, self.http, self.batch = name, http, batch
        self._adapters: dict[tuple[int, int], Any] = {}
        self._buckets: set[str] = set()

    # ---- loop
    def run_once(self) -> int:
        jobs = queue.claim(self.name, limit=self.batch)
        for job in jobs:
            self.run(job)
        return len(jobs)

    def run_until_idle(self, *, max_rounds: int = 1000) -> int:
        done = 0
        for _round in range(max_rounds):
            n = self.run_once()
            if not n:
                break
            done += n
        return done

    # ---- one job
    def run(self, job: SyncJob) -> None:
        listing = job.listing
        channel = job.channel
        if channel.state == ChannelState.RETIRED:
            queue.cancel(job, reason=retired_message(channel))
            return
        try:
            self._execute(job, listing)
        except _Release as release:
            queue.release(job, delay_s=release.delay_s)
        except ChannelError as error:
            self._failed(job, listing, error)
        except Exception as exc:  # noqa: BLE001 - a bug in one job must not stop the worker
            log.exception("sync job %s crashed", job.pk)
            queue.fail(
                job,
                user_message=_(
                    "Terjadi kesalahan sistem saat mengirim ke kanal. Tim teknis sudah diberi tahu."
                ),
                detail=repr(exc),
                kind="internal",
            )

    def _failed(self, job: SyncJob, listing: Listing, error: ChannelError) -> None:
        if error.code == "local_rate_limit":  # our own bucket was busy: not the channel's fault
            queue.release(job, delay_s=0.5)
            return
        key = ratelimit.bucket_key(
            job.channel.code, listing.connection.shop_id if listing.connection else "-"
        )
        if error.kind == "throttle" and error.code != "local_rate_limit":
            ratelimit.penalise(key)
        if error.retryable and job.attempts < job.max_attempts:
            delay = max(queue.backoff_delay(job.attempts), error.retry_after_s or 0.0)
            queue.retry(
                job,
                user_message=error.user_message,
                detail=str(error),
                kind=error.kind,
                delay_s=delay,
                throttled=error.kind == "throttle",
            )
            return
        message = error.user_message
        if error.retryable:
            message = _("%(message)s Sudah dicoba %(n)s kali; pengiriman dihentikan.") % {
                "message": message,
                "n": job.attempts,
            }
        if queue.fail(job, user_message=message, detail=str(error), kind=error.kind):
            marked = False
            if job.op == SyncOp.PUBLISH and not listing.channel_item_id:  # nothing was created
                try:
                    move_listing(listing, ListingState.ERROR, last_error=message)
                    marked = True
                except InvalidTransition:
                    pass  # deleted or closed meanwhile: that state stays, the message is still kept
            if not marked:
                Listing.objects.filter(pk=listing.pk).update(last_error=message)

    def _adapter(self, listing: Listing):
        conn = listing.connection
        if conn is None or conn.state != ConnectionState.CONNECTED:
            raise ChannelError(
                listing.channel.code, "not_connected", "shop not connected", kind="auth", retryable=False
            )
        key = ratelimit.bucket_key(listing.channel.code, conn.shop_id)
        if key not in self._buckets:
            ratelimit.ensure_bucket(key, listing.channel.rate_per_s, listing.channel.burst)
            self._buckets.add(key)
        http = LimitedHttp(self.http, key)
        if (conn.access_expires_at or 0) - time.time() <= REFRESH_MARGIN_S:
            conn = refresh_connection(conn.pk, http=http)  # locked: single-use refresh tokens
            listing.connection = conn
            if conn.state != ConnectionState.CONNECTED:
                raise ChannelError(
                    listing.channel.code, "expired", conn.last_error, kind="auth", retryable=False
                )
        cache_key = (conn.pk, conn.token_version)
        adapter = self._adapters.get(cache_key)
        if adapter is None:
            conn_id = conn.pk

            def on_refresh(creds, conn_id=conn_id):
                save_refreshed_credentials(conn_id, creds, note="refreshed during a call")

            adapter = build_adapter(listing.channel, credentials_of(conn), http=http, on_refresh=on_refresh)
            self._adapters[cache_key] = adapter
        return adapter

    def _execute(self, job: SyncJob, listing: Listing) -> None:
        if job.op != SyncOp.PUBLISH and not listing.channel_item_id:
            publishing = SyncJob.objects.filter(
                listing=listing, op=SyncOp.PUBLISH, state__in=(JobState.QUEUED, JobState.RUNNING)
            ).exists()
            if publishing:
                raise _Release(1.0)  # the create has not finished yet; wait for it
            raise ChannelError(
                listing.channel.code,
                "not_published",
                "listing has no channel item",
                kind="validation",
                retryable=False,
                user_message=_("Produk belum terbit di kanal ini; terbitkan dahulu."),
            )
        adapter = self._adapter(listing)
        getattr(self, f"_op_{job.op}")(adapter, job, listing)
        if queue.complete(job):
            Listing.objects.filter(pk=listing.pk).update(last_synced_at=timezone.now(), last_error="")

    # ---- operations
    def _op_publish(self, adapter, job: SyncJob, listing: Listing) -> None:
        fresh = Listing.objects.only("channel_item_id", "image_refs").get(pk=listing.pk)
        if fresh.channel_item_id:
            return  # re-run of a publish that already succeeded: nothing to create
        mapping = mapping_for(listing.product, listing.channel)
        if mapping is None:
            raise ChannelError(
                listing.channel.code,
                "no_mapping",
                "category not mapped",
                kind="validation",
                retryable=False,
                user_message=_("Kategori produk belum dipetakan ke kanal ini."),
            )
        listing.image_refs = fresh.image_refs or self._upload_images(adapter, listing)
        ref = None
        if job.attempts > 1:
            # An earlier attempt may have created it before dying or timing out: look first.
            ref = adapter.find_listing_by_sku(listing.seller_sku)
        if ref is None:
            spec = listing_spec(listing, mapping, idempotency_key=f"publish-{listing.pk}")
            try:
                ref = adapter.create_listing(spec)
            except ChannelError as error:
                # The channel already has an item with our seller SKU (an earlier attempt created
                # it, or the owner did by hand): adopt it instead of failing or creating another.
                if error.kind != "duplicate":
                    raise
                ref = adapter.find_listing_by_sku(listing.seller_sku)
                if ref is None:
                    raise
        move_listing(
            listing,
            ListingState.LIVE,
            channel_item_id=ref.item_id,
            sku_ids=dict(ref.sku_ids),
            channel_status="",
        )

    def _upload_images(self, adapter, listing: Listing) -> list[str]:
        refs = []
        for image in listing.product.images.order_by("position", "id")[:9]:
            with image.image.open("rb") as fh:
                refs.append(adapter.upload_image(fh.read(), filename=f"{image.token}.jpg"))
        # Saved at once, so a retry of the create does not upload the photos again.
        Listing.objects.filter(pk=listing.pk).update(image_refs=refs)
        return refs

    def _ref(self, listing: Listing) -> ListingRef:
        fresh = Listing.objects.only("channel_item_id", "sku_ids").get(pk=listing.pk)
        return ListingRef(fresh.channel_item_id, dict(fresh.sku_ids or {}))

    def _check_batch(self, listing: Listing, result) -> None:
        if result.failed:
            reasons = "; ".join(f.message for f in result.failed.values())
            raise ChannelError(
                listing.channel.code, "sku_failed", reasons, kind="validation", retryable=False
            )

    def _op_update_price(self, adapter, job, listing: Listing) -> None:
        product = type(listing.product).objects.only("price").get(pk=listing.product_id)
        self._check_batch(
            listing, adapter.update_price(self._ref(listing), {listing.seller_sku: int(product.price)})
        )

    def _op_update_stock(self, adapter, job, listing: Listing) -> None:
        product = type(listing.product).objects.only("stock").get(pk=listing.product_id)
        self._check_batch(
            listing, adapter.update_stock(self._ref(listing), {listing.seller_sku: int(product.stock)})
        )

    def _op_unlist(self, adapter, job, listing: Listing) -> None:
        adapter.set_active(self._ref(listing), False)
        move_listing(listing, ListingState.INACTIVE)

    def _op_delete(self, adapter, job, listing: Listing) -> None:
        try:
            adapter.delete_listing(self._ref(listing))
        except ChannelError as error:
            if error.kind != "not_found":  # already gone: the goal is reached
                raise
        move_listing(listing, ListingState.DELETED, closed_at=timezone.now())

    # ---- reconciliation by polling
    def reconcile(self, listing: Listing) -> Listing:
        """Ask the channel for the listing's status (review, bans, deletions happen there)."""
        adapter = self._adapter(listing)
        try:
            remote = adapter.get_listing(self._ref(listing))
        except ChannelError as error:
            if error.kind != "not_found":
                raise
            state, channel_status = ListingState.DELETED, "not_found"
        else:
            state, channel_status = STATUS_MAP.get(remote.status, ListingState.LIVE), remote.channel_status
        try:
            move_listing(listing, state, channel_status=channel_status[:40], last_synced_at=timezone.now())
        except InvalidTransition:
            # The channel reports a state our table rules out (an item of a retired channel seen
            # live again, a deleted one back under review): keep ours, note what the channel said.
            log.warning("listing %s: channel reports %s, kept %s", listing.pk, state, listing.state)
            Listing.objects.filter(pk=listing.pk).update(
                channel_status=channel_status[:40], last_synced_at=timezone.now()
            )
            listing.channel_status = channel_status
        return listing
