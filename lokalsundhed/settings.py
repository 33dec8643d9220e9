"""The one settings module: every value that differs between machines comes from the environment.

A bad value stops the process at start-up (ImproperlyConfigured) rather than at first use.
Secrets may come from a file: set NAME_FILE instead of NAME (e.g. SECRET_KEY_FILE).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import environ
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LOKALSUNDHED_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()
# The embedded defaults (SQLite database, worker queue) live here; created on first start.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}")
    return value


# Production is explicit: DJANGO_ENV=production turns on every hardening switch below.
ENVIRONMENT = env.str("DJANGO_ENV", default="development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be development, test or production")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = _bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production")

SECRET_KEY = _secret("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set in production")
    SECRET_KEY = "insecure-development-key-only-for-this-machine-" + "x" * 20  # noqa: S105
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Public address used in links in notifications (never with personal data in them). In
# production it must be the site's own https address: an SMS linking to a development address
# leads a resident nowhere.
SITE_URL = env.str("SITE_URL", default="" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must be the site's public https:// address in production")
if PRODUCTION and any(host in SITE_URL for host in ("127.0.0.1", "localhost", "0.0.0.0")):  # noqa: S104
    raise ImproperlyConfigured("SITE_URL must not be a development address in production")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "huey.contrib.djhuey",
    "ninja",  # the API's OpenAPI docs: its Swagger UI files are served from our static files
    # The product, one app per capability.
    "lokalsundhed.core",
    "lokalsundhed.organisations",
    "lokalsundhed.signs",
    "lokalsundhed.accounts",
    "lokalsundhed.audit",
    "lokalsundhed.referrals",
    "lokalsundhed.directory",
    "lokalsundhed.offers",
    "lokalsundhed.errands",
    "lokalsundhed.outcomes",
    "lokalsundhed.profiles",
    "lokalsundhed.training",
    "lokalsundhed.volunteers",
    "lokalsundhed.api",
    "lokalsundhed.subject_access",
    "lokalsundhed.work",
    "lokalsundhed.rooms",
    "lokalsundhed.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lokalsundhed.core.middleware.health_check_middleware",
    "lokalsundhed.core.middleware.RefuseNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "lokalsundhed.core.languages.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lokalsundhed.accounts.membership_cache.MembershipCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lokalsundhed.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lokalsundhed.accounts.middleware.RequireTwoFactorMiddleware",
    "lokalsundhed.core.access.AccessPolicyMiddleware",
    # After the CSRF check and the access rule: counts the POSTs to public views (core/throttle.py).
    "lokalsundhed.core.throttle.PublicFormThrottleMiddleware",
]

ROOT_URLCONF = "lokalsundhed.urls"
WSGI_APPLICATION = "lokalsundhed.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lokalsundhed" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lokalsundhed.core.context_processors.navigation",
            ],
        },
    },
]

# Forms render through the project's Jinja2 form templates, so every form field gets the DKFDS markup
# (jinja2/django/forms/, core/form_renderer.py).
FORM_RENDERER = "lokalsundhed.core.form_renderer.FormRenderer"

# Database: embedded SQLite under var/ by default, PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lokalsundhed.sqlite3'}"),
}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while the web server reads; busy timeout instead of "database is locked".
    _db.setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    _db.setdefault("CONN_MAX_AGE", _int("DATABASE_CONN_MAX_AGE", 60))
    _db["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles any query its planner costs above 100,000 — the analytics pages'
    # aggregates over a national year — spending 0.2–0.4 s compiling for a query that runs in less.
    _db.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # A form's choices (ModelChoiceField) are read with .iterator(): through a server-side cursor
    # that is DECLARE, FETCH and CLOSE, three more round trips for each select on a page. No list
    # of the platform is read that way for its size; its few bulk reads page by key.
    _db["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default=None)}

# Analytics pages and exports read from a PostgreSQL replica when one is given (core/db.py).
_replica_url = env.str("DATABASE_REPLICA_URL", default="")
REPLICA_READS = bool(_replica_url)
if _replica_url:
    DATABASES["replica"] = env.db_url_config(_replica_url)
    DATABASES["replica"].setdefault("CONN_MAX_AGE", _db.get("CONN_MAX_AGE", 0))
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
elif "pytest" in sys.modules:
    # The test suite always has a `replica` alias, mirroring the test database, so that the
    # router is tested through a second connection; routing to it stays off unless a test
    # turns REPLICA_READS on.
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["lokalsundhed.core.db.ReplicaRouter"]

# The cache (login rate limits, cached public pages) is shared by every app server: the database by
# default, Redis with CACHE_URL=redis://… — never one process's memory.
_cache_url = env.str("CACHE_URL", default="")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
elif _cache_url:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// or rediss:// address (or unset for the database)")
else:
    # Django keeps 300 entries in a database cache and then deletes a third at every write past
    # that: fewer than the residents' pages of one municipality in eight languages, so the page
    # cache would forget them as fast as it filled. Each write counts the table, so keep it bounded.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lokalsundhed_cache",
                          "OPTIONS": {"MAX_ENTRIES": _int("CACHE_MAX_ENTRIES", 20_000, minimum=300)}}}
# Beside it, each process keeps the layout's fragments that are the same on every server because
# they follow from the code, the translations and the fragment's keys alone (a menu for a set of
# items in one language: templates/base.html) — never anything read from the database.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments",
                       "OPTIONS": {"MAX_ENTRIES": 2000}}
# Residents' pages are served from that cache, per page and language, dropped at once on a change
# (core/page_cache.py); this bounds how far behind the clock one may be. 0 turns it off.
PAGE_CACHE_SECONDS = _int("PAGE_CACHE_SECONDS", 300)
# Each app-server process also keeps the residents' pages it served this many seconds: a change
# made on another app server shows there within them (one made in the same process at once).
PAGE_CACHE_LOCAL_SECONDS = _int("PAGE_CACHE_LOCAL_SECONDS", 2)
# A health profile's figures per area and period (an estate, a municipality, the country: aggregates
# only, the same for every reader) are kept this long in the shared cache. 0 computes every time.
PROFILE_FIGURES_SECONDS = _int("PROFILE_FIGURES_SECONDS", 900)
# The reach page's counts per offer (per reader's offers and period) are kept this long.
REACH_FIGURES_SECONDS = _int("REACH_FIGURES_SECONDS", 300)
# The outcome reports' figures per reader's scope and filter; a new answer, participant or plan
# counts them again at once (outcomes/signals.py). 0 counts on every view.
OUTCOME_FIGURES_SECONDS = _int("OUTCOME_FIGURES_SECONDS", 900)
# Residents' public forms (no login): POSTs to one form from one connection (IP address, IPv6 by
# its /64) per window, counted in the shared cache. Generous, as an estate's Wi-Fi or a course
# leader's PC is one address for many residents. 0 turns the limit off (the fault drill does).
PUBLIC_FORM_RATE_LIMIT = _int("PUBLIC_FORM_RATE_LIMIT", 30)
PUBLIC_FORM_RATE_WINDOW_SECONDS = _int("PUBLIC_FORM_RATE_WINDOW_SECONDS", 600, minimum=1)
# Messages a Danish day to one phone number or e-mail address from the sign-up form, from any
# connection: the form cannot flood someone's phone. 0 turns it off.
PUBLIC_FORM_MESSAGES_PER_RECIPIENT = _int("PUBLIC_FORM_MESSAGES_PER_RECIPIENT", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: e-mail login, no self sign-up (administrators create staff), MFA.
ACCOUNT_ADAPTER = "lokalsundhed.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Volunteers have no password: they log in with a one-time code sent to their e-mail. Staff may
# use it too; their second factor is still asked for afterwards. A wrong code counts toward the
# lock-out and a locked account is refused after the code (accounts/signals.py, accounts/adapter.py).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Its two pages, in our words: volunteers read them in the resident languages (core/languages.py).
ACCOUNT_FORMS = {
    "request_login_code": "lokalsundhed.accounts.forms.LoginCodeRequestForm",
    "confirm_login_code": "lokalsundhed.accounts.forms.LoginCodeForm",
}
# Per-account failures are counted by our own lock-out (LOGIN_FAILURE_LIMIT); allauth only
# throttles by address against password spraying.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/5m/ip"}
MFA_ADAPTER = "lokalsundhed.accounts.adapter.MFAAdapter"
# A wrong code counts toward the lock-out (accounts/signals.py); a locked account is refused there too.
# Locked accounts refused at the code too; code fields bring up a phone's number keyboard
# (accounts/forms.py).
MFA_FORMS = {
    "authenticate": "lokalsundhed.accounts.forms.SecondFactorForm",
    "reauthenticate": "lokalsundhed.accounts.forms.SecondFactorAgainForm",
    "activate_totp": "lokalsundhed.accounts.forms.NumericActivateTOTPForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "lokalsundhed"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Lock-out: this many failed logins within the window lock the account until the window
# passes or an administrator releases it.
LOGIN_FAILURE_LIMIT = _int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_HOURS = _int("LOGIN_FAILURE_WINDOW_HOURS", 24, minimum=1)
# Login attempts (the address typed, the IP address, success) are deleted after this many days,
# by the worker each night; never before the lock-out window has passed.
LOGIN_ATTEMPTS_KEPT_DAYS = _int("LOGIN_ATTEMPTS_KEPT_DAYS", 180, minimum=1)

# Sessions end after this many idle minutes.
SESSION_IDLE_TIMEOUT_MINUTES = _int("SESSION_IDLE_TIMEOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute limit: one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "da"
LANGUAGES = [
    ("da", _("Danish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("so", _("Somali")),
    ("ur", _("Urdu")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
]
# Staff pages speak Danish and English; residents' pages also the resident languages
# (core/languages.py keeps a staff page in Danish when the visitor chose a resident language).
STAFF_LANGUAGES = ["da", "en"]
RESIDENT_LANGUAGES = ["da", "en", "ar", "tr", "so", "ur", "uk", "pl"]
# Django knows no Somali: tell it the language's own name and direction (the catalogues are ours).
LANG_INFO.setdefault("so", {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"})
LOCALE_PATHS = [BASE_DIR / "lokalsundhed" / "locale"]
# English dates as written in Denmark (day/month, 24-hour clock), not Django's American ones.
FORMAT_MODULE_PATH = ["lokalsundhed.core.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "lokalsundhed" / "static"]
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

# Production serves only the hashed copies that {% static %} names (cached for a year), and does
# not compress source maps: only a developer's browser tools ever fetch them, and compressing the
# API documentation's few megabytes of them was most of collectstatic's time.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Content-Security-Policy: no inline script or style anywhere; htmx and DKFDS load from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if _bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# E-mail and SMS: console by default; a real backend is one environment variable away.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if "EMAIL_URL" in os.environ:
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="lokalsundhed <noreply@lokalsundhed.local>")
SMS_BACKEND = env.str("SMS_BACKEND", default="lokalsundhed.core.sms.ConsoleSmsBackend")

# Background worker (huey): SQLite file beside the database by default, Redis in production.
HUEY_IMMEDIATE = _bool("HUEY_IMMEDIATE", False)
_huey_redis = env.str("HUEY_REDIS_URL", default="")
HUEY = {
    "name": "lokalsundhed",
    "immediate": HUEY_IMMEDIATE,
    "utc": True,  # queued tasks' times in UTC; periodic tasks say Danish time (core/schedule.py)
    "consumer": {"workers": _int("HUEY_WORKERS", 2, minimum=1), "worker_type": "thread"},
    **({"huey_class": "huey.RedisHuey", "url": _huey_redis} if _huey_redis
       else {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")}),
}

# The outbox (core/outbox.py): notices sent or given up are deleted this many days later.
OUTBOX_KEPT_DAYS = _int("OUTBOX_KEPT_DAYS", 30, minimum=1)

# The REST API (/api/v1/): requests per client per window, answered 429 with Retry-After beyond;
# counted in the database (api.ApiRateWindow: one atomic upsert per call, shared by every app server).
API_RATE_LIMIT = _int("API_RATE_LIMIT", 600, minimum=1)
API_RATE_WINDOW_SECONDS = _int("API_RATE_WINDOW_SECONDS", 60, minimum=1)
# How long a new API client's token is valid unless its administrator says otherwise.
API_TOKEN_DAYS = _int("API_TOKEN_DAYS", 365, minimum=1)
# Webhooks: a failing endpoint is disabled after this many deliveries failed in a row.
WEBHOOK_MAX_FAILURES = _int("WEBHOOK_MAX_FAILURES", 10, minimum=1)
WEBHOOK_TIMEOUT_SECONDS = _int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
WEBHOOK_DELIVERIES_KEPT_DAYS = _int("WEBHOOK_DELIVERIES_KEPT_DAYS", 90, minimum=1)
# Deliveries only to addresses on the internet; a developer's local receiver needs this on (DEBUG does).
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = _bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", DEBUG)

# The audit chain is sealed by the worker; entries younger than this are left for the next round
# so that a transaction still in flight cannot commit behind an already sealed entry.
AUDIT_SEAL_GRACE_SECONDS = _int("AUDIT_SEAL_GRACE_SECONDS", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "huey": {"level": "WARNING"},
    },
}
