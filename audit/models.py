"""Audit log (等保 2.0; 网络安全法 Art. 21): append-only. The application cannot change or delete a
record: the model and queryset refuse, and database triggers refuse UPDATE always and DELETE of any
record younger than the retention period (180 days at least)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    VIEW_PII = "view_pii", _("View personal data in full")
    LOGIN = "login", _("Sign in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Sign out")
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")
    REQUEST = "request", _("Refused request")


class ImmutableError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("audit records cannot be changed")

    def delete(self):
        raise ImmutableError("audit records cannot be deleted")


class AuditLog(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey("accounts.User", models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+", verbose_name=_("user"))
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("details"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("request path"), max_length=300, blank=True)
    success = models.BooleanField(_("success"), default=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["username", "at"]), models.Index(fields=["action", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("audit records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("audit records cannot be deleted")

    @property
    def shown_repr(self) -> str:
        """What the auditor sees: never a person's name, also in records written before personal data was kept out."""
        from audit.personal import shown_repr

        return shown_repr(self)

    @property
    def shown_changes(self) -> dict:
        from audit.personal import shown_changes

        return shown_changes(self)

    @property
    def sentence(self) -> str:
        """Who did what to which record, from where (audit.sentences)."""
        from audit.sentences import sentence

        return sentence(self)

    @property
    def change_lines(self) -> list[str]:
        from audit.sentences import change_lines

        return change_lines(self)

    @property
    def raw(self) -> str:
        from audit.sentences import raw

        return raw(self)
