"""Fixed vocabularies of the reference app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/Kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Kelurahan/Desa")


class KbliLevel(models.TextChoices):
    KATEGORI = "kategori", _("Kategori")
    GOLONGAN_POKOK = "golongan_pokok", _("Golongan pokok")
    GOLONGAN = "golongan", _("Golongan")
    SUBGOLONGAN = "subgolongan", _("Subgolongan")
    KELOMPOK = "kelompok", _("Kelompok")


# The scale classes of Permenperin 64/2016; the registry's ScaleClass uses the same values.
SCALE_CHOICES = [
    ("kecil", _("Industri kecil")),
    ("menengah", _("Industri menengah")),
    ("besar", _("Industri besar")),
]
