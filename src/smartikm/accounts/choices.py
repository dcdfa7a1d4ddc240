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
