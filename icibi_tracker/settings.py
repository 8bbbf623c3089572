"""Settings for the ICIBI recommendation tracker, read from the environment.

Locally nothing needs setting: SQLite in the project folder, DEBUG on.
In production set DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"Set {name} to true or false (it is {value!r}).")


def env_count(name, default):
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        count = int(value)
    except ValueError:
        count = -1
    if count < 0:
        raise ImproperlyConfigured(f"Set {name} to a whole number, 0 or more (it is {value!r}).")
    return count


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY: with DEBUG off the tracker will not start without one.")
    SECRET_KEY = "local-development-only-not-secret"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    # The project-wide roles, commands and template tags; the apps below depend on it, never the reverse.
    "icibi_tracker",
    "inspections",
    "recommendations",
    "responses",
    "submissions",
    "reports",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "icibi_tracker.middleware.reject_nul_in_query",
    "icibi_tracker.middleware.RoleRequiredMiddleware",
    "icibi_tracker.middleware.private_pages",
    # Records who made each change in the audit history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in, before the password is even checked, once locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "icibi_tracker.urls"
WSGI_APPLICATION = "icibi_tracker.wsgi.application"

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
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL ({error}). Use postgres://user@host:5432/name or sqlite:///path."
    ) from error
EMBEDDED_DATABASE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
# SQLite allows one writer at a time. With its default (deferred) transactions two
# concurrent saves that read first both hold a read lock, and the second to write
# fails at once with "database is locked" (an error page). IMMEDIATE takes the write
# lock at BEGIN, so the other save waits (up to `timeout` seconds) instead; WAL lets
# pages read while a save is being written. tests/test_sqlite_concurrency.py checks it.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if EMBEDDED_DATABASE:
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the dashboards' counting queries afresh each time: slower than it saves.
    # A search of every status ranks each match inside the rum index and sorts them there: at a million
    # recommendations a common word has 214,000 matches, which spill to disk with the default 4 MB. 64 MB is
    # per sort and connection: a few workers' worth is small beside the database's memory.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c work_mem=64MB"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Backups (`manage.py backup`) keep datetimes to the microsecond; Django's own json
# format cuts them to milliseconds.
SERIALIZATION_MODULES = {"json_exact": "icibi_tracker.exact_json"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "recommendations:overview"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# GOV.UK Frontend is built into static_build/ by `npm run build` (never
# committed); static/ holds the few files of our own.
STATICFILES_DIRS = [BASE_DIR / "static_build", BASE_DIR / "static"]
# Evidence files: on disk outside the static tree locally (never served from a URL: a view checks
# who asks); in production an S3-compatible object store, since several app servers share no disk.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or BASE_DIR / "media"


def default_storage(environ):
    """Where evidence files go: an S3-compatible bucket when EVIDENCE_S3_BUCKET names one (credentials
    from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as boto3 reads them), else the disk."""
    bucket = environ.get("EVIDENCE_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("EVIDENCE_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("EVIDENCE_S3_REGION") or None,
            "default_acl": "private",
            "file_overwrite": False,  # a new version is a new file, never a replaced one
            "querystring_auth": True,
        },
    }


STORAGES = {
    "default": default_storage(os.environ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: printed to the console unless configured. In production, GOV.UK Notify: set
# GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID (a template whose subject is
# ((subject)) and body ((body))); replies go to the service's reply-to address set in Notify.
GOVUK_NOTIFY_API_KEY = os.environ.get("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = os.environ.get("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django_gov_notify.backends.NotifyEmailBackend"
    if GOVUK_NOTIFY_API_KEY
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "icibi-tracker@localhost")
# The tracker's address as emails link to it (an email is sent after its request, with no host to read).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "icibi_tracker.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# No inline script or style anywhere: GOV.UK Frontend's one inline script
# carries the request's nonce (base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# One cache every process shares (gunicorn runs several): the sign-in slow-down and the
# password reset limits and the overview's figures are kept in it. `migrate` makes its table.
# An attacker sending many usernames must not be able to push a counter out: room for
# many entries before Django culls a third of them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tracker_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# How many proxies of ours stand in front of the app (the TLS proxy: 1). Each appends the
# address it was connected from to X-Forwarded-For, so the client is the entry this many
# from the right; 0 uses REMOTE_ADDR and ignores the header (anyone can send one).
TRUSTED_PROXY_COUNT = env_count("TRUSTED_PROXY_COUNT", 0)

# Lock-out after repeated failed sign-ins: five tries for one username from
# one client address, then an hour's wait (or a superuser's `axes_reset`).
# Keyed on both, so an attacker at one address cannot lock the real person out at another.
AXES_CLIENT_IP_CALLABLE = "icibi_tracker.proxies.client_address"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# One username tried from many addresses is slowed down, never locked out
# (icibi_tracker/accounts.py). Ten failures from anywhere are free: twice django-axes'
# limit, so one person's typos never reach it. Then each try must wait 1 s after the last
# failure, doubling with each failure to at most a minute: at most about 60 guesses an hour
# for any username, while its owner waits a minute at worst.
SIGN_IN_SLOW_DOWN_AFTER = 10
SIGN_IN_SLOW_DOWN_FIRST = 1  # seconds
SIGN_IN_SLOW_DOWN_LONGEST = 60  # seconds
SIGN_IN_SLOW_DOWN_WINDOW = 60 * 60  # the count is forgotten after an hour with no failure

# Password reset: at most 10 requests an hour from one client address (then 429), and 3
# emails an hour to one address (more requests get the same page but no email).
PASSWORD_RESET_PER_CLIENT = 10
PASSWORD_RESET_PER_EMAIL = 3
PASSWORD_RESET_WINDOW = 60 * 60  # seconds, from the first request

# The audit history is read-only: nobody reverts or edits it in the admin.
SIMPLE_HISTORY_REVERT_DISABLED = True

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The import form carries a pasted document (at most 2 MB, checked with a clear
# message); allow a larger body so an oversized paste reaches that check
# instead of being refused with a bare "Bad request".
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024

# The import fetches a published response or report from these hosts only (https, and
# every redirect checked against them): GOV.UK's pages and the files attached to them.
IMPORT_ALLOWED_HOSTS = ["www.gov.uk", "assets.publishing.service.gov.uk"]
