"""Product curation: selection rounds with a weighted rubric, entries reviewed by at least two
curators, decisions (lolos / perbaikan / tidak lolos) and development plans for products that need work.

Changes go through `curation.actions`; reads that must respect the score-hiding rule go through
`curation.queries`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartikm.core.models import TimeStamped
from smartikm.curation.choices import (
    SCORE_MAX,
    SCORE_MIN,
    Decision,
    EntryStatus,
    PlanItemKind,
    PlanItemStatus,
    RoundPurpose,
    RoundState,
)
from smartikm.producers.choices import ProducerKind

CRITERION_FIELDS = (
    "code",
    "name",
    "description",
    "weight",
    "level_1",
    "level_2",
    "level_3",
    "level_4",
    "level_5",
    "position",
)
ROUND_FIELDS = (
    "name",
    "purpose",
    "description",
    "opens_on",
    "closes_on",
    "results_on",
    "for_ikm",
    "for_upt",
)


class CriterionFields(models.Model):
    """Abstract: one rubric line — a weight and what each level 1–5 means."""

    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("kriteria"), max_length=120)
    description = models.TextField(_("penjelasan"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("bobot"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    level_1 = models.CharField(_("tingkat 1"), max_length=300)
    level_2 = models.CharField(_("tingkat 2"), max_length=300)
    level_3 = models.CharField(_("tingkat 3"), max_length=300)
    level_4 = models.CharField(_("tingkat 4"), max_length=300)
    level_5 = models.CharField(_("tingkat 5"), max_length=300)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"

    def levels(self) -> list[tuple[int, str]]:
        return [(n, getattr(self, f"level_{n}")) for n in range(SCORE_MIN, SCORE_MAX + 1)]


class Rubric(TimeStamped):
    """A reusable scoring rubric; its criteria are copied into a round when the round is created, so
    later edits of the rubric never change the scale of a round already under way."""

    name = models.CharField(_("nama rubrik"), max_length=160, unique=True)
    description = models.TextField(_("keterangan"), blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    is_default = models.BooleanField(_("bawaan"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("rubrik penilaian")
        verbose_name_plural = _("rubrik penilaian")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RubricCriterion(CriterionFields):
    """One criterion of a reusable rubric."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")

    class Meta(CriterionFields.Meta):
        verbose_name = _("kriteria rubrik")
        verbose_name_plural = _("kriteria rubrik")
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="unique_rubric_criterion")]


class Round(TimeStamped):
    """A selection round (seleksi/kurasi) for a marketplace programme, an exhibition or export
    development, with its schedule, its scope and its state.

    The state is the authority on what may happen (nominate, score, decide, publish); the dates are
    the published schedule shown to producers.
    """

    name = models.CharField(_("nama seleksi"), max_length=200)
    purpose = models.CharField(_("tujuan"), max_length=20, choices=RoundPurpose.choices)
    description = models.TextField(_("keterangan"), blank=True)
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    results_on = models.DateField(_("pengumuman hasil"))
    # Scope: empty categories / provinces mean "all".
    categories = models.ManyToManyField(
        "catalog.Category", verbose_name=_("kategori"), blank=True, related_name="+"
    )
    provinces = models.ManyToManyField(
        "reference.Region",
        verbose_name=_("provinsi"),
        blank=True,
        related_name="+",
        limit_choices_to={"level": 1},
    )
    for_ikm = models.BooleanField(_("terbuka untuk IKM"), default=True)
    for_upt = models.BooleanField(_("terbuka untuk UPT (warga binaan)"), default=False)
    state = models.CharField(
        _("status"), max_length=12, choices=RoundState.choices, default=RoundState.DRAFT, db_index=True
    )
    rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("disalin dari rubrik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("diumumkan pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("seleksi produk")
        verbose_name_plural = _("seleksi produk")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on"))
                & models.Q(results_on__gte=models.F("closes_on")),
                name="round_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(for_ikm=True) | models.Q(for_upt=True), name="round_has_producer_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def producer_kinds(self) -> list[str]:
        return [k for k, on in ((ProducerKind.IKM, self.for_ikm), (ProducerKind.UPT, self.for_upt)) if on]


class Criterion(CriterionFields):
    """One criterion of a round's rubric: fixed once the round opens, so every entry is scored alike."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")

    class Meta(CriterionFields.Meta):
        verbose_name = _("kriteria")
        verbose_name_plural = _("kriteria")
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="unique_round_criterion")]


class Entry(TimeStamped):
    """A product entered into a round. A product enters a round at most once; its curation history
    is all of its entries across rounds.

    The decision lives here (one per entry); `aggregate` is the weighted score on a 0–100 scale,
    filled in when the last assigned reviewer submits (see `curation.scoring`).
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="entries")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("produk"), on_delete=models.PROTECT, related_name="curation_entries"
    )
    producer_kind = models.CharField(
        _("jenis produsen"), max_length=5, choices=ProducerKind.choices, editable=False
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diusulkan oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("catatan usulan"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.NOMINATED, db_index=True
    )
    aggregate = models.DecimalField(
        _("nilai akhir (0–100)"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    decision = models.CharField(_("keputusan"), max_length=12, choices=Decision.choices, blank=True)
    feedback = models.TextField(_("umpan balik"), blank=True)
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("peserta seleksi")
        verbose_name_plural = _("peserta seleksi")
        ordering = ["round_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "product"], name="unique_product_per_round"),
            models.CheckConstraint(
                condition=models.Q(decision="") | ~models.Q(feedback=""), name="decision_has_feedback"
            ),
        ]
        indexes = [models.Index(fields=["product", "decision", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.product_id} @ {self.round_id}"


class Assignment(TimeStamped):
    """A reviewer (kurator) assigned to an entry; `submitted_at` is set when all their scores are in."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("kurator"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("penugasan kurator")
        verbose_name_plural = _("penugasan kurator")
        ordering = ["entry_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "reviewer"], name="unique_reviewer_per_entry")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} → {self.entry_id}"


class Score(models.Model):
    """One reviewer's level (1–5) on one criterion of an entry, with a comment. Hidden from everyone
    but its author until every reviewer of the entry has submitted (`curation.queries`)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("nilai"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("komentar"), blank=True)

    class Meta:
        verbose_name = _("nilai")
        verbose_name_plural = _("nilai")
        ordering = ["assignment_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="unique_score_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(value__gte=SCORE_MIN) & models.Q(value__lte=SCORE_MAX),
                name="score_value_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class DevelopmentPlanItem(TimeStamped):
    """Work a *perbaikan* decision asks for (design, packaging, certification, pricing, …), with the
    person responsible and a due date; the product may enter a later round once it is done."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="plan_items")
    kind = models.CharField(_("jenis"), max_length=15, choices=PlanItemKind.choices)
    description = models.TextField(_("yang perlu diperbaiki"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="curation_plan_items",
    )
    due_on = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=5, choices=PlanItemStatus.choices, default=PlanItemStatus.OPEN, db_index=True
    )
    done_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("butir rencana pengembangan")
        verbose_name_plural = _("rencana pengembangan")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"
