from config.settings.base import *  # noqa: F403
from config.settings.base import env

# Fixed test secrets (never used outside the tests): the suite needs no var/ and no environment.
SECRET_KEY = env("SECRET_KEY") or "test-only-secret-key-not-for-any-installation-jiayuan"
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY") or "dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5ISE="  # a Fernet key (base64 of 32 bytes)
BLIND_INDEX_KEY = env("BLIND_INDEX_KEY") or "test-only-blind-index-key"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The test databases are built from the models (Django's syncdb: seconds, where the migrations take a minute in every
# test process); the triggers that migrations make are added after the build (core.schema_objects), and
# core/tests/test_backup.py checks that a migrated database has the same schema. JIAYUAN_TEST_MIGRATIONS=1 builds them
# with the migrations instead.
DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = env("JIAYUAN_TEST_MIGRATIONS", "0") == "1"  # noqa: F405
