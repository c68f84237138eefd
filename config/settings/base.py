"""Settings shared by every environment. Values come from the environment with safe embedded defaults."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


# Secrets have no default here: production takes them from the environment (prod.py), the demo and
# development from the per-installation file var/secrets.env (dev.py, config/secrets.py), tests use fixed ones.
SECRET_KEY = env("SECRET_KEY")
DEBUG = env("DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_htmx",
    "csp",
    "core",
    "audit",
    "org",
    "people",
    "cases",
    "accounts",
    "imports",
    "demo",
    "notices",
    "open311",
    "smart",
    "surveys",
    "doorstep",
    "resources",
    "meetings",
    "deliberation",
    "evaluation",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "audit.middleware.AuditContextMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.PasswordAgeMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "home.navigation.navigation",
                "notices.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'jiayuan.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets pages read while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# 等保 2.0 defaults (DOMAIN-RULES §5): >= 8 characters from >= 3 classes.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
PASSWORD_MAX_AGE_DAYS = int(env("PASSWORD_MAX_AGE_DAYS", "90"))

# Login failures: lock for 30 minutes after 5 failures (django-axes).
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Lock by account, not by address: staff of a whole residents' committee share one NAT address, and
# locking the address would lock all of them out after one person's typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# 30-minute idle timeout: the session expires 30 minutes after the last request.
SESSION_COOKIE_AGE = int(env("IDLE_TIMEOUT_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
IDLE_TIMEOUT_SECONDS = SESSION_COOKIE_AGE

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# counts and figures read 1,234 in both languages where a template groups them (`|intcomma`, config/formats);
# nothing is grouped unasked (USE_THOUSAND_SEPARATOR stays False): ids, years, codes, forms, JSON and exports
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Front-end packages from npm, served from their dist folders (package.json, package-lock.json).
NPM = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NPM / "htmx.org" / "dist"),
    ("vendor/leaflet", NPM / "leaflet" / "dist"),
    ("vendor/echarts", NPM / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.TokenAuthentication",  # refused while locked or inactive, and after a password change
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",  # illegal steps and conflicts 409, services' ValidationErrors 400
}
SPECTACULAR_SETTINGS = {
    "TITLE": "家园 Jiayuan API",
    "DESCRIPTION": "中山街道社区治理平台 API：组织单元、居民、户、产权、角色授权。",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CaseSourceEnum": "cases.models.Source",
        "CaseReportSourceEnum": "cases.serializers.REPORT_SOURCES",
        "CaseIndicatorSourceEnum": [("rollup", "rollup"), ("cases", "cases")],  # not IndicatorSourceEnum: evaluation's Indicator.source takes that name
        "CaseStateEnum": "cases.workflow.CaseState",
        "DeviceStateEnum": "smart.models.DeviceState",
        "DeviceKindEnum": "smart.models.DeviceKind",
        "MessageKindEnum": "smart.models.MessageKind",
        "SeverityEnum": "smart.models.Severity",
        "PlaceKindEnum": "doorstep.models.places.PlaceKind",
        "RoomKindEnum": "doorstep.models.places.RoomKind",
        "DutyKindEnum": "doorstep.models.duty.DutyKind",
        "PointRecordKindEnum": "doorstep.models.points.PointRecordKind",
        "BookingStateEnum": "doorstep.workflow.BookingState",
        "PointStateEnum": "doorstep.workflow.PointState",
        "QuestionKindEnum": "surveys.models.QuestionKind",
        "SurveyStateEnum": "surveys.models.SurveyState",
        "ResourceKindEnum": "resources.models.taxonomy.ResourceKind",
        "OrganisationKindEnum": "resources.models.organisations.OrganisationKind",
        "TalentStateEnum": "resources.workflow.TalentState",
        "NeedStateEnum": "resources.workflow.NeedState",
        "MatchStateEnum": "resources.workflow.MatchState",
        "TalentSourceEnum": "resources.models.talents.TalentSource",
        "NeedSourceEnum": "resources.models.needs.NeedSource",
        "SummonsStateEnum": "deliberation.workflow.SummonsState",
        "SeatGroupEnum": "meetings.models.bodies.SeatGroup",
        "ServiceGroupEnum": "doorstep.models.menu.ServiceGroup",
        "ActionStateEnum": "deliberation.workflow.ActionState",
        "ActionOriginEnum": "deliberation.models.actions.ActionOrigin",
        "MatterStateEnum": "deliberation.workflow.MatterState",
        "SpendingStateEnum": "deliberation.workflow.SpendingState",
        "MajorMatterEnum": "meetings.models.meetings.MajorMatter",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "core.schema.add_error_responses"],
    # Swagger UI from the drf-spectacular-sidecar package: the docs work with no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Content-Security-Policy (django-csp): scripts only from this site, no inline scripts or style attributes
# in markup. Leaflet and htmx set styles through the CSSOM, which CSP does not restrict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"] + ([env("MAP_TILE_URL").split("/{")[0]] if env("MAP_TILE_URL") else []),
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# The embedded cache (one process) keeps up to 20,000 entries (Django's default, 300, would start dropping kept
# sessions and counts after a few hundred users); production uses Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jiayuan", "OPTIONS": {"MAX_ENTRIES": 20000}}}
if env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}}
# Sessions are saved on every request (the idle timeout). On SQLite that write would queue behind a long
# import's transaction, so the embedded setup (one process) and any setup with Redis keep sessions in the
# cache; PostgreSQL without Redis keeps them in the database.
if env("REDIS_URL") or DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

# Personal data (core/protect.py): Fernet keys of the encrypted columns, comma-separated, newest first (the
# first encrypts, every one decrypts; `manage.py rotate_keys` re-encrypts with the first), and the HMAC key
# of the blind index used in exact lookups. Independent of SECRET_KEY, so rotating that loses nothing.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY")
BLIND_INDEX_KEY = env("BLIND_INDEX_KEY")

# Map: tiles are optional; with no URL the grid map draws polygons on a blank canvas.
# The function that answers "under which unit paths may this user do this" for core's scoped base classes:
# core knows no roles, accounts does (core imports no domain app; see tests/test_layering.py).
SCOPE_RESOLVER = "accounts.scope.scope_paths"

MAP_TILE_URL = env("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "")
# The coordinate system of the tiles: "WGS84" (OpenStreetMap and most) or "GCJ02" (Gaode, Tencent). Stored
# coordinates and phone GPS are WGS-84; with GCJ02 the maps convert both ways (core/geo.py, static/core/maps.js).
MAP_CRS = env("MAP_CRS", "WGS84").upper().replace("-", "")
if MAP_CRS not in ("WGS84", "GCJ02"):
    raise ImproperlyConfigured(f"MAP_CRS must be WGS84 or GCJ02, not {MAP_CRS!r}")
MAP_CENTER = (31.03, 121.23)
# Grid boundaries (org.services.boundary_check): the share of a boundary's area that may lie outside its parent's
# boundary or inside a sibling's, for hand-drawn edges that do not meet exactly.
BOUNDARY_TOLERANCE = float(env("BOUNDARY_TOLERANCE", "0.02"))

AUDIT_RETENTION_DAYS = max(180, int(env("AUDIT_RETENTION_DAYS", "365")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# 智慧社区 devices (smart): the MQTT broker the consumer and the simulator use, how long raw telemetry
# rows are kept (hourly rollups are kept for ever), and the consumer's batch size and longest wait.
# SMART_MQTT_URL is the consumer's: its account's username (and password, else SMART_MQTT_DIR/consumer.secret,
# made at random by `manage.py mqtt_accounts`); SMART_MQTT_DIR holds the broker's password file and ACL
# (smart/broker.py); the demo's broker (`make broker`) listens on 1884 and keeps its files there too.
SMART_MQTT_URL = env("SMART_MQTT_URL", "mqtt://jiayuan-ingest@127.0.0.1:1884")
SMART_MQTT_DIR = env("SMART_MQTT_DIR", str(BASE_DIR / "var" / "mosquitto"))
SMART_TOPIC_ROOT = env("SMART_TOPIC_ROOT", "jiayuan/devices")
SMART_RETENTION_DAYS = int(env("SMART_RETENTION_DAYS", "30"))
SMART_BATCH_SIZE = int(env("SMART_BATCH_SIZE", "5000"))
SMART_BATCH_WAIT = float(env("SMART_BATCH_WAIT", "0.2"))

# 睦邻点 inactivity (doorstep/inactivity.py): a point with fewer than MIN activities in the last WINDOW
# months is flagged by the daily job for review (never retired by it).
SERVICES_POINT_MIN_ACTIVITIES = int(env("SERVICES_POINT_MIN_ACTIVITIES", "3"))
SERVICES_POINT_WINDOW_MONTHS = int(env("SERVICES_POINT_WINDOW_MONTHS", "3"))

# 三大资源库 (resources): matching weights (they sum to 1), reach of spaces and projects, the "asked
# recently" window, and how many candidates per need a round considers (resources.matching).
RESOURCES_WEIGHTS = {"type": 0.35, "distance": 0.20, "time": 0.20, "capacity": 0.15, "load": 0.10}
RESOURCES_SPACE_REACH_M = int(env("RESOURCES_SPACE_REACH_M", "3000"))  # how far people walk to a shared space
RESOURCES_PROJECT_REACH_M = int(env("RESOURCES_PROJECT_REACH_M", "20000"))  # projects come to the 居民区: the whole subdistrict
RESOURCES_ASKED_DAYS = int(env("RESOURCES_ASKED_DAYS", "90"))
RESOURCES_ROUND_CANDIDATES = int(env("RESOURCES_ROUND_CANDIDATES", "50"))

# 约请 (deliberation/services/summons.py): working days to answer (and between escalations), how far ahead an
# answer may propose to meet; topics from recurring cases (deliberation/selectors/topics.py): how many cases of one
# category in one building or grid within how many days make a topic.
DELIBERATION_SUMMONS_DAYS = int(env("DELIBERATION_SUMMONS_DAYS", "5"))
DELIBERATION_SUMMONS_ANSWER_MAX_DAYS = int(env("DELIBERATION_SUMMONS_ANSWER_MAX_DAYS", "60"))
DELIBERATION_TOPIC_MIN_CASES = int(env("DELIBERATION_TOPIC_MIN_CASES", "5"))
DELIBERATION_TOPIC_DAYS = int(env("DELIBERATION_TOPIC_DAYS", "90"))
# 议事协商 resolutions' actions and 三重一大 (deliberation): an overdue action goes one management level up, then
# again every ESCALATE_EVERY_DAYS while still overdue; a spending from FUNDS_THRESHOLD yuan is 大额资金使用 (a unit
# may set its own threshold, inherited down the tree: deliberation.FundsThreshold).
DELIBERATION_ESCALATE_EVERY_DAYS = int(env("DELIBERATION_ESCALATE_EVERY_DAYS", "7"))
DELIBERATION_FUNDS_THRESHOLD = env("DELIBERATION_FUNDS_THRESHOLD", "50000")
