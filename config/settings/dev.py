from config.secrets import NAMES, ensure
from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env

DEBUG = env("DEBUG", "1") == "1"

# The demo's and development's secret and keys: from the environment when set, otherwise from this
# installation's var/secrets.env (or SECRETS_FILE), generated at random on the first run (never a public default).
SECRETS_FILE = env("SECRETS_FILE") or str(BASE_DIR / "var" / "secrets.env")
_local, _ = ensure(SECRETS_FILE) if not all(env(n) for n in NAMES) else ({}, False)
SECRET_KEY = env("SECRET_KEY") or _local["SECRET_KEY"]
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY") or _local["FIELD_ENCRYPTION_KEY"]
BLIND_INDEX_KEY = env("BLIND_INDEX_KEY") or _local["BLIND_INDEX_KEY"]
