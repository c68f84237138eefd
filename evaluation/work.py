"""The staff home's work items of the evaluation (core.work): computed periods waiting to be published."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGE_EVALUATION
from core.work import WorkItem


def _to_publish(user, now) -> int:
    from evaluation.models import Period, PeriodState

    return Period.objects.for_user(user, MANAGE_EVALUATION).filter(state=PeriodState.COMPUTED).count()


ITEMS = [
    WorkItem("evaluation-publish", _("Evaluation periods to publish"), "evaluation:period-list", MANAGE_EVALUATION, _to_publish, 300, {"state": "computed"})
]
