"""One settings file, driven by the environment. With no environment at all it runs the embedded
set-up: SQLite in WAL mode under ./var, the database task worker, console e-mail, DEBUG off, keys
generated once and kept under ./var. `SMARTIKM_PROFILE=production` switches the defaults to a public
HTTPS site: secrets must come from the environment, cookies are Secure, HTTP is redirected, HSTS.
docs/deploy.md lists every variable read here."""

import base64
import datetime
import hashlib
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from smartikm.env import env_bool, env_int, env_list, env_str, kept_secret

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("SMARTIKM_VAR_DIR", str(Path.cwd() / "var")))

# "embedded": one machine, http://127.0.0.1, keys kept under var/ (what `make run` serves).
# "production": a public HTTPS site; secrets only from the environment; secure defaults below.
PROFILE = env_str("SMARTIKM_PROFILE", "embedded").strip().lower()
if PROFILE not in ("embedded", "production"):
    raise ImproperlyConfigured(f"SMARTIKM_PROFILE={PROFILE!r}: expected 'embedded' or 'production'.")
PRODUCTION = PROFILE == "production"

# Off unless a developer turns it on (DJANGO_DEBUG=1): a debug page lists every URL and setting.
DEBUG = env_bool("DJANGO_DEBUG", False)

_default_db = f"sqlite:///{VAR_DIR / 'smartikm.sqlite3'}"
_database_url = env_str("DATABASE_URL", _default_db)
# The built-in key of earlier versions; their field key was derived from it (see _first_field_keys).
_LEGACY_DEV_SECRET = "dev-only-insecure-key-change-me-in-production-0123456789"  # noqa: S105

# Production takes the secret from DJANGO_SECRET_KEY (a system check refuses a start without it);
# the embedded set-up makes one on its first start and keeps it in var/secret_key.
if env_str("DJANGO_SECRET_KEY", ""):
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
elif PRODUCTION:
    SECRET_KEY = "dev-only-missing-DJANGO_SECRET_KEY"  # noqa: S105 - refused by the smartikm.E001 check
else:
    SECRET_KEY = kept_secret(VAR_DIR / "secret_key", get_random_secret_key)


def _first_field_keys() -> str:
    key = Fernet.generate_key().decode()
    # A database made before keys were kept under var/ holds values encrypted with a key derived from
    # the old built-in secret: keep that key second, so those values stay readable (and are written
    # again with the new key when saved).
    old_db = Path(dj_database_url.parse(_database_url).get("NAME") or "")
    if _database_url == _default_db and old_db.is_file():
        legacy = base64.urlsafe_b64encode(
            hashlib.sha256(("field-key:" + _LEGACY_DEV_SECRET).encode()).digest()
        )
        return f"{key},{legacy.decode()}"
    return key


# Keys for fields encrypted at rest (owner NIK, marketplace tokens): comma-separated Fernet keys,
# newest first, so keys can be rotated. Production: SMARTIKM_FIELD_KEYS; embedded: var/field_keys.
if env_list("SMARTIKM_FIELD_KEYS", []):
    FIELD_ENCRYPTION_KEYS = env_list("SMARTIKM_FIELD_KEYS", [])
elif PRODUCTION:
    FIELD_ENCRYPTION_KEYS = []  # refused by the smartikm.E002 check
else:
    FIELD_ENCRYPTION_KEYS = [
        k.strip() for k in kept_secret(VAR_DIR / "field_keys", _first_field_keys).split(",") if k.strip()
    ]
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
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
    "axes",
    # The scheduler process (`smartikm scheduler`) runs on django-crontask's command.
    "crontask",
    # Listed so /api/docs uses the Swagger files shipped with django-ninja (served from /static/,
    # allowed by the CSP) rather than files from another site.
    "ninja",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The REST API's contract: JSON errors for every /api/ answer, Idempotency-Key on POSTs.
    "smartikm.core.api_middleware.ApiErrorMiddleware",
    "smartikm.core.api_middleware.IdempotencyMiddleware",
    # Last, as django-axes requires: it turns a login refused for lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "smartikm.urls"
WSGI_APPLICATION = "smartikm.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Bearer tokens of the REST API (core.api_support looks the model up by this name, as Django does
# with AUTH_USER_MODEL, because core sits below the accounts app).
API_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model name, not a secret)

# Passwords: Django's validators (their messages come translated from Django itself).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("SMARTIKM_PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): a username tried from one address is locked after
# SMARTIKM_LOGIN_FAILURE_LIMIT failures for SMARTIKM_LOGIN_COOLOFF_MINUTES, on the site's login page
# and on /admin/login/ alike. Attempts are kept in the database, so every web process sees them.
# Axes' backend comes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("SMARTIKM_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("SMARTIKM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SMARTIKM_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries made while locked out do not push the end of the lockout further: the page can then name
# the time at which the next try is accepted.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "smartikm.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "smartikm.core.throttle.client_ip"
# Only failures are recorded (AccessAttempt); a row per successful login would only grow.
AXES_DISABLE_ACCESS_LOG = True
# The address of the client: REMOTE_ADDR, or behind SMARTIKM_PROXY_COUNT trusted reverse proxies the
# address they appended to X-Forwarded-For (used by the login lockout and the API token throttle).
PROXY_COUNT = env_int("SMARTIKM_PROXY_COUNT", 0, minimum=0)

# Bearer-token throttling of the API: a client (IP address) that sent this many invalid tokens within
# the window is answered 429 with Retry-After until the window ends.
API_TOKEN_FAILURE_LIMIT = env_int("SMARTIKM_API_TOKEN_FAILURE_LIMIT", 20, minimum=1)
API_TOKEN_FAILURE_WINDOW_S = env_int("SMARTIKM_API_TOKEN_FAILURE_WINDOW_S", 600, minimum=1)

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(_database_url)}
# Connections: a pool per web process on PostgreSQL when SMARTIKM_DB_POOL_SIZE > 0 (the web server's
# configuration sets it to its thread count), otherwise one connection per thread, kept for
# DJANGO_CONN_MAX_AGE seconds and checked before reuse. Either way the number of connections is
# bounded by processes x threads; see docs/decisions/0010-application-server.md.
DB_POOL_SIZE = env_int("SMARTIKM_DB_POOL_SIZE", 0, minimum=0)
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["application_name"] = env_str("SMARTIKM_DB_APPLICATION_NAME", "smartikm")
    if DB_POOL_SIZE:
        # A fixed-size pool: the connection budget is a number an operator can add up, and a burst
        # cannot leave more connections behind than the pool had before it.
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django's pool requires it
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": DB_POOL_SIZE,
            "max_size": DB_POOL_SIZE,
            "timeout": env_int("SMARTIKM_DB_POOL_TIMEOUT", 10, minimum=1),
        }
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

# Periodic work (core.schedule): one scheduler process (`smartikm scheduler`, started by `smartikm
# serve`) queues each job at its crontab times, in TIME_ZONE; a task worker runs it and records the
# run, shown to ministry administrators at /jadwal/. Each job is idempotent.
SCHEDULE: dict[str, dict] = {
    # Every connected API shop: queue its order import (one at a time per shop).
    "order-import": {
        "call": "smartikm.channels.actions.queue_order_imports",
        "cron": "*/5 * * * *",
        "title": _("Impor pesanan dari toko marketplace yang tersambung"),
    },
    # Every 10 minutes, shops whose access token expires within 30: the margin covers the interval
    # plus the ten minutes the sync worker wants left on a token.
    "token-refresh": {
        "call": "smartikm.channels.tasks.refresh_expiring_tokens",
        "cron": "*/10 * * * *",
        "kwargs": {"margin_s": 1800},
        "title": _("Perbarui token toko sebelum kedaluwarsa"),
    },
    # Nightly, when the marketplaces are quiet: live and in-review listings, oldest check first.
    "listing-reconciliation": {
        "call": "smartikm.channels.tasks.reconcile_listings",
        "cron": "30 2 * * *",
        "kwargs": {"limit": env_int("SMARTIKM_RECONCILE_LIMIT", 5000, minimum=1)},
        "title": _("Cocokkan status listing dengan marketplace"),
    },
    # Each morning: owners of certificates that expire in 30 and in 7 days get one e-mail each.
    "certificate-reminders": {
        "call": "smartikm.registry.actions.send_certificate_expiry_reminders",
        "cron": "0 7 * * *",
        "title": _("Pengingat sertifikat yang akan berakhir (30 dan 7 hari)"),
    },
    # The marketplace sync queue: ministry administrators are told of a backlog or many failures.
    "queue-health": {
        "call": "smartikm.channels.actions.alert_queue_health",
        "cron": "*/15 * * * *",
        "title": _("Peringatan kesehatan antrean sinkron marketplace"),
    },
}
# Queue-health alerts: sent when this many sync jobs are due and waiting, or have failed for good in
# the last 24 hours; at most one alert per period.
QUEUE_ALERT_BACKLOG = env_int("SMARTIKM_QUEUE_ALERT_BACKLOG", 500, minimum=1)
QUEUE_ALERT_FAILED = env_int("SMARTIKM_QUEUE_ALERT_FAILED", 50, minimum=1)
QUEUE_ALERT_PERIOD_H = env_int("SMARTIKM_QUEUE_ALERT_PERIOD_H", 6, minimum=1)

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
    # who may read a private upload (a certificate scan): the app holding the file answers.
    "private_file_reader": ["smartikm.registry.private_files.read_private_file"],
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
STATIC_ROOT = Path(env_str("SMARTIKM_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("SMARTIKM_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files that are not public (certificate scans): never under MEDIA_ROOT, served only through
# /berkas/ to the users that the app holding the file allows (the `private_file_reader` hook).
PRIVATE_ROOT = Path(env_str("SMARTIKM_PRIVATE_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "smartikm.core.files.PrivateFileSystemStorage"},
    # Hashed names (cached for a year by browsers) and gzip copies, served by WhiteNoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads above this size are refused by the forms and the API, not just by the web server.
MAX_UPLOAD_BYTES = env_int("SMARTIKM_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Console in the embedded set-up, SMTP in production (SMARTIKM_SMTP_* variables); SMARTIKM_MAIL_BACKEND
# chooses another backend.
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "SMARTIKM_MAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION
            else "django.core.mail.backends.console.EmailBackend",
        ),
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
# Mail is sent by a task (core.mail): a failed send is retried up to SMARTIKM_MAIL_MAX_ATTEMPTS times,
# waiting longer each time, and never fails the request that asked for it. MAIL_TASK_BACKEND names the
# TASKS backend that runs it.
MAIL_MAX_ATTEMPTS = env_int("SMARTIKM_MAIL_MAX_ATTEMPTS", 5, minimum=1)
MAIL_RETRY_BASE_S = env_int("SMARTIKM_MAIL_RETRY_BASE_S", 60, minimum=1)
MAIL_TASK_BACKEND = "default"
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
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-axes reports every failed login at INFO; lockouts (WARNING) are what an operator needs.
        "axes": {"level": "WARNING"},
        # The scheduler's executor logs two lines per run, and crontask's lock keep-alive runs every
        # 5 s; each scheduled run is recorded on its job's row (/jadwal/), so only problems are logged.
        "apscheduler.executors": {"level": "WARNING"},
    },
}

# Security headers and cookies. The production profile turns on what a public HTTPS site needs; the
# embedded set-up on http://127.0.0.1 cannot use Secure cookies or HTTPS redirects. Each can still be
# set on its own.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy on another machine, name the header it sets (e.g. X-Forwarded-Proto);
# the proxy must overwrite it on every request. (gunicorn already trusts it from 127.0.0.1.)
_proxy_header = env_str("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A signed-in officer sees personal data: sessions end after 12 hours by default.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 12 * 60 * 60, minimum=60)
# Content Security Policy: scripts, styles, images and fonts only from this site, nothing inline
# (templates keep scripts and styles in static files; a nonce is there for a script that must be
# inline). No form-action: connecting a shop posts a form that redirects to the marketplace's own
# sign-in page.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The HSTS preload flag is a promise the domain's owner makes to browser vendors, not a default this
# project can make; the deploy check's reminder about it is silenced only while the flag is off.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
