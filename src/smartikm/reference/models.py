"""Reference tables loaded by `smartikm loadref`. Rows are disabled (is_active=False), never deleted,
and every row carries the dataset version it came from (docs/architecture.md, rule 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartikm.reference.choices import SCALE_CHOICES, KbliLevel, RegionLevel


class ReferenceRow(models.Model):
    """Abstract base of every reference table: active flag and source version."""

    is_active = models.BooleanField(_("aktif"), default=True)
    version = models.CharField(_("versi"), max_length=60)

    class Meta:
        abstract = True


class Dataset(models.Model):
    """One loaded reference dataset: where it came from, which version, and when it was loaded."""

    name = models.CharField(_("nama"), max_length=40, unique=True)
    source = models.CharField(_("sumber"), max_length=300)
    version = models.CharField(_("versi"), max_length=60)
    checksum = models.CharField(_("checksum"), max_length=64)
    rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    loaded_at = models.DateTimeField(_("dimuat"), auto_now=True)

    class Meta:
        verbose_name = _("set data referensi")
        verbose_name_plural = _("set data referensi")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Region(ReferenceRow):
    """A Kemendagri region (province, regency/city, district or village) with its dotted code."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=RegionLevel.choices, db_index=True)
    kind = models.CharField(_("jenis"), max_length=20)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("jalur"), max_length=300)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def province_code(self) -> str:
        return self.code[:2]


class Kbli(ReferenceRow):
    """A KBLI 2020 code at any level (kategori letter to five-digit kelompok)."""

    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    title = models.CharField(_("judul"), max_length=300)
    level = models.CharField(_("tingkat"), max_length=20, choices=KbliLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    category = models.CharField(_("kategori"), max_length=1, db_index=True)

    class Meta:
        verbose_name = _("KBLI")
        verbose_name_plural = _("KBLI")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class HsCode(ReferenceRow):
    """A BTKI 2022 line: 4-digit heading, 6-digit subheading or 8-digit national tariff line."""

    code = models.CharField(_("kode"), max_length=8, primary_key=True)
    description_id = models.TextField(_("uraian (Indonesia)"))
    description_en = models.TextField(_("uraian (Inggris)"))
    level = models.PositiveSmallIntegerField(_("tingkat"), db_index=True)

    class Meta:
        verbose_name = _("kode HS (BTKI)")
        verbose_name_plural = _("kode HS (BTKI)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.dotted} {self.description_id}"

    @property
    def dotted(self) -> str:
        """BTKI notation: 0101, 0101.30, 0101.30.10."""
        c = self.code
        if len(c) == 4:
            return f"{c[:2]}.{c[2:]}"
        if len(c) == 6:
            return f"{c[:4]}.{c[4:]}"
        return f"{c[:4]}.{c[4:6]}.{c[6:]}"


class Country(ReferenceRow):
    """An ISO 3166-1 country with its Indonesian and English names (pycountry)."""

    code = models.CharField(_("kode"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("kode alfa-3"), max_length=3, unique=True)
    name_id = models.CharField(_("nama (Indonesia)"), max_length=120)
    name_en = models.CharField(_("nama (Inggris)"), max_length=120)

    class Meta:
        verbose_name = _("negara")
        verbose_name_plural = _("negara")
        ordering = ["name_id"]

    def __str__(self) -> str:
        return self.name_id


class CertificationKind(ReferenceRow):
    """A kind of certificate an IKM or product can hold (Halal, SNI, BPOM, PIRT, TKDN, SVLK, …)."""

    code = models.CharField(_("kode"), max_length=20, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    issuer = models.CharField(_("penerbit"), max_length=160)
    applies_to_product = models.BooleanField(_("untuk produk"), default=True)
    description = models.TextField(_("keterangan"), blank=True)

    class Meta:
        verbose_name = _("jenis sertifikasi")
        verbose_name_plural = _("jenis sertifikasi")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ScaleRule(models.Model):
    """One row of a scale-classification rule set, kept as data with its legal source.

    A profile's class is the first active rule (by `priority`) whose inclusive worker and investment
    bounds contain it; a null upper bound means "no limit".
    """

    rule_set = models.CharField(_("aturan"), max_length=60, default="permenperin-64-2016")
    source = models.CharField(_("sumber"), max_length=200)
    scale = models.CharField(_("skala"), max_length=10, choices=SCALE_CHOICES)
    priority = models.PositiveSmallIntegerField(_("urutan"))
    workers_min = models.PositiveIntegerField(_("tenaga kerja minimum"), default=0)
    workers_max = models.PositiveIntegerField(_("tenaga kerja maksimum"), null=True, blank=True)
    investment_min = models.BigIntegerField(_("investasi minimum (Rp)"), default=0)
    investment_max = models.BigIntegerField(_("investasi maksimum (Rp)"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("aturan skala usaha")
        verbose_name_plural = _("aturan skala usaha")
        ordering = ["rule_set", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "priority"], name="unique_scale_rule_priority")
        ]

    def __str__(self) -> str:
        return f"{self.rule_set} #{self.priority}: {self.get_scale_display()}"
