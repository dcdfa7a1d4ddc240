"""Organisation kinds and membership roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MINISTRY_UNIT = "ministry_unit", _("Unit kementerian")
    PROVINCIAL_OFFICE = "provincial_office", _("Dinas perindustrian provinsi")
    UPT = "upt", _("UPT Pemasyarakatan")
    LARGE_INDUSTRY = "large_industry", _("Industri besar")
    BUYER = "buyer", _("Pembeli")
    MARKETPLACE_PARTNER = "marketplace_partner", _("Mitra marketplace")


class Role(models.TextChoices):
    """A membership's role inside its organisation. What it allows depends on the organisation's kind
    too: `smartikm.accounts.capabilities.role_of` turns the pair into one named role."""

    ADMIN = "admin", _("Administrator")
    OFFICER = "officer", _("Petugas")
    ANALYST = "analyst", _("Analis / petugas program")
    CURATOR = "curator", _("Kurator")
    MENTOR = "mentor", _("Mentor")
    MEMBER = "member", _("Anggota")


class TokenScope(models.TextChoices):
    """What an API token may do. A token's scope is set when it is issued and never changes (a
    different scope is a new token), so there are no transitions."""

    READ = "read", _("Baca saja")
    WRITE = "write", _("Baca dan tulis")


class ApiArea(models.TextChoices):
    """The parts of the REST API a token can be limited to: the path segment after /api/."""

    REFERENCE = "reference", _("Data referensi")
    REGISTRY = "registry", _("Registri IKM dan sentra")
    CATALOG = "catalog", _("Katalog produk")
    CURATION = "curation", _("Kurasi")
    CORRECTIONS = "corrections", _("Pemasyarakatan (UPT)")
