"""Start-up checks of settings read from the environment: a bad value stops `smartikm serve` (and every
management command) with the variable's name, instead of failing later in a request or a task."""

from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from smartikm.core import schedule


@register()
def check_production_secrets(app_configs, **kwargs):
    errors = []
    # "dev-only-…" is what the settings hold when no key was given (or an old built-in default).
    if settings.SECRET_KEY.startswith("dev-only-"):
        errors.append(
            Error(
                "DJANGO_SECRET_KEY must be set (the production profile never makes one by itself).",
                id="smartikm.E001",
            )
        )
    if not settings.DEBUG and not settings.FIELD_ENCRYPTION_KEYS:
        errors.append(
            Error(
                "SMARTIKM_FIELD_KEYS must be set (the production profile never makes one by itself).",
                id="smartikm.E002",
            )
        )
    for position, key in enumerate(settings.FIELD_ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            errors.append(
                Error(
                    f"SMARTIKM_FIELD_KEYS: key {position} is not a Fernet key (32 url-safe base64 bytes).",
                    hint='Make one with: python -c "from cryptography.fernet import Fernet; '
                    'print(Fernet.generate_key().decode())"',
                    id="smartikm.E003",
                )
            )
    if getattr(settings, "PRODUCTION", False) and not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "DJANGO_ALLOWED_HOSTS must list the site's host names in the production profile.",
                id="smartikm.E004",
            )
        )
    return errors


def _inside(child: Path, parent: Path) -> bool:
    child, parent = Path(child).resolve(), Path(parent).resolve()
    return child == parent or parent in child.parents


@register()
def check_file_locations(app_configs, **kwargs):
    errors = []
    private_root = getattr(settings, "PRIVATE_ROOT", None)
    if private_root and (
        _inside(private_root, settings.MEDIA_ROOT) or _inside(settings.MEDIA_ROOT, private_root)
    ):
        errors.append(
            Error(
                "SMARTIKM_PRIVATE_ROOT and SMARTIKM_MEDIA_ROOT must not contain each other: everything "
                "under the media folder is public.",
                id="smartikm.E005",
            )
        )
    for name, paths in getattr(settings, "HOOKS", {}).items():
        for path in paths:
            try:
                import_string(path)
            except ImportError:
                errors.append(Error(f"HOOKS[{name!r}]: cannot import {path!r}.", id="smartikm.E006"))
    return errors


@register()
def check_database_connections(app_configs, **kwargs):
    messages = []
    db = settings.DATABASES["default"]
    pool = db.get("OPTIONS", {}).get("pool")
    if getattr(settings, "DB_POOL_SIZE", 0) and db["ENGINE"] != "django.db.backends.postgresql":
        messages.append(
            Warning(
                "SMARTIKM_DB_POOL_SIZE is only used on PostgreSQL; it is ignored on this database.",
                id="smartikm.W001",
            )
        )
    if pool and db.get("CONN_MAX_AGE"):
        messages.append(
            Error("A connection pool cannot be combined with CONN_MAX_AGE > 0.", id="smartikm.E007")
        )
    return messages


@register()
def check_schedule(app_configs, **kwargs):
    """Every job of settings.SCHEDULE has a valid crontab line and something importable to call."""
    errors = []
    for name, spec in getattr(settings, "SCHEDULE", {}).items():
        try:
            schedule.parse_job(name, spec)
        except (ImproperlyConfigured, ValueError) as exc:
            errors.append(Error(f"SCHEDULE[{name!r}]: {exc}", id="smartikm.E008"))
            continue
        try:
            import_string(spec["call"])
        except ImportError:
            errors.append(Error(f"SCHEDULE[{name!r}]: cannot import {spec['call']!r}.", id="smartikm.E009"))
    return errors
