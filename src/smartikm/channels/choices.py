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


# Who moves a listing: the owner (publish, link), the worker (a publish done or failed, unlist,
# delete), the channel (review, rejection, ban — learnt by polling) and a channel's retirement.
# Staying in the same state is always allowed (a poll that finds nothing new). Every change goes
# through `channels.transitions.move_listing` / `move_listings`, which refuse what is not here.
LISTING_TRANSITIONS: dict[str, set[str]] = {
    ListingState.PENDING: {
        ListingState.IN_REVIEW,
        ListingState.LIVE,
        ListingState.INACTIVE,
        ListingState.REJECTED,
        ListingState.BANNED,
        ListingState.ERROR,
        ListingState.DELETED,
        ListingState.CLOSED,
    },
    ListingState.IN_REVIEW: {
        ListingState.PENDING,  # the channel shows it as a draft again
        ListingState.LIVE,
        ListingState.INACTIVE,
        ListingState.REJECTED,
        ListingState.BANNED,
        ListingState.DELETED,
        ListingState.CLOSED,
    },
    ListingState.LIVE: {
        ListingState.PENDING,
        ListingState.IN_REVIEW,  # an edit sent it back to review
        ListingState.INACTIVE,
        ListingState.REJECTED,
        ListingState.BANNED,
        ListingState.DELETED,
        ListingState.CLOSED,
    },
    ListingState.INACTIVE: {
        ListingState.PENDING,
        ListingState.IN_REVIEW,
        ListingState.LIVE,
        ListingState.REJECTED,
        ListingState.BANNED,
        ListingState.DELETED,
        ListingState.CLOSED,
    },
    ListingState.REJECTED: {
        ListingState.PENDING,  # fixed by the owner and sent again
        ListingState.IN_REVIEW,
        ListingState.LIVE,
        ListingState.INACTIVE,
        ListingState.BANNED,
        ListingState.DELETED,
        ListingState.CLOSED,
    },
    ListingState.ERROR: {
        ListingState.PENDING,  # sent again
        ListingState.IN_REVIEW,
        ListingState.LIVE,  # an earlier attempt had created it after all (adopted)
        ListingState.INACTIVE,
        ListingState.REJECTED,
        ListingState.BANNED,
        ListingState.DELETED,
        ListingState.CLOSED,
    },
    # Only the channel lifts a ban (an appeal); the owner cannot send a banned item again.
    ListingState.BANNED: {
        ListingState.IN_REVIEW,
        ListingState.LIVE,
        ListingState.INACTIVE,
        ListingState.DELETED,
    },
    # Gone at the channel: only a new publish (a new item) or a new store link brings it back.
    ListingState.DELETED: {ListingState.PENDING, ListingState.LIVE},
    # The channel was retired: the row is history.
    ListingState.CLOSED: set(),
}


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


# Enforced by `channels.transitions.move_jobs` / `require_job_transition`, through which the queue
# (claim, complete, retry, release, fail, cancel) and a channel's retirement change job states.
JOB_TRANSITIONS: dict[str, set[str]] = {
    JobState.QUEUED: {JobState.RUNNING, JobState.CANCELLED},
    # running → queued: a retry, or a job given back without counting the attempt;
    # running → running: a lease taken over by another worker after the first one died.
    JobState.RUNNING: {JobState.RUNNING, JobState.DONE, JobState.FAILED, JobState.QUEUED, JobState.CANCELLED},
    JobState.DONE: set(),
    JobState.FAILED: set(),
    JobState.CANCELLED: set(),
}
FINISHED_JOB_STATES = (JobState.DONE, JobState.FAILED, JobState.CANCELLED)

# Channel order statuses that give the stock back (docs/decisions/0008-stock-reservation.md).
CANCELLED_ORDER_STATUSES = frozenset({"CANCELLED", "CANCELED", "CANCEL"})
