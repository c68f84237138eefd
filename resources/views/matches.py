"""Pages after a resource is proposed for a need: the match list, a match's page (the need, the resource,
the score and its reasons, the timeline, and what the user may do now: agree with terms and a time (a slot
for a shared space), decline, cancel, record the service, give feedback), the service records of the
居民区 with their ratings, and a talent's own "my services" page.

Scoping: staff see matches through resources.view_resource (outside: 404) and act with
resources.match_resource (without it: 403); a talent sees their own matches and gives their feedback."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.roles import MATCH_RESOURCE, VIEW_RESOURCE
from accounts.scope import scope_paths
from core.views import ScopedListView, ScopedObjectView, StepView
from resources.filtersets.matches import MatchFilterSet, RecordFilterSet
from resources.forms.matches import AgreeForm, FeedbackForm, NoteForm, RecordForm
from resources.matching.reasons import explain
from resources.models import Match, MatchState, ServiceRecord
from resources.selectors.matches import free_slots, match_list, match_timeline, matches_visible, my_matches, rating_figures, record_list, records_visible
from resources.services import matches as svc

M = MatchState
# action -> (heading and button, the states it starts from)
STEPS = {
    "agree": (gettext_lazy("Make the agreement"), {M.PROPOSED}),
    "record": (gettext_lazy("Record the service"), {M.AGREED}),
    "decline": (gettext_lazy("Decline the proposal"), {M.PROPOSED}),
    "cancel": (gettext_lazy("Call off the match"), {M.PROPOSED, M.AGREED}),
}
DONE = {
    "agree": gettext_lazy("The agreement is made."),
    "record": gettext_lazy("The service is recorded."),
    "decline": gettext_lazy("The match is declined."),
    "cancel": gettext_lazy("The match is cancelled."),
}


def reason_rows(match: Match) -> list:
    """The stored reasons in words (resources.matching.reasons), naming the types asked and offered."""
    return explain(match.reasons, asked=list(match.need.types.all()), offered=list(match.resource.types.all()))


def page_of(name: str, pk: int) -> str:
    """The URL of another area's page when that area has it (the needs pages are resources/urls/needs.py's)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


class MatchObjectView(ScopedObjectView):
    """A page of one match, from `matches_visible` (404 outside)."""

    model = Match

    def get_queryset(self):
        return match_list(matches_visible(self.request.user))


def _form(action, match, data=None, slots=None):
    if action == "agree":
        return AgreeForm(data, prefix="agree", slots=slots)
    if action == "record":
        return RecordForm(data, prefix="record", match=match)
    return NoteForm(data, prefix=action)


FEEDBACK = {
    "requester": ("resources.give_requester_feedback", svc.requester_feedback),
    "provider": ("resources.give_provider_feedback", svc.provider_feedback),
}
SIDE_LABELS = {"requester": gettext_lazy("Requester's feedback"), "provider": gettext_lazy("Provider's feedback")}


def feedback_prefix(rec, side) -> str:
    return f"fb{rec.pk}{side[0]}"


def feedback_forms(user, rec: ServiceRecord, next_url: str = "", sides=("requester", "provider")) -> list[dict]:
    """The feedback forms the user may fill for `rec`, with what each side said so far."""
    out = []
    for side in sides:
        perm, _give = FEEDBACK[side]
        if user.has_perm(perm, rec):
            initial = {"rating": getattr(rec, f"{side}_rating"), "comment": getattr(rec, f"{side}_comment"), "next": next_url}
            form = FeedbackForm(prefix=feedback_prefix(rec, side), initial=initial)
            out.append({"side": side, "label": SIDE_LABELS[side], "form": form, "given": initial["rating"] is not None})
    return out


def render_match(request, match: Match, bound=None, status=200):
    user = request.user
    can_act = user.has_perm("resources.act_on_match", match)
    slots = free_slots(match) if can_act and match.state == M.PROPOSED else []
    steps = []
    if can_act:
        for action, (label, sources) in STEPS.items():
            if match.state in sources:
                form = bound[1] if bound and bound[0] == action else _form(action, match, slots=slots)
                steps.append({"action": action, "label": label, "form": form, "url": reverse(f"resources:match-{action}", args=[match.pk])})
    records = list(match.records.select_related("recorded_by").order_by("-served_on", "-id"))
    ctx = {
        "match": match,
        "need": match.need,
        "resource": match.resource,
        "reasons": reason_rows(match),
        "timeline": match_timeline(match),
        "steps": steps,
        "records": [(rec, feedback_forms(user, rec)) for rec in records],
        "can_see_list": scope_paths(user, VIEW_RESOURCE) is not None,
        "is_talent": user.has_perm("resources.see_match_as_talent", match),
        "need_url": page_of("resources:need-detail", match.need_id) if scope_paths(user, VIEW_RESOURCE) else "",
    }
    return render(request, "resources/matches/match_detail.html", ctx, status=status)


class MatchListView(ScopedListView):
    model = Match
    view_perm = VIEW_RESOURCE
    filterset_class = MatchFilterSet
    template_name = "resources/matches/match_list.html"

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_queryset(self):
        return match_list(super().get_queryset())


class MatchDetailView(MatchObjectView):
    def get(self, request, pk):
        return render_match(request, self.object)


class MatchStepView(MatchObjectView, StepView):
    """POST one step of a match (agree, decline, cancel, record): 404 outside the scope, 403 without
    resources.match_resource (`may_match`), the form's errors (400), or a message when the state does not allow it."""

    action = ""
    change_perm = MATCH_RESOURCE

    def has_change_right(self):
        return self.request.user.has_perm("resources.act_on_match", self.object)

    def get_form(self):
        slots = free_slots(self.object) if self.action == "agree" else None
        return _form(self.action, self.object, self.request.POST, slots=slots)

    def form_invalid(self, form):
        return render_match(self.request, self.get_object(), bound=(self.action, form), status=400)

    def run_step(self, form):
        self.run(self.request.user, self.object, form.cleaned_data)

    def success_message(self):
        return DONE[self.action]

    def success_url(self):
        return reverse("resources:match-detail", kwargs={"pk": self.object.pk})

    def run(self, user, match, d):
        raise NotImplementedError


def add_errors(form, e: ValidationError):
    if hasattr(e, "error_dict"):
        for field, errs in e.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, e.messages)


class MatchAgreeView(MatchStepView):
    action = "agree"

    def run(self, user, match, d):
        svc.match_agree(match, user, terms=d["terms"], scheduled_for=d.get("scheduled_for"), slot=d.get("slot"))


class MatchDeclineView(MatchStepView):
    action = "decline"

    def run(self, user, match, d):
        svc.match_decline(match, user, note=d["note"])


class MatchCancelView(MatchStepView):
    action = "cancel"

    def run(self, user, match, d):
        svc.match_cancel(match, user, note=d["note"])


class MatchRecordView(MatchStepView):
    action = "record"

    def run(self, user, match, d):
        svc.record_service(match, user, **d)


class RecordListView(ScopedListView):
    """The service records of the 居民区 in the user's scope, with both sides' ratings and their averages."""

    model = ServiceRecord
    view_perm = VIEW_RESOURCE
    filterset_class = RecordFilterSet
    template_name = "resources/matches/record_list.html"

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_queryset(self):
        return record_list(super().get_queryset())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["figures"] = rating_figures(ctx["filter"].qs)
        return ctx


class RecordFeedbackView(ScopedObjectView):
    """POST one side's rating and comment on a service record (side: requester | provider); back to the
    match's page, or to `next` (the talent's own page)."""

    model = ServiceRecord
    http_method_names = ["post"]

    def get_queryset(self):
        return records_visible(self.request.user).select_related("match__resource__talent")

    def post(self, request, pk, side):
        rec = self.object
        if side not in FEEDBACK:
            raise Http404
        perm, give = FEEDBACK[side]
        if not request.user.has_perm(perm, rec):
            raise PermissionDenied
        form = FeedbackForm(request.POST, prefix=feedback_prefix(rec, side))
        back = request.POST.get(f"{feedback_prefix(rec, side)}-next") or ""
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            back = ""
        if form.is_valid():
            try:
                give(rec, request.user, form.cleaned_data["rating"], form.cleaned_data["comment"])
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                messages.success(request, _("Thank you: the feedback is saved."))
        else:
            messages.error(request, _("Choose a rating from 1 to 5."))
        return redirect(back) if back else redirect("resources:match-detail", pk=rec.match_id)


class MyServicesView(LoginRequiredMixin, View):
    """我的服务: a signed-in talent's matches (proposed, agreed, served) and their feedback on each service."""

    def get(self, request):
        rows = []
        for match in my_matches(request.user):
            recs = [(rec, feedback_forms(request.user, rec, request.path, sides=("provider",))) for rec in match.records.all()]
            rows.append((match, recs))
        ctx = {"rows": rows, "is_staff_user": scope_paths(request.user, MATCH_RESOURCE) is not None}
        return render(request, "resources/matches/my_services.html", ctx)
