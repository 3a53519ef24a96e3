"""Settings read from the environment, so one install serves the demo, CI and production.

Only two variables are needed to run: ``DATABASE_URL`` (default: a SQLite file in the data
folder) and ``CLIPCONTEST_DATA_DIR`` (default ``./var``). Everything else has a safe default.
"""

import os
from pathlib import Path

import dj_database_url

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


DEBUG = _env_bool("CLIPCONTEST_DEBUG", False)
SECRET_KEY = os.environ.get("CLIPCONTEST_SECRET_KEY", "")
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

INSTALLED_APPS = [
    "clipcontest.common",
    "clipcontest.contests",
    "clipcontest.units",
    "clipcontest.accounts",
    "clipcontest.entries",
    "clipcontest.judging",
    "clipcontest.awards",
    "clipcontest.documents",
    "clipcontest.audit",
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
    # Serves the API docs' Swagger UI from its own static files, not from a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' live server runs in its own threads, which must
    # not share one in-memory connection. One file per test run (Django deletes it at the end),
    # so two runs side by side never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
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
# Uploaded clips and letter scans go through Django's storage API: a local folder by default,
# any S3-compatible store when CLIPCONTEST_S3_BUCKET is set (credentials from the environment).
S3_BUCKET = os.environ.get("CLIPCONTEST_S3_BUCKET", "")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": os.environ.get("CLIPCONTEST_S3_ENDPOINT_URL") or None,
                "default_acl": "private",
                "querystring_auth": True,
            },
        }
        if S3_BUCKET
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

TASKS = {
    "default": {
        "BACKEND": os.environ.get("CLIPCONTEST_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq"]
    # Every queue of TASKS must be an RQ queue.
    RQ_QUEUES = {
        "default": {"URL": os.environ.get("CLIPCONTEST_REDIS_URL", "redis://127.0.0.1:6379/0")}
    }

# Uploads: the largest video file a unit may upload (default 500 MB), streamed to disk.
CLIPCONTEST_MAX_UPLOAD_BYTES = int(os.environ.get("CLIPCONTEST_MAX_UPLOAD_MB", "500")) * 1024**2
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024**2
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024**2

# Fetching posts (yt-dlp). Loopback and private addresses are refused unless allowed (tests).
CLIPCONTEST_FETCH_ALLOW_PRIVATE = _env_bool("CLIPCONTEST_FETCH_ALLOW_PRIVATE", False)
CLIPCONTEST_FETCH_TIMEOUT = float(os.environ.get("CLIPCONTEST_FETCH_TIMEOUT", "20"))
CLIPCONTEST_FETCH_MAX_ATTEMPTS = int(os.environ.get("CLIPCONTEST_FETCH_MAX_ATTEMPTS", "4"))

EMAIL_HOST = os.environ.get("CLIPCONTEST_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CLIPCONTEST_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CLIPCONTEST_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CLIPCONTEST_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("CLIPCONTEST_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("CLIPCONTEST_FROM_EMAIL", "clipcontest@localhost")
# The public address of the site: printed in the QR code of every certificate (the CLI uses it;
# the pages use the address they were opened at).
CLIPCONTEST_SITE_URL = os.environ.get("CLIPCONTEST_SITE_URL", "http://127.0.0.1:8000")

EMAIL_BACKEND = os.environ.get(
    "CLIPCONTEST_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CLIPCONTEST_LOG_LEVEL", "WARNING")},
}
