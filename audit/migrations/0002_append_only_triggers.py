"""Database triggers that make the audit log append-only: no UPDATE ever, no DELETE of a record
younger than 180 days (the minimum retention). They hold even against raw SQL from the application."""

from django.db import migrations

PG = [
    """
    CREATE OR REPLACE FUNCTION audit_auditlog_guard() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION 'audit records cannot be changed';
        END IF;
        IF OLD.at > now() - interval '180 days' THEN
            RAISE EXCEPTION 'audit records are kept at least 180 days';
        END IF;
        RETURN OLD;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "CREATE TRIGGER audit_auditlog_no_update BEFORE UPDATE OR DELETE ON audit_auditlog FOR EACH ROW EXECUTE FUNCTION audit_auditlog_guard();",
]
PG_REVERSE = ["DROP TRIGGER IF EXISTS audit_auditlog_no_update ON audit_auditlog;", "DROP FUNCTION IF EXISTS audit_auditlog_guard();"]

SQLITE = [
    "CREATE TRIGGER audit_auditlog_no_update BEFORE UPDATE ON audit_auditlog BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed'); END;",
    "CREATE TRIGGER audit_auditlog_no_early_delete BEFORE DELETE ON audit_auditlog "
    "WHEN OLD.at > strftime('%Y-%m-%d %H:%M:%f', 'now', '-180 days') "
    "BEGIN SELECT RAISE(ABORT, 'audit records are kept at least 180 days'); END;",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_auditlog_no_update;", "DROP TRIGGER IF EXISTS audit_auditlog_no_early_delete;"]


def forwards(apps, schema_editor):
    statements = {"postgresql": PG, "sqlite": SQLITE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"postgresql": PG_REVERSE, "sqlite": SQLITE_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
