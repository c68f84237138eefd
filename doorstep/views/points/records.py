"""Records of a 睦邻点 (services.change_point): activities with attendance (quick entry on a phone),
supervision visits, development records; and the yearly star rating (services.review_point)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import CHANGE_POINT, REVIEW_POINT
from core.views import CapabilityView, ScopedObjectView
from core.workflow import IllegalTransition
from doorstep import rating as r
from doorstep.forms.points import ActivityForm, RatingForm, RecordForm, VisitForm
from doorstep.models import NeighbourhoodPoint, StarRating
from doorstep.selectors.points import points_visible
from doorstep.services import points as svc


class PointFormView(ScopedObjectView):
    """A form page of one point (from `points_visible`, 404 outside) that needs `change_perm` on it (403)."""

    model = NeighbourhoodPoint
    change_perm = CHANGE_POINT
    change_on_get = True

    def get_queryset(self):
        return points_visible(self.request.user).select_related("unit")


def add_errors(form, e: ValidationError):
    if hasattr(e, "error_dict"):
        for field, errs in e.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, e.messages)


class QuickEntryView(CapabilityView):
    """The social worker's phone page: the points they record for, largest buttons first (?q= narrows)."""

    required_perm = CHANGE_POINT

    def get(self, request):
        q = (request.GET.get("q") or "").strip()
        qs = NeighbourhoodPoint.objects.for_user(request.user, CHANGE_POINT).filter(state__in=svc.RECORDING_STATES).select_related("unit")
        if q:
            qs = qs.filter(name__contains=q)
        return render(request, "services/points/quick.html", {"points": list(qs.order_by("unit_path", "name")[:100]), "q": q})


class RecordView(PointFormView):
    """One kind of record for one point: GET the form, POST saves it through the service."""

    template = ""
    form_class = None
    done = ""

    def make_form(self, request, point, data=None):
        return self.form_class(data)

    def save(self, request, point, d):
        raise NotImplementedError

    def ctx(self, point, form):
        return {"point": point, "form": form}

    def get(self, request, pk):
        point = self.object
        return render(request, self.template, self.ctx(point, self.make_form(request, point)))

    def post(self, request, pk):
        point = self.object
        form = self.make_form(request, point, request.POST)
        if form.is_valid():
            try:
                self.save(request, point, form.cleaned_data)
            except IllegalTransition as e:
                form.add_error(None, e.message)
            except ValidationError as e:
                add_errors(form, e)
            else:
                messages.success(request, self.done)
                return self.after(point)
        return render(request, self.template, self.ctx(point, form), status=400)

    def after(self, point):
        return redirect("services:point-detail", pk=point.pk)


class ActivityCreateView(RecordView):
    template = "services/points/activity_form.html"
    form_class = ActivityForm

    def save(self, request, point, d):
        a = svc.activity_record(point=point, by=request.user, **d)
        self.done = _("Recorded: %(title)s, %(n)s people.") % {"title": a.title, "n": a.attendance}

    def ctx(self, point, form):
        return {"point": point, "form": form, "recent": list(point.activities.all()[:5])}

    def after(self, point):  # one more, on the same phone page
        return redirect("services:point-activity", pk=point.pk)


class VisitCreateView(RecordView):
    template = "services/points/visit_form.html"
    form_class = VisitForm

    def save(self, request, point, d):
        svc.visit_record(point=point, by=request.user, **d)
        self.done = _("The supervision visit is recorded.")


class DevelopmentRecordView(RecordView):
    template = "services/points/record_form.html"
    form_class = RecordForm

    def make_form(self, request, point, data=None):
        return RecordForm(data, user=request.user, point=point)

    def save(self, request, point, d):
        svc.development_record(point=point, by=request.user, **d)
        self.done = _("The record is saved.")


class RatingView(PointFormView):
    """星级评选 for one year (?year=): scores suggested from the year's records, editable; saving keeps the
    scores, the total and the stars (one rating per point and year; saving again replaces it)."""

    change_perm = REVIEW_POINT

    def year(self, request):
        try:
            return int(request.GET.get("year") or request.POST.get("year") or r.default_year(timezone.localdate()))
        except ValueError:
            return r.default_year(timezone.localdate())

    def ctx(self, point, year, form, suggested):
        existing = StarRating.objects.filter(point=point, year=year).first()
        return {
            "point": point,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 4, -1)),
            "form": form,
            "suggested": suggested,
            "rows": [(c, form[c.code], suggested.get(c.code)) for c in r.CRITERIA],
            "existing": existing,
            "thresholds": r.STAR_THRESHOLDS,
            "max_total": sum(c.points for c in r.CRITERIA),
        }

    def get(self, request, pk):
        point = self.object
        year = self.year(request)
        suggested = r.suggest(point, year)
        existing = StarRating.objects.filter(point=point, year=year).first()
        initial = dict(existing.scores) if existing else {k: v if v is not None else "" for k, v in suggested.items()}
        return render(request, "services/points/rating_form.html", self.ctx(point, year, RatingForm(initial=initial), suggested))

    def post(self, request, pk):
        point = self.object
        year = self.year(request)
        form = RatingForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                rating = svc.point_rate(point=point, by=request.user, year=year, scores={c.code: d[c.code] for c in r.CRITERIA}, note=d["note"])
            except IllegalTransition as e:
                form.add_error(None, e.message)
            except ValidationError as e:
                add_errors(form, e)
            else:
                messages.success(
                    request, _("%(year)s: %(stars)s stars (%(total)s points).") % {"year": rating.year, "stars": rating.stars, "total": rating.total}
                )
                return redirect("services:point-detail", pk=point.pk)
        return render(request, "services/points/rating_form.html", self.ctx(point, year, form, r.suggest(point, year)), status=400)
