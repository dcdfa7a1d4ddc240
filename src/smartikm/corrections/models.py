"""Prison producer units (UPT Pemasyarakatan), pseudonymous artisans, work records, the premi ledger
and graduation follow-up.

Privacy by construction (docs/architecture.md, rule 9):
- an `Artisan` is an opaque random code; no name, NIK or case data is needed anywhere;
- a UPT that chooses to keep a name stores it in `ArtisanRestricted` (encrypted, no reverse accessor
  from `Artisan`, never serialised, not in the admin, masked in the audit trail);
- foreign keys towards public models (Organisation, Product) use `related_name="+"` or names that
  public code never follows, so a public queryset cannot join its way to an artisan.
"""

import base64
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartikm.core.crypto import EncryptedTextField
from smartikm.core.models import TimeStamped
from smartikm.corrections.choices import (
    ArtisanStatus,
    EntryKind,
    LedgerAccount,
    Outcome,
    SaleSource,
    Skill,
    UnitClass,
    UnitType,
)

UPT_ONLY = {"kind": "upt"}
BASIS_POINTS = 10_000  # 100 %


def new_artisan_code() -> str:
    """'WB-' and 8 base32 characters from 40 random bits: derived from nothing about the person."""
    return "WB-" + base64.b32encode(secrets.token_bytes(5)).decode()


class UptProfile(TimeStamped):
    """What the public may know about a UPT Pemasyarakatan as a producer: unit type, class, regency
    and an optional story for product pages. One per Organisation of kind "upt"."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("UPT"),
        on_delete=models.CASCADE,
        related_name="upt_profile",
        limit_choices_to=UPT_ONLY,
    )
    unit_type = models.CharField(_("jenis unit"), max_length=20, choices=UnitType.choices)
    unit_class = models.CharField(_("kelas"), max_length=4, choices=UnitClass.choices, blank=True)
    regency = models.ForeignKey(
        "reference.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 2},
    )
    story = models.TextField(
        _("cerita unit (publik)"),
        blank=True,
        help_text=_("Tampil di halaman produk. Jangan menyebut nama atau ciri warga binaan."),
    )

    class Meta:
        verbose_name = _("profil UPT")
        verbose_name_plural = _("profil UPT")

    def __str__(self) -> str:
        return str(self.organisation)


class Workshop(TimeStamped):
    """A bengkel kerja (workshop) of a UPT."""

    upt = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("UPT"),
        on_delete=models.CASCADE,
        related_name="workshops",
        limit_choices_to=UPT_ONLY,
    )
    name = models.CharField(_("nama bengkel kerja"), max_length=120)
    description = models.TextField(_("deskripsi"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("bengkel kerja")
        verbose_name_plural = _("bengkel kerja")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["upt", "name"], name="unique_workshop_name_per_upt")]

    def __str__(self) -> str:
        return self.name


class Artisan(TimeStamped):
    """A warga binaan who works in a workshop, known only by an opaque code (WB-XXXXXXXX)."""

    upt = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("UPT"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=UPT_ONLY,
    )
    code = models.CharField(_("kode"), max_length=16, unique=True, editable=False, default=new_artisan_code)
    skills = models.JSONField(_("keterampilan"), default=list, blank=True)
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("bengkel kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ArtisanStatus.choices, default=ArtisanStatus.ACTIVE, db_index=True
    )
    joined_on = models.DateField(_("mulai bekerja"), null=True, blank=True)
    release_month = models.DateField(
        _("bulan bebas"),
        null=True,
        blank=True,
        help_text=_("Hari pertama bulan bebas; tanggal pasti tidak disimpan."),
    )

    class Meta:
        verbose_name = _("warga binaan (kode)")
        verbose_name_plural = _("warga binaan (kode)")
        ordering = ["code"]
        indexes = [models.Index(fields=["upt", "status"])]

    def __str__(self) -> str:
        return self.code

    def skill_labels(self) -> list[str]:
        return [str(Skill(s).label) if s in Skill.values else s for s in self.skills]


class ArtisanRestricted(TimeStamped):
    """The name a UPT chose to keep for an artisan: encrypted, optional, officer-only.

    No reverse accessor (`related_name="+"`), no API schema and no admin read it; only
    `corrections.restricted` does, after checking the officer's UPT.
    """

    artisan = models.OneToOneField(Artisan, on_delete=models.CASCADE, related_name="+")
    name = EncryptedTextField(_("nama"))
    note = EncryptedTextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("data terbatas warga binaan")
        verbose_name_plural = _("data terbatas warga binaan")

    def __str__(self) -> str:
        return f"#{self.artisan_id}"  # never the name: __str__ ends up in logs and the audit trail


class WorkRecord(TimeStamped):
    """Pieces made or hours worked by one artisan on one product in one month."""

    artisan = models.ForeignKey(Artisan, on_delete=models.PROTECT, related_name="work_records")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("periode (bulan)"), help_text=_("Hari pertama bulan."))
    pieces = models.PositiveIntegerField(_("jumlah buah"), default=0)
    hours = models.PositiveIntegerField(_("jumlah jam"), default=0)

    class Meta:
        verbose_name = _("catatan kerja")
        verbose_name_plural = _("catatan kerja")
        ordering = ["-period", "artisan__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["artisan", "product", "period"], name="one_work_record_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(pieces__gt=0) | models.Q(hours__gt=0), name="work_record_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["product", "period"])]

    def __str__(self) -> str:
        return f"{self.artisan_id}/{self.product_id}/{self.period:%Y-%m}"


class SplitRule(TimeStamped):
    """How a UPT's sale proceeds are split (basis points of premi / PNBP / production capital) from
    one date to another. A rule without UPT is the national default (Kepmenkeh M.01-PP.02.01/1990:
    50 / 15 / 35); rules are disabled, never deleted."""

    upt = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("UPT"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=UPT_ONLY,
        help_text=_("Kosong: aturan bawaan nasional."),
    )
    premi_bp = models.PositiveIntegerField(_("premi (basis poin)"))
    pnbp_bp = models.PositiveIntegerField(_("PNBP (basis poin)"))
    capital_bp = models.PositiveIntegerField(_("modal produksi (basis poin)"))
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("dasar/sumber"), max_length=200)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("aturan pembagian hasil")
        verbose_name_plural = _("aturan pembagian hasil")
        ordering = ["upt_id", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(premi_bp__gte=0, pnbp_bp__gte=0, capital_bp__gte=0)
                & models.Q(premi_bp=BASIS_POINTS - models.F("pnbp_bp") - models.F("capital_bp")),
                name="split_rule_sums_to_100_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="split_rule_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        shares = f"{self.premi_bp / 100:g}/{self.pnbp_bp / 100:g}/{self.capital_bp / 100:g}"
        return f"{shares} sejak {self.valid_from}"

    @property
    def parts(self) -> tuple[tuple[str, int], ...]:
        """(account, basis points) in the fixed tie order of the remainder rule: premi, PNBP, capital."""
        return (
            (LedgerAccount.PREMI_UNALLOCATED, self.premi_bp),
            (LedgerAccount.PNBP, self.pnbp_bp),
            (LedgerAccount.CAPITAL, self.capital_bp),
        )


class ImmutableRowError(ValidationError):
    """Ledger rows and sales are never changed or deleted; corrections are reversing entries."""


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk UPDATE and DELETE, the two ways around Model.save/delete."""

    def update(self, **kwargs):
        raise ImmutableRowError(_("Baris buku besar tidak dapat diubah; buat entri pembalikan."))

    def delete(self):
        raise ImmutableRowError(_("Baris buku besar tidak dapat dihapus; buat entri pembalikan."))


class AppendOnly(models.Model):
    """Abstract base of rows that may be inserted once and never changed or deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRowError(_("Baris buku besar tidak dapat diubah; buat entri pembalikan."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRowError(_("Baris buku besar tidak dapat dihapus; buat entri pembalikan."))


class Sale(AppendOnly):
    """One sale of a UPT product, entered by an officer or imported from a marketplace channel
    (idempotent on source + external_ref). Its proceeds are split into ledger entries."""

    upt = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("UPT"), on_delete=models.PROTECT, related_name="+"
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("produk"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField(_("nilai penjualan (Rp)"))
    quantity = models.PositiveIntegerField(_("jumlah"), null=True, blank=True)
    sold_on = models.DateField(_("tanggal penjualan"))
    source = models.CharField(_("sumber"), max_length=40, default=SaleSource.MANUAL)
    external_ref = models.CharField(_("referensi eksternal"), max_length=120, blank=True)
    rule = models.ForeignKey(
        SplitRule, verbose_name=_("aturan pembagian"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("penjualan produk UPT")
        verbose_name_plural = _("penjualan produk UPT")
        ordering = ["-sold_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="sale_amount_positive"),
            models.UniqueConstraint(
                fields=["source", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="unique_sale_per_channel_reference",
            ),
        ]
        indexes = [models.Index(fields=["upt", "sold_on"])]

    def __str__(self) -> str:
        return f"{self.sold_on} #{self.pk}"


class LedgerEntry(AppendOnly):
    """One immutable line of the premi ledger: an amount (signed, integer rupiah) on an account.

    The entries of a sale sum to its amount; a reversal is a new entry with the opposite amount that
    points at the entry it cancels (`reverses`, at most once per entry).
    """

    upt = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("UPT"), on_delete=models.PROTECT, related_name="+"
    )
    account = models.CharField(_("akun"), max_length=20, choices=LedgerAccount.choices)
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    artisan = models.ForeignKey(Artisan, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sale = models.ForeignKey(Sale, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("periode kerja (bulan)"))
    booked_on = models.DateField(_("tanggal buku"), db_index=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=EntryKind.choices)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    memo = models.CharField(_("keterangan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("entri buku premi")
        verbose_name_plural = _("entri buku premi")
        ordering = ["booked_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(account=LedgerAccount.PREMI_ARTISAN, artisan__isnull=False)
                | (~models.Q(account=LedgerAccount.PREMI_ARTISAN) & models.Q(artisan__isnull=True)),
                name="ledger_artisan_only_on_premi_artisan",
            ),
        ]
        indexes = [
            models.Index(fields=["upt", "booked_on"]),
            models.Index(fields=["upt", "product", "period", "account"]),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.account} {self.amount}"


class GraduationCase(TimeStamped):
    """Follow-up of a released artisan (programme graduasi): 3, 6 and 12 months after release, and a
    link to the IKM they register if they start a business and consent to the link."""

    artisan = models.OneToOneField(Artisan, on_delete=models.PROTECT, related_name="graduation_case")
    upt = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("UPT"), on_delete=models.PROTECT, related_name="+"
    )
    released_on = models.DateField(_("bulan bebas"))
    consent_on = models.DateField(_("persetujuan dicatat"), null=True, blank=True)
    ikm = models.ForeignKey(
        "registry.Ikm",
        verbose_name=_("IKM"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kasus graduasi")
        verbose_name_plural = _("kasus graduasi")
        ordering = ["-released_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ikm__isnull=True) | models.Q(consent_on__isnull=False),
                name="graduation_ikm_link_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return f"graduasi #{self.pk}"


class FollowUp(TimeStamped):
    """One scheduled follow-up of a graduation case and, once done, its outcome."""

    case = models.ForeignKey(GraduationCase, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("bulan setelah bebas"))
    due_on = models.DateField(_("jatuh tempo"))
    done_on = models.DateField(_("dilakukan"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "months"], name="one_follow_up_per_milestone"),
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True, outcome="")
                | (models.Q(done_on__isnull=False) & ~models.Q(outcome="")),
                name="follow_up_done_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}+{self.months}"
