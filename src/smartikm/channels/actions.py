"""Changes made by the marketplace hub: one function per change, atomic, audited; sync work is
queued in the same transaction and the worker is nudged on commit. Listing and job states change
only through `channels.transitions`, along the tables in `channels.choices`.

Errors are Django's own: `ValidationError` (Indonesian message) for refused changes,
`PermissionDenied` when the actor may not act for the product's producer.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from smartikm.accounts.capabilities import Capability
from smartikm.accounts.permissions import users_with_capability
from smartikm.channels import queue
from smartikm.channels.adapters import build_adapter
from smartikm.channels.choices import (
    CHANNEL_TRANSITIONS,
    OPEN_LISTING_STATES,
    ChannelKind,
    ChannelState,
    ConnectionState,
    JobState,
    ListingState,
    SyncOp,
)
from smartikm.channels.models import Channel, Listing, QueueAlert, ShopConnection, SyncJob
from smartikm.channels.readiness import publish_blockers, retired_message
from smartikm.channels.specs import seller_sku_for
from smartikm.channels.tasks import drain_sync_queue, import_shop_orders, nudge_enabled
from smartikm.channels.tokens import apply_credentials
from smartikm.channels.transitions import InvalidTransition, move_jobs, move_listing, move_listings
from smartikm.core.audit import record, snapshot
from smartikm.core.http import HttpClient
from smartikm.producers.actions import producer_for
from smartikm.producers.permissions import can_manage


def _nudge_worker() -> None:
    # The worker drains the persisted queue; the task only wakes it, so a lost task loses nothing.
    if nudge_enabled():
        transaction.on_commit(lambda: drain_sync_queue.enqueue())


def _require_manage(user, producer) -> None:
    if not can_manage(user, producer):
        raise PermissionDenied(_("Anda tidak berhak mengelola kanal penjualan produsen ini."))


# Channel lifecycle ------------------------------------------------------------------------------


@transaction.atomic
def change_channel_state(
    channel: Channel, state: str, *, actor, effective_date: datetime.date | None = None, note: str = ""
) -> Channel:
    """active → deprecated → retired. Retiring closes out every open listing (rows and history kept)
    and cancels the channel's queued work, so nothing new is sent."""
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if state not in CHANNEL_TRANSITIONS[channel.state]:
        raise InvalidTransition(
            _("Status kanal tidak dapat diubah dari %(old)s ke %(new)s.")
            % {"old": channel.get_state_display(), "new": ChannelState(state).label}
        )
    before = snapshot(channel)
    channel.state = state
    channel.effective_date = effective_date or timezone.localdate()
    channel.save(update_fields=["state", "effective_date", "updated_at"])
    closed = cancelled = 0
    if state == ChannelState.RETIRED:
        now = timezone.now()
        closed = move_listings(
            Listing.objects.filter(channel=channel, state__in=OPEN_LISTING_STATES),
            ListingState.CLOSED,
            closed_at=now,
            last_error=retired_message(channel),
        )
        cancelled = move_jobs(
            SyncJob.objects.filter(channel=channel),
            JobState.CANCELLED,
            finished_at=now,
            lease_until=None,
            last_error=retired_message(channel),
        )
    record(
        "channel.state_changed",
        channel,
        actor=actor,
        before=before,
        after=snapshot(channel),
        note=note
        or _("%(closed)s listing ditutup, %(cancelled)s tugas dibatalkan.")
        % {"closed": closed, "cancelled": cancelled},
    )
    return channel


def retire_channel(channel: Channel, *, actor, effective_date: datetime.date | None = None, note: str = ""):
    return change_channel_state(
        channel, ChannelState.RETIRED, actor=actor, effective_date=effective_date, note=note
    )


def _require_open(channel: Channel, *, new: bool) -> None:
    if channel.state == ChannelState.RETIRED:
        raise ValidationError(retired_message(channel))
    if new and channel.state == ChannelState.DEPRECATED:
        raise ValidationError(
            _("Kanal %(channel)s akan dihentikan; sambungan dan listing baru tidak diterima lagi.")
            % {"channel": channel.name}
        )


# Shop connections -------------------------------------------------------------------------------


@transaction.atomic
def start_connection(channel: Channel, producer, *, actor) -> ShopConnection:
    """A pending connection carrying a one-time `oauth_state` (CSRF guard for the callback).
    `producer` is a Producer or the IKM / UPT organisation behind it."""
    producer = producer_for(producer)
    _require_manage(actor, producer)
    _require_open(channel, new=True)
    if channel.kind != ChannelKind.API:
        raise ValidationError(_("Kanal ini tidak memakai sambungan toko."))
    conn = ShopConnection.objects.create(
        channel=channel, oauth_state=secrets.token_urlsafe(24), created_by=actor, producer=producer
    )
    record("shop_connection.started", conn, actor=actor, after=snapshot(conn))
    return conn


def complete_connection(
    oauth_state: str, code: str, *, actor, http: HttpClient, shop_id: str | None = None
) -> ShopConnection:
    """The callback: exchange the one-time code (outside the transaction: it is an HTTP call), then
    save the tokens. A shop connected before by the same producer is reconnected, not duplicated."""
    pending = (
        ShopConnection.objects.select_related("channel")
        .filter(oauth_state=oauth_state, state=ConnectionState.PENDING)
        .first()
    )
    if not oauth_state or pending is None:
        raise ValidationError(_("Tautan persetujuan tidak dikenal atau sudah dipakai. Silakan ulangi."))
    if pending.created_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Persetujuan ini dimulai oleh akun lain."))
    creds = build_adapter(pending.channel, http=http).exchange_code(code, shop_id=shop_id)
    with transaction.atomic():
        conn = ShopConnection.objects.select_for_update().get(pk=pending.pk)
        existing = (
            ShopConnection.objects.select_for_update()
            .filter(channel=conn.channel, shop_id=creds.shop_id)
            .exclude(pk=conn.pk)
            .first()
        )
        if existing is not None:
            if existing.producer_id != conn.producer_id:
                raise ValidationError(_("Toko ini sudah tersambung ke produsen lain."))
            conn.delete()
            conn = existing
        before = snapshot(conn)
        apply_credentials(conn, creds)
        conn.state = ConnectionState.CONNECTED
        conn.oauth_state = ""
        conn.connected_at = timezone.now()
        conn.last_error = ""
        conn.shop_name = conn.shop_name or f"{conn.channel.name} {creds.shop_id}"
        conn.save()
        record("shop_connection.connected", conn, actor=actor, before=before, after=snapshot(conn))
    return conn


@transaction.atomic
def disconnect_shop(conn: ShopConnection, *, actor) -> ShopConnection:
    _require_manage(actor, conn.producer)
    conn = ShopConnection.objects.select_for_update().get(pk=conn.pk)
    before = snapshot(conn)
    conn.state = ConnectionState.DISCONNECTED
    conn.access_token = conn.refresh_token = ""
    conn.save()
    record("shop_connection.disconnected", conn, actor=actor, before=before, after=snapshot(conn))
    return conn


# Listings --------------------------------------------------------------------------------------


def _listing_for(product, channel: Channel, conn: ShopConnection | None) -> Listing:
    listing, _created = Listing.objects.get_or_create(
        channel=channel,
        connection=conn,
        product=product,
        defaults={"seller_sku": seller_sku_for(product)},
    )
    return listing


@transaction.atomic
def set_listing_attributes(product, conn: ShopConnection, values: Mapping[str, object], *, actor) -> Listing:
    """The owner fills the channel's required attributes for this product (before publishing)."""
    _require_manage(actor, product.producer)
    listing = _listing_for(product, conn.channel, conn)
    before = snapshot(listing)
    listing.attributes = {str(k): v for k, v in values.items() if v not in (None, "", [])}
    listing.save(update_fields=["attributes", "updated_at"])
    record("listing.attributes_set", listing, actor=actor, before=before, after=snapshot(listing))
    return listing


@transaction.atomic
def publish_product(product, conn: ShopConnection, *, actor) -> Listing:
    """Queue the product for publishing on the shop. Refused (ValidationError listing every reason)
    when the channel is retired, the product is not ready for it, or an eligibility rule objects."""
    _require_manage(actor, product.producer)
    conn = ShopConnection.objects.select_related("channel").get(pk=conn.pk)  # current state, not a stale copy
    channel = conn.channel
    existing = Listing.objects.filter(channel=channel, connection=conn, product=product).first()
    _require_open(channel, new=existing is None or not existing.channel_item_id)
    if conn.state != ConnectionState.CONNECTED:
        raise ValidationError(_("Toko belum tersambung. Sambungkan toko terlebih dahulu."))
    if conn.producer_id != product.producer_id:
        raise PermissionDenied(_("Toko ini milik produsen lain."))
    listing = existing or _listing_for(product, channel, conn)
    reasons = publish_blockers(product, channel, listing)
    if reasons:
        raise ValidationError(reasons)
    before = snapshot(listing)
    if listing.channel_item_id:
        # Already on the channel: bring price and stock up to date instead of creating again.
        queue.enqueue(listing, SyncOp.UPDATE_PRICE)
        queue.enqueue(listing, SyncOp.UPDATE_STOCK)
    else:
        move_listing(listing, ListingState.PENDING, last_error="")
        queue.enqueue(listing, SyncOp.PUBLISH)
    record("listing.publish_requested", listing, actor=actor, before=before, after=snapshot(listing))
    _nudge_worker()
    return listing


def _open_api_listings(product, *, exclude: Listing | None = None):
    qs = Listing.objects.filter(
        product=product,
        channel__kind=ChannelKind.API,
        channel__state__in=(ChannelState.ACTIVE, ChannelState.DEPRECATED),
        state__in=(ListingState.PENDING, ListingState.LIVE, ListingState.IN_REVIEW, ListingState.INACTIVE),
    ).select_related("channel")
    return qs.exclude(pk=exclude.pk) if exclude is not None else qs


@transaction.atomic
def push_product_changes(
    product, *, price: bool = False, stock: bool = False, actor=None, exclude=None
) -> int:
    """Queue price and/or stock updates to every open API listing of the product (for the catalogue
    to call after an edit, and for order import to call for the OTHER channels)."""
    count = 0
    for listing in _open_api_listings(product, exclude=exclude):
        if price:
            queue.enqueue(listing, SyncOp.UPDATE_PRICE)
            count += 1
        if stock:
            queue.enqueue(listing, SyncOp.UPDATE_STOCK)
            count += 1
    if count:
        record(
            "product.channel_push",
            product,
            actor=actor,
            note=_("%(n)s pembaruan dikirim ke kanal.") % {"n": count},
        )
        _nudge_worker()
    return count


def push_stock_change(product, *, exclude: Listing | None = None, actor=None) -> int:
    """Receiver of the catalogue's "stock_changed" hook: a sale or its cancellation moved the stock,
    so every OTHER open channel listing gets the new figure (`exclude`: the selling channel's)."""
    return push_product_changes(product, stock=True, exclude=exclude, actor=actor)


@transaction.atomic
def unlist_listing(listing: Listing, *, actor, delete: bool = False) -> Listing:
    _require_manage(actor, listing.product.producer)
    _require_open(Channel.objects.get(pk=listing.channel_id), new=False)
    queue.enqueue(listing, SyncOp.DELETE if delete else SyncOp.UNLIST)
    record("listing.delete_requested" if delete else "listing.unlist_requested", listing, actor=actor)
    _nudge_worker()
    return listing


@transaction.atomic
def add_store_link(product, channel: Channel, url: str, *, actor) -> Listing:
    """Link-only channels (Blibli, Ralali, …): the owner's own store page, nothing is synced."""
    _require_manage(actor, product.producer)
    channel = Channel.objects.get(pk=channel.pk)
    _require_open(channel, new=True)
    if channel.kind != ChannelKind.LINK:
        raise ValidationError(_("Kanal ini bukan kanal tautan."))
    reasons = publish_blockers(product, channel)
    if reasons:
        raise ValidationError(reasons)
    listing = _listing_for(product, channel, None)
    before = snapshot(listing)
    listing.store_url = url
    listing.save(update_fields=["store_url", "updated_at"])
    move_listing(listing, ListingState.LIVE, last_synced_at=timezone.now())
    record("listing.link_set", listing, actor=actor, before=before, after=snapshot(listing))
    return listing


# Scheduled work (settings.SCHEDULE) -----------------------------------------------------------

# A queued import that has not ended after this long is taken as lost (its worker died) and the shop
# gets a new one.
ORDER_IMPORT_STALE = datetime.timedelta(hours=1)


@transaction.atomic
def queue_order_imports(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Every few minutes: queue one order import for each connected shop on an API channel that is
    not retired, unless the shop's previous import is still queued or running. Running it twice
    queues nothing twice. Not audited: it changes no business data, and the imports it starts
    audit what they change."""
    now = now or timezone.now()
    free = Q(orders_import_queued_at__isnull=True) | Q(orders_import_queued_at__lt=now - ORDER_IMPORT_STALE)
    shops = (
        ShopConnection.objects.filter(free, state=ConnectionState.CONNECTED, channel__kind=ChannelKind.API)
        .exclude(channel__state=ChannelState.RETIRED)
        .order_by("pk")
    )
    # Locked and skipped when another run holds them (PostgreSQL); SQLite serialises the writers.
    ids = list(shops.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True))
    ShopConnection.objects.filter(pk__in=ids).update(orders_import_queued_at=now)
    for pk in ids:
        transaction.on_commit(partial(import_shop_orders.enqueue, pk))
    busy = ShopConnection.objects.filter(
        state=ConnectionState.CONNECTED, channel__kind=ChannelKind.API, orders_import_queued_at__isnull=False
    ).exclude(pk__in=ids)
    return {"queued": len(ids), "still_running": busy.count()}


def _queue_alert_mail(alert: QueueAlert) -> tuple[str, str]:
    with translation.override("id"):
        values = {
            "at": formats.date_format(timezone.localtime(alert.sent_at), "j F Y H:i"),
            "backlog": alert.backlog,
            "backlog_limit": settings.QUEUE_ALERT_BACKLOG,
            "failed": alert.failed,
            "failed_limit": settings.QUEUE_ALERT_FAILED,
            "oldest": formats.date_format(timezone.localtime(alert.oldest_due_at), "j F Y H:i")
            if alert.oldest_due_at
            else "-",
            "hours": settings.QUEUE_ALERT_PERIOD_H,
        }
        subject = _("[e-Smart IKM] Antrean sinkron marketplace perlu diperiksa")
        body = "\n\n".join(
            [
                _("Antrean sinkron marketplace melewati ambang batas pada %(at)s WIB:") % values,
                "\n".join(
                    [
                        _(
                            "- %(backlog)s tugas sudah jatuh tempo dan masih menunggu "
                            "(ambang %(backlog_limit)s); yang tertua jatuh tempo %(oldest)s."
                        )
                        % values,
                        _(
                            "- %(failed)s tugas gagal permanen dalam 24 jam terakhir "
                            "(ambang %(failed_limit)s)."
                        )
                        % values,
                    ]
                ),
                _(
                    "Periksa apakah pekerja tugas berjalan (smartikm serve) dan lihat halaman Kesehatan "
                    "kanal serta Pekerjaan terjadwal. Peringatan berikutnya paling cepat %(hours)s jam lagi."
                )
                % values,
            ]
        )
    return subject, body


def alert_queue_health(*, now: datetime.datetime | None = None) -> dict[str, int | bool]:
    """Every quarter hour: when the sync queue has too many due jobs waiting or too many jobs failed
    for good in the last 24 hours, e-mail the users who watch scheduled work (ministry
    administrators) — at most once per QUEUE_ALERT_PERIOD_H hours, counted from the last alert."""
    now = now or timezone.now()
    due = SyncJob.objects.filter(state=JobState.QUEUED, not_before__lte=now)
    waiting = due.aggregate(count=Count("id"), oldest=Min("not_before"))
    failed = SyncJob.objects.filter(
        state=JobState.FAILED, finished_at__gte=now - datetime.timedelta(hours=24)
    ).count()
    result: dict[str, int | bool] = {"backlog": waiting["count"], "failed": failed, "alerted": False}
    if waiting["count"] < settings.QUEUE_ALERT_BACKLOG and failed < settings.QUEUE_ALERT_FAILED:
        return result
    return {**result, **_send_queue_alert(now, waiting["count"], waiting["oldest"], failed)}


@transaction.atomic
def _send_queue_alert(now, backlog: int, oldest, failed: int) -> dict[str, int | bool]:
    period = datetime.timedelta(hours=settings.QUEUE_ALERT_PERIOD_H)
    if QueueAlert.objects.filter(sent_at__gt=now - period).exists():
        return {"rate_limited": True}
    emails = list(
        users_with_capability(Capability.SEE_SCHEDULED_JOBS).exclude(email="").values_list("email", flat=True)
    )
    alert = QueueAlert.objects.create(
        sent_at=now, backlog=backlog, failed=failed, oldest_due_at=oldest, recipients=len(emails)
    )
    record("channels.queue_alert", alert, after=snapshot(alert))
    subject, body = _queue_alert_mail(alert)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails]
    # robust: a mail server failure is logged; the alert row stands, so the rate limit still holds.
    transaction.on_commit(lambda: send_mass_mail(messages), robust=True)
    return {"alerted": True, "recipients": len(emails)}
