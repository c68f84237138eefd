from django.db import migrations


def seed(apps, schema_editor):
    from resources.defaults import ensure_types

    ensure_types(apps.get_model("resources", "ResourceType"))


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
