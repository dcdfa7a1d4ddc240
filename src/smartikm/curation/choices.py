"""States and vocabularies of product curation, with the allowed transitions next to each state."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundPurpose(models.TextChoices):
    MARKETPLACE = "marketplace", _("Program marketplace")
    EXHIBITION = "exhibition", _("Pameran (mis. Trade Expo Indonesia)")
    EXPORT = "export", _("Pengembangan ekspor")


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Dibuka (menerima usulan)")
    REVIEWING = "reviewing", _("Penilaian")
    DECIDED = "decided", _("Diputuskan")
    PUBLISHED = "published", _("Diumumkan")


# From state -> states it may move to. Strictly forward: once nominations close the set of entries is
# fixed for the reviewers, and a published result is never silently withdrawn.
ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundState.DRAFT: {RoundState.OPEN},
    RoundState.OPEN: {RoundState.REVIEWING},
    RoundState.REVIEWING: {RoundState.DECIDED},
    RoundState.DECIDED: {RoundState.PUBLISHED},
    RoundState.PUBLISHED: set(),
}


class EntryStatus(models.TextChoices):
    NOMINATED = "nominated", _("Diusulkan")
    SCORED = "scored", _("Sudah dinilai semua kurator")
    DECIDED = "decided", _("Diputuskan")
    WITHDRAWN = "withdrawn", _("Ditarik")


# "scored" is reached when every assigned reviewer (at least two) has submitted; only then may a
# decision be taken, and only then are the individual scores revealed.
ENTRY_TRANSITIONS: dict[str, set[str]] = {
    EntryStatus.NOMINATED: {EntryStatus.SCORED, EntryStatus.WITHDRAWN},
    EntryStatus.SCORED: {EntryStatus.DECIDED},
    EntryStatus.DECIDED: set(),
    EntryStatus.WITHDRAWN: set(),
}


class Decision(models.TextChoices):
    PASSED = "lolos", _("Lolos")
    IMPROVE = "perbaikan", _("Perbaikan")
    FAILED = "tidak_lolos", _("Tidak lolos")


class PlanItemKind(models.TextChoices):
    DESIGN = "design", _("Desain")
    PACKAGING = "packaging", _("Kemasan")
    CERTIFICATION = "certification", _("Standar/sertifikasi")
    PRICING = "pricing", _("Harga")
    OTHER = "other", _("Lainnya")


class PlanItemStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    DONE = "done", _("Selesai")


PLAN_ITEM_TRANSITIONS: dict[str, set[str]] = {
    PlanItemStatus.OPEN: {PlanItemStatus.DONE},
    PlanItemStatus.DONE: {PlanItemStatus.OPEN},  # reopened when the fix turns out to be incomplete
}

SCORE_MIN = 1
SCORE_MAX = 5
MIN_REVIEWERS = 2
