from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class PathField(models.CharField):
    """A materialised path ("00001.00003.00012."). On PostgreSQL the column has the "C" collation, so one
    plain b-tree index on (path, id) serves both `LIKE 'prefix%'` and `ORDER BY path, id`: a first page
    under a 片区 stops after 20 index entries instead of sorting every row below it. Paths are ASCII
    digits and dots, so "C" order is the natural order. Other databases keep their default (binary)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


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
