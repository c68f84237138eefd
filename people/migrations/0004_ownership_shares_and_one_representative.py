"""Co-owners' shares total at most 100% and a house with owners has exactly one voting representative, checked by the
database as well as by people.services (issue 13 item 18).

PostgreSQL: a constraint trigger, DEFERRABLE INITIALLY DEFERRED, checks every house a transaction touched when it
commits, so that the representative can pass from one owner to another inside the transaction (the partial unique
index `one_representative_per_house` already refuses two at any moment).

SQLite has no deferred triggers: a row trigger there can only check what holds after each single row, which "exactly
one" does not while the representative changes hands (unset the old one, then set the new one). So on SQLite the
shares' total is a trigger, and "at least one" is the services' check; SQLite runs one writer at a time, so that
check cannot race another write."""

from django.db import migrations

PG_FUNCTION = r"""
CREATE OR REPLACE FUNCTION people_ownership_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    h bigint;
    total numeric;
    owners integer;
    reps integer;
BEGIN
    FOR h IN SELECT DISTINCT x FROM unnest(ARRAY[
        CASE WHEN TG_OP <> 'INSERT' THEN OLD.house_id END,
        CASE WHEN TG_OP <> 'DELETE' THEN NEW.house_id END]) AS x WHERE x IS NOT NULL
    LOOP
        SELECT COALESCE(SUM(share_percent), 0), COUNT(*), COUNT(*) FILTER (WHERE is_representative)
          INTO total, owners, reps FROM people_ownership WHERE house_id = h;
        IF total > 100 THEN
            RAISE EXCEPTION 'the co-owners'' shares of house % total %, more than 100', h, total USING ERRCODE = '23514';
        END IF;
        IF owners > 0 AND reps <> 1 THEN
            RAISE EXCEPTION 'house % has % voting representatives among % owners, not exactly one', h, reps, owners USING ERRCODE = '23514';
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
"""
PG_TRIGGER = """
CREATE CONSTRAINT TRIGGER people_ownership_check AFTER INSERT OR UPDATE OR DELETE ON people_ownership
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION people_ownership_check();
"""
PG_DROP = "DROP TRIGGER IF EXISTS people_ownership_check ON people_ownership; DROP FUNCTION IF EXISTS people_ownership_check();"

SQLITE_SHARES = """
CREATE TRIGGER people_ownership_shares_{op} AFTER {event} ON people_ownership
WHEN (SELECT SUM(share_percent) FROM people_ownership WHERE house_id = NEW.house_id) > 100.000001
BEGIN SELECT RAISE(ABORT, 'the co-owners'' shares of a house total more than 100'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS people_ownership_shares_insert; DROP TRIGGER IF EXISTS people_ownership_shares_update;"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        schema_editor.execute(PG_TRIGGER, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_SHARES.format(op="insert", event="INSERT"))
        schema_editor.execute(SQLITE_SHARES.format(op="update", event="UPDATE OF share_percent, house_id"))


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP.split(";"):
            if statement.strip():
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_id_number_mask_first_and_last")]

    operations = [migrations.RunPython(create, drop)]
