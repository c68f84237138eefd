"""A backup restores into an empty database with every record, on SQLite and on PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
COUNT = (
    "import json; from django.apps import apps; "
    "print(json.dumps({m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in "
    "('org','people','accounts','audit','imports','authtoken')}, sort_keys=True))"
)


def manage(url, *args):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    r = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout.strip()


def pg_database(name):
    """A fresh database on the server the suite runs against."""
    import psycopg

    settings = connection.settings_dict
    base = f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


@pytest.fixture
def databases(tmp_path, db):
    if connection.vendor == "postgresql":
        return pg_database("jiayuan_backup_src"), pg_database("jiayuan_backup_dst")
    return f"sqlite:///{tmp_path / 'src.sqlite3'}", f"sqlite:///{tmp_path / 'dst.sqlite3'}"


def test_a_backup_restores_every_record_into_an_empty_database(databases, tmp_path):
    src, dst = databases
    manage(src, "migrate", "-v0")
    manage(src, "load_demo", "--districts", "2", "--households", "60")
    before = json.loads(manage(src, "shell", "--no-imports", "-c", COUNT))
    assert before["people.Resident"] > 100 and before["audit.AuditLog"] > 0
    backup = manage(src, "backup", "--output", str(tmp_path / "backup.file"))
    manage(dst, "restore", backup)
    assert json.loads(manage(dst, "shell", "--no-imports", "-c", COUNT)) == before
