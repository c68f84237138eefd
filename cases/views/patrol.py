"""The grid worker's patrol page (phone first): report what I found, check handled cases (核查) on the spot,
follow my own reports, see what is overdue in my grids."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts.roles import CHANGE_CASE, VERIFY_CASE, VIEW_CASE
from accounts.scope import scope_paths
from cases import pending
from cases import services as svc
from cases.forms.staff import PatrolForm
from cases.models import Case, Source
from cases.photos import MAX_PHOTOS_PER_STEP, photos_checked
from cases.views.staff_hotline import add_errors
from cases.workflow import OPEN_STATES, CaseState
from core.views import CapabilityMixin

LIST_SIZE = 20
RELATED = ("category", "unit", "handling_unit")


def patrol_lists(user, now):
    verify = Case.objects.for_user(user, VERIFY_CASE).filter(state=CaseState.COMPLETED) if scope_paths(user, VERIFY_CASE) else Case.objects.none()
    return {
        "to_verify": list(verify.select_related(*RELATED).order_by("completed_at", "id")[:LIST_SIZE]),
        "my_reports": list(Case.objects.filter(reporter=user, state__in=OPEN_STATES).select_related(*RELATED).order_by("-id")[:LIST_SIZE]),
        "overdue": list(Case.objects.for_user(user, VIEW_CASE).overdue(now).select_related(*RELATED).order_by("due_at", "id")[:LIST_SIZE]),
    }


def pin_in_grids(user, lat, lng) -> bool:
    """Whether a pin lies in one of the grids the user looks after."""
    grid = svc.find_grid(lat, lng)
    return grid is not None and any(grid.path.startswith(p) for p in scope_paths(user, VIEW_CASE) or [])


class PatrolView(CapabilityMixin, FormView):
    """The patrol form keeps what was entered when it comes back with an error: the fields as sent, the photos
    kept server-side (`cases.pending`, shown as thumbnails marked 已保留), the errors at the top and beside
    their field. A pin outside the worker's grids does not block the fallback: with a grid or building chosen,
    the chosen place is used and the pin is set aside."""

    form_class = PatrolForm
    template_name = "cases/staff/patrol.html"
    required_perm = VIEW_CASE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        now = timezone.now()
        ctx = {**super().get_context_data(**kwargs), **patrol_lists(self.request.user, now), "now": now, "patrol_url": reverse("cases:patrol")}
        ctx.setdefault("kept_photos", [])
        ctx["tile_url"], ctx["tile_attribution"], ctx["center"] = settings.MAP_TILE_URL, settings.MAP_TILE_ATTRIBUTION, settings.MAP_CENTER
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        user = request.user
        form.is_valid()
        kept = form.cleaned_data.get("kept_photos") or []
        fresh = []
        try:
            fresh = photos_checked(form.cleaned_data.get("photos") or [])
            if len(kept) + len(fresh) > MAX_PHOTOS_PER_STEP:
                raise ValidationError(_("Send at most %(n)s photos at a time.") % {"n": MAX_PHOTOS_PER_STEP})
        except ValidationError as e:
            form.add_error("photos", e)
        outside = False
        if not form.errors:
            try:
                case, accepted = self.report(form.cleaned_data, pending.images(user, kept) + fresh)
            except ValidationError as e:
                outside = bool({"lat", "location"} & set(getattr(e, "error_dict", {})))
                add_errors(
                    form, ValidationError({"lat": e.error_dict.pop("location")}) if "location" in getattr(e, "error_dict", {}) else e, default_field="photos"
                )
            else:
                pending.drop(user, kept)
                msg = _("Reported and registered as case %(number)s.") if accepted else _("Reported as case %(number)s.")
                messages.success(request, msg % {"number": case.number})
                return redirect("cases:patrol")
        tokens = kept + pending.keep(user, fresh)
        return self.render_to_response(self.get_context_data(form=form, kept_photos=tokens, outside=outside))

    def report(self, d, images):
        user = self.request.user
        lat, lng = d["lat"], d["lng"]
        if d["unit"] is not None and lat is not None and not pin_in_grids(user, lat, lng):
            lat = lng = None  # the building fallback: the chosen place wins over a pin outside my grids
        with transaction.atomic():
            case = svc.case_report(
                category=d["category"], description=d["description"], source=Source.PATROL, reporter=user, by=user,
                unit=d["unit"], lat=lat, lng=lng, address=d["address"], photos=images, element=d["element"],
            )  # fmt: skip
            if not user.has_perm(VIEW_CASE, case):
                raise ValidationError(
                    {"lat": _("This pin is outside your grids. Choose the grid or building where you are and send again; the pin will be set aside.")}
                )
            accepted = user.has_perm(CHANGE_CASE, case)
            if accepted:
                case = svc.case_accept(case=case, by=user, note=_("Found on patrol."))
        return case, accepted
