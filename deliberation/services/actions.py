"""Resolutions' actions (落实事项): create, follow up, open a case, escalate, finish.

Every state change goes through `core.workflow.transition` (the action's timeline). A refusal (no owner, no
deadline, a progress out of 0-100, a second case) raises a `ValidationError` or `core.exceptions.Conflict` in the
user's language, changes nothing and is written to the audit log (`refused`): the audit record is written outside
the transaction that is rolled back."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import MANAGE_ACTION, ROLES
from audit.models import AuditAction
from audit.services import audit_record
from cases.models import Source
from cases.services import case_report, management_unit
from core.exceptions import Conflict
from core.workflow import begin, transition
from deliberation.models import Action, ActionOrigin
from deliberation.workflow import OPEN_ACTION_STATES, ActionState
from notices.services import notices_send


def refused(*, by, obj=None, object_type: str = "", message, **details):
    """Write the refusal to the audit log (outside the refused write's transaction) and return the message."""
    text = " ".join(message.messages) if isinstance(message, ValidationError) else str(message)
    audit_record(action=AuditAction.REQUEST, user=by, obj=obj, object_type=object_type, success=False, changes={"refused": text, **details})
    return message


def _audited(fn, *, by, obj=None, object_type="", step=""):
    """Run `fn()`; a ValidationError or Conflict it raises is audited, then raised again."""
    try:
        return fn()
    except (ValidationError, Conflict) as exc:
        refused(by=by, obj=obj, object_type=object_type, message=exc, step=step)
        raise


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
    try:
        weight = int(weight)
    except (TypeError, ValueError):
        weight = 0
    if weight < 1:
        errors["weight"] = _("The weight is a whole number of at least 1.")
    if errors:
        raise refused(by=by, obj=decision, object_type="deliberation.action", message=ValidationError(errors), step="create")
    with transaction.atomic():
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
            weight=weight,
            is_public=is_public,
        )
        begin(action, by=by)
    return action


def _progress_value(progress) -> int:
    try:
        value = int(progress)
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= 100:
        raise ValidationError({"progress": _("The progress is a percentage from 0 to 100.")})
    return value


def action_progress(*, action: Action, progress, by=None, note: str = "") -> Action:
    """落实进度: the progress (0-100) with a note; the first progress starts an action still to do."""

    def run():
        value = _progress_value(progress)
        step = "start" if action.state == ActionState.OPEN and value > 0 else "progress"
        to = ActionState.IN_PROGRESS if step == "start" else None
        text = note.strip() or _("Progress: %(p)s%%.") % {"p": value}
        return transition(action, to, by, text, action=step, progress=value)

    return _audited(run, by=by, obj=action, step="progress")


def action_finish(*, action: Action, by=None, note: str = "") -> Action:
    """已落实: done, progress 100."""
    return _audited(
        lambda: transition(action, ActionState.DONE, by, note.strip(), action="finish", progress=100, done_at=timezone.now()),
        by=by,
        obj=action,
        step="finish",
    )


def action_cancel(*, action: Action, by=None, reason: str = "") -> Action:
    """撤销: with a reason; a cancelled action no longer counts in its resolution's progress."""

    def run():
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Say why the action is cancelled.")})
        return transition(action, ActionState.CANCELLED, by, reason.strip(), action="cancel")

    return _audited(run, by=by, obj=action, step="cancel")


def action_open_case(*, action: Action, category, by=None, note: str = "") -> Action:
    """一键立案: a case of the chosen category on the action's unit, described from the action, linked both ways
    (`action.case`; the case page lists the action through `cases.hooks.CASE_PAGE`)."""

    def run():
        if action.case_id:
            raise Conflict(_("This action has already opened case %(number)s.") % {"number": action.case.number})
        if action.state not in OPEN_ACTION_STATES:
            raise Conflict(_("Only an action still to be carried out can open a case."))
        with transaction.atomic():
            description = action.title if not action.description else f"{action.title}\n{action.description}"
            case = case_report(
                category=category,
                description=description,
                source=Source.PATROL,
                reporter=None,
                unit=action.unit,
                by=by,
                external_ref=f"决议落实#{action.pk}",
                note=note,
            )
            text = note.strip() or _("Case %(number)s opened.") % {"number": case.number}
            return transition(action, None, by, text, action="open_case", case=case)

    return _audited(run, by=by, obj=action, step="open_case")


# --- escalation ------------------------------------------------------------------------------------------


def escalation_target(action: Action):
    """The management level above the one answering for the action now (where it was last escalated to, else its
    unit); None at the top of the tree."""
    here = management_unit(action.escalated_to or action.unit)
    return management_unit(here.parent) if here is not None else None


def managers_at(unit) -> set[int]:
    """Users holding MANAGE_ACTION through a role at `unit` itself (the staff of the unit the action goes up to)."""
    roles = [code for code, role in ROLES.items() if MANAGE_ACTION in role.perms]
    return set(RoleAssignment.objects.filter(unit=unit, role__in=roles).values_list("user_id", flat=True))


@transaction.atomic
def action_escalate(*, action: Action, now=None) -> Action | None:
    """超期升级: an action past its deadline goes one management level up (网格 → 居民区 → 片区 → 街道), with a
    timeline record and a notice to the staff of that unit who follow actions up; None at the top."""
    now = now or timezone.now()
    target = escalation_target(action)
    if target is None:
        return None
    note = _("Not done by %(deadline)s; escalated to %(unit)s.") % {"deadline": f"{action.deadline:%Y-%m-%d}", "unit": target.name}
    action = transition(action, None, None, note, action="escalate", escalated_to=target, escalated_at=now)
    users = managers_at(target)
    if users:
        notices_send(
            users,
            _("Overdue action: %(title)s") % {"title": action.title},
            _("“%(title)s” (responsible: %(who)s) was due on %(deadline)s and is escalated to %(unit)s.")
            % {"title": action.title, "who": action.responsible_name, "deadline": f"{action.deadline:%Y-%m-%d}", "unit": target.name},
            reverse("deliberation:action-detail", args=[action.pk]),
        )
    return action


def escalation_due(now) -> "QuerySet[Action]":  # noqa: F821
    """Actions past their deadline, still open, not escalated within the last DELIBERATION_ESCALATE_EVERY_DAYS days."""
    today = timezone.localtime(now).date()
    again = now - datetime.timedelta(days=int(settings.DELIBERATION_ESCALATE_EVERY_DAYS))
    return Action.objects.filter(state__in=OPEN_ACTION_STATES, deadline__lt=today).filter(Q(escalated_at__isnull=True) | Q(escalated_at__lt=again))
