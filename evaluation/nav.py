"""The evaluation's menu entries (see core.menu): results, ranking, trend, periods and plans for staff; rating
for council members and representatives, and the published results for residents."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_EVALUATION
from core.menu import Entry

ENTRIES = [
    Entry("evaluation:result-list", _("Evaluation results"), VIEW_EVALUATION, "deliberation", 300),
    Entry("evaluation:ranking", _("Property service ranking"), VIEW_EVALUATION, "deliberation", 310),
    Entry("evaluation:trend", _("Evaluation trends"), VIEW_EVALUATION, "deliberation", 320),
    Entry("evaluation:period-list", _("Evaluation periods"), VIEW_EVALUATION, "deliberation", 330),
    Entry("evaluation:plan-list", _("Evaluation plans"), VIEW_EVALUATION, "deliberation", 340),
    Entry("evaluation:rate", _("Rate the property service"), None, "mine", 70, front="resident"),
    Entry("evaluation:mine", _("Property service scores"), None, "mine", 75, front="resident"),
]
