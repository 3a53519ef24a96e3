"""Settings read from the environment, so one install serves the demo, CI and production.

Only two variables are needed to run: ``DATABASE_URL`` (default: a SQLite file in the data
folder) and ``CLIPCONTEST_DATA_DIR`` (default ``./var``). Everything else has a safe default.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
# The checkout the package is installed from (editable install): rules files and demo data.
REPOSITORY_DIR = Path(os.environ.get("CLIPCONTEST_REPOSITORY_DIR", BASE_DIR.parent.parent))
DATA_DIR = Path(os.environ.get("CLIPCONTEST_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# CLIPCONTEST_ENV=production: served over HTTPS to the public. DEBUG is off whatever
# CLIPCONTEST_DEBUG says, the secret key and the host names must come from the environment,
# and the cookies and headers are the strict ones (see "Production" below). `clipcontest check
# --deploy` passes with no warning in this mode (tests/security/test_deploy_settings.py).
PRODUCTION = os.environ.get("CLIPCONTEST_ENV", "").strip().lower() == "production"
DEBUG = _env_bool("CLIPCONTEST_DEBUG", False) and not PRODUCTION
SECRET_KEY = os.environ.get("CLIPCONTEST_SECRET_KEY", "")
if PRODUCTION and (not SECRET_KEY or not os.environ.get("CLIPCONTEST_ALLOWED_HOSTS")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "CLIPCONTEST_ENV=production needs CLIPCONTEST_SECRET_KEY (50 random characters) and "
        "CLIPCONTEST_ALLOWED_HOSTS (the site's host names) in the environment."
    )
if not SECRET_KEY:
    # A per-data-folder key keeps sessions valid across restarts without asking a newcomer
    # to configure anything; production sets CLIPCONTEST_SECRET_KEY.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("CLIPCONTEST_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CLIPCONTEST_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]
# Behind nginx terminating HTTPS (DEPLOY.md): believe its X-Forwarded-Proto and X-Real-IP (nginx
# overwrites both, so a client cannot choose them): Django knows the request was secure, cookies
# go over HTTPS only, and login throttling counts the visitor's address, not nginx's.
if _env_bool("CLIPCONTEST_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR")

INSTALLED_APPS = [
    "clipcontest.common",
    "clipcontest.contests",
    "clipcontest.units",
    "clipcontest.accounts",
    "clipcontest.entries",
    "clipcontest.judging",
    "clipcontest.committees",
    "clipcontest.awards",
    "clipcontest.review",
    "clipcontest.documents",
    "clipcontest.audit",
    "clipcontest.reminders",
    "clipcontest.portal",
    "clipcontest.api",
    "clipcontest.cli",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Two-factor login with a code from an authenticator app (accounts/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The Content-Security-Policy header, and its system checks.
    "csp",
    # Serves the API docs' Swagger UI from its own static files, not from a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL character in a parameter or a form field: a clear 400, before any view stores it.
    "clipcontest.common.middleware.RefuseNullCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session logged in with a code.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends sessions too old, idle too long, or opened without the code (it leaves a message).
    "clipcontest.accounts.sessions.SessionGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns away locked-out logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins per username and address, and locks out after too many.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("CLIPCONTEST_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("CLIPCONTEST_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The name as axes stores it, cut to its column (a 10,000-character name is no server error).
AXES_USERNAME_CALLABLE = "clipcontest.accounts.signals.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

ROOT_URLCONF = "clipcontest.urls"
WSGI_APPLICATION = "clipcontest.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'clipcontest.sqlite3'}"),
        conn_max_age=int(os.environ.get("CLIPCONTEST_DB_CONN_MAX_AGE", "0")),
        # A kept connection the database dropped (restart, failover) is replaced, not an error.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' live server runs in its own threads, which must
    # not share one in-memory connection. One file per test run (Django deletes it at the end),
    # so two runs side by side never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
    # WAL: readers never wait for the writer (pages stay up while the worker writes) and
    # `clipcontest backup` copies a consistent database while the server runs.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# A login lasts one working day at most (CLIPCONTEST_SESSION_HOURS), ends after
# CLIPCONTEST_SESSION_IDLE_MINUTES without a request, and when the browser closes.
SESSION_COOKIE_AGE = int(float(os.environ.get("CLIPCONTEST_SESSION_HOURS", "8")) * 3600)
CLIPCONTEST_SESSION_IDLE_SECONDS = int(
    float(os.environ.get("CLIPCONTEST_SESSION_IDLE_MINUTES", "60")) * 60
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Two-factor login (TOTP). Off by default for the demo; production should turn it on so that
# organisers and the secretariat open their pages only after a login with a code.
CLIPCONTEST_REQUIRE_2FA_FOR_STAFF = _env_bool("CLIPCONTEST_REQUIRE_2FA_FOR_STAFF", False)
OTP_TOTP_ISSUER = os.environ.get("CLIPCONTEST_2FA_ISSUER", "clipcontest")
# The admin never shows a device's secret or its QR code: whoever reads them can make the codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Vietnamese is the default language of every screen and document; English is the second.
LANGUAGE_CODE = "vi"
# Each language is named in its own tongue (the switch must be readable by whoever needs it).
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded clips, letter scans and generated documents go through Django's storage API: a local
# folder by default; with CLIPCONTEST_STORAGE=s3 an S3-compatible store (AWS_STORAGE_BUCKET_NAME,
# AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_S3_ADDRESSING_STYLE; boto3 reads the credentials,
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, from the environment). See DEPLOY.md.
S3_BUCKET = os.environ.get("AWS_STORAGE_BUCKET_NAME") or os.environ.get("CLIPCONTEST_S3_BUCKET", "")
STORAGE = os.environ.get("CLIPCONTEST_STORAGE", "s3" if S3_BUCKET else "local").strip().lower()
if STORAGE not in {"local", "s3"}:
    raise ImproperlyConfigured(f"CLIPCONTEST_STORAGE must be local or s3, not {STORAGE!r}")
if STORAGE == "s3" and not S3_BUCKET:
    raise ImproperlyConfigured("CLIPCONTEST_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL")
                or os.environ.get("CLIPCONTEST_S3_ENDPOINT_URL")
                or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
                "default_acl": "private",
                "querystring_auth": True,
                # Two uploads named alike must both survive, as on the local disk.
                "file_overwrite": False,
            },
        }
        if STORAGE == "s3"
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": os.environ.get(
            "CLIPCONTEST_STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Tests and the demo serve static files straight from the apps, without a collectstatic step.
WHITENOISE_USE_FINDERS = _env_bool("CLIPCONTEST_STATIC_FROM_APPS", True)
WHITENOISE_AUTOREFRESH = DEBUG

# Background tasks: CLIPCONTEST_TASKS=db (the database; worker `clipcontest db_worker`) or rq
# (Redis at REDIS_URL; worker `clipcontest rqworker default --job-class django_tasks_rq.Job
# --with-scheduler`). CLIPCONTEST_TASK_BACKEND may name any backend class instead.
TASK_BACKENDS = {"db": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
_tasks = os.environ.get("CLIPCONTEST_TASKS", "db").strip().lower()
if _tasks not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"CLIPCONTEST_TASKS must be db or rq, not {_tasks!r}")
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CLIPCONTEST_TASK_BACKEND", TASK_BACKENDS[_tasks]),
    }
}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq"]
    # Every queue of TASKS must be an RQ queue.
    RQ_QUEUES = {
        "default": {
            "URL": os.environ.get("REDIS_URL")
            or os.environ.get("CLIPCONTEST_REDIS_URL", "redis://127.0.0.1:6379/0")
        }
    }
    # One Redis client per process, kept across requests, rather than a new connection for
    # every task queued (entries/rq_queue.py says why).
    RQ = {"QUEUE_CLASS": "clipcontest.entries.rq_queue.SharedConnectionQueue"}

# Certificates: processes that render one batch (WeasyPrint holds the GIL, so a batch uses one
# core per process). Default: one per core; 0 or 1 renders in the task's own process.
CLIPCONTEST_CERTIFICATE_PROCESSES = int(
    os.environ.get("CLIPCONTEST_CERTIFICATE_PROCESSES", str(os.cpu_count() or 1))
)

# Uploads: the largest video file a unit may upload (default 500 MB), streamed to disk.
CLIPCONTEST_MAX_UPLOAD_BYTES = int(os.environ.get("CLIPCONTEST_MAX_UPLOAD_MB", "500")) * 1024**2
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024**2
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024**2

# Fetching posts (yt-dlp). Loopback and private addresses are refused unless allowed (tests).
CLIPCONTEST_FETCH_ALLOW_PRIVATE = _env_bool("CLIPCONTEST_FETCH_ALLOW_PRIVATE", False)
CLIPCONTEST_FETCH_TIMEOUT = float(os.environ.get("CLIPCONTEST_FETCH_TIMEOUT", "20"))
CLIPCONTEST_FETCH_MAX_ATTEMPTS = int(os.environ.get("CLIPCONTEST_FETCH_MAX_ATTEMPTS", "4"))
# A whole fetch (post, redirects, media probe) in seconds, and the most one response may hold.
CLIPCONTEST_FETCH_DEADLINE = float(os.environ.get("CLIPCONTEST_FETCH_DEADLINE", "90"))
CLIPCONTEST_FETCH_MAX_BYTES = int(os.environ.get("CLIPCONTEST_FETCH_MAX_MB", "10")) * 1024**2
# Networks fetched from although not public (an egress proxy or mirror), e.g. "10.0.5.7/32".
CLIPCONTEST_FETCH_ALLOWED_NETWORKS = tuple(
    name.strip()
    for name in os.environ.get("CLIPCONTEST_FETCH_ALLOWED_NETWORKS", "").split(",")
    if name.strip()
)

EMAIL_HOST = os.environ.get("CLIPCONTEST_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CLIPCONTEST_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CLIPCONTEST_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CLIPCONTEST_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("CLIPCONTEST_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("CLIPCONTEST_FROM_EMAIL", "clipcontest@localhost")
# The public address of the site: printed in the QR code of every certificate (the CLI uses it;
# the pages use the address they were opened at).
CLIPCONTEST_SITE_URL = os.environ.get("CLIPCONTEST_SITE_URL", "http://127.0.0.1:8000")
# Units below the minimum or without a received letter are e-mailed this many days before the
# letter deadline and before the close (a comma list, e.g. "7,3,1").
CLIPCONTEST_REMINDER_DAYS = tuple(
    int(days)
    for days in os.environ.get("CLIPCONTEST_REMINDER_DAYS", "7,3,1").split(",")
    if days.strip()
)

EMAIL_BACKEND = os.environ.get(
    "CLIPCONTEST_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

# Headers every page sends. Only our own scripts, styles, fonts and images; clips play in
# their platforms' players (frames); nothing may frame our pages. Templates carry no inline
# script, no on*= handler and no style attribute (tests/security/test_csp.py reads them all).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for QR codes drawn as SVG (two-factor set-up).
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.tiktok.com",
            "https://www.facebook.com",
        ],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Production: HTTPS only, behind a reverse proxy that terminates TLS and sets
# X-Forwarded-Proto (CLIPCONTEST_BEHIND_PROXY=0 when gunicorn serves TLS itself).
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("CLIPCONTEST_SSL_REDIRECT", True)
    if _env_bool("CLIPCONTEST_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("CLIPCONTEST_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("CLIPCONTEST_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("CLIPCONTEST_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Pages send the CSRF token in their forms and htmx headers; no script reads the cookie.
    CSRF_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CLIPCONTEST_LOG_LEVEL", "WARNING")},
}
