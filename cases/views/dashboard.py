"""The case indicators dashboard (/cases/dashboard/): a unit in the user's scope, a period, the headline
figures, the monthly trend, by category and per child unit; charts (ECharts) with the same figures in tables."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.roles import VIEW_CASE
from cases.checks import holiday_warning
from cases.indicators import MAX_DAYS, case_indicators, check_period, default_period, default_unit, indicator_units
from core.filters import IdField
from core.views import CapabilityMixin

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PeriodForm(forms.Form):
    unit = IdField(required=False, label=gettext_lazy("Unit"))
    start = forms.DateField(required=False, label=gettext_lazy("From"), input_formats=["%Y-%m-%d"], widget=DATE_INPUT)
    end = forms.DateField(required=False, label=gettext_lazy("To"), input_formats=["%Y-%m-%d"], widget=DATE_INPUT)

    def __init__(self, data=None, **kwargs):
        # the URL says from/to, like the API
        if data is not None:
            data = {"unit": data.get("unit", ""), "start": data.get("from", ""), "end": data.get("to", "")}
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = default_period()
        data["start"], data["end"] = data.get("start") or start, data.get("end") or end
        if not self.errors:
            try:
                check_period(data["start"], data["end"])
            except ValidationError as e:
                raise ValidationError(e.message_dict["to"]) from e
        return data


def pct(x) -> str:
    return "—" if x is None else f"{number_format(x * 100, 1)}%"


def hours(x) -> str:
    return "—" if x is None else number_format(x, 1 if x % 1 else 0)


def display(f) -> dict:
    """A Figures as the strings of one table row."""
    return {
        "reported": f.reported, "closed": f.closed, "due": f.due, "on_time": f.on_time, "on_time_rate": pct(f.on_time_rate),
        "satisfaction_rate": pct(f.satisfaction_rate), "rated": f.rated, "resolution_rate": pct(f.resolution_rate),
        "median_hours": hours(f.median_hours), "reopened_share": pct(f.reopened_share), "duplicate_share": pct(f.duplicate_share),
    }  # fmt: skip


def _percent(x):
    return None if x is None else round(x * 100, 1)


def chart_data(result) -> dict:
    """What static/cases/dashboard.js draws; the labels in the page's language."""
    months = result.months
    cats = result.categories
    return {
        "labels": {
            "reported": _("Reported"),
            "closed": _("Closed"),
            "on_time_rate": _("On-time closing rate"),
            "satisfaction_rate": _("Satisfaction rate"),
            "resolution_rate": _("Resolution rate"),
            "cases": _("Cases"),
            "percent": "%",
        },  # fmt: skip
        "months": [f"{m:%Y-%m}" for m, _f in months],
        "reported": [f.reported for _m, f in months],
        "closed": [f.closed for _m, f in months],
        "on_time_rate": [_percent(f.on_time_rate) for _m, f in months],
        "satisfaction_rate": [_percent(f.satisfaction_rate) for _m, f in months],
        "resolution_rate": [_percent(f.resolution_rate) for _m, f in months],
        "categories": [c.name for c, _f in cats],
        "category_reported": [f.reported for _c, f in cats],
        "category_closed": [f.closed for _c, f in cats],
    }


class DashboardView(CapabilityMixin, TemplateView):
    template_name = "cases/dashboard/dashboard.html"
    required_perm = VIEW_CASE

    def get(self, request, *args, **kwargs):
        user = request.user
        form = PeriodForm(request.GET)
        units = list(indicator_units(user).only("id", "name", "kind", "path", "depth"))
        top = min((u.depth for u in units), default=1)
        ctx = self.get_context_data(form=form, unit_options=[(u, "\u3000" * (u.depth - top)) for u in units], max_days=MAX_DAYS, holiday_warning=holiday_warning())
        if not form.is_valid():
            ctx["unit"] = None
            return self.render_to_response(ctx, status=400)
        unit_id = form.cleaned_data["unit"]
        if unit_id:
            unit = next((u for u in units if u.pk == unit_id), None)
            if unit is None:
                raise Http404
        else:
            unit = default_unit(user)
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        result = case_indicators(unit, start, end)
        ctx.update(
            unit=unit,
            start=start,
            end=end,
            result=result,
            totals=display(result.totals),
            months=[(m, display(f)) for m, f in result.months],
            categories=[(c, display(f)) for c, f in result.categories],
            children=[(u, display(f)) for u, f in result.children],
            chart=chart_data(result),
        )
        return self.render_to_response(ctx)
