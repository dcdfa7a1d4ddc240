"""States and vocabularies of the registry, with the allowed verification transitions next to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")
    RESUBMITTED = "resubmitted", _("Diajukan ulang")


# From state -> states it may move to. Submitting a rejected profile makes it "resubmitted", so the
# officer sees that it was corrected after a rejection.
VERIFICATION_TRANSITIONS: dict[str, set[str]] = {
    VerificationStatus.DRAFT: {VerificationStatus.SUBMITTED},
    VerificationStatus.SUBMITTED: {VerificationStatus.VERIFIED, VerificationStatus.REJECTED},
    VerificationStatus.REJECTED: {VerificationStatus.RESUBMITTED},
    VerificationStatus.RESUBMITTED: {VerificationStatus.VERIFIED, VerificationStatus.REJECTED},
    VerificationStatus.VERIFIED: set(),
}
PENDING_STATUSES = (VerificationStatus.SUBMITTED, VerificationStatus.RESUBMITTED)


class ScaleClass(models.TextChoices):
    KECIL = "kecil", _("Industri kecil")
    MENENGAH = "menengah", _("Industri menengah")
    BESAR = "besar", _("Industri besar")


class BusinessType(models.TextChoices):
    OWN_PRODUCTION = "own_production", _("Produksi sendiri")
    PARTNER_PRODUCTION = "partner_production", _("Diproduksi IKM mitra")
    RESALE = "resale", _("Menjual kembali")


class LicenceKind(models.TextChoices):
    NIB = "nib", _("NIB")
    IUI = "iui", _("IUI")
    IUMK = "iumk", _("IUMK")
    TDP = "tdp", _("TDP")
    SIUP = "siup", _("SIUP")
    NONE = "none", _("Belum ada")


class Education(models.TextChoices):
    SD = "sd", _("SD")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA/SMK")
    DIPLOMA = "diploma", _("Diploma")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2/S3")


class MarketingReach(models.TextChoices):
    REGENCY = "regency", _("Satu kabupaten/kota")
    PROVINCE = "province", _("Satu provinsi")
    NATIONAL = "national", _("Nasional")
    EXPORT = "export", _("Ekspor")


class ConsumerKind(models.TextChoices):
    INDIVIDUALS = "individuals", _("Perorangan")
    COMPANIES = "companies", _("Perusahaan")
    GOVERNMENT = "government", _("Pemerintah")
    SOE = "soe", _("BUMN/BUMD")


class SentraOfficialRole(models.TextChoices):
    BOARD_CHAIR = "board_chair", _("Ketua pengurus")
    BOARD_SECRETARY = "board_secretary", _("Sekretaris pengurus")
    BOARD_TREASURER = "board_treasurer", _("Bendahara pengurus")
    BOARD_MEMBER = "board_member", _("Anggota pengurus")
    MANAGER = "manager", _("Pengelola")
