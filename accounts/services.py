from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment, User
from accounts.roles import ROLES
from org.models import Unit


@transaction.atomic
def role_assign(*, user: User, role: str, unit: Unit, by: User | None = None) -> RoleAssignment:
    """Grant a role at a unit. The three separated administrator roles (三权分立) exclude each other."""
    if role not in ROLES:
        raise ValidationError({"role": _("Unknown role.")})
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialise grants to one user
    if ROLES[role].separated:
        held = set(user.role_assignments.values_list("role", flat=True))
        clash = {r for r in held if ROLES[r].separated and r != role}
        if clash:
            raise ValidationError({"role": _("System administrator, security administrator and auditor must be different people.")})
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise ValidationError({"role": _("This user already holds this role at this unit.")})
    ra = RoleAssignment.objects.create(user=user, role=role, unit=unit, unit_path=unit.path, granted_by=by)
    user.__dict__.pop("_jiayuan_grants", None)
    return ra


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    assignment.delete()


@transaction.atomic
def user_create(*, username: str, password: str, display_name: str = "", **fields) -> User:
    from django.contrib.auth.password_validation import validate_password

    user = User(username=username, display_name=display_name, **fields)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
