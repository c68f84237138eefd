"""Writes to many cases at once: all or nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case, HandlerKind
from cases.rules import case_awaits_dispatch
from cases.services import case_dispatch
from cases.workflow import CASE_WORKFLOW
from core.workflow import IllegalTransition
from org.models import Unit

MAX_BULK = 200


@transaction.atomic
def cases_dispatch_bulk(*, case_ids, to: Unit, by, handler_kind: str = "", note: str = "") -> list[Case]:
    """派遣 several registered (立案) cases to one handling unit, or none of them.

    The rows are locked in id order (`SELECT ... FOR UPDATE`; SQLite's IMMEDIATE transactions serialise
    writers) before any is checked, so two people dispatching overlapping selections cannot interleave:
    the second finds the cases already dispatched and is refused. Bulk dispatch takes only cases still
    waiting to be dispatched; re-dispatching a case is a deliberate step on its own page. One case that
    cannot go refuses all, naming its number (`IllegalTransition`)."""
    ids = sorted({int(i) for i in case_ids})
    if not ids:
        raise ValidationError({"cases": _("Choose at least one case.")})
    if len(ids) > MAX_BULK:
        raise ValidationError({"cases": _("Choose at most %(n)s cases at a time.") % {"n": MAX_BULK}})
    if handler_kind and handler_kind not in HandlerKind.values:
        raise ValidationError({"handler_kind": _("Choose who handles the cases.")})
    locked = list(Case.objects.select_for_update().filter(pk__in=ids).select_related("category").order_by("pk"))
    if len(locked) != len(ids):
        raise ValidationError({"cases": _("Some of the chosen cases no longer exist.")})
    for case in locked:
        if not case_awaits_dispatch(by, case):
            raise IllegalTransition(
                _("Case %(number)s cannot be dispatched: it is “%(state)s”, not waiting to be dispatched. Nothing was dispatched.")
                % {"number": case.number, "state": CASE_WORKFLOW.label(case.state)}
            )
    return [case_dispatch(case=case, to=to, by=by, handler_kind=handler_kind, note=note) for case in locked]
