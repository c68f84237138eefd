from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import env

# No secret falls back to another or to a default: FIELD_ENCRYPTION_KEY and BLIND_INDEX_KEY are kept apart
# from SECRET_KEY, so rotating SECRET_KEY leaves the stored numbers readable and searchable.
for _name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY"):
    if not env(_name):
        raise ImproperlyConfigured(f"{_name} must be set in production")
_keys = [k.strip() for k in env("FIELD_ENCRYPTION_KEY").split(",")]
if not all(_keys):
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is a comma-separated list of Fernet keys, newest first, without empty entries")

DEBUG = False
MIDDLEWARE = [*MIDDLEWARE[:1], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405  after SecurityMiddleware
# Static files served by WhiteNoise from `collectstatic` output, compressed and with hashed names.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}  # noqa: F405
SESSION_COOKIE_SECURE = env("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
