"""What deliberation adds to the pages of the apps below it (registered in `DeliberationConfig.ready`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from deliberation.models import Action


def case_page_actions(user, case) -> list[dict]:
    """The case page's link back to the resolution's action that opened it (shown to whoever may see the action)."""
    out = []
    for action in Action.objects.filter(case=case).order_by("id"):
        if user.has_perm("deliberation.view_action", action):
            out.append({"label": _("Resolution's action"), "text": action.title, "url": reverse("deliberation:action-detail", args=[action.pk])})
    return out
