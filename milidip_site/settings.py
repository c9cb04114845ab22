"""Milidip settings, read from the environment.

Local defaults make a laptop work (SQLite, local-memory cache) and cannot leak
into production: without DJANGO_DEBUG the site needs a real DJANGO_SECRET_KEY
and refuses to start otherwise.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# A local .env (never committed; see .env.example) fills in what the real
# environment leaves unset. DJANGO_ENV_FILE names another file, or none if empty.
_env_file = os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env"))
if _env_file:
    load_dotenv(_env_file, override=False)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DJANGO_DEBUG")

# Accepted only with DEBUG on; production must provide its own key.
_DEV_SECRET_KEY = "dev-only-insecure-key-never-used-when-debug-is-off"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "The development secret key cannot be used with DEBUG off."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "milidip_site.apps.MilidipAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reversion",
    "reversion_compare",
    "editorial",
    "topics",
    "casestudies",
    "search",
]

MIDDLEWARE = [
    "milidip_site.middleware.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above everything that may query (sessions, auth, slug redirects).
    "milidip_site.middleware.database.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "editorial.middleware.OldSlugRedirectMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "milidip_site.urls"
WSGI_APPLICATION = "milidip_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "milidip_site.context_processors.page_url",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# --- Faults: database and cache outages degrade, they never hang or crash ---
# A hung database costs a request at most these many seconds, then answers 503
# (milidip_site.middleware.database). SQLite waits as long for a locked database
# (its busy timeout) and runs as a web server needs it: WAL, so readers never
# block the writer, and write transactions that take the lock when they begin.
DB_CONNECT_TIMEOUT = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5"))
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT_MS", "10000"))
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _db_options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    _db_options["options"] = " ".join(
        filter(
            None,
            [
                _db_options.get("options", ""),
                f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}",
            ],
        )
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _db_options.setdefault("timeout", DB_STATEMENT_TIMEOUT_MS / 1000)
    _db_options.setdefault("transaction_mode", "IMMEDIATE")
    _db_options.setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )

# Sessions live in the database, never in the cache: a Redis outage must not
# log editors out or lose a half-finished login.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The cache only holds what can be recomputed (throttle counters). When Redis is
# down or hung, FailOpenRedisCache answers as a miss within the socket timeouts
# (logged once a minute), so pages, admin and API keep working, unthrottled.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_SOCKET_TIMEOUT = float(os.environ.get("DJANGO_REDIS_SOCKET_TIMEOUT", "0.5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "milidip_site.cache_fallback.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "milidip",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "milidip",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# How the site names itself and its authors in references, feeds and metadata.
SITE_NAME = "Milidip"
# Where readers report errors (shown on /methodology/); none by default.
MILIDIP_CONTACT_EMAIL = os.environ.get("DJANGO_CONTACT_EMAIL", "").strip()
SITE_AUTHOR = "Milidip editors"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
FORMS_URLFIELD_ASSUME_HTTPS = True

# Security: on by default, relaxed only for local development.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load-balancer probes speak plain HTTP to the app server (milidip_site.health).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The reader site runs no script and loads nothing from elsewhere. The admin
# ships its own inline scripts, so it goes without. The API docs (/api/docs/,
# /api/redoc/) load only this site's files and add a nonce for their inline
# style and script (milidip_site/api/urls.py).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_SYSTEM_CHECKS")

# --- Edge: request limits, client address, request logs -------------------------
# Bodies, fields and files a request may carry; past them the site answers 413/400.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440))  # 2.5 MB
)
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(
    os.environ.get("DJANGO_DATA_UPLOAD_MAX_NUMBER_FIELDS", "1000")
)
DATA_UPLOAD_MAX_NUMBER_FILES = int(
    os.environ.get("DJANGO_DATA_UPLOAD_MAX_NUMBER_FILES", "20")
)
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the
# default) ignores the header: the client is REMOTE_ADDR. See client_address.py.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
# "text" (key=value lines) or "json" (one JSON object per line).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text").strip().lower()
_LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "milidip_site.logs.RequestIdFilter"},
        "redact": {"()": "milidip_site.logs.RedactSecretsFilter"},
        "client_errors": {"()": "milidip_site.logs.ClientErrorsAsWarningsFilter"},
    },
    "formatters": {
        "text": {"()": "milidip_site.logs.TextFormatter"},
        "json": {"()": "milidip_site.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["client_errors", "request_id", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
    "loggers": {
        "milidip.request": {"level": "INFO"},
        "milidip.security": {"level": "INFO"},
        # Every response is in milidip.request; Django's own line for a 4xx would
        # only repeat it. Its 5xx errors (with the traceback) still come through.
        "django.request": {"level": "ERROR"},
    },
}
# --- end Edge ---------------------------------------------------------------------

# --- Security: logins, passwords, two-factor, API tokens -------------------
from datetime import timedelta  # noqa: E402

# Argon2 hashes new passwords; PBKDF2 still verifies (and upgrades) old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes, records in the database). After
# DJANGO_LOGIN_FAILURE_LIMIT failures for one user name, or from one address,
# logins from it are refused for DJANGO_LOGIN_LOCKOUT_MINUTES.
# Lift a lockout early: `manage.py axes_reset_username NAME`, `axes_reset_ip IP`
# or `axes_reset` (all), or delete the row under Admin › Axes › Access attempts.
AXES_ENABLED = env_bool("DJANGO_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Lockouts key on the same client address as rate limits and logs.
AXES_CLIENT_IP_CALLABLE = "milidip_site.client_address.known_client_address"
AXES_VERBOSE = False

# Two-factor login (django-otp, TOTP). With DJANGO_REQUIRE_2FA=1 reviewers and
# superusers must confirm their login with a code from an authenticator app.
REQUIRE_2FA = env_bool("DJANGO_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# API tokens (django-rest-knox): stored as hashes, expire after
# DJANGO_API_TOKEN_TTL_DAYS days.
API_TOKEN_TTL_DAYS = int(os.environ.get("DJANGO_API_TOKEN_TTL_DAYS", "90"))
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
# --- end of security block --------------------------------------------------

# With DJANGO_API_REQUIRE_IF_MATCH=1 an API write (PUT, PATCH, DELETE) must carry
# If-Match with the ETag the client read, or it is refused with 428; by default a
# write without it is accepted (last write wins).
API_REQUIRE_IF_MATCH = env_bool("DJANGO_API_REQUIRE_IF_MATCH", False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "milidip_site.api.authentication.TokenAuthentication",
        "milidip_site.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": ["milidip_site.api.filtering.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "milidip_site.api.pagination.ApiPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "milidip_site.api.throttling.AnonThrottle",
        "milidip_site.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DJANGO_API_ANON_RATE", "120/min"),
        "user": os.environ.get("DJANGO_API_USER_RATE", "600/min"),
    },
    "EXCEPTION_HANDLER": "milidip_site.api.problems.problem_exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "milidip_site.api.negotiation.ContentNegotiation",
    "DEFAULT_SCHEMA_CLASS": "milidip_site.api.schema.ProblemAutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": (
        "Read and curate the Milidip knowledge base on military diplomacy.\n\n"
        "Anonymous clients read published content; editors write with a token "
        "(`Authorization: Token …` or `Authorization: Bearer …`) and also read "
        "drafts. A staff member creates and revokes their own tokens in the admin "
        "(API tokens); a token is shown once, stored only as a hash, and expires "
        f"after {API_TOKEN_TTL_DAYS} days. Lists take the site's "
        "filters, comma-separated for any-of (`region=europe,africa`), `ordering` "
        "(prefix `-` to reverse) and `page`/`page_size` (20 by default, at most 100). "
        "Unknown parameters, a parameter given twice and invalid values are a 400.\n\n"
        "Case studies match `year_from`/`year_to` when their span overlaps the "
        "range: `year_from=1991` includes a case of 1949–1991, `year_to=1949` too; "
        "an ongoing case runs to the present.\n\n"
        "Lists are compact: summary fields and links (`api_url` for the whole "
        "object). Ask for nested data with `expand` (`expand=participants,citations`); "
        "an object's detail is always complete. Every list is also a download: "
        "`Accept: text/csv` or `?format=csv` gives the whole filtered list as CSV, "
        "the same file as its `export/` address.\n\n"
        "Every error is an RFC 9457 problem (`application/problem+json`). Responses "
        "carry an `ETag`; send it back in `If-None-Match` for a 304, or in `If-Match` "
        "on a write so it fails with 412 instead of overwriting someone else's "
        "change. A write without `If-Match` is accepted (last write wins)"
        + (
            "; this server requires it and answers 428 without it."
            if API_REQUIRE_IF_MATCH
            else "; a server may require it (then it answers 428 without it)."
        )
        + " Rate limits are announced in `RateLimit-*` headers; a 429 carries "
        "`Retry-After`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge fetched from the public validator: the docs use this site only.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Request bodies are documented as JSON, the API's contract: a form encoding
    # (accepted for the browsable API) cannot say null, so it is left out.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    "ENUM_NAME_OVERRIDES": {
        "PublicationStatusEnum": "editorial.models.PublicationStatus",
        "ReliabilityEnum": "topics.choices.Reliability",
        "SourceKindEnum": "topics.choices.SourceKind",
        "ActorKindEnum": "casestudies.models.ActorKind",
        "MetricRatingEnum": "casestudies.models.MetricRating",
    },
}

ADD_REVERSION_ADMIN = True

# --- Backups and data export ---------------------------------------------------
# `manage.py dbbackup` / `dbrestore` (django-dbbackup) keep backups in
# DJANGO_BACKUP_DIR, readable by the owner only: they hold password hashes and
# API tokens. PostgreSQL backups need pg_dump/pg_restore of the server's major
# version or newer.
INSTALLED_APPS += ["dbbackup"]
BACKUP_DIR = Path(os.environ.get("DJANGO_BACKUP_DIR") or BASE_DIR / "backups")
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": str(BACKUP_DIR),
        "file_permissions_mode": 0o600,
        "directory_permissions_mode": 0o700,
    },
}
DBBACKUP_SEND_EMAIL = False
# The backup commands print their own progress; once is enough.
LOGGING.setdefault("loggers", {})["dbbackup"] = {"propagate": False}
# The search index is derived from the content tables by database triggers:
# dumpdata leaves it out and loaddata skips it (the triggers rebuild it).
DATABASE_ROUTERS = ["milidip_site.routers.DerivedDataRouter"]

# --- Data releases -------------------------------------------------------------
# `manage.py make_release` stores each release's zip in the default storage
# (STORAGES["default"]: a folder under MEDIA_ROOT here; any backend, such as S3
# through django-storages, works). Downloads go through /data/<version>/download/,
# never straight from MEDIA_ROOT, which need not be served.
INSTALLED_APPS += ["releases"]
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"
DATA_RELEASE_LICENSE = os.environ.get("DJANGO_DATA_LICENSE", "CC-BY-4.0")
DATA_RELEASE_LICENSE_URL = os.environ.get(
    "DJANGO_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
DATA_RELEASE_LICENSE_TITLE = os.environ.get(
    "DJANGO_DATA_LICENSE_TITLE", "Creative Commons Attribution 4.0 International"
)
# --- Background tasks (Celery) and the link checker ------------------------------
# With CELERY_BROKER_URL (or else REDIS_URL) set, tasks go to that broker and run
# in `celery -A milidip_site worker`; with neither, they run eagerly in-process,
# so a development server or the test suite needs no worker. Periodic jobs run
# from `celery -A milidip_site beat` on CELERY_BEAT_SCHEDULE.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip() or REDIS_URL
CELERY_RESULT_BACKEND = (
    os.environ.get("CELERY_RESULT_BACKEND", "").strip() or CELERY_BROKER_URL or None
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_RESULT_EXPIRES = 24 * 3600
# A worker takes one task at a time and acknowledges it when done, so a task
# lost with a crashed worker runs again: every task is written to be idempotent.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# The broker must not hang the request that queues a task.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 5, "socket_connect_timeout": 2}
CELERY_REDIS_SOCKET_TIMEOUT = 5
# A broker that is down costs the request that queues a task a few seconds at
# most (two attempts), then enqueue() logs the failure and the request goes on.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": CELERY_TASK_PUBLISH_RETRY_POLICY
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_TASK_DEFAULT_QUEUE = "milidip"
# Workers log through LOGGING like the web servers: one line per record, UTC,
# with the request_id of the request that queued the task.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "check-source-links": {
        "task": "topics.check_links",
        "schedule": 24 * 3600,  # daily
    },
    "publish-scheduled": {
        "task": "milidip_site.publish_scheduled",
        "schedule": 5 * 60,
    },
}

# The link checker (topics/link_checker.py) names itself and a contact address
# to the sites it checks, asks each host at most once per MILIDIP_LINK_CHECK_HOST_DELAY
# seconds, and asks the archive's availability endpoint (off when empty; e.g.
# https://archive.org/wayback/available) for a snapshot of sources that have none.
MILIDIP_CONTACT_URL = os.environ.get("MILIDIP_CONTACT_URL", "").strip()
MILIDIP_LINK_CHECK_USER_AGENT = "Milidip-LinkChecker/1.0 (+{contact})"
MILIDIP_LINK_CHECK_CONNECT_TIMEOUT = float(
    os.environ.get("MILIDIP_LINK_CHECK_CONNECT_TIMEOUT", "5")
)
MILIDIP_LINK_CHECK_READ_TIMEOUT = float(
    os.environ.get("MILIDIP_LINK_CHECK_READ_TIMEOUT", "15")
)
MILIDIP_LINK_CHECK_MAX_REDIRECTS = 5
MILIDIP_LINK_CHECK_HOST_DELAY = float(
    os.environ.get("MILIDIP_LINK_CHECK_HOST_DELAY", "1")
)
MILIDIP_ARCHIVE_AVAILABILITY_URL = os.environ.get(
    "MILIDIP_ARCHIVE_AVAILABILITY_URL", ""
).strip()
# --- end Background tasks -----------------------------------------------------------
# --- Email notifications (editorial/notifications.py) ---------------------------
# Workflow emails go to the console unless EMAIL_HOST names an SMTP server.
# They are sent after the commit, time out after EMAIL_TIMEOUT seconds and are
# logged, never raised, when the server fails: a step never waits on the mail.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT") or "10")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "milidip@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in emails start with (no trailing slash needed).
MILIDIP_SITE_URL = os.environ.get("MILIDIP_SITE_URL") or "http://127.0.0.1:8000"
# --- Page cache: whole responses for anonymous readers (milidip_site.page_cache) ---
# Kept in the default cache (Redis with REDIS_URL, shared by every app server) and
# retired at once when public content changes (milidip_site.content_version).
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", True)
# How long the server keeps a page at most (and never past a scheduled publication).
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "3600"))
# What browsers and a CDN are told: Cache-Control max-age and stale-while-revalidate.
PAGE_CACHE_MAX_AGE = int(os.environ.get("DJANGO_PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(
    os.environ.get("DJANGO_PAGE_CACHE_STALE_WHILE_REVALIDATE", "300")
)
PAGE_CACHE_EXCLUDE_PREFIXES = ["/admin/", "/healthz", "/readyz"]
# A cached answer under these prefixes still counts against the client's rate limit.
PAGE_CACHE_RATE_LIMITS = {"/api/": "milidip_site.api.throttling.count_cached_request"}
# What readers see; a save, delete or relation change of these renews the version.
PAGE_CACHE_CONTENT_MODELS = [
    "topics.Topic",
    "topics.Source",
    "topics.Citation",
    "casestudies.CaseStudy",
    "casestudies.Actor",
    "casestudies.Participation",
]
# Inside the request log (hits are logged) and the database guard (the version
# may ask the database for the next scheduled publication), before sessions.
MIDDLEWARE.insert(
    MIDDLEWARE.index("milidip_site.middleware.database.DatabaseUnavailableMiddleware")
    + 1,
    "milidip_site.page_cache.PageCacheMiddleware",
)
# --- end Page cache ------------------------------------------------------------
