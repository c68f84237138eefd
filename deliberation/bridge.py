"""What deliberation adds to the pages of the apps below it (registered in `DeliberationConfig.ready`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from deliberation.models import Action
from meetings.workflow import DecisionState


def case_page_actions(user, case) -> list[dict]:
    """The case page's link back to the resolution's action that opened it (shown to whoever may see the action)."""
    out = []
    for action in Action.objects.filter(case=case).order_by("id"):
        if user.has_perm("deliberation.view_action", action):
            out.append({"label": _("Resolution's action"), "text": action.title, "url": reverse("deliberation:action-detail", args=[action.pk])})
    return out


def decision_page_actions(user, decision) -> list[dict]:
    """A decision's page: the actions carrying it out (to whoever may see them) and, on an adopted decision, the
    link to assign one (MANAGE_ACTION at the decision's unit)."""
    out = [
        {"label": _("Resolution's action"), "text": action.title, "url": reverse("deliberation:action-detail", args=[action.pk])}
        for action in Action.objects.filter(decision=decision).order_by("id")
        if user.has_perm("deliberation.view_action", action)
    ]
    if decision.state == DecisionState.ADOPTED and user.has_perm("deliberation.assign_action", decision):
        out.append(
            {
                "label": _("Carrying it out"),
                "text": _("Assign an action"),
                "url": reverse("deliberation:action-create", args=[decision.pk]),
                "id": "assign-action",
            }
        )
    return out
