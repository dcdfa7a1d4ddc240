from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    name = "smartikm.corrections"
    label = "corrections"
    verbose_name = _("Produk warga binaan")
