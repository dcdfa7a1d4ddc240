from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    name = "smartikm.curation"
    label = "curation"
    verbose_name = _("Kurasi produk")
