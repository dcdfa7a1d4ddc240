"""The registry of IKM (industri kecil dan menengah), their certifications and sentra."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartikm.core.crypto import EncryptedTextField
from smartikm.core.files import private_storage
from smartikm.core.models import TimeStamped
from smartikm.registry import permissions
from smartikm.registry.choices import (
    BusinessType,
    Education,
    MarketingReach,
    ScaleClass,
    SentraOfficialRole,
    VerificationStatus,
)

# Fields an owner or officer may set through create_ikm/update_ikm. Status, verification fields,
# scale and the denormalised province/regency are derived by the actions, never taken from input.
IKM_FIELDS = (
    "name",
    "business_type",
    "phone",
    "email",
    "npwp",
    "nib",
    "licences",
    "kbli",
    "founded_on",
    "workers",
    "investment",
    "village",
    "address",
    "postal_code",
    "description",
    "owner_name",
    "owner_phone",
    "owner_birth_date",
    "owner_nik",
    "owner_education",
    "store_links",
    "has_trademark",
    "consumers",
    "marketing_reach",
    "has_export_experience",
    "needs",
)
CERTIFICATION_FIELDS = ("kind", "number", "issuer", "valid_from", "valid_until", "file")


class IkmQuerySet(models.QuerySet):
    def public(self):
        """Profiles anybody may see: verified ones."""
        return self.filter(permissions.PUBLIC_IKM)

    def visible_to(self, user):
        """Profiles this user may see at all (see `registry.permissions.visible_ikm_condition`)."""
        condition = permissions.visible_ikm_condition(user)
        return self if condition is None else self.filter(condition)


class SentraQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        """Inactive sentra only for ministry staff reading national data and provincial officers."""
        return self if permissions.sees_inactive_sentra(user) else self.public()


class Ikm(TimeStamped):
    """An IKM profile with the e-Smart IKM registration fields and its verification state."""

    objects = IkmQuerySet.as_manager()

    # Business
    name = models.CharField(_("nama usaha"), max_length=200, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pemilik akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ikms",
    )
    business_type = models.CharField(
        _("jenis usaha"), max_length=20, choices=BusinessType.choices, default=BusinessType.OWN_PRODUCTION
    )
    phone = models.CharField(_("telepon usaha"), max_length=16, blank=True, help_text=_("Format E.164."))
    email = models.EmailField(_("e-mail usaha"), blank=True)
    npwp = models.CharField(
        _("NPWP"), max_length=16, blank=True, db_index=True, help_text=_("15 atau 16 digit.")
    )
    nib = models.CharField(_("NIB"), max_length=13, null=True, blank=True, unique=True)
    licences = models.JSONField(_("izin usaha"), default=list, blank=True)
    kbli = models.ForeignKey(
        "reference.Kbli",
        verbose_name=_("KBLI"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "kelompok"},
    )
    founded_on = models.DateField(_("tanggal berdiri"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("jumlah tenaga kerja"))
    investment = models.BigIntegerField(
        _("nilai investasi (Rp)"), help_text=_("Tidak termasuk tanah dan bangunan tempat usaha.")
    )
    scale = models.CharField(_("skala"), max_length=10, choices=ScaleClass.choices, db_index=True, blank=True)
    village = models.ForeignKey(
        "reference.Region",
        verbose_name=_("kelurahan/desa"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 4},
    )
    # Denormalised from the village code so lists filter by province/regency without joins.
    province = models.ForeignKey(
        "reference.Region",
        verbose_name=_("provinsi"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    regency = models.ForeignKey(
        "reference.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    address = models.CharField(_("alamat"), max_length=300)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    description = models.TextField(_("deskripsi usaha"), blank=True)
    # Owner (the person). The NIK is sensitive personal data (UU 27/2022): encrypted, shown masked.
    owner_name = models.CharField(_("nama pemilik"), max_length=150)
    owner_phone = models.CharField(_("telepon pemilik"), max_length=16, blank=True)
    owner_birth_date = models.DateField(_("tanggal lahir pemilik"), null=True, blank=True)
    owner_nik = EncryptedTextField(_("NIK pemilik"), blank=True)
    owner_education = models.CharField(
        _("pendidikan pemilik"), max_length=10, choices=Education.choices, blank=True
    )
    # Store links and market
    store_links = models.JSONField(_("tautan toko"), default=dict, blank=True)
    has_trademark = models.BooleanField(_("memiliki merek terdaftar"), default=False)
    consumers = models.JSONField(_("konsumen"), default=list, blank=True)
    marketing_reach = models.CharField(
        _("jangkauan pemasaran"), max_length=10, choices=MarketingReach.choices, blank=True
    )
    has_export_experience = models.BooleanField(_("pernah ekspor"), default=False, db_index=True)
    # Needs survey
    needs = models.JSONField(_("survei kebutuhan"), default=dict, blank=True)
    # Verification
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=VerificationStatus.choices,
        default=VerificationStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)

    class Meta:
        verbose_name = _("IKM")
        verbose_name_plural = _("IKM")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["province", "status"]),
            models.Index(fields=["regency", "scale"]),
            # Public IKM lists (API, province page) are ordered by name: read in index order.
            models.Index(fields=["status", "name", "id"], name="registry_ikm_status_name"),
            models.Index(fields=["province", "status", "name", "id"], name="registry_ikm_province_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_nik_masked(self) -> str:
        """'3201********0001': enough to recognise, not enough to misuse."""
        nik = self.owner_nik or ""
        return f"{nik[:4]}{'*' * (len(nik) - 8)}{nik[-4:]}" if len(nik) >= 8 else ""


class Certification(TimeStamped):
    """A certificate held by an IKM (Halal, SNI, BPOM, PIRT, TKDN, SVLK, …), possibly for products."""

    ikm = models.ForeignKey(Ikm, on_delete=models.CASCADE, related_name="certifications")
    kind = models.ForeignKey(
        "reference.CertificationKind", verbose_name=_("jenis"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("nomor"), max_length=100)
    issuer = models.CharField(_("penerbit"), max_length=160)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    # A scan with the holder's details: kept out of the public media folder, readable only by the
    # owner, the province's officers and ministry staff (permissions.can_read_certificate).
    file = models.FileField(
        _("berkas"), upload_to="certifications/%Y/%m/", blank=True, storage=private_storage
    )

    class Meta:
        verbose_name = _("sertifikasi")
        verbose_name_plural = _("sertifikasi")
        ordering = ["kind_id", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["ikm", "kind", "number"], name="unique_certificate_per_ikm"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="certificate_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_id} {self.number}"


class CertificateReminder(models.Model):
    """One expiry reminder e-mailed to a certificate's owner: `days_before` is the threshold it
    answers (30 or 7 days before `valid_until`).

    The row is written (with its audit entry) before the e-mail leaves and `sent_at` is set once the
    mail server took it, so running the reminders again never sends a second e-mail for the same
    certificate, expiry date and threshold; a failed send is tried again by the next run. A renewed
    certificate (a new `valid_until`) gets its own reminders.
    """

    certification = models.ForeignKey(
        Certification, verbose_name=_("sertifikasi"), on_delete=models.CASCADE, related_name="reminders"
    )
    valid_until = models.DateField(_("berlaku sampai"))
    days_before = models.PositiveSmallIntegerField(_("hari sebelum berakhir"))
    recipient = models.EmailField(_("penerima"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan kirim"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)

    class Meta:
        verbose_name = _("pengingat sertifikat")
        verbose_name_plural = _("pengingat sertifikat")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "valid_until", "days_before"],
                name="one_reminder_per_certificate_expiry_and_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certification} H-{self.days_before}"


class Sentra(TimeStamped):
    """An industrial centre: a cluster of similar IKM in one village (BPS criteria, PP 29/2018)."""

    objects = SentraQuerySet.as_manager()

    name = models.CharField(_("nama sentra"), max_length=200, db_index=True)
    village = models.ForeignKey(
        "reference.Region",
        verbose_name=_("kelurahan/desa"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 4},
    )
    province = models.ForeignKey(
        "reference.Region",
        verbose_name=_("provinsi"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    regency = models.ForeignKey(
        "reference.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    commodity = models.CharField(_("komoditas"), max_length=120)
    kbli = models.ForeignKey(
        "reference.Kbli",
        verbose_name=_("KBLI"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "kelompok"},
    )
    description = models.TextField(_("deskripsi"), blank=True)
    established_year = models.PositiveSmallIntegerField(_("tahun berdiri"), null=True, blank=True)
    supervising_agency = models.CharField(
        _("instansi pembina"),
        max_length=200,
        blank=True,
        help_text=_("Lembaga yang membina atau mengorganisasi."),
    )
    technical_unit = models.CharField(_("UPT sentra"), max_length=200, blank=True)
    publicly_known = models.BooleanField(
        _("dikenal masyarakat"), null=True, blank=True, default=None, help_text=_("Kosong: belum dinilai.")
    )
    village_households = models.PositiveIntegerField(_("jumlah rumah tangga desa"), null=True, blank=True)
    similar_businesses = models.PositiveIntegerField(
        _("jumlah usaha sejenis di desa"),
        null=True,
        blank=True,
        help_text=_("Termasuk usaha yang belum terdaftar sebagai anggota."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("sentra")
        verbose_name_plural = _("sentra")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class SentraMember(TimeStamped):
    """An IKM that belongs to a sentra (an IKM belongs to at most one)."""

    sentra = models.ForeignKey(Sentra, on_delete=models.CASCADE, related_name="members")
    ikm = models.OneToOneField(Ikm, on_delete=models.CASCADE, related_name="sentra_membership")
    joined_on = models.DateField(_("bergabung"), null=True, blank=True)

    class Meta:
        verbose_name = _("anggota sentra")
        verbose_name_plural = _("anggota sentra")

    def __str__(self) -> str:
        return f"{self.ikm} @ {self.sentra}"


class SentraOfficial(TimeStamped):
    """A member of a sentra's board (pengurus) or its managers (pengelola)."""

    sentra = models.ForeignKey(Sentra, on_delete=models.CASCADE, related_name="officials")
    name = models.CharField(_("nama"), max_length=150)
    role = models.CharField(_("jabatan"), max_length=20, choices=SentraOfficialRole.choices)
    phone = models.CharField(_("telepon"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("pengurus/pengelola sentra")
        verbose_name_plural = _("pengurus/pengelola sentra")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
