"""One settings file, driven by the environment. With no environment at all it runs the embedded
set-up: SQLite in WAL mode under ./var, the database task worker, console e-mail."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from smartikm.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("SMARTIKM_VAR_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)
# The default key only serves the embedded laptop set-up; a system check refuses it when DEBUG is off.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
# Key for fields encrypted at rest (owner NIK, marketplace tokens). Comma-separated Fernet keys,
# newest first, so keys can be rotated; empty means "derive one from SECRET_KEY" (development only).
FIELD_ENCRYPTION_KEYS = env_list("SMARTIKM_FIELD_KEYS", [])
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tasks_db",
    "smartikm.core",
    "smartikm.reference",
    "smartikm.accounts",
    "smartikm.registry",
    "smartikm.producers",
    "smartikm.catalog",
    "smartikm.curation",
    "smartikm.corrections",
    "smartikm.channels",
    "smartikm.web",
    "smartikm.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "smartikm.urls"
WSGI_APPLICATION = "smartikm.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Bearer tokens of the REST API (core.api_support looks the model up by this name, as Django does
# with AUTH_USER_MODEL, because core sits below the accounts app).
API_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model name, not a secret)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'smartikm.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while the task worker writes; IMMEDIATE avoids lock upgrades
    # failing mid-transaction under two writers.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": env_str("SMARTIKM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Marketplace sync queue (channels.queue): lease of a claimed job, retry backoff and attempts.
CHANNEL_SYNC_LEASE_S = env_int("SMARTIKM_SYNC_LEASE_S", 120)
CHANNEL_SYNC_BACKOFF_BASE_S = float(env_int("SMARTIKM_SYNC_BACKOFF_BASE_S", 5))
CHANNEL_SYNC_BACKOFF_CAP_S = float(env_int("SMARTIKM_SYNC_BACKOFF_CAP_S", 1800))
CHANNEL_SYNC_MAX_ATTEMPTS = env_int("SMARTIKM_SYNC_MAX_ATTEMPTS", 8)
# Hosts on private/loopback addresses the HTTP seam may call (core.http); empty in production.
SMARTIKM_HTTP_ALLOW_PRIVATE_HOSTS = env_list("SMARTIKM_HTTP_ALLOW_PRIVATE_HOSTS", [])

# Cross-layer reactions: a lower app fires a hook, higher apps' receivers run, in order (core.hooks
# documents each hook's arguments; docs/architecture.md lists them).
HOOKS: dict[str, list[str]] = {
    # reference datasets owned by higher apps, loaded by `smartikm loadref` after reference's own.
    "reference_datasets": ["smartikm.catalog.loaders.load_categories"],
    # catalogue changed a product's price or stock: queue the update to its marketplace listings.
    "product_changed": ["smartikm.channels.actions.push_product_changes"],
    # stock taken or returned by a sale or its cancellation: push the figure to the other listings.
    "stock_changed": ["smartikm.channels.actions.push_stock_change"],
    # asked before a product is published to a channel; each rule returns its objections.
    "channel_eligibility": ["smartikm.curation.rules.selected_within_12_months"],
    # registry changed an IKM (created, edited, verified, rejected): keep its producer in step and
    # re-index its products for search.
    "ikm_changed": [
        "smartikm.producers.actions.sync_ikm_producer",
        "smartikm.catalog.search.reindex_ikm_on_commit",
    ],
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("SMARTIKM_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads above this size are refused by the forms and the API, not just by the web server.
MAX_UPLOAD_BYTES = env_int("SMARTIKM_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Console by default; set SMARTIKM_MAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the
# SMTP variables for real mail.
MAILERS = {
    "default": {
        "BACKEND": env_str("SMARTIKM_MAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        "OPTIONS": {
            k: v
            for k, v in {
                "host": env_str("SMARTIKM_SMTP_HOST", ""),
                "port": env_int("SMARTIKM_SMTP_PORT", 0),
                "username": env_str("SMARTIKM_SMTP_USER", ""),
                "password": env_str("SMARTIKM_SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMARTIKM_SMTP_TLS", False),
            }.items()
            if v
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "e-Smart IKM <noreply@localhost>")

# The public sign-in page; the admin keeps its own.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "registry:dashboard"
LOGOUT_REDIRECT_URL = "web:home"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
