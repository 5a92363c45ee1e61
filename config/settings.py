"""Cuesheet settings: one file, read from the environment.

Every value has a default that works on a fresh clone (SQLite, local-memory
cache, DEBUG off). Production changes behaviour through environment
variables only; see the README's "Settings" table.
"""

import sys
import tempfile
from pathlib import Path

import django
import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
TESTING = "pytest" in sys.modules

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for local work."
        )
    SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "config.views.csrf_failure"  # JSON under /api/, Django's page elsewhere

INSTALLED_APPS = [
    "config.apps.CuesheetAdminConfig",  # django.contrib.admin, with the editors' site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "markdownx",
    "reversion",
    "recaps",  # before wiki: its load_demo extends the catalogue's with the demo recap
    "wiki",
]

MIDDLEWARE = [
    "wiki.middleware.RefuseNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wiki.spoilers.SpoilerShieldMiddleware",
    "wiki.middleware.EditorPagesArePrivateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Content-Security-Policy header, from SECURE_CSP (below): Django's own middleware
    # from Django 6.0 on, ours (the same header) on 5.2.
    "django.middleware.csp.ContentSecurityPolicyMiddleware"
    if django.VERSION >= (6, 0)
    else "config.security.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "wiki.middleware.FormerPathRedirectMiddleware",
]

# Reader accounts. Failed log-ins are counted per address and user name (django-axes).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_HOURS", default=1)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cuesheet <noreply@localhost>")

ROOT_URLCONF = "config.urls"

# Readers' pages are Jinja2 (templates/, config/jinja2.py); the admin and its
# editor pages keep Django's template language (templates/django/). Jinja2 is
# asked first, and holds no template named like the admin's.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
                "recaps.contributions.fan_context.fans",  # the header's notifications, votes on cues
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates" / "django"],
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

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections (re-checked before reuse): reconnecting costs more than a page query.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# On PostgreSQL, parameters bound by the server, and a statement that a connection has run five
# times prepared there: PostgreSQL then plans a page's queries once per connection, not on every
# request (planning is most of what the episode page's queries cost it). PG_PREPARED_STATEMENTS=0
# turns preparing off, as a transaction-mode pooler older than PgBouncer 1.21 needs.
POSTGRES_OPTIONS = {
    "server_side_binding": True,
    "prepare_threshold": 5 if env.bool("PG_PREPARED_STATEMENTS", default=True) else None,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several Gunicorn workers share the file. Write-ahead logging: readers never wait for the
    # writer, nor it for them (synchronous=NORMAL is safe with it: a crash of the machine may
    # lose the last commits, never the file). Transactions take the write lock when they begin
    # (BEGIN IMMEDIATE): one that read first could not wait for it, and failed at once with
    # "database is locked". Writers queue for up to SQLITE_TIMEOUT seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.int("SQLITE_TIMEOUT", default=20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
READ_REPLICA = None  # the alias reads go to (config.routers)
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL") | {
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "TEST": {"MIRROR": "default"},
    }
    READ_REPLICA = "replica"
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {}).update(POSTGRES_OPTIONS)
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL wins; REDIS_URL (redis://host:6379/0) is the short form for Redis.
_redis = env.str("REDIS_URL", default="")
CACHES = {
    "default": env.cache(
        "CACHE_URL",
        default=_redis.replace("redis://", "rediscache://", 1) if _redis else "locmemcache://cuesheet",
    )
}
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")  # sites sharing one cache
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "config.cache.RedisCache"  # reuses clients, survives outages
# When Redis does not answer (config.cache): the longest wait for it, how long it is then left
# alone before the next try, and how often an outage that lasts is logged again.
CACHE_TIMEOUT_SECONDS = env.float("CACHE_TIMEOUT_SECONDS", default=0.25)
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5)
CACHE_LOG_SECONDS = env.float("CACHE_LOG_SECONDS", default=30)
# The longest a worker trusts its copy of the page cache's generation without asking Redis, which
# otherwise tells it of every change (config.cache_watch): how soon it notices a hung Redis.
CACHE_WATCH_SECONDS = env.float("CACHE_WATCH_SECONDS", default=1.0)
# Whole pages for anonymous readers (config.pagecache); 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)
PAGE_CACHE_WATCHED_APPS = ["wiki", "recaps"]
PAGE_CACHE_UNWATCHED_MODELS = [  # rows no shared page shows
    "recaps.spentcommenttoken",
    "recaps.notification",
    "recaps.contributionsupporter",
    "recaps.cuevote",  # a vote changes its cue's counts, which is watched
]
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/api/", "/editors/", "/healthz", "/static/", "/media/"]
# An anonymous reader's spoiler shield, in a signed cookie (wiki.shield_cookie), so that the page
# cache keys shielded pages by the reader's limits without a query.
SHIELD_COOKIE_NAME = "shield"
SHIELD_COOKIE_SECONDS = 365 * 24 * 3600
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
# The licence of Cuesheet's own texts, named in every catalogue export (wiki.exports).
SITE_LICENSE = env.str("SITE_LICENSE", default="CC BY-SA 4.0")
SITE_LICENSE_URL = env.str("SITE_LICENSE_URL", default="https://creativecommons.org/licenses/by-sa/4.0/")
# Readers' comments on recaps (recaps.comments): the spam rules' limits.
COMMENT_MIN_SECONDS = env.int("COMMENT_MIN_SECONDS", default=5)
COMMENT_MAX_LINKS = env.int("COMMENT_MAX_LINKS", default=2)
COMMENT_RATE_WINDOW_SECONDS = env.int("COMMENT_RATE_WINDOW_SECONDS", default=600)
COMMENT_RATE_LIMIT_PER_ADDRESS = env.int("COMMENT_RATE_LIMIT_PER_ADDRESS", default=10)
COMMENT_RATE_LIMIT_PER_SESSION = env.int("COMMENT_RATE_LIMIT_PER_SESSION", default=5)
# Fans' contributions (recaps.contributions.services).
CONTRIBUTION_TRUST_AFTER = env.int(
    "CONTRIBUTION_TRUST_AFTER", default=3
)  # accepted ones before published at once
CONTRIBUTION_RATE_WINDOW_SECONDS = env.int("CONTRIBUTION_RATE_WINDOW_SECONDS", default=3600)
CONTRIBUTION_RATE_LIMIT_PER_ACCOUNT = env.int("CONTRIBUTION_RATE_LIMIT_PER_ACCOUNT", default=20)
CONTRIBUTION_RATE_LIMIT_PER_ADDRESS = env.int("CONTRIBUTION_RATE_LIMIT_PER_ADDRESS", default=40)
CUE_VOTE_RATE_LIMIT = env.int("CUE_VOTE_RATE_LIMIT", default=120)  # votes per account per window
CUE_DISPUTES_TO_REVIEW = env.int(
    "CUE_DISPUTES_TO_REVIEW", default=2
)  # "wrong song" votes that open a dispute
PAGE_CACHE_BYPASS_COOKIES = ["sessionid", "messages"]
# Sessions (sign-ins) live in the database, never in the cache alone:
# a cache outage loses none of them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Media: a local folder, or S3-compatible object storage when a bucket is named.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
        },
    }
else:
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Serve MEDIA_ROOT from Django when no object storage or web server does it.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME)

STORAGES = {
    "default": _media,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WHITENOISE_MAX_AGE = 3600  # unhashed files; hashed ones are cached for a year
WHITENOISE_ROOT = BASE_DIR / "static" / "root"  # /favicon.ico, the touch icons and the web app manifest
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
# Search counts each kind's matches up to this many, and shows "1,000+" past it (wiki.search.pools).
SEARCH_RESULTS_CAP = env.int("SEARCH_RESULTS_CAP", default=1_000)
# Uploads: images are checked by content, bytes and pixels (wiki.images).
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=25_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMAGE_MAX_BYTES + 1024 * 1024

# Importers (recaps.importing): TVmaze's API for `import_tvmaze --show-id`, and the private
# folder where an upload waits, for an hour at most, between the admin's dry run and the import.
TVMAZE_API_URL = env.str("TVMAZE_API_URL", default="https://api.tvmaze.com")
IMPORT_STAGING_DIR = env.path("IMPORT_STAGING_DIR", default=Path(tempfile.gettempdir()) / "cuesheet-imports")

# The editor's live preview renders through the pages' one renderer (recaps.editing wraps
# the markdownx endpoints so only staff reach them).
MARKDOWNX_MARKDOWNIFY_FUNCTION = "wiki.text.markdown.render_markdown"
MARKDOWNX_URLS_PATH = "/editors/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/editors/markdownx/upload/"

# Security. The proxy-dependent ones come from the environment so a
# TLS-terminating proxy in front of a plain-HTTP loopback server works.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Rate limits count per address: behind our own proxy, take it from X-Forwarded-For.
USE_X_FORWARDED_FOR = env.bool("USE_X_FORWARDED_FOR", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CSP = {  # plain strings, read by both middlewares (see MIDDLEWARE)
    "default-src": "'self'",
    "img-src": "'self' data: https:",
    "style-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # Django's own loggers print through the root's handler only: with Django's
    # console handler as well, every line of theirs was printed twice.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
