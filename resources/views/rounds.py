"""Batch round pages under /resources/rounds/: the list, running a round, a round's optimal and greedy
assignments side by side, and applying the optimal one (proposed matches)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import MATCH_RESOURCE, VIEW_RESOURCE
from accounts.scope import scope_paths
from core.views import CapabilityMixin, ScopedListView, ScopedObjectView, StepView
from resources.filtersets.rounds import RoundFilterSet
from resources.forms.rounds import RoundForm
from resources.models import MatchRound, Need, Resource
from resources.services.rounds import AlreadyApplied, round_apply, round_run

ROWS_PER_PAGE = 50


class RoundObjectView(ScopedObjectView):
    """A page of one matching round (VIEW_RESOURCE, 404 outside), with its stored assignments."""

    model, view_perm, change_perm = MatchRound, VIEW_RESOURCE, MATCH_RESOURCE

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "created_by")


def maybe_url(name: str, pk) -> str | None:
    """The page of a need or a resource, when that page exists (other parts of the app provide them)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


class RoundListView(ScopedListView):
    model = MatchRound
    view_perm = VIEW_RESOURCE
    filterset_class = RoundFilterSet
    template_name = "resources/rounds/round_list.html"

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_queryset(self):
        return super().get_queryset().defer("optimal", "greedy").select_related("unit", "created_by").order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_run"] = scope_paths(self.request.user, MATCH_RESOURCE) is not None
        return ctx


class RoundCreateView(CapabilityMixin, View):
    """GET the form; POST runs the round (it may take seconds: the page shows that it is running) and
    opens it."""

    template = "resources/rounds/round_form.html"
    required_perm = MATCH_RESOURCE

    def get(self, request):
        return render(request, self.template, {"form": RoundForm(user=request.user)})

    def post(self, request):
        form = RoundForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template, {"form": form}, status=400)
        d = form.cleaned_data
        r = round_run(d["unit"], request.user, d["name"], kinds=d["kinds"])
        messages.success(
            request,
            _("The round is done: %(opt)s of %(needs)s needs assigned (optimal), %(greedy)s greedily.")
            % {"opt": r.optimal_assigned, "needs": r.needs_count, "greedy": r.greedy_assigned},
        )
        return redirect("resources:round-detail", pk=r.pk)


def comparison_rows(r: MatchRound) -> list[dict]:
    """One row per need assigned by either method, by need id: each method's resource and score."""
    opt = {int(n): (int(res), float(s)) for n, res, s in r.optimal}
    greedy = {int(n): (int(res), float(s)) for n, res, s in r.greedy}
    rows = []
    for need in sorted(opt.keys() | greedy.keys()):
        o, g = opt.get(need), greedy.get(need)
        rows.append({"need": need, "opt": o, "greedy": g, "differs": (o and o[0]) != (g and g[0])})
    return rows


def describe(rows: list[dict]) -> None:
    """Names for the rows of one page (two queries whatever the number of rows)."""
    need_ids = {row["need"] for row in rows}
    res_ids = {x[0] for row in rows for x in (row["opt"], row["greedy"]) if x}
    needs = {n["id"]: n for n in Need.objects.filter(pk__in=need_ids).values("id", "title", "unit__name")}
    res = {x["id"]: x for x in Resource.objects.filter(pk__in=res_ids).values("id", "name", "kind")}
    kinds = dict(Resource._meta.get_field("kind").choices)
    for row in rows:
        n = needs.get(row["need"], {})
        row["need_title"] = n.get("title", f"#{row['need']}")
        row["need_unit"] = n.get("unit__name", "")
        row["need_url"] = maybe_url("resources:need-detail", row["need"])
        for key in ("opt", "greedy"):
            if row[key]:
                x = res.get(row[key][0], {})
                row[key + "_name"] = x.get("name", f"#{row[key][0]}")
                row[key + "_kind"] = kinds.get(x.get("kind"), "")
                row[key + "_score"] = row[key][1]


class RoundDetailView(RoundObjectView):
    """Totals of both methods, then the needs page by page (?diff=1: only where they differ)."""

    def get(self, request, pk):
        r = self.object
        rows = comparison_rows(r)
        differing = sum(1 for row in rows if row["differs"])
        only_diff = request.GET.get("diff") == "1"
        page = Paginator([row for row in rows if row["differs"]] if only_diff else rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        describe(page.object_list)
        gain = f"{(r.optimal_total / r.greedy_total - 1) * 100:.1f}%" if r.greedy_total else None  # e.g. "4.2%"
        ctx = {
            "round": r,
            "page_obj": page,
            "rows": page.object_list,
            "differing": differing,
            "only_diff": only_diff,
            "gain": gain,
            "unassigned": r.needs_count - r.optimal_assigned,
            "can_apply": r.applied_at is None and request.user.has_perm(MATCH_RESOURCE, r),
            "applied": r.params.get("applied"),
            "kinds": [str(dict(Resource._meta.get_field("kind").choices).get(k, k)) for k in r.params.get("kinds") or []],
        }
        return render(request, "resources/rounds/round_detail.html", ctx)


class RoundApplyView(RoundObjectView, StepView):
    """POST: propose the optimal assignment's matches. 404 outside the scope, 403 without the right;
    a second apply is refused with a message (nothing changes)."""

    extra_domain_errors = (AlreadyApplied,)

    def run_step(self, form):
        self.report = round_apply(self.object, self.request.user)

    def success_message(self):
        report = self.report
        return _("%(created)s matches proposed; %(live)s already proposed or agreed, %(gone)s no longer possible (skipped).") % {
            "created": report.created,
            "live": report.already_live,
            "gone": report.not_possible,
        }

    def success_url(self):
        return reverse("resources:round-detail", kwargs={"pk": self.object.pk})
