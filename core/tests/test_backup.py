"""A backup restores into an empty database with every record, on SQLite and on PostgreSQL; and a database built by the
migrations has the schema of the test databases, which are built from the models (core.schema_objects)."""

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


SNAPSHOT = "import json; from django.db import connection; from core.schema_objects import schema_snapshot; print(json.dumps(schema_snapshot(connection)))"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory, django_db_setup, django_db_blocker):
    """A new database built by `manage.py migrate` (every migration, as production is), then an empty one."""
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            src, dst = pg_database("jiayuan_backup_src"), pg_database("jiayuan_backup_dst")
        else:
            where = tmp_path_factory.mktemp("backup")
            src, dst = f"sqlite:///{where / 'src.sqlite3'}", f"sqlite:///{where / 'dst.sqlite3'}"
    manage(src, "migrate", "-v0")
    return src, dst


def test_the_migrations_build_the_schema_the_tests_run_on_triggers_included(migrated, db):
    from django.apps import apps

    from core.schema_objects import schema_snapshot

    # Django's own tables are Django's: its auth migrations keep an integer id on the group-permissions table
    django_own = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.app_config.name.startswith("django.")}
    by_migrations = {t: v for t, v in json.loads(manage(migrated[0], "shell", "--no-imports", "-c", SNAPSHOT)).items() if t not in django_own}
    by_models = {t: v for t, v in json.loads(json.dumps(schema_snapshot(connection))).items() if t not in django_own}
    assert by_models.keys() == by_migrations.keys(), "tables"
    differing = {t: {k: (by_models[t][k], by_migrations[t][k]) for k in by_models[t] if by_models[t][k] != by_migrations[t][k]} for t in by_models}
    assert not {t: d for t, d in differing.items() if d}, "columns, constraints, indexes or triggers differ"
    assert by_models["audit_auditlog"]["triggers"] and by_models["people_ownership"]["triggers"]


def test_a_backup_restores_every_record_into_an_empty_database(migrated, tmp_path, db):
    src, dst = migrated
    manage(src, "load_demo", "--districts", "2", "--households", "60")
    before = json.loads(manage(src, "shell", "--no-imports", "-c", COUNT))
    assert before["people.Resident"] > 100 and before["audit.AuditLog"] > 0
    backup = manage(src, "backup", "--output", str(tmp_path / "backup.file"))
    manage(dst, "restore", backup)
    assert json.loads(manage(dst, "shell", "--no-imports", "-c", COUNT)) == before
