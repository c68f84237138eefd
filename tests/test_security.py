"""Quality gate: production settings pass Django's deployment checks, and send the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


PROD_KEYS = {
    "SECRET_KEY": "x" * 20 + "-production-only-" + "y" * 30,
    "FIELD_ENCRYPTION_KEY": "cHJvZHVjdGlvbi1vbmx5LWVuY3J5cHRpb24ta2V5LTE=,b2xkZXItcHJvZHVjdGlvbi1lbmNyeXB0aW9uLWtleSE=",
    "BLIND_INDEX_KEY": "production-only-blind-index-key",
}


def test_production_settings_pass_check_deploy_without_warnings():
    # settings only: an empty database, so data checks (cases.W001, next year's holidays) do not depend on the machine's database
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        **PROD_KEYS,
        "DATABASE_URL": "sqlite:///:memory:",
    }
    r = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def test_pages_send_csp_without_inline_scripts_and_refuse_framing(client, personas):
    client.force_login(personas["secretary"])
    r = client.get("/people/")
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"


def test_production_cookies_are_secure_and_hsts_is_on(monkeypatch):
    import importlib

    for name, value in PROD_KEYS.items():
        monkeypatch.setenv(name, value)
    prod = importlib.import_module("config.settings.prod")

    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE and prod.SESSION_COOKIE_HTTPONLY
    assert prod.SECURE_HSTS_SECONDS >= 31536000 and not prod.DEBUG


@pytest.mark.parametrize("missing", list(PROD_KEYS))
def test_production_refuses_to_start_without_each_secret_and_key(missing):
    env = {k: v for k, v in os.environ.items() if k not in PROD_KEYS} | {k: v for k, v in PROD_KEYS.items() if k != missing}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.prod"}
    r = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert r.returncode != 0 and f"{missing} must be set" in r.stderr


def test_forms_need_a_csrf_token(personas):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(personas["security_admin"])
    assert c.post("/accounts/roles/", {"username": "x", "role": "grid_worker", "unit_code": "x"}).status_code == 403
