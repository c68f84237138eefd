"""The three evaluation plans and their indicators (evaluation/defaults.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from evaluation.defaults import ensure_plans

    ensure_plans(apps.get_model("evaluation", "Plan"), apps.get_model("evaluation", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
