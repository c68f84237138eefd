"""Topics from recurring cases: the suggested topics of the user's area with their cases, and "put on the agenda of
…" an upcoming meeting of a body covering the place (meetings.manage_body). A topic already on an agenda shows its
meeting instead of the button."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import MANAGE_BODY, VIEW_BODY, VIEW_CASE
from accounts.scope import scope_paths
from core.views import CapabilityView
from deliberation.forms.summons import TopicAgendaForm
from deliberation.selectors.topics import meetings_covering, min_cases, recurring_topics, topic_cases, topic_items, window_days
from deliberation.services.topics import topic_put_on_agenda


class TopicListView(CapabilityView):
    required_perm = (VIEW_BODY, VIEW_CASE)

    def get(self, request):
        user = request.user
        topics = recurring_topics(user)
        topic_cases(user, topics)
        topic_items(topics)
        can_add = scope_paths(user, MANAGE_BODY) is not None
        covering = meetings_covering(user, [t["place"] for t in topics if t["item"] is None]) if can_add else {}
        for t in topics:
            t["meetings"] = covering.get(t["place"].pk, [])
        ctx = {"topics": topics, "can_add": can_add, "min_cases": min_cases(), "days": window_days()}
        return render(request, "deliberation/topic_list.html", ctx)


class TopicAgendaView(CapabilityView):
    """POST: put a topic (category, place) on the agenda of a meeting."""

    required_perm = (VIEW_BODY, VIEW_CASE, MANAGE_BODY)
    http_method_names = ["post"]

    def post(self, request):
        form = TopicAgendaForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a meeting."))
            return redirect("deliberation:topic-list")
        d = form.cleaned_data
        try:
            item = topic_put_on_agenda(category_id=d["category"], place_id=d["place"], meeting_id=d["meeting"], by=request.user)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("The topic is on the agenda of “%(meeting)s”.") % {"meeting": item.meeting.title})
        return redirect("deliberation:topic-list")
