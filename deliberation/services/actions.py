"""Resolutions' actions (落实事项): create, follow up, open a case, escalate, finish."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.workflow import begin
from deliberation.models import Action, ActionOrigin


@transaction.atomic
def action_create(
    *,
    unit,
    title: str,
    deadline,
    by=None,
    responsible_unit=None,
    responsible_user=None,
    responsible_name: str = "",
    decision=None,
    origin: str = ActionOrigin.DECISION,
    weight: int = 1,
    description: str = "",
    is_public: bool = True,
) -> Action:
    """A new action with an owner (a unit or a person) and a deadline; refused (ValidationError) without them."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Say what is to be done.")
    if responsible_unit is None and responsible_user is None:
        errors["responsible_unit"] = _("Name who is responsible: a unit or a person.")
    if deadline is None:
        errors["deadline"] = _("Give a deadline.")
    if errors:
        raise ValidationError(errors)
    action = Action.objects.create(
        unit=unit,
        unit_path=unit.path,
        title=title.strip()[:200],
        description=description,
        deadline=deadline,
        responsible_unit=responsible_unit,
        responsible_user=responsible_user,
        responsible_name=responsible_name or (str(responsible_user) if responsible_user else str(responsible_unit)),
        decision=decision,
        origin=origin,
        weight=max(1, int(weight)),
        is_public=is_public,
    )
    begin(action, by=by)
    return action
