"""The resident's pages (phone first): report a problem, follow it by number, see one's own cases and
check, rate or reopen them. Writes go through `cases.services`; reads through `cases.selectors`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView
from django_htmx.http import HttpResponseClientRedirect

from accounts.scope import grants
from audit.context import client_ip
from cases import selectors, services
from cases.forms.resident import NearbyForm, RateForm, ReopenForm, ReportForm, TrackForm, VerifyForm
from cases.models import Case, PhotoKind, Source
from cases.photos import MAX_PHOTOS_PER_STEP
from cases.services.follow import case_follow
from core.views import ScopedObjectView, StepView, domain_error_response
from core.workflow import IllegalTransition
from org.models import Unit, UnitKind

VISITOR_REPORTS_PER_HOUR = 5
SESSION_LAST_REPORT = "cases_last_report"

# What each step of the timeline means to a resident (the actions of cases.workflow.CASE_WORKFLOW).
ACTION_LABELS = {
    "report": gettext_lazy("Reported"),
    "accept": gettext_lazy("Registered as a case"),
    "reject": gettext_lazy("Not registered"),
    "merge": gettext_lazy("Merged with a report of the same problem"),
    "dispatch": gettext_lazy("Sent to the unit that handles it"),
    "start": gettext_lazy("Handling started"),
    "complete": gettext_lazy("Handling finished, to be checked"),
    "verify_pass": gettext_lazy("Checked: solved"),
    "verify_fail": gettext_lazy("Checked: not solved yet, sent back"),
    "rate": gettext_lazy("Rated"),
    "supervise": gettext_lazy("Pressed by a superior office"),
    "escalate": gettext_lazy("Overdue: passed to the level above"),
    "reopen": gettext_lazy("Reopened"),
    "repeat": gettext_lazy("Reported again by a device or camera"),
}


def timeline_steps(case: Case, *, with_notes: bool) -> list[dict]:
    """The timeline as a resident sees it: what happened, the state after it and when; notes only for
    followers. Never who did it."""
    label = case.workflow.label
    return [
        {
            "action": ACTION_LABELS.get(t.action, t.action),
            "state": label(t.to_state) if t.from_state and t.from_state != t.to_state else "",  # only when the step changed it
            "at": t.at,
            "note": t.note if with_notes else "",
        }
        for t in selectors.case_timeline(case)
    ]


# --- visitors' rate limit -------------------------------------------------------------------------


def _visitor_limit() -> int:
    return int(getattr(settings, "CASES_VISITOR_REPORTS_PER_HOUR", VISITOR_REPORTS_PER_HOUR))


def _visitor_key(request) -> str:
    return f"cases:visitor-reports:{client_ip(request) or 'unknown'}"


def visitor_may_report(request) -> bool:
    return cache.get(_visitor_key(request), 0) < _visitor_limit()


def visitor_report_counted(request) -> None:
    key = _visitor_key(request)
    cache.add(key, 0, timeout=3600)  # the hour starts with the first report
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=3600)


# --- where a report without a pin in a grid goes --------------------------------------------------


def home_districts(user) -> list[Unit]:
    """The 居民区 of a signed-in resident's homes (none for a visitor or someone without a home)."""
    homes = [path for role, path in grants(user) if role == "resident"] if user.is_authenticated else []
    if not homes:
        return []
    prefixes = {home[:i] for home in homes for i in range(len(home) + 1) if home[:i].endswith(".")}
    return list(Unit.objects.filter(kind=UnitKind.DISTRICT, path__in=prefixes).order_by("path").only("id", "name", "path"))


def fallback_unit(user) -> Unit | None:
    """For an address without a pin inside a grid: the grid of a signed-in resident's home, else the
    subdistrict when the installation has only one; None when neither can be told."""
    homes = [path for role, path in grants(user) if role == "resident"]
    if homes:
        prefixes = {home[:i] for home in homes for i in range(len(home) + 1) if home[:i].endswith(".")}
        grid = Unit.objects.filter(kind=UnitKind.GRID, path__in=prefixes).order_by("-depth").first()
        if grid is not None:
            return grid
    subdistricts = list(Unit.objects.filter(kind=UnitKind.SUBDISTRICT)[:2])
    return subdistricts[0] if len(subdistricts) == 1 else None


# --- report ---------------------------------------------------------------------------------------


class ReportView(View):
    """上报: category, description, photos, a pin and/or an address. Signed in or not."""

    template_name = "cases/resident/report.html"

    def get(self, request):
        chosen = request.GET.get("category", "")  # ?category=<id>: a category chosen beforehand (its emergency advice shows at once)
        initial = {"category": chosen} if chosen.isdigit() else None
        return self.show(ReportForm(signed_in=request.user.is_authenticated, initial=initial))

    def show(self, form, status=200):
        ctx = {
            "form": form,
            "urgent_categories": [c for _parent, leaves in form.category_groups for c in leaves if c.is_urgent],
            "chosen_category": str(form["category"].value() or ""),
            "center": settings.MAP_CENTER,
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "max_photos": MAX_PHOTOS_PER_STEP,
            "home_districts": home_districts(self.request.user),
        }
        return render(self.request, self.template_name, ctx, status=status)

    def post(self, request):
        signed_in = request.user.is_authenticated
        form = ReportForm(request.POST, request.FILES, signed_in=signed_in)
        if not signed_in and not visitor_may_report(request):
            form.is_valid()
            form.add_error(None, _("Too many reports from this connection in the last hour. Please try again later, or sign in to report."))
            return self.show(form, status=429)
        if not form.is_valid():
            return self.show(form, status=400)
        data = form.cleaned_data
        unit = None
        if data["lat"] is None or services.find_grid(data["lat"], data["lng"]) is None:
            if not data["address"].strip():
                form.add_error(None, _("The pin is outside every grid we serve. Move it to where the problem is, or write the address."))
                return self.show(form, status=400)
            unit = fallback_unit(request.user)
            if unit is None:
                form.add_error(None, _("We cannot tell the place from this address alone. Drop a pin on the map where the problem is."))
                return self.show(form, status=400)
        try:
            case = services.case_report(
                category=data["category"],
                description=data["description"].strip(),
                source=Source.RESIDENT,
                reporter=request.user if signed_in else None,
                unit=unit,
                lat=data["lat"],
                lng=data["lng"],
                address=data["address"].strip(),
                contact_name=data.get("contact_name", ""),
                contact_phone=data.get("contact_phone", ""),
                photos=form.images,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.show(form, status=400)
        if not signed_in:
            visitor_report_counted(request)
        request.session[SESSION_LAST_REPORT] = case.number
        return redirect("cases:report-done")


class ReportDoneView(View):
    """The confirmation after a report: the case number to follow it by."""

    def get(self, request):
        number = request.session.get(SESSION_LAST_REPORT)
        case = selectors.case_by_number(number) if number else None
        if case is None:
            return redirect("cases:report")
        return render(request, "cases/resident/report_done.html", {"case": case})


def _nearby_params(params):
    """(category, lat, lng) from a query or form, or None when incomplete or wrong."""
    form = NearbyForm(params)
    if not form.is_valid():
        return None
    return form.cleaned_data["category"], form.cleaned_data["lat"], form.cleaned_data["lng"]


def report_nearby(request):
    """htmx: open cases of the chosen category near the pin, to follow instead of reporting again."""
    params = _nearby_params(request.GET)
    cases = selectors.open_cases_near(*params) if params else []
    ctx = {"cases": cases, "category": params[0] if params else None, "lat": params[1] if params else "", "lng": params[2] if params else ""}
    return render(request, "cases/resident/_nearby.html", ctx)


class FollowView(ScopedObjectView):
    """Follow this one instead: a signed-in resident follows an open case near their pin (the view's queryset:
    the open cases near the pin posted, which the report page listed; any other case answers 404)."""

    model = Case
    http_method_names = ["post"]

    def get_queryset(self):
        params = _nearby_params(self.request.POST)
        near = [c.pk for c in selectors.open_cases_near(*params)] if params and self.request.method == "POST" else []
        return Case.objects.filter(pk__in=near)

    def post(self, request, pk):
        case = self.object
        try:
            case_follow(case, request.user)
        except IllegalTransition as exc:
            return domain_error_response(request, exc, back=reverse("cases:report"))
        messages.success(request, _("You now follow case %(number)s. You will find it under My cases.") % {"number": case.number})
        url = reverse("cases:mine-detail", kwargs={"pk": case.pk})
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def report_grids(request):
    """The grids' outlines for the report map, with the 居民区 each belongs to (names and boundaries only: public
    information), so the page can say where the pin falls before the report is sent."""
    rows = (
        Unit.objects.filter(kind=UnitKind.GRID, boundary__isnull=False)
        .select_related("parent")
        .only("id", "name", "boundary", "parent__id", "parent__name")
        .order_by("path")
    )
    features = [
        {"type": "Feature", "geometry": u.boundary, "properties": {"name": u.name, "district": u.parent.name if u.parent else "", "district_id": u.parent_id}}
        for u in rows
        if u.boundary and u.boundary.get("coordinates")
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- track by number ------------------------------------------------------------------------------


def track(request):
    """Anyone with a case number sees how it is going; its followers also see the notes and photos."""
    form = TrackForm(request.GET or None)
    ctx = {"form": form}
    if form.is_valid():
        case = selectors.case_by_number(form.cleaned_data["number"])
        if case is None:
            form.add_error("number", _("No case has this number. Check the number and try again."))
        else:
            follower = request.user.has_perm("cases.see_case_notes", case)
            ctx.update(case=case, follower=follower, steps=timeline_steps(case, with_notes=follower))
            if case.merged_into_id:
                ctx["merged_into"] = Case.objects.only("number").get(pk=case.merged_into_id)
            if follower:
                ctx["photos"] = list(selectors.case_photos(case))
    return render(request, "cases/resident/track.html", ctx)


# --- my cases -------------------------------------------------------------------------------------


class MineListView(LoginRequiredMixin, ListView):
    template_name = "cases/resident/mine_list.html"
    context_object_name = "cases"
    paginate_by = 20

    def get_queryset(self):
        return selectors.cases_followed_by(self.request.user).order_by("-id")


class MineObjectView(ScopedObjectView):
    """A page of one case the signed-in resident follows (`cases_followed_by`; any other case: 404)."""

    model = Case

    def get_queryset(self):
        return selectors.cases_followed_by(self.request.user).select_related("merged_into")


class MineDetailView(MineObjectView):
    template_name = "cases/resident/mine_detail.html"

    def get(self, request, pk):
        return self.show(self.object)

    def show(self, case, status=200, **forms):
        user = self.request.user
        is_reporter = user.has_perm("cases.act_as_reporter", case)
        photos = list(selectors.case_photos(case))
        ctx = {
            "case": case,
            "steps": timeline_steps(case, with_notes=True),
            "report_photos": [p for p in photos if p.kind == PhotoKind.REPORT],
            "evidence_photos": [p for p in photos if p.kind == PhotoKind.EVIDENCE],
            "is_reporter": is_reporter,
            "can_verify": user.has_perm("cases.verify_own_case", case),
            "can_rate": user.has_perm("cases.rate_own_case", case),
            "can_reopen": user.has_perm("cases.reopen_own_case", case),
            "verify_form": forms.get("verify_form") or VerifyForm(),
            "rate_form": forms.get("rate_form") or RateForm(),
            "reopen_form": forms.get("reopen_form") or ReopenForm(),
        }
        return render(self.request, self.template_name, ctx, status=status)


class MineActionView(MineObjectView, StepView):
    """A reporter's step on their own case: check it (核查), rate it (评价) or reopen it (重新打开)."""

    form_name = ""
    done_message = ""

    def act(self, case, data):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("cases.act_as_reporter", self.object):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form(self):
        return self.form_class(self.request.POST)

    def form_invalid(self, form):
        return MineDetailView(request=self.request).show(self.object, status=400, **{self.form_name: form})

    def run_step(self, form):
        self.act(self.object, form.cleaned_data)

    def domain_error(self, exc, form):  # a reporter's step answers every refusal with a message, the form unchanged
        return domain_error_response(self.request, exc, back=self.success_url())

    def success_url(self):
        return reverse("cases:mine-detail", kwargs={"pk": self.object.pk})

    def success_message(self):
        return str(self.done_message)


class MineVerifyView(MineActionView):
    form_class = VerifyForm
    form_name = "verify_form"
    done_message = gettext_lazy("Thank you, your check is recorded.")

    def act(self, case, data):
        services.case_verify(case=case, by=self.request.user, passed=data["passed"], note=data["note"].strip())


class MineRateView(MineActionView):
    form_class = RateForm
    form_name = "rate_form"
    done_message = gettext_lazy("Thank you for your rating.")

    def act(self, case, data):
        services.case_rate(case=case, by=self.request.user, rating=data["rating"], note=data["note"].strip())


class MineReopenView(MineActionView):
    form_class = ReopenForm
    form_name = "reopen_form"
    done_message = gettext_lazy("The case is reopened and goes back to the unit that handles it.")

    def act(self, case, data):
        services.case_reopen(case=case, by=self.request.user, note=data["note"].strip())
