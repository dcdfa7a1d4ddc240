"""What kind of maker stands behind a product or a shop."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProducerKind(models.TextChoices):
    IKM = "ikm", _("IKM")
    UPT = "upt", _("UPT Pemasyarakatan (warga binaan)")
