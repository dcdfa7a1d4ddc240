"""States and vocabularies of the marketplace hub, with the allowed transitions next to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    API = "api", _("Marketplace dengan API")
    FEED = "feed", _("Umpan katalog (XLSX/CSV)")
    LINK = "link", _("Tautan toko saja")


class ChannelState(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    DEPRECATED = "deprecated", _("Akan dihentikan")
    RETIRED = "retired", _("Dihentikan")


# A channel only moves forward: a retired marketplace never comes back under the same row (a
# relaunch is a new channel with its own rules and history).
CHANNEL_TRANSITIONS: dict[str, set[str]] = {
    ChannelState.ACTIVE: {ChannelState.DEPRECATED, ChannelState.RETIRED},
    ChannelState.DEPRECATED: {ChannelState.RETIRED},
    ChannelState.RETIRED: set(),
}


class ConnectionState(models.TextChoices):
    PENDING = "pending", _("Menunggu izin")
    CONNECTED = "connected", _("Tersambung")
    EXPIRED = "expired", _("Perlu disambungkan ulang")
    DISCONNECTED = "disconnected", _("Diputus")


class ListingState(models.TextChoices):
    PENDING = "pending", _("Menunggu kirim")
    IN_REVIEW = "in_review", _("Ditinjau kanal")
    LIVE = "live", _("Tayang")
    INACTIVE = "inactive", _("Tidak tayang")
    REJECTED = "rejected", _("Ditolak kanal")
    BANNED = "banned", _("Diblokir kanal")
    ERROR = "error", _("Gagal dikirim")
    DELETED = "deleted", _("Dihapus")
    CLOSED = "closed", _("Ditutup (kanal dihentikan)")


# Listings that still exist at the channel (or are about to): closed out when a channel retires.
OPEN_LISTING_STATES = (
    ListingState.PENDING,
    ListingState.IN_REVIEW,
    ListingState.LIVE,
    ListingState.INACTIVE,
    ListingState.REJECTED,
    ListingState.ERROR,
)


class SyncOp(models.TextChoices):
    PUBLISH = "publish", _("Terbitkan")
    UPDATE_PRICE = "update_price", _("Perbarui harga")
    UPDATE_STOCK = "update_stock", _("Perbarui stok")
    UNLIST = "unlist", _("Turunkan")
    DELETE = "delete", _("Hapus")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Antre")
    RUNNING = "running", _("Diproses")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
    CANCELLED = "cancelled", _("Dibatalkan")


JOB_TRANSITIONS: dict[str, set[str]] = {
    JobState.QUEUED: {JobState.RUNNING, JobState.CANCELLED},
    # running → queued is a retry (or a lease taken over after a worker died)
    JobState.RUNNING: {JobState.DONE, JobState.FAILED, JobState.QUEUED, JobState.CANCELLED},
    JobState.DONE: set(),
    JobState.FAILED: set(),
    JobState.CANCELLED: set(),
}
FINISHED_JOB_STATES = (JobState.DONE, JobState.FAILED, JobState.CANCELLED)

# Channel order statuses that give the stock back (see ADR 0008).
CANCELLED_ORDER_STATUSES = frozenset({"CANCELLED", "CANCELED", "CANCEL"})
