"""Vocabularies and states of the corrections app, with the allowed transitions next to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitType(models.TextChoices):
    LAPAS = "lapas", _("Lapas (lembaga pemasyarakatan)")
    RUTAN = "rutan", _("Rutan (rumah tahanan negara)")
    LPKA = "lpka", _("LPKA (lembaga pembinaan khusus anak)")
    BAPAS = "bapas", _("Bapas (balai pemasyarakatan)")
    GRIYA_ABHIPRAYA = "griya_abhipraya", _("Griya Abhipraya")


class UnitClass(models.TextChoices):
    I = "I", _("Kelas I")  # noqa: E741 (the official class name)
    IIA = "IIA", _("Kelas IIA")
    IIB = "IIB", _("Kelas IIB")
    III = "III", _("Kelas III")


class Skill(models.TextChoices):
    WOODWORK = "woodwork", _("Kerajinan kayu dan mebel")
    SEWING = "sewing", _("Menjahit dan konveksi")
    BATIK = "batik", _("Batik")
    WEAVING = "weaving", _("Anyaman dan tenun")
    COCONUT = "coconut", _("Olahan sabut dan tempurung kelapa")
    FOOD = "food", _("Pengolahan pangan")
    CALLIGRAPHY = "calligraphy", _("Kaligrafi dan lukis")
    LEATHER = "leather", _("Kerajinan kulit dan sarung tangan")
    METALWORK = "metalwork", _("Las dan logam")
    OTHER = "other", _("Lainnya")


class ArtisanStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif di bengkel kerja")
    RELEASED = "released", _("Bebas")
    TRANSFERRED = "transferred", _("Dipindahkan")


# From state -> states it may move to. Release is final (a GraduationCase takes over); a transferred
# artisan can come back (transfers between units happen both ways). Release goes through
# `actions.release_artisan`, which also opens the graduation case.
ARTISAN_TRANSITIONS: dict[str, set[str]] = {
    ArtisanStatus.ACTIVE: {ArtisanStatus.RELEASED, ArtisanStatus.TRANSFERRED},
    ArtisanStatus.TRANSFERRED: {ArtisanStatus.ACTIVE},
    ArtisanStatus.RELEASED: set(),
}


class LedgerAccount(models.TextChoices):
    PREMI_ARTISAN = "premi_artisan", _("Premi warga binaan")
    PREMI_UNALLOCATED = "premi_unallocated", _("Premi belum teralokasi")
    PNBP = "pnbp", _("PNBP")
    CAPITAL = "capital", _("Modal produksi")


PREMI_ACCOUNTS = (LedgerAccount.PREMI_ARTISAN, LedgerAccount.PREMI_UNALLOCATED)


class EntryKind(models.TextChoices):
    SPLIT = "split", _("Pembagian hasil penjualan")
    ALLOCATION = "allocation", _("Alokasi premi")
    REVERSAL = "reversal", _("Pembalikan (koreksi)")


class SaleSource(models.TextChoices):
    """Where a sale was recorded. Marketplace channels use their own code (e.g. "tokopedia")."""

    MANUAL = "manual", _("Dicatat petugas")


class Outcome(models.TextChoices):
    EMPLOYED = "employed", _("Bekerja")
    OWN_BUSINESS = "own_business", _("Usaha sendiri")
    NOT_WORKING = "not_working", _("Tidak bekerja")
    LOST_CONTACT = "lost_contact", _("Hilang kontak")


FOLLOW_UP_MONTHS = (3, 6, 12)
