"""Re-mask stored ID numbers to the first and last character (issue 13): the former mask (first 3, last 4) with
the birth date beside it gave the number away. Derived from the stored mask, no decryption needed."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Right, Substr


def remask(apps, schema_editor):
    Resident = apps.get_model("people", "Resident")
    Resident.objects.filter(id_number_masked__regex=r"^.{3}\*{11}.{4}$").update(
        id_number_masked=Concat(Substr("id_number_masked", 1, 1), Value("*" * 16), Right("id_number_masked", 1))
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_remove_communityrole_ppl_commrole_path_and_more")]

    operations = [migrations.RunPython(remask, migrations.RunPython.noop)]
