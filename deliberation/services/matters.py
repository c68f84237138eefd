"""三重一大 matters, spendings and the large-sum threshold per unit.

A matter is registered at a unit with its competent body; its decision is linked once the body has adopted one
(`matter_decide`: an ADOPTED decision of a meeting of that body, adopted implies quorate); "execute" is a workflow
step guarded by `deliberation.workflow.matter_decision_refusal`. A spending's "approve" is guarded by
`spending_funds_refusal` (from the unit's threshold, `deliberation.models.matters.funds_threshold`). Every refusal is
in the user's language, changes nothing, and is written to the audit log (`deliberation.services.actions.refused`)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import Conflict
from core.workflow import begin, transition
from deliberation.models import FundsThreshold, Matter, Spending
from deliberation.services.actions import _audited, refused
from deliberation.workflow import MatterState, SpendingState
from meetings.models import MajorMatter
from meetings.workflow import DecisionState


def _amount(value, field: str, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("Give the amount in yuan.")})
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        amount = Decimal(0)
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e10"):
        raise ValidationError({field: _("The amount is a positive number of yuan.")})
    return amount.quantize(Decimal("0.01"))


def _within(body, unit) -> bool:
    """The competent body sits at the unit, above it or below it (a 居民区's council for a grid's matter, and so on)."""
    return unit.path.startswith(body.unit_path) or body.unit_path.startswith(unit.path)


def matter_register(*, unit, kind: str, title: str, body, by=None, amount=None, description: str = "") -> Matter:
    """登记: a 三重一大 matter awaiting its decision."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Say what the matter is.")
    if kind not in MajorMatter.values:
        errors["kind"] = _("Choose one of the four kinds of 三重一大 matter.")
    if body is None or not _within(body, unit):
        errors["body"] = _("Choose the body competent for this unit.")
    try:
        amount = _amount(amount, "amount", required=kind == MajorMatter.FUNDS)
    except ValidationError as e:
        errors.update(e.message_dict)
    if errors:
        raise refused(by=by, object_type="deliberation.matter", message=ValidationError(errors), step="register")
    with transaction.atomic():
        matter = Matter.objects.create(
            unit=unit,
            unit_path=unit.path,
            kind=kind,
            title=title.strip()[:200],
            description=description,
            amount=amount,
            body=body,
            proposed_by=by if getattr(by, "pk", None) else None,
        )
        begin(matter, by=by)
    return matter


def matter_decide(*, matter: Matter, decision, by=None, note: str = "") -> Matter:
    """决策: link the adopted decision of a meeting of the competent body (adopted implies the meeting was quorate)."""

    def run():
        if decision is None:
            raise ValidationError({"decision": _("Choose the decision.")})
        if decision.meeting.body_id != matter.body_id:
            raise ValidationError({"decision": _("The decision must be one of %(body)s's meetings.") % {"body": matter.body.name}})
        if decision.state != DecisionState.ADOPTED:
            raise ValidationError({"decision": _("This decision was not adopted: only an adopted decision of a quorate meeting counts.")})
        return transition(matter, MatterState.DECIDED, by, note.strip() or decision.text[:200], action="decide", decision=decision)

    return _audited(run, by=by, obj=matter, step="decide")


def matter_execute(*, matter: Matter, by=None, note: str = "") -> Matter:
    """执行: refused (the workflow's guard) without the competent body's adopted decision."""
    return _audited(
        lambda: transition(matter, MatterState.EXECUTED, by, note.strip(), action="execute", executed_at=timezone.now()), by=by, obj=matter, step="execute"
    )


def matter_withdraw(*, matter: Matter, by=None, reason: str = "") -> Matter:
    def run():
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Say why the matter is withdrawn.")})
        return transition(matter, MatterState.WITHDRAWN, by, reason.strip(), action="withdraw")

    return _audited(run, by=by, obj=matter, step="withdraw")


# --- spendings --------------------------------------------------------------------------------------------


def spending_request(*, unit, purpose: str, amount, by=None, matter: Matter | None = None) -> Spending:
    errors = {}
    if not (purpose or "").strip():
        errors["purpose"] = _("Say what the money is for.")
    try:
        amount = _amount(amount, "amount", required=True)
    except ValidationError as e:
        errors.update(e.message_dict)
    if matter is not None and not unit.path.startswith(matter.unit_path) and not matter.unit_path.startswith(unit.path):
        errors["matter"] = _("The 三重一大 matter belongs to another unit.")
    if errors:
        raise refused(by=by, object_type="deliberation.spending", message=ValidationError(errors), step="request")
    with transaction.atomic():
        spending = Spending.objects.create(
            unit=unit, unit_path=unit.path, purpose=purpose.strip()[:200], amount=amount, matter=matter, requested_by=by if getattr(by, "pk", None) else None
        )
        begin(spending, by=by)
    return spending


def spending_link(*, spending: Spending, matter: Matter, by=None) -> Spending:
    """Link a requested spending to its 三重一大 matter (a timeline-less change: the state stays)."""

    def run():
        if spending.state != SpendingState.REQUESTED:
            raise Conflict(_("Only a requested spending can be linked to a matter."))
        if not spending.unit_path.startswith(matter.unit_path) and not matter.unit_path.startswith(spending.unit_path):
            raise ValidationError({"matter": _("The 三重一大 matter belongs to another unit.")})
        spending.matter = matter
        spending.save(update_fields=["matter", "updated_at"])
        return spending

    return _audited(run, by=by, obj=spending, step="link")


def spending_approve(*, spending: Spending, by=None, note: str = "") -> Spending:
    """批准: refused from the unit's large-sum threshold unless linked to a decided 大额资金使用 matter."""
    return _audited(lambda: transition(spending, SpendingState.APPROVED, by, note.strip(), action="approve"), by=by, obj=spending, step="approve")


def spending_refuse(*, spending: Spending, by=None, reason: str = "") -> Spending:
    def run():
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Say why the spending is refused.")})
        return transition(spending, SpendingState.REFUSED, by, reason.strip(), action="refuse")

    return _audited(run, by=by, obj=spending, step="refuse")


def spending_pay(*, spending: Spending, by=None, note: str = "") -> Spending:
    return _audited(lambda: transition(spending, SpendingState.PAID, by, note.strip(), action="pay"), by=by, obj=spending, step="pay")


# --- thresholds ---------------------------------------------------------------------------------------------


def threshold_set(*, unit, amount, by=None) -> FundsThreshold | None:
    """The unit's own large-sum threshold; empty removes it (the unit inherits from above again)."""
    if amount in (None, ""):
        FundsThreshold.objects.filter(unit=unit).delete()
        return None
    try:
        value = _amount(amount, "amount", required=True)
    except ValidationError as e:
        raise refused(by=by, obj=unit, message=e, step="threshold") from None
    threshold, _created = FundsThreshold.objects.update_or_create(unit=unit, defaults={"amount": value})
    return threshold
