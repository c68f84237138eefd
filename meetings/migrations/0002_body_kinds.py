"""The kinds of deliberative body and their seats (meetings/defaults.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from meetings.defaults import ensure_kinds

    ensure_kinds(apps.get_model("meetings", "BodyKind"), apps.get_model("meetings", "SeatTemplate"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
