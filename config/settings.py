"""Settings for the portal, read from the environment (see README "Konfigurasi").

With nothing set, everything runs on one machine: SQLite under var/, Celery tasks in-process,
mail written as files under var/mail/, uploads under var/media/.
"""

import base64
import hashlib
import ipaddress
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
        return key
    # One machine, nothing configured: keep a random key under var/ so sessions survive restarts.
    # Several web machines must share SECRET_KEY from the environment (see README "Deployment").
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PORTAL_BASE_URL = (env_str("PORTAL_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "portal",
    "registration",
    "verification",
    "scheduling",
    "certificates",
    "complaints",
    "survey",
    "casework",
    "assessments",
    "ipasn",
    "objections",
    "integrations",
    "composition",
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuses an oversized body before anything reads it (portal.limits).
    "portal.limits.RequestBodyLimitMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Overload: beyond PORTAL_MAX_CONCURRENT_REQUESTS in flight, the 429 "busy" page.
    "portal.middleware.LoadSheddingMiddleware",
    # Database unreachable: the 503 page, and a fresh connection for the next request.
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A NUL byte in the query or a form field: the 400 page (portal.limits). After CSRF, which
    # has parsed the form by the time this checks it.
    "portal.limits.NulByteMiddleware",
    # Django's, renaming the stock backends a session names (portal.auth_backends).
    "portal.auth_backends.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # In this order: a forced password change first, then setting up a required second factor.
    "registration.middleware.PasswordChangeRequiredMiddleware",
    "registration.middleware.TwoFactorRequiredMiddleware",
    # A case the reader conflicts with: 403 with the reason (registration.conflicts).
    "registration.middleware.ConflictOfInterestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
            # The same tags, cheaper: {% url %} keeps what it reversed, {% extends %} the root
            # template's blocks, |date writes the common formats itself (portal.templatetags.
            # portal_urls, portal_extends and portal.dates say why that is safe;
            # portal.templating does it for {% translate %}).
            "builtins": [
                "portal.templatetags.portal_urls",
                "portal.templatetags.portal_extends",
                "portal.templatetags.portal_dates",
            ],
        },
    },
]
# Django's form renderer, with the common widgets written in Python instead of one template per
# widget and per option (portal.forms_rendering; the HTML is the same).
FORM_RENDERER = "portal.forms_rendering.FormRenderer"

# --- Database ---------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
# The few queries asked on nearly every request are planned by PostgreSQL once per connection
# (portal.prepared). Off behind a pooler that hands one connection's statements to another
# client (PgBouncer in transaction mode before 1.21).
PORTAL_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Writers take the lock up front so concurrent requests wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A test database in a file, not in memory: Django shares one in-memory connection among
    # the live server's threads, and pages that load several documents at once then race.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker --------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL") or None
# What every visitor reads alike and only an edit of a provider or service changes
# (portal.providers, portal.catalogue): each process keeps what it read from Redis for
# PORTAL_NEAR_CACHE_SECONDS (portal.cache.NearCopies), sparing most pages their round trips. An
# edit is seen at once by the process that made it, by the others at most that much later. Not
# the generations (portal.kept): a value kept under one is checked against Redis's on each read.
PORTAL_NEAR_CACHE_PREFIXES = (
    "catalogue:service-by-flow:",
    "providers:card:",
    "providers:catalogue-html:",
    "providers:complaint-choices:",
    "providers:directory",
    "providers:footer:",
    "providers:home-requirements:",
    "providers:standard-page:",
    "providers:standards-html:",
)
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open: while Redis is down, pages are served without cache and rate limits.
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "TIMEOUT": 300,
            # A Redis that hangs must not hold a request for long.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
            # Kept in each process as well (PORTAL_NEAR_CACHE_PREFIXES above).
            "NEAR": {
                "SECONDS": env_int("PORTAL_NEAR_CACHE_SECONDS", 5),
                "PREFIXES": PORTAL_NEAR_CACHE_PREFIXES,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Without a broker, tasks run in-process right after the transaction commits.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "portal.tasks.send_outbound_email": {"queue": "mail"},
    # Rendering and signing take a second or more each: their own queue, so mail never waits.
    "certificates.tasks.render_certificate": {"queue": "pdf"},
    "certificates.tasks.render_legalised": {"queue": "pdf"},
    "certificates.tasks.render_result_letter": {"queue": "pdf"},
    # A bulk download's ZIP reads a stage's stored PDFs one by one (tens of megabytes or more):
    # PDF work, so the default queue's short tasks never wait behind it.
    "certificates.tasks.build_bulk_download": {"queue": "pdf"},
    "casework.tasks.render_decision_letter": {"queue": "pdf"},
    "casework.tasks.render_issued_document": {"queue": "pdf"},
    # Payment and reports (assessments): the invoice's PDF.
    "assessments.tasks.render_invoice": {"queue": "pdf"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Enqueueing must not hang a request when the broker is down: the outbox re-drives instead.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_BEAT_SCHEDULE = {
    "resend-pending-mail": {"task": "portal.tasks.resend_pending_email", "schedule": 60.0},
    # Webhook and LAPOR! deliveries whose task was lost or whose retry is due (integrations).
    "redrive-deliveries": {
        "task": "integrations.tasks.redrive_deliveries",
        "schedule": 60.0,
    },
    # Delivered webhooks and LAPOR! messages older than PORTAL_WEBHOOK_KEEP_DAYS, at night.
    "prune-deliveries": {
        "task": "integrations.tasks.prune_deliveries",
        "schedule": crontab(minute=30, hour=2),
    },
    # Hourly in the daytime (WIB), so a seat booked during the reminder day is still reminded
    # that day, and nobody is woken at midnight.
    "exam-reminders": {
        "task": "scheduling.tasks.send_exam_reminders",
        "schedule": crontab(minute=0, hour="7-21"),
    },
    # Booking closes by itself at its time; the waiting list's offers expire and move on.
    "close-due-bookings": {"task": "scheduling.tasks.close_due_bookings", "schedule": 300.0},
    "drive-waiting-lists": {"task": "scheduling.tasks.drive_waiting_lists", "schedule": 300.0},
    # PDFs whose worker died, or whose enqueueing was lost, are rendered again.
    "redrive-documents": {"task": "certificates.tasks.redrive_documents", "schedule": 300.0},
    "redrive-decision-letters": {
        "task": "casework.tasks.redrive_decision_letters",
        "schedule": 300.0,
    },
    "redrive-issued-documents": {
        "task": "casework.tasks.redrive_issued_documents",
        "schedule": 300.0,
    },
    # Before the office opens (CELERY_TIMEZONE is WIB); the task skips days off by itself.
    "complaint-digest": {
        "task": "complaints.tasks.send_complaint_digest",
        "schedule": crontab(minute=0, hour=7),
    },
    # Asesi whose e-registration is incomplete, 5 and 1 working days before their intake.
    "assessment-registration-reminders": {
        "task": "assessments.tasks.remind_incomplete_registrations",
        "schedule": crontab(minute=30, hour="7-21"),
    },
    # Payment and reports (assessments): invoices unpaid after the SPK's date, flagged once.
    "assessment-overdue-payments": {
        "task": "assessments.tasks.flag_overdue_payments",
        "schedule": crontab(minute=30, hour=7),
    },
}

# --- Overload and outages (portal.middleware) ---------------------------------------------------


def _gunicorn_threads() -> int:
    """The web's threads per process, when gunicorn gets them from GUNICORN_CMD_ARGS."""
    match = re.search(r"--threads[= ]+(\d+)", env_str("GUNICORN_CMD_ARGS") or "")
    return int(match.group(1)) if match else 1


def _env_seconds(name: str, default: float) -> float:
    value = env_str(name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {value!r}") from None
    if not 0 <= seconds <= 60:
        raise ImproperlyConfigured(f"{name} must be between 0 and 60 seconds, not {value!r}")
    return seconds


# Requests of one web process in flight at once; beyond it a request waits up to
# PORTAL_QUEUE_WAIT_SECONDS, then gets the 429 "busy" page. One thread is kept free to answer
# that page quickly; with one thread (gunicorn's sync worker) there is nothing to shed: 0 = off.
PORTAL_MAX_CONCURRENT_REQUESTS = env_int("PORTAL_MAX_CONCURRENT_REQUESTS", _gunicorn_threads() - 1)
PORTAL_QUEUE_WAIT_SECONDS = _env_seconds("PORTAL_QUEUE_WAIT_SECONDS", 0.5)
PORTAL_BUSY_RETRY_AFTER = 5  # seconds, in the 429 "busy" page and its Retry-After
PORTAL_DB_RETRY_AFTER = 15  # seconds, in the 503 page while the database is unreachable

# --- Mail: every message goes through the outbox, then out by the "transport" mailer --------
_smtp_host = env_str("EMAIL_HOST") or ""
_smtp_tls, _smtp_ssl = env_bool("EMAIL_USE_TLS", False), env_bool("EMAIL_USE_SSL", False)
if _smtp_tls and _smtp_ssl:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
_smtp_options = {
    "host": _smtp_host,
    "port": env_int("EMAIL_PORT", 25, minimum=1),
    "username": env_str("EMAIL_HOST_USER") or None,
    "password": env_str("EMAIL_HOST_PASSWORD") or None,
    "use_tls": _smtp_tls,
    "use_ssl": _smtp_ssl,
    "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
}
MAILERS = {
    "default": {"BACKEND": "portal.mail.OutboxEmailBackend"},
    "transport": (
        {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": _smtp_options}
        if _smtp_host
        else {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": VAR_DIR / "mail"},
        }
    ),
}
PORTAL_MAIL_MAX_ATTEMPTS = env_int("PORTAL_MAIL_MAX_ATTEMPTS", 12, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Portal Kompetensi ASN <noreply@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Webhooks and SP4N-LAPOR! (integrations) ---------------------------------------------------
# A delivery is given up after this many attempts (backoff 30 s doubling, capped at one hour).
PORTAL_WEBHOOK_MAX_ATTEMPTS = env_int("PORTAL_WEBHOOK_MAX_ATTEMPTS", 15, minimum=1)
# Delivered deliveries (and their attempts) are deleted after this many days; pending and
# given-up ones are kept (integrations.delivery.deliveries_prune, beat "prune-deliveries").
PORTAL_WEBHOOK_KEEP_DAYS = env_int("PORTAL_WEBHOOK_KEEP_DAYS", 90, minimum=1)
# Receivers are https; plain http only to this machine, on a laptop (DEBUG) or in the tests.
PORTAL_WEBHOOK_ALLOW_HTTP_LOOPBACK = env_bool("PORTAL_WEBHOOK_ALLOW_HTTP_LOOPBACK", DEBUG)
# Receivers (and LAPOR!) must be public addresses, checked on save and on every send (no SSRF
# into the portal's network, integrations.http); a laptop (DEBUG) and the tests allow loopback.
PORTAL_WEBHOOK_ALLOW_PRIVATE = env_bool("PORTAL_WEBHOOK_ALLOW_PRIVATE", DEBUG)
# Where the status changes and answers of complaints that came from LAPOR! go back (empty: not
# sent), and the portal's token there (integrations.lapor documents the contract).
PORTAL_LAPOR_URL = env_str("PORTAL_LAPOR_URL") or ""
PORTAL_LAPOR_TOKEN = env_str("PORTAL_LAPOR_TOKEN") or ""
if PORTAL_LAPOR_URL and not (
    PORTAL_LAPOR_URL.startswith("https://")
    or (PORTAL_WEBHOOK_ALLOW_HTTP_LOOPBACK and PORTAL_LAPOR_URL.startswith("http://127.0.0.1"))
):
    raise ImproperlyConfigured(f"PORTAL_LAPOR_URL must be https://, not {PORTAL_LAPOR_URL!r}")
if PORTAL_LAPOR_URL and not PORTAL_WEBHOOK_ALLOW_PRIVATE:
    _lapor_host = urlsplit(PORTAL_LAPOR_URL).hostname or ""
    try:
        _lapor_internal = not ipaddress.ip_address(_lapor_host).is_global
    except ValueError:
        _lapor_internal = _lapor_host == "localhost" or _lapor_host.endswith(".internal")
    if _lapor_internal:
        # Each send checks what the name resolves to as well (integrations.http).
        raise ImproperlyConfigured(
            f"PORTAL_LAPOR_URL points into a private network: {PORTAL_LAPOR_URL!r}"
        )
if PORTAL_LAPOR_URL and not PORTAL_LAPOR_TOKEN:
    raise ImproperlyConfigured("PORTAL_LAPOR_URL is set: set PORTAL_LAPOR_TOKEN (or _FILE) too.")

# --- Providers (portal.providers) ---------------------------------------------------------------
# The provider that answers for what concerns no service: a complaint about the portal itself.
PORTAL_DEFAULT_PROVIDER = env_str("PORTAL_DEFAULT_PROVIDER") or "pusat-pembinaan-pustakawan"
# The portal's own contact, shown on the pages about no single service; none by default (those
# pages show no provider's address).
PORTAL_CONTACT_EMAIL = env_str("PORTAL_CONTACT_EMAIL") or ""
# How long the footers' provider data are cached; a change in the admin drops them at once.
PORTAL_PROVIDER_CACHE_SECONDS = env_int("PORTAL_PROVIDER_CACHE_SECONDS", 300)
# How long a candidate's dashboard block is kept as HTML (composition.dashboard_cache). Its key
# changes with everything the block shows, so this bounds the memory, not staleness; 0: never.
PORTAL_DASHBOARD_CACHE_SECONDS = env_int("PORTAL_DASHBOARD_CACHE_SECONDS", 1800)
# How far behind a service's standard page may show what the portal measured (time taken, IKM):
# it is kept as HTML (composition.standard_views) at most this long, or the line above if less.
PORTAL_STANDARD_MEASURED_SECONDS = env_int("PORTAL_STANDARD_MEASURED_SECONDS", 300)
# Providers' sites written without a scheme ("www.singkawangkota.go.id") link over HTTPS
# (Django 7's default; the urlize filter warns until it is chosen).
URLIZE_ASSUME_HTTPS = True

# --- Files ------------------------------------------------------------------------------------
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME") or ""
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            # Private by default: files are reached only through short-lived signed URLs.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300, minimum=30),
            "file_overwrite": False,
        },
    }
else:
    # No base_url: private files have no public URL; views check access and stream them.
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media", "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Upload limits (portal.limits). The largest legitimate form is the complaint form: up to 5
# attachments (complaints.services.MAX_ATTACHMENTS) of up to 5 MB each; documents are 1-2 MB
# (portal.Requirement.max_size_kb). A body over PORTAL_MAX_REQUEST_BYTES is refused with a 413
# from its Content-Length alone, unread; put the same limit (client_max_body_size) on the proxy.
_MiB = 1024 * 1024
PORTAL_MAX_REQUEST_BYTES = env_int("PORTAL_MAX_REQUEST_BYTES", 5 * 5 * _MiB + _MiB, minimum=_MiB)
# One file over this stops the reading of the body (413). Twice the largest per-file limit, so a
# file a little too big still reaches its form and is refused there in plain words ("8 MB
# melebihi batas 5 MB"). Raise it with any Requirement.max_size_kb above 5 MB.
PORTAL_MAX_UPLOAD_FILE_BYTES = env_int("PORTAL_MAX_UPLOAD_FILE_BYTES", 10 * _MiB, minimum=_MiB)
FILE_UPLOAD_HANDLERS = [
    "portal.limits.FileSizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A request body up to this size keeps its files in memory; a larger one spools them to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * _MiB
# Everything but the files: the longest text we take is a 10,000-character complaint (about
# 120 kB url-encoded); the intake API's JSON is read against this too.
DATA_UPLOAD_MAX_MEMORY_SIZE = _MiB
# Our largest form has under 50 fields; the admin's bulk actions send one per selected row (up
# to 200 when "show all"). Fewer fields bound the cost of parsing and of hash collisions.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
# Five attachments at most per form; up to ten still reach the form, which then says "paling
# banyak 5 lampiran" instead of a bare 400.
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# --- Certificate signing (PAdES) --------------------------------------------------------------
# The signing official's key and certificate as a PKCS#12 file. On a laptop (DEBUG) the demo
# certificate `manage.py signing_demo_certificate` writes; in production nothing is assumed: a
# missing key stops signing with a clear error (the rest of the portal still runs).
CERT_SIGNING_DEMO_P12 = VAR_DIR / "signing" / "demo-signing.p12"
CERT_SIGNING_DEMO_PASSPHRASE = "demo-perpusnas-2026"  # noqa: S105 - a demo key, never trusted
CERT_SIGNING_P12 = env_str("CERT_SIGNING_P12") or (str(CERT_SIGNING_DEMO_P12) if DEBUG else "")
CERT_SIGNING_PASSPHRASE = env_str("CERT_SIGNING_PASSPHRASE") or (
    CERT_SIGNING_DEMO_PASSPHRASE if DEBUG else ""
)
# The title printed under the signature is the provider's (portal.ProviderOfficial); migration
# portal 0015 carried over the CERT_SIGNING_OFFICIAL_TITLE this setting used to read.

# --- Verifiable Credentials (certificates.credentials) ----------------------------------------
# Each provider's Ed25519 keys are kept in the database, their private part encrypted under this
# secret (so every web machine has them, and a database dump alone does not). Unset, a secret
# derived from SECRET_KEY is used, which ties the keys to SECRET_KEY: `check --deploy` demands
# it be set in production (certificates.checks), so that rotating SECRET_KEY loses no key.
CREDENTIAL_KEY_SECRET = env_str("CREDENTIAL_KEY_SECRET") or ""
if CREDENTIAL_KEY_SECRET and len(CREDENTIAL_KEY_SECRET) < 32:
    raise ImproperlyConfigured("CREDENTIAL_KEY_SECRET must be at least 32 characters long.")

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "registration.User"
# Django's and allauth's, reading the signed-in user with SQL compiled once (portal.auth_backends).
AUTHENTICATION_BACKENDS = [
    "portal.auth_backends.ModelBackend",
    "portal.auth_backends.AuthenticationBackend",
]
# Django's defaults, then the fast keyed hash of the first passwords the portal generates
# (registration.hashers, issue 19): listed last, it never hashes a chosen password (it refuses
# one), it only recognises the generated ones until their first login rehashes them with PBKDF2.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "registration.hashers.GeneratedPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "registration.adapters.AccountAdapter"
# Adding an address another account holds is refused (allauth lets it through to hide it).
ACCOUNT_FORMS = {
    "add_email": "registration.forms.AddEmailForm",
    "login": "registration.forms.LoginForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# Sessions end when the browser closes: many candidates use shared office computers.
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Portal Kompetensi ASN] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_ADAPTER = "registration.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portal Kompetensi ASN"
MFA_TOTP_TOLERANCE = 1  # one 30-second step either way: phone clocks drift

# Behind load balancers, the client's address is in X-Forwarded-For; trust that many hops.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Our own public endpoints, in allauth's notation: requests / period / per, several rates joined
# by commas; each is a sliding window (portal.ratelimit). One address is often a whole office
# behind NAT, so the hourly budgets leave room for several people filing at once.
PORTAL_RATE_LIMITS = {
    "nip_check": "20/m/ip",
    "register": "20/h/ip",  # two requests a registration: "periksa kembali", then the mail
    "account_claim": "10/h/ip",  # the "NIP Anda sudah dipakai?" form: mails a link
    # The public check, page and API alike. The number alone tells only the status, so the
    # budget stops listing without hindering a verifier office (a lookup every few seconds,
    # hundreds a day); it was 30 a minute, i.e. 43,200 a day.
    "certificate_verify": "20/m/ip,500/d/ip",
    # The public complaint form: each complaint is staff work, so a spammer gets little.
    "complaint_submit": "10/h/ip,50/d/ip",
    # The public satisfaction survey, apart from complaints: a class that finished its service
    # may answer together from one office; the daily cap keeps one address from swaying the IKM.
    "survey_submit": "30/h/ip,300/d/ip",
    "complaint_track": "30/m/ip",  # tracking-code lookups
}

# A closed complaint may be reopened by its reporter for this many working days.
COMPLAINT_REOPEN_WORKING_DAYS = 10

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

# --- Security ---------------------------------------------------------------------------------
PORTAL_HTTPS = env_bool("PORTAL_HTTPS", False)
SECURE_SSL_REDIRECT = PORTAL_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = PORTAL_HTTPS
CSRF_COOKIE_SECURE = PORTAL_HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PORTAL_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PORTAL_HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PORTAL_HTTPS)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# Sessions stay in the database and are read from the cache (portal.sessions: one query fewer
# per signed-in request); a cached copy is kept at most this long.
SESSION_ENGINE = "portal.sessions"
SESSION_CACHE_SECONDS = env_int("SESSION_CACHE_SECONDS", 300)
# Lax, not Strict: a candidate following the link in our e-mail must arrive logged in.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The language switch's cookie: no page script reads it, so like the session's.
LANGUAGE_COOKIE_SECURE = PORTAL_HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _inline_style_hash(template: Path) -> str:
    """The CSP source for the one inline <style> we serve: the error pages', which must work
    when nothing else does. Read from the template itself, so the two cannot drift apart."""
    style = re.search(r"<style>(.*?)</style>", template.read_text(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# Content Security Policy (Django's own): our pages load only their own CSS and images, run no
# script, and may not be framed (the PDF view on staff pages overrides frame-ancestors).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "style-src": [
        CSP.SELF,
        _inline_style_hash(BASE_DIR / "templates" / "includes" / "standalone_error_style.html"),
    ],
    "script-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    # WeasyPrint reports every step of every PDF at INFO.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # every subsetting step, when HarfBuzz's is missing
    },
}
