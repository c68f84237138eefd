from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import ROLE_CHOICES, ROLES
from core.models import PathField
from core.scoping import ScopedQuerySet


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), default=timezone.now)

    # audit.personal: a person's names and e-mail; str() is the account name the auditor works with
    audit_personal_fields, audit_keeps_str = ("display_name", "first_name", "last_name", "email"), True

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def save(self, *args, **kwargs):
        """A saved new password (every path calls set_password: the change page, the admin, services,
        `changepassword`) ends the account's API token: the next `/api/token/` gives a new one."""
        password_changed = self._password is not None
        super().save(*args, **kwargs)
        if password_changed:
            from rest_framework.authtoken.models import Token

            Token.objects.filter(user=self).delete()


class RoleAssignmentQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class RoleAssignment(models.Model):
    """A user holds a role at a unit and sees that unit's subtree."""

    user = models.ForeignKey(User, models.CASCADE, related_name="role_assignments", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=32, choices=ROLE_CHOICES)
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="role_assignments", verbose_name=_("unit"))
    unit_path = PathField()
    granted_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("granted by"))
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["unit_path", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="uniq_role_per_user_unit")]
        indexes = [models.Index(fields=["unit_path", "id"], name="acc_role_unit_path")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} @ {self.unit}"

    @property
    def role_def(self):
        return ROLES[self.role]
