"""Models of the marketplace hub: channels, shop connections, category mappings, listings, the
persisted sync queue (docs/architecture.md, rule 7), shared rate-limit buckets and imported orders."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartikm.channels.choices import (
    ChannelKind,
    ChannelState,
    ConnectionState,
    JobState,
    ListingState,
    SyncOp,
)
from smartikm.core.crypto import EncryptedTextField
from smartikm.core.models import TimeStamped


class Channel(TimeStamped):
    """A place where IKM products are sold: an API marketplace, a catalogue feed or a store link.

    `adapter` names the protocol folder under channels/marketplaces (shopee, tiktok, lazada) for API
    channels. App credentials are the platform's own (one app per marketplace); the secret is
    encrypted at rest. `config` holds non-secret, channel-specific settings (auth host, logistics ids,
    readiness limits, feed columns). A channel moves active → deprecated → retired
    (choices.CHANNEL_TRANSITIONS); `effective_date` is when the current state took effect.
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=10, choices=ChannelKind.choices)
    adapter = models.CharField(_("adaptor"), max_length=20, blank=True)
    is_programme = models.BooleanField(
        _("kanal program"), default=False, help_text=_("Hanya produk yang lolos kurasi.")
    )
    state = models.CharField(
        _("status"), max_length=12, choices=ChannelState.choices, default=ChannelState.ACTIVE
    )
    effective_date = models.DateField(_("berlaku sejak"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    api_base_url = models.URLField(_("alamat API"), blank=True)
    app_key = models.CharField(_("app key / partner id"), max_length=80, blank=True)
    app_secret = EncryptedTextField(_("app secret"), blank=True)
    config = models.JSONField(_("konfigurasi"), default=dict, blank=True)
    rate_per_s = models.FloatField(_("batas permintaan per detik per toko"), default=10.0)
    burst = models.FloatField(_("lonjakan maksimum"), default=10.0)

    class Meta:
        verbose_name = _("kanal")
        verbose_name_plural = _("kanal")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.state == ChannelState.RETIRED


class ShopConnection(TimeStamped):
    """One shop of a producer (an IKM or a UPT) on an API channel, with its tokens encrypted at rest.

    `token_version` increases with every saved refresh, so a worker holding stale credentials can
    tell (Shopee's refresh token is single-use: the newest one is the only one that works).
    """

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="connections")
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("produsen"),
        on_delete=models.CASCADE,
        related_name="shop_connections",
    )
    state = models.CharField(
        _("status"), max_length=12, choices=ConnectionState.choices, default=ConnectionState.PENDING
    )
    oauth_state = models.CharField(max_length=64, blank=True, db_index=True)
    shop_id = models.CharField(_("ID toko"), max_length=64, blank=True)
    shop_name = models.CharField(_("nama toko"), max_length=200, blank=True)
    access_token = EncryptedTextField(blank=True)
    refresh_token = EncryptedTextField(blank=True)
    access_expires_at = models.FloatField(null=True, blank=True)  # unix seconds, as the adapters use
    refresh_expires_at = models.FloatField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)  # shop_cipher, open_id: identifiers, not secrets
    token_version = models.PositiveIntegerField(default=0)
    connected_at = models.DateTimeField(null=True, blank=True)
    orders_synced_until = models.FloatField(null=True, blank=True)
    # Set when an order import is queued, cleared when it ends: the periodic fan-out queues one
    # import per shop at a time (actions.queue_order_imports).
    orders_import_queued_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sambungan toko")
        verbose_name_plural = _("sambungan toko")
        ordering = ["channel__name", "shop_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "shop_id"],
                condition=~Q(shop_id=""),
                name="shop_connection_unique_shop",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.shop_name or self.shop_id or _('(belum tersambung)')}"


class CategoryMapping(models.Model):
    """Our category → the channel's leaf category, with the attributes the channel requires there.

    `required_attributes` is a list of `{"id", "name", "values": [{"id", "name"}]}` (empty values =
    free text); `default_attributes` maps attribute id → value ids filled for every product of the
    category (e.g. material "Batik" for batik).
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="category_mappings")
    category = models.ForeignKey("catalog.Category", on_delete=models.PROTECT, related_name="+")
    channel_category_id = models.CharField(_("ID kategori kanal"), max_length=40)
    channel_category_name = models.CharField(_("nama kategori kanal"), max_length=200, blank=True)
    required_attributes = models.JSONField(default=list, blank=True)
    default_attributes = models.JSONField(default=dict, blank=True)
    source = models.CharField(_("sumber"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("pemetaan kategori")
        verbose_name_plural = _("pemetaan kategori")
        constraints = [
            models.UniqueConstraint(fields=["channel", "category"], name="category_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.channel}: {self.channel_category_name or self.channel_category_id}"


class Listing(TimeStamped):
    """One product on one shop (API channel) or on one channel by link (link-only channels).

    `version` increases with every change queued for it; a job's idempotency key includes it.
    History (jobs, audit) stays when a listing is closed out by a channel's retirement.
    """

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="listings")
    connection = models.ForeignKey(
        ShopConnection, null=True, blank=True, on_delete=models.PROTECT, related_name="listings"
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="listings")
    state = models.CharField(
        _("status"), max_length=12, choices=ListingState.choices, default=ListingState.PENDING
    )
    seller_sku = models.CharField(max_length=60)
    channel_item_id = models.CharField(_("ID produk di kanal"), max_length=64, blank=True)
    sku_ids = models.JSONField(default=dict, blank=True)  # our seller SKU → channel SKU id
    channel_status = models.CharField(max_length=40, blank=True)
    attributes = models.JSONField(default=dict, blank=True)  # channel attribute id → value ids/text
    image_refs = models.JSONField(default=list, blank=True)  # images already uploaded to the channel
    store_url = models.URLField(_("tautan toko"), blank=True)
    version = models.PositiveIntegerField(default=0)
    last_synced_at = models.DateTimeField(_("sinkron terakhir"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listing")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "connection", "product"], name="listing_unique_per_shop"
            ),
            models.UniqueConstraint(
                fields=["channel", "product"],
                condition=Q(connection__isnull=True),
                name="listing_unique_link_per_channel",
            ),
        ]
        indexes = [models.Index(fields=["connection", "channel_item_id"])]

    def __str__(self) -> str:
        return f"{self.product} @ {self.channel}"


class SyncJob(models.Model):
    """One operation to send to a channel (rule 7). Claimed by one worker at a time under a lease;
    a worker that dies leaves a job whose lease runs out, and the next claim takes it over.

    `idempotency_key` = listing, operation and listing version: enqueueing the same change twice
    makes one row, and a re-run of a publish never creates a second listing (the listing's channel
    item id, the seller-SKU lookup and TikTok's idempotency key all guard it).
    """

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="jobs")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="jobs")  # for health
    op = models.CharField(_("operasi"), max_length=16, choices=SyncOp.choices)
    version = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=120, unique=True)
    payload = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    not_before = models.DateTimeField(_("jangan sebelum"))
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("percobaan maksimum"), default=8)
    throttled = models.PositiveSmallIntegerField(default=0)  # how often the channel said "slow down"
    lease_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)  # Bahasa Indonesia, for the owner
    last_error_detail = models.TextField(blank=True)  # the channel's own words, for staff
    error_kind = models.CharField(max_length=16, blank=True)
    enqueued_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tugas sinkron")
        verbose_name_plural = _("antrean sinkron")
        ordering = ["-enqueued_at", "-id"]
        indexes = [
            models.Index(fields=["state", "not_before"]),
            models.Index(fields=["channel", "state"]),
            models.Index(fields=["listing", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_op_display()} #{self.listing_id} v{self.version} ({self.get_state_display()})"


class RateBucket(models.Model):
    """A token bucket shared by every worker process: one row per (channel, shop), updated by one
    conditional UPDATE per request (see ratelimit.py). Times are unix seconds."""

    key = models.CharField(max_length=120, unique=True)
    rate = models.FloatField()
    burst = models.FloatField()
    tokens = models.FloatField()
    updated = models.FloatField()
    throttled = models.PositiveIntegerField(default=0)  # times the channel throttled us anyway
    granted = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("ember batas laju")
        verbose_name_plural = _("ember batas laju")

    def __str__(self) -> str:
        return self.key


class ChannelOrder(models.Model):
    """An order imported from a channel, once: (channel, channel order id) is unique."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="orders")
    connection = models.ForeignKey(ShopConnection, on_delete=models.PROTECT, related_name="orders")
    channel_order_id = models.CharField(max_length=64)
    status = models.CharField(max_length=40)
    ordered_at = models.DateTimeField()
    total = models.BigIntegerField(default=0)  # rupiah
    restocked = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pesanan kanal")
        verbose_name_plural = _("pesanan kanal")
        ordering = ["-ordered_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "channel_order_id"], name="channel_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.channel.code}:{self.channel_order_id}"


class ChannelOrderLine(models.Model):
    """A line of an imported order. `taken` is what our stock actually gave; `short` is the part
    the stock could not cover (oversold, shown to the owner — see ADR 0008)."""

    order = models.ForeignKey(ChannelOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    listing = models.ForeignKey(Listing, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    seller_sku = models.CharField(max_length=60)
    channel_item_id = models.CharField(max_length=64, blank=True)
    quantity = models.PositiveIntegerField()
    unit_price = models.BigIntegerField(default=0)
    taken = models.PositiveIntegerField(default=0)
    short = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("baris pesanan kanal")
        verbose_name_plural = _("baris pesanan kanal")

    def __str__(self) -> str:
        return f"{self.seller_sku} × {self.quantity}"


class QueueAlert(models.Model):
    """One queue-health alert e-mailed to ministry administrators: what the queue looked like and
    whom it went to. The latest row rate-limits the next alert (actions.alert_queue_health)."""

    sent_at = models.DateTimeField(_("dikirim"), default=timezone.now, db_index=True)
    backlog = models.PositiveIntegerField(_("antrean jatuh tempo"))
    failed = models.PositiveIntegerField(_("gagal 24 jam terakhir"))
    oldest_due_at = models.DateTimeField(_("jatuh tempo tertua"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("jumlah penerima"), default=0)

    class Meta:
        verbose_name = _("peringatan antrean")
        verbose_name_plural = _("peringatan antrean")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M} antre {self.backlog}, gagal {self.failed}"
