"""Need pages (精准对接): the list with its counts, entering and editing a need, cancelling it, making needs
from a closed survey, and a need's page: its ranked suggestions in three sections (社区达人, 共享空间, 公益项目)
with the score, a bar per factor and the reasons in words, a 确认对接 button on each (match_propose), its
matches and its timeline.

Scoping: needs are seen through resources.view_resource (outside the scope: 404) and written with
resources.match_resource at the need's 居民区 (without it: 403)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import MATCH_RESOURCE, VIEW_RESOURCE, VIEW_SERVICE, VIEW_SURVEY
from accounts.scope import scope_paths
from core.views import CapabilityView, ScopedListView, ScopedObjectView, StepView, domain_error_response
from resources.filtersets.needs import NeedFilterSet
from resources.forms.needs import CancelForm, FromSurveyForm, NeedForm, ProposeForm
from resources.matching.rank import score_pair, subdistrict_path
from resources.matching.reasons import summary
from resources.models import Need, Resource
from resources.rules import need_is_open
from resources.selectors.needs import need_list, need_matches, need_timeline, needs_visible, state_counts, suggestions, url_or_none
from resources.services.needs import need_cancel, need_create, need_update, needs_from_survey
from resources.services.propose import match_propose

SUGGESTIONS_PER_KIND = 10


def nav(user) -> dict:
    """What the pages' navigation offers this user."""
    can_enter = scope_paths(user, MATCH_RESOURCE) is not None
    return {
        "can_enter": can_enter,
        "can_survey": can_enter and scope_paths(user, VIEW_SURVEY) is not None,
        "matches_url": url_or_none("resources:match-list"),
    }


def _form_errors(form, e: ValidationError):
    if hasattr(e, "error_dict"):
        for name, errs in e.message_dict.items():
            target = name if name in form.fields else ("hours_0" if name == "time_windows" and "hours_0" in form.fields else None)
            form.add_error(target, errs)
    else:
        form.add_error(None, e.messages)


class NeedListView(ScopedListView):
    model = Need
    view_perm = VIEW_RESOURCE
    filterset_class = NeedFilterSet
    template_name = "resources/needs/need_list.html"

    def get_queryset(self):
        return need_list(self.request.user).order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        data = self.request.GET.copy()
        data.pop("state", None)
        data.pop("page", None)
        others = NeedFilterSet(data, queryset=needs_visible(user), request=self.request)
        ctx["counts"] = state_counts(others.qs if others.is_valid() else needs_visible(user).none())
        ctx["query_without_state"] = data.urlencode()
        ctx["found"] = ctx["paginator"].count if ctx.get("paginator") else len(ctx["object_list"])
        ctx.update(nav(user))
        return ctx


class NeedObjectView(ScopedObjectView):
    """A page of one need, from `needs_visible` (404 outside); changing it needs MATCH_RESOURCE on it."""

    model, change_perm = Need, MATCH_RESOURCE

    def get_queryset(self):
        return needs_visible(self.request.user).select_related("unit", "point", "survey", "created_by")


def render_need(request, need: Need, status: int = 200, cancel_form=None):
    user = request.user
    can_match = user.has_perm(MATCH_RESOURCE, need)
    proposable = need_is_open(user, need)
    matches = need_matches(need)
    types = list(need.types.all())
    ctx = {
        "need": need,
        "types": types,
        "sections": suggestions(need, limit=SUGGESTIONS_PER_KIND, asked=types, user=user) if proposable else [],
        "proposable": proposable,
        "can_match": can_match,
        "can_edit": user.has_perm("resources.edit_need", need),
        "can_cancel": user.has_perm("resources.cancel_need", need),
        "cancel_form": cancel_form or CancelForm(),
        "matches": [(m, url_or_none("resources:match-detail", pk=m.pk)) for m in matches],
        "timeline": need_timeline(need),
        "hours": [(d, need.time_windows.get(str(d), [])) for d in range(7)] if need.time_windows else [],
        "point_url": url_or_none("services:point-detail", pk=need.point_id) if need.point_id and user.has_perm(VIEW_SERVICE, need.point) else None,
        **nav(user),
    }
    return render(request, "resources/needs/need_detail.html", ctx, status=status)


class NeedDetailView(NeedObjectView):
    def get(self, request, pk):
        return render_need(request, self.object)


class NeedCreateView(CapabilityView):
    template = "resources/needs/need_form.html"
    required_perm = MATCH_RESOURCE

    def get(self, request):
        return render(request, self.template, {"form": NeedForm(user=request.user), **nav(request.user)})

    def post(self, request):
        form = NeedForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                need = need_create(by=request.user, **form.values())
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, _("The need “%(title)s” is entered. Here are the resources that fit it best.") % {"title": need.title})
                return redirect("resources:need-detail", pk=need.pk)
        return render(request, self.template, {"form": form, **nav(request.user)}, status=400)


class NeedEditView(NeedObjectView):
    template = "resources/needs/need_form.html"
    change_on_get = True

    def get_need(self, request, pk) -> Need:
        return self.object

    def get(self, request, pk):
        need = self.get_need(request, pk)
        if not need_is_open(request.user, need):
            messages.error(request, _("This need is %(state)s; it can no longer be changed.") % {"state": need.get_state_display()})
            return redirect("resources:need-detail", pk=need.pk)
        return render(request, self.template, {"form": NeedForm(user=request.user, need=need), "need": need, **nav(request.user)})

    def post(self, request, pk):
        need = self.get_need(request, pk)
        form = NeedForm(request.POST, user=request.user, need=need)
        if form.is_valid():
            try:
                need_update(need=need, by=request.user, **form.values())
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, _("The need's details are saved."))
                return redirect("resources:need-detail", pk=need.pk)
        return render(request, self.template, {"form": form, "need": need, **nav(request.user)}, status=400)


class NeedCancelView(NeedObjectView, StepView):
    form_class = CancelForm

    def get_form(self):
        return CancelForm(self.request.POST)

    def form_invalid(self, form):
        return render_need(self.request, self.object, status=400, cancel_form=form)

    def run_step(self, form):
        need_cancel(need=self.object, by=self.request.user, note=form.cleaned_data["note"])

    def domain_error(self, exc, form):  # every refusal is a message on the need's page
        return domain_error_response(self.request, exc, back=self.success_url())

    def success_message(self):
        return _("The need is cancelled, with its proposed and agreed matches.")

    def success_url(self):
        return reverse("resources:need-detail", kwargs={"pk": self.object.pk})


class NeedProposeView(NeedObjectView):
    """确认对接: POST resource=<id>. The pair is scored afresh (not taken from the page); a pair a rule now
    excludes is refused with the reason, and so is one already proposed (nothing written)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        need = self.object
        form = ProposeForm(request.POST)
        resource = None
        if form.is_valid():
            resource = Resource.objects.filter(pk=form.cleaned_data["resource"], unit_path__startswith=subdistrict_path(need)).prefetch_related("types").first()
        if resource is None:
            messages.error(request, _("Choose one of the suggested resources."))
            return redirect("resources:need-detail", pk=need.pk)
        s = score_pair(need, resource)
        if s.score <= 0:
            messages.error(
                request,
                _("%(name)s does not fit this need now: %(why)s")
                % {"name": resource.name, "why": summary(s.reasons, list(need.types.all()), list(resource.types.all()))},
            )
            return redirect("resources:need-detail", pk=need.pk)
        try:
            match = match_propose(need=need, resource=resource, user=request.user, score=s.score, reasons=s.reasons, note=form.cleaned_data["note"])
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect("resources:need-detail", pk=need.pk)
        messages.success(request, _("%(name)s is proposed for this need. Make the agreement when both sides agree.") % {"name": resource.name})
        return redirect(url_or_none("resources:match-detail", pk=match.pk) or need_url(need))


def need_url(need: Need) -> str:
    return url_or_none("resources:need-detail", pk=need.pk)


class NeedFromSurveyView(CapabilityView):
    """从问卷生成需求: choose a closed survey's choice question and the thresholds; one need per option chosen
    by enough respondents (resources.services.needs.needs_from_survey)."""

    template = "resources/needs/from_survey.html"
    required_perm = (MATCH_RESOURCE, VIEW_SURVEY)

    def get(self, request):
        return render(request, self.template, {"form": FromSurveyForm(user=request.user), **nav(request.user)})

    def post(self, request):
        form = FromSurveyForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            question = d["question"]
            try:
                result = needs_from_survey(
                    question.survey, question, request.user, unit=d["unit"], min_percent=d["min_percent"], min_count=d["min_count"],
                    start_date=d["start_date"], end_date=d["end_date"], budget=d["budget"],
                )  # fmt: skip
            except ValidationError as e:
                _form_errors(form, e)
            else:
                n = len(result.created)
                for option, why in result.skipped:
                    messages.warning(request, _("“%(option)s” skipped: %(why)s.") % {"option": option, "why": why})
                if n:
                    messages.success(request, ngettext("%(n)s need made from the survey.", "%(n)s needs made from the survey.", n) % {"n": n})
                    return redirect(f"{url_or_none('resources:need-list')}?source=survey&survey={question.survey_id}")
                messages.info(request, _("No option was chosen by enough people to make a need."))
                return render(request, self.template, {"form": form, **nav(request.user)})
        return render(request, self.template, {"form": form, **nav(request.user)}, status=400)
