from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class PrefixIndex(models.Index):
    """An index that serves `LIKE 'prefix%'` on PostgreSQL whatever the collation (varchar_pattern_ops).

    Other databases get a plain index, which SQLite uses for prefix LIKE when case_sensitive_like is off
    and the column is compared with GLOB/LIKE on ASCII paths; the materialised paths are ASCII.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            self.opclasses = tuple("varchar_pattern_ops" for _ in self.fields)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("opclasses", None)
        return "core.models.PrefixIndex", args, kwargs
