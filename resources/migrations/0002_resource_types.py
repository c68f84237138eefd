from django.db import migrations


def seed(apps, schema_editor):
    from resources.defaults import TYPES

    ResourceType = apps.get_model("resources", "ResourceType")
    for sort, (code, kind, name, name_en, group) in enumerate(TYPES, start=1):
        ResourceType.objects.update_or_create(code=code, defaults={"kind": kind, "name": name, "name_en": name_en, "group": group, "sort": sort * 10})


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
