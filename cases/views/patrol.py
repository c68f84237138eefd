"""The grid worker's patrol page (phone first): report what I found, check handled cases (核查) on the spot,
follow my own reports, see what is overdue in my grids."""

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
from cases import services as svc
from cases.forms.staff import PatrolForm
from cases.models import Case, Source
from cases.photos import photos_checked
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


class PatrolView(CapabilityMixin, FormView):
    form_class = PatrolForm
    template_name = "cases/staff/patrol.html"
    required_perm = VIEW_CASE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return {**super().get_context_data(**kwargs), **patrol_lists(self.request.user, now), "now": now, "patrol_url": reverse("cases:patrol")}

    def form_valid(self, form):
        d = form.cleaned_data
        user = self.request.user
        try:
            images = photos_checked(d["photos"])
            with transaction.atomic():
                case = svc.case_report(
                    category=d["category"], description=d["description"], source=Source.PATROL, reporter=user, by=user,
                    unit=d["unit"], lat=d["lat"], lng=d["lng"], address=d["address"], photos=images, element=d["element"],
                )  # fmt: skip
                if not user.has_perm(VIEW_CASE, case):
                    raise ValidationError({"lat": _("This place is outside your grids.")})
                accepted = user.has_perm(CHANGE_CASE, case)
                if accepted:
                    case = svc.case_accept(case=case, by=user, note=_("Found on patrol."))
        except ValidationError as e:
            add_errors(form, e, default_field="photos")
            return self.form_invalid(form)
        msg = _("Reported and registered as case %(number)s.") if accepted else _("Reported as case %(number)s.")
        messages.success(self.request, msg % {"number": case.number})
        return redirect("cases:patrol")
