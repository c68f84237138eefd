"""Backups that restore (等保 2.0): SQLite through its online backup API, PostgreSQL through pg_dump /
pg_restore in the custom format. One file per backup under var/backups/ unless a path is given."""

import shutil
import sqlite3
import subprocess  # noqa: S404  pg_dump and pg_restore are the tools for the job
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone


class BackupError(Exception):
    pass


def default_path() -> Path:
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    return Path(settings.BASE_DIR) / "var" / "backups" / f"jiayuan-{timezone.now():%Y%m%d-%H%M%S}.{suffix}"


def pg_args(db: dict) -> tuple[list[str], dict]:
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres", "-d", db["NAME"]]
    env = {"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {}
    return args, env


def run(cmd: list[str], env: dict) -> None:
    import os

    tool = shutil.which(cmd[0])
    if tool is None:
        raise BackupError(f"{cmd[0]} is not installed")
    r = subprocess.run([tool, *cmd[1:]], env={**os.environ, **env}, capture_output=True, text=True)  # noqa: S603
    if r.returncode != 0:
        raise BackupError(r.stderr.strip() or f"{cmd[0]} failed")


def backup(path: Path | None = None) -> Path:
    path = Path(path or default_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        dest = sqlite3.connect(path)
        with dest:
            connection.connection.backup(dest)
        dest.close()
    elif connection.vendor == "postgresql":
        args, env = pg_args(db)
        run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *args], env)
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    return path


def restore(path: Path) -> None:
    """Replace the configured database's content with the backup's."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"{path} does not exist")
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        connection.ensure_connection()
        with source:
            source.backup(connection.connection)
        source.close()
    elif connection.vendor == "postgresql":
        connection.close()
        args, env = pg_args(db)
        run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(path)], env)
    else:
        raise BackupError(f"no restore for {connection.vendor}")
