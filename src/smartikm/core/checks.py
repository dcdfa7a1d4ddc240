"""Start-up checks of settings read from the environment (ARCHITECTURE rule 8)."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_production_secrets(app_configs, **kwargs):
    errors = []
    if not settings.DEBUG and settings.SECRET_KEY.startswith("dev-only-"):
        errors.append(
            Error("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.", id="smartikm.E001")
        )
    if not settings.DEBUG and not settings.FIELD_ENCRYPTION_KEYS:
        errors.append(
            Error("SMARTIKM_FIELD_KEYS must be set when DJANGO_DEBUG is off.", id="smartikm.E002")
        )
    return errors
