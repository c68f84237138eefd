"""Keys: the encryption and blind-index keys stand apart from SECRET_KEY, FIELD_ENCRYPTION_KEY is a list
(newest first) that `rotate_keys` moves every encrypted column onto, and the demo's secrets are generated
per installation (config/secrets.py) instead of a public default."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from core.keys import encrypted_columns
from core.protect import decrypt, digest, encrypt

ROOT = Path(__file__).resolve().parents[1]
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
PUBLIC_DEFAULT = "dev-only-insecure-key-change-me-in-production-jiayuan"  # the key every clone shared before


def test_stored_numbers_stay_readable_and_searchable_when_the_secret_key_changes(settings):
    token, found = encrypt("11010519491231002X"), digest("11010519491231002X")
    settings.SECRET_KEY = "a-rotated-django-secret-key-" + "x" * 30
    assert decrypt(token) == "11010519491231002X"
    assert digest("11010519491231002X") == found


def test_without_keys_nothing_is_encrypted_or_digested(settings):
    settings.FIELD_ENCRYPTION_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        encrypt("13812341234")
    settings.BLIND_INDEX_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        digest("13812341234")


def test_a_value_written_with_an_older_key_is_read_once_a_new_key_is_put_first(settings):
    settings.FIELD_ENCRYPTION_KEY = OLD
    token = encrypt("13812341234")
    settings.FIELD_ENCRYPTION_KEY = f"{NEW}, {OLD}"
    assert decrypt(token) == "13812341234"
    assert Fernet(NEW.encode()).decrypt(encrypt("13900000000").encode()) == b"13900000000"  # the first key encrypts


def test_every_encrypted_column_is_known_to_the_rotation():
    found = {(c.label, f) for c in encrypted_columns() for f in c.fields}
    assert found >= {
        ("people.Resident", "id_number_enc"), ("people.Resident", "mobile_enc"), ("cases.Case", "contact_phone_enc"),
        ("resources.Talent", "phone_enc"), ("services.ReceptionLog", "visitor_phone_enc"),
    }


def test_rotate_keys_reencrypts_every_encrypted_column_with_the_first_key(settings, tree):
    from audit.models import AuditLog
    from core.testing import make_people

    settings.FIELD_ENCRYPTION_KEY = OLD
    make_people(tree)
    before = values()
    assert before and all(_opens(OLD, t) for t in before.values())

    settings.FIELD_ENCRYPTION_KEY = f"{NEW},{OLD}"
    call_command("rotate_keys", batch_size=1, verbosity=0)
    after = values()
    assert after.keys() == before.keys()
    assert all(_opens(NEW, t) and not _opens(OLD, t) for t in after.values())
    settings.FIELD_ENCRYPTION_KEY = NEW  # the old key dropped: everything still reads
    assert {k: decrypt(t) for k, t in after.items()} == {k: Fernet(OLD.encode()).decrypt(t.encode()).decode() for k, t in before.items()}
    assert AuditLog.objects.filter(object_type="core.keys").exists()

    call_command("rotate_keys", verbosity=0)  # a second run finds nothing to do
    assert values() == after


def test_rotate_keys_reindex_recomputes_the_exact_search_digests(settings, people):
    from people.models import Resident

    settings.BLIND_INDEX_KEY = "a-new-blind-index-key"
    assert not Resident.objects.filter(id_number_digest=digest("11010519491231002X")).exists()
    call_command("rotate_keys", reindex=True, verbosity=0)
    assert Resident.objects.filter(id_number_digest=digest("11010519491231002X")).exists()


def test_rotate_keys_stops_on_a_value_no_key_opens(settings, people):
    from django.core.management.base import CommandError

    settings.FIELD_ENCRYPTION_KEY = NEW
    with pytest.raises(CommandError, match="no key"):
        call_command("rotate_keys", verbosity=0)


def values() -> dict:
    out = {}
    for cols in encrypted_columns():
        for pk, *vals in cols.model._base_manager.values_list("pk", *cols.fields):
            out |= {(cols.label, pk, f): v for f, v in zip(cols.fields, vals, strict=True) if v}
    return out


def _opens(key: str, token: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
        return True
    except InvalidToken:
        return False


def test_an_installation_generates_its_own_secrets_once(tmp_path):
    from config.secrets import ensure

    first, created = ensure(tmp_path / "var" / "secrets.env")
    again, created_again = ensure(tmp_path / "var" / "secrets.env")
    other, _ = ensure(tmp_path / "other" / "secrets.env")
    assert created and not created_again and first == again
    assert stat.S_IMODE(os.stat(tmp_path / "var" / "secrets.env").st_mode) == 0o600
    assert first["SECRET_KEY"] != other["SECRET_KEY"] and first["FIELD_ENCRYPTION_KEY"] != other["FIELD_ENCRYPTION_KEY"]
    Fernet(first["FIELD_ENCRYPTION_KEY"].encode())  # a valid Fernet key
    assert PUBLIC_DEFAULT not in first.values()


SHOW = (
    "from django.conf import settings; from smart.simulator.tokens import demo_device_token as t; "
    "print(settings.SECRET_KEY, settings.FIELD_ENCRYPTION_KEY, settings.BLIND_INDEX_KEY, t('LIFT-1'))"
)


def dev_settings(secrets_file: Path) -> list[str]:
    names = ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in names} | {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "SECRETS_FILE": str(secrets_file)}
    r = subprocess.run([sys.executable, "manage.py", "shell", "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert r.returncode == 0, r.stderr
    return r.stdout.strip().splitlines()[-1].split()


def test_the_demo_runs_on_its_installations_own_keys_and_device_credentials(tmp_path):
    import hashlib
    import hmac

    from config.secrets import read

    first = dev_settings(tmp_path / "a" / "secrets.env")
    assert first == dev_settings(tmp_path / "a" / "secrets.env")  # the loader and the simulator agree
    assert first[:3] == [read(tmp_path / "a" / "secrets.env")[n] for n in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY")]
    other = dev_settings(tmp_path / "b" / "secrets.env")
    assert other[3] != first[3]  # another installation's demo devices have other tokens
    public = hmac.new(PUBLIC_DEFAULT.encode(), b"demo-device:LIFT-1", hashlib.sha256).hexdigest()
    assert public not in (first[3], other[3])
