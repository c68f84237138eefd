# The action's timeline: its foreign key is `item`, so that TransitionRecord's `action` (the step's name) is kept.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("deliberation", "0002_initial")]

    operations = [
        migrations.RenameField(model_name="actiontransition", old_name="action", new_name="item"),
        migrations.AddField(
            model_name="actiontransition",
            name="action",
            field=models.CharField(default="", max_length=32, verbose_name="action"),
            preserve_default=False,
        ),
    ]
