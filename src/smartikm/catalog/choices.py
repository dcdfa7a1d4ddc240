"""Product states and units."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    ACTIVE = "active", _("Aktif")
    ARCHIVED = "archived", _("Diarsipkan")


PRODUCT_TRANSITIONS: dict[str, set[str]] = {
    ProductStatus.DRAFT: {ProductStatus.ACTIVE, ProductStatus.ARCHIVED},
    ProductStatus.ACTIVE: {ProductStatus.DRAFT, ProductStatus.ARCHIVED},
    ProductStatus.ARCHIVED: {ProductStatus.DRAFT},
}


class Unit(models.TextChoices):
    PIECE = "pcs", _("buah")
    SET = "set", _("set")
    PACK = "pack", _("pak")
    BOX = "box", _("kotak")
    KG = "kg", _("kilogram")
    GRAM = "g", _("gram")
    LITRE = "l", _("liter")
    METRE = "m", _("meter")
    SHEET = "sheet", _("lembar")
    PAIR = "pair", _("pasang")
    DOZEN = "dozen", _("lusin")
