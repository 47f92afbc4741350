"""Settings for the IMT apprenticeship platform.

Embedded default (nothing set): SQLite file, local-memory cache, Celery tasks run
eagerly in-process, e-mail printed to the console.  Production and CI set
DATABASE_URL (PostgreSQL) and REDIS_URL (Celery broker and cache).  Every
variable is listed in the README's configuration table.
"""

import warnings
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from imt.env import env_addresses, env_bool, env_choice, env_int, env_list, env_str, env_url
from imt.logs import logging_settings

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
# Run from a checkout, the project-wide templates and static files sit beside the apps and the
# state (SQLite file, uploads, collected static files) goes there too.  An installed copy (a wheel)
# carries them in imt/site/ and keeps its state in the directory it is started from.
FROM_CHECKOUT = (BASE_DIR / "manage.py").is_file()
SITE_DIR = BASE_DIR if FROM_CHECKOUT else PACKAGE_DIR / "site"
STATE_DIR = BASE_DIR if FROM_CHECKOUT else Path.cwd()

DJANGO_ENV = env_choice("DJANGO_ENV", ("development", "production"), "development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be false when DJANGO_ENV is production.")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV is production.")
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-default"
elif PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_ENV is production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The project's own apps, in the order they may import each other (each only those before it).
PROJECT_APPS = [
    "imt", "programs", "notifications", "jobbook", "apprentices", "rti", "credentials", "completion",
    "compliance", "agency", "agreements", "wages", "reports", "transcripts",
    "reminders", "imports", "payroll", "api", "demo",
]
# What a new sponsor and a new program start with, given by the apps above programs; programs' services
# call these (programs may not import those apps, the wiring names them).
SPONSOR_SETUP = ["rti.services.catalog_seed", "credentials.services.credential_types_seed"]
PROGRAM_SETUP = ["rti.services.program_requirements_seed", "credentials.services.program_requirements_seed"]
INSTALLED_APPS = [
    *PROJECT_APPS,
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
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_scopes",
    "csp",
    "ninja",  # the API's Swagger page from its own static files (no CDN)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "imt.headers.SecurityHeadersMiddleware",
    "imt.headers.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "imt.tenancy.TenantMiddleware",
    "imt.mfa.MfaRequiredMiddleware",
]
if env_bool("QUERY_COUNT_HEADER", False):
    MIDDLEWARE.insert(0, "imt.querycount.QueryCountHeaderMiddleware")

ROOT_URLCONF = "imt.urls"
WSGI_APPLICATION = "imt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "imt.context_processors.tenancy",
                "imt.context_processors.mfa",
                "csp.context_processors.nonce",
            ],
        },
    },
]


def database_from_url(url):
    parsed = urlparse(url)
    options = dict(parse_qsl(parsed.query))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "imt",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
        "TEST": {"NAME": env_str("DATABASE_TEST_NAME") or None},
    }


DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql"))
# The role that owns the tables and runs the migrations (imt/db_roles.py); DATABASE_URL's role then only
# reads and writes rows.
DATABASE_MIGRATE_URL = env_url("DATABASE_MIGRATE_URL", ("postgres", "postgresql"))
if DATABASE_MIGRATE_URL and not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_MIGRATE_URL needs DATABASE_URL (the application's role).")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(env_str("SQLITE_PATH") or STATE_DIR / "db.sqlite3"),
            # recursive_triggers: INSERT OR REPLACE fires the DELETE guards of imt/protected.py.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA recursive_triggers=ON;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))


def redis_cache_url(broker_url):
    """The cache gets the Redis database after the broker's, so clearing the cache never drops queued tasks."""
    parsed = urlparse(broker_url)
    db = parsed.path.strip("/") or "0"
    if not db.isdigit():
        raise ImproperlyConfigured(f"REDIS_URL must end with a database number such as /0 (got {broker_url!r}).")
    return parsed._replace(path=f"/{int(db) + 1}").geturl()


REDIS_CACHE_URL = env_url("REDIS_CACHE_URL", ("redis", "rediss")) or (REDIS_URL and redis_cache_url(REDIS_URL))
# Redis is an accelerator, not a dependency of a page: when it is down or unreachable the cache
# answers "not found" after at most these timeouts, logs it and leaves Redis alone for a few seconds
# (imt.cache), and pages, sign-in and sessions go on from the database.  A Redis on the same network
# answers in well under a millisecond, so the timeouts only ever matter when it is gone.
REDIS_CACHE_CONNECT_TIMEOUT = 0.5
REDIS_CACHE_TIMEOUT = 0.5
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "imt.cache.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_CACHE_CONNECT_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_CACHE_TIMEOUT,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Sessions are read from Redis and written through to the database, so a signed-in request does
    # not query the session table, a flushed cache signs nobody out, and with Redis down a session is
    # read from the database instead.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: eager in-process on the embedded default, a real broker with REDIS_URL.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180, minimum=1)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must be longer than CELERY_TASK_SOFT_TIME_LIMIT.")
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "imt")
# Redis re-delivers an unacknowledged task after the visibility timeout; it must
# outlast the hard time limit or a long task would be started a second time.  The socket timeouts
# bound how long a publish waits on a broker that is down or has stopped answering (without them a
# request could wait forever on a dead connection).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT * 4,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# A request hands work to the broker and must not wait on it: one attempt, and if the broker does
# not take it the caller records the task and a periodic job sends it later (imt.dispatch).  Celery's
# default would retry the publish, and its result store would retry for about 20 seconds.  A
# connection that went stale when Redis restarted is replaced by redis-py itself, not by a retry.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    # Packets the broker did not take, whose message was lost, or whose worker died mid-build.
    "requeue-stuck-packets": {"task": "completion.tasks.requeue_stuck_packets", "schedule": 60.0},
    # The other tasks requests could not hand to the broker (certificates, e-mails).
    "send-deferred-tasks": {"task": "imt.tasks.send_deferred_tasks", "schedule": 60.0},
    # Raises that months in the program make due (approvals look for theirs at once).
    "detect-raises-daily": {"task": "wages.tasks.detect_raises_daily", "schedule": 24 * 60 * 60.0},
    # #16 the token API: forget calls older than API_CALL_RETENTION_DAYS.
    "api-purge-old-calls": {"task": "api.tasks.purge_old_calls", "schedule": 24 * 60 * 60.0},
    # #16: what just happened is told within minutes; conditions once a day, in the morning in the US
    # (11:00 UTC: 6 or 7 a.m. Eastern), after the night's raise detection.  Keys make both safe to repeat.
    "send-event-reminders": {"task": "reminders.tasks.send_event_reminders", "schedule": 5 * 60.0},
    "send-daily-reminders": {"task": "reminders.tasks.send_daily_reminders",
                             "schedule": crontab(minute=0, hour=11)},
    # #16: each person's daily digest of notifications, in the morning of the site's time zone (TIME_ZONE);
    # a second run the same day sends nothing (one digest per person, sponsor and day).
    "send-notification-digests": {"task": "notifications.tasks.send_digests", "schedule": crontab(hour=7, minute=0)},
    # Roster imports whose worker stopped writing progress (it died, or the message was lost).
    "resume-stalled-roster-imports": {"task": "imports.tasks.resume_stalled_roster_imports", "schedule": 120.0},
}
# A completion packet's build counts as alive this long after it last reported a step; then the job
# above builds it again.  Keep it at least the build task's hard time limit (120 s): a live build
# cannot go longer than that without a step, so only a dead one is ever restarted.
PACKET_BUILD_LEASE_SECONDS = env_int("PACKET_BUILD_LEASE_SECONDS", 120, minimum=1)
# #16 the token API: calls a minute allowed per token (api/endpoints/security.py), then 429.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120, minimum=1)
# ... and how long its record of each call is kept (api.tasks.purge_old_calls, daily).
API_CALL_RETENTION_DAYS = env_int("API_CALL_RETENTION_DAYS", 90, minimum=1)

AUTH_USER_MODEL = "imt.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("FAST_PASSWORD_HASHER", False):
    # Tests and the large demo loader only: hashing thousands of passwords slowly buys nothing there.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "programs.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "imt.forms.SignupNameForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_choice(
    "ACCOUNT_EMAIL_VERIFICATION", ("mandatory", "optional", "none"), "mandatory" if PRODUCTION else "optional"
)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("ACCOUNT_RATE_LIMITS_ENABLED", True)
if not ACCOUNT_RATE_LIMITS_ENABLED:
    ACCOUNT_RATE_LIMITS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IMT Apprenticeship] "
# Behind N reverse proxies the client's address is the N-th from the right of X-Forwarded-For; without
# this every sign-in seems to come from the proxy, and the per-address limit on failed sign-ins would
# lock everybody out at once.  0: trust no header (the app faces the clients itself).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# "Confirm access" asks for the password or an authenticator code; sign-in by e-mailed code is off,
# so re-authentication by one is too.
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "IMT Apprenticeship")
# Days a member has to set up an authenticator app once their sponsor's rule covers them (imt/mfa.py).
MFA_GRACE_DAYS = env_int("MFA_GRACE_DAYS", 7, minimum=0)

# Recent password confirmation window for signatures (sign-offs, completion).
SIGNATURE_REAUTH_SECONDS = env_int("SIGNATURE_REAUTH_SECONDS", 300, minimum=0)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)
# The address links in e-mails point at.
SITE_URL = env_url("SITE_URL", ("http", "https")) or "http://127.0.0.1:8000"
# The wage history the transcript and the completion packet show: the dotted path of a function taking an
# enrollment and returning its confirmed raises, oldest first (the wages app); None leaves it out.
WAGE_HISTORY: str | None = "wages.selectors.wage_history"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IMT Apprenticeship <no-reply@imt.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Errors: to Sentry when SENTRY_DSN is set, else e-mailed to ADMINS (when DEBUG is off).
SENTRY_DSN = env_url("SENTRY_DSN", ("http", "https"))
ADMINS = [] if SENTRY_DSN else env_addresses("ADMINS")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", DJANGO_ENV),
        send_default_pii=False,  # no names, e-mail addresses or IP addresses of apprentices
        traces_sample_rate=0.0,
    )

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or STATE_DIR / "staticfiles")
STATICFILES_DIRS = [SITE_DIR / "static"]  # with Bootstrap in static/vendor/
# Uploaded files (logos, evidence) are private: never served from a public URL,
# only through views that check the viewer's rights.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or STATE_DIR / "media")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

if not PRODUCTION:
    # Development serves static files from the apps; there is no collected directory to find.
    warnings.filterwarnings("ignore", message="No directory at")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12, minimum=60)
X_FRAME_OPTIONS = "DENY"  # a view that must be framed (the packet PDF) opts in with xframe_options_sameorigin
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts and style sheets come from the site's own files (static/js/, static/css/, Bootstrap and htmx
# vendored): no inline script, no eval.  A script that truly must be inline carries the per-request
# nonce ({{ CSP_NONCE }}).  Style attributes stay allowed: progress bars are drawn with a width.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # data: for the QR code of the authenticator set-up
        "object-src": [NONE],
        "frame-src": [NONE],  # the completion review opens it to its own packet PDF (csp_replace)
        "frame-ancestors": [NONE],  # as X_FRAME_OPTIONS; SAMEORIGIN views get 'self' (imt.headers)
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}
# Browser features no page uses are switched off for the site and anything it might frame.  The file
# inputs for evidence still offer the phone's camera: the picker is the phone's, not a page's camera.
# Passkeys (publickey-credentials-*) need allowing again if MFA_SUPPORTED_TYPES gains "webauthn".
PERMISSIONS_POLICY = {
    **{
        feature: []
        for feature in (
            "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
            "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi",
            "payment", "picture-in-picture", "publickey-credentials-create", "publickey-credentials-get",
            "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
        )
    },
    "fullscreen": ["self"],  # the browser's PDF viewer presents the packet full screen
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = logging_settings(
    env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"), eager_tasks=CELERY_TASK_ALWAYS_EAGER
)
