"""Database objects the models do not declare (the audit log's and the ownerships' triggers), made by RunPython steps of
migrations that an app names in its AppConfig as `schema_migrations`.

The test databases are built from the models (settings TEST MIGRATE False: Django's syncdb, seconds instead of a minute
of migrations in every test process) and so run no migration. After such a build, `install_schema_objects` (a
post_migrate handler) runs the RunPython steps of each named migration of every app that was built that way, so those
databases carry the same triggers as a migrated one. core/tests/test_backup.py compares a migrated database's schema,
triggers included, with the test database's (`schema_snapshot`): a migration that makes something the models and these
steps do not is caught there. A migrated database (`manage.py migrate`, production) is left alone: its migrations
made the objects, and the handler acts only on apps whose migrations are switched off (MIGRATION_MODULES None)."""

from importlib import import_module

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations import RunPython


def built_without_migrations(label: str) -> bool:
    """Whether this migrate run builds the app from its models (Django's syncdb, as the test databases are built)."""
    modules = getattr(settings, "MIGRATION_MODULES", None) or {}
    return label in modules and modules[label] is None


def install_schema_objects(sender=None, using=DEFAULT_DB_ALIAS, plan=None, **kwargs) -> list[str]:
    """Run the RunPython steps of the `schema_migrations` of every app built without migrations; returns their names."""
    done = []
    connection = connections[using]
    for config in global_apps.get_app_configs():
        names = getattr(config, "schema_migrations", ())
        if not names or not built_without_migrations(config.label):
            continue
        for name in names:
            migration = import_module(f"{config.name}.migrations.{name}").Migration
            with connection.schema_editor() as editor:
                for operation in migration.operations:
                    if isinstance(operation, RunPython):
                        operation.code(global_apps, editor)
            done.append(f"{config.label}.{name}")
    return done


def schema_snapshot(connection) -> dict:
    """The schema as the database reports it, comparable between two databases of one vendor: per table its columns
    (name, type, null), its constraints and indexes by what they are (columns, kind, target; not by name) and its
    triggers by name. Django's own tables (migrations) and SQLite's are left out."""
    intro = connection.introspection
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(intro.table_names(cursor)):
            if table == "django_migrations" or table.startswith("sqlite_"):
                continue
            columns = sorted((c.name, str(c.type_code), bool(c.null_ok)) for c in intro.get_table_description(cursor, table))
            constraints = sorted(
                repr((tuple(c["columns"] or ()), bool(c["primary_key"]), bool(c["unique"]), bool(c["index"]), bool(c["check"]), c["foreign_key"], c.get("type")))
                for c in intro.get_constraints(cursor, table).values()
            )
            out[table] = {"columns": [list(c) for c in columns], "constraints": constraints, "triggers": _triggers(cursor, connection.vendor, table)}
    return out


def _triggers(cursor, vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY tgname", [table])
    elif vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s ORDER BY name", [table])
    else:
        return []
    return [r[0] for r in cursor.fetchall()]
