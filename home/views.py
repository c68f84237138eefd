"""The home page: the user's roles and the counts of what they may see."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.views.generic import TemplateView

from accounts.models import RoleAssignment
from accounts.roles import VIEW_RESIDENT, VIEW_UNIT
from accounts.scope import grants, scope_paths
from org.models import Unit, UnitKind
from people.models import Resident


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["assignments"] = RoleAssignment.objects.filter(user=user).select_related("unit")
        ctx["has_grants"] = bool(grants(user))
        units = Unit.objects.for_user(user, VIEW_UNIT)
        by_kind = dict(units.values_list("kind").annotate(n=Count("id"))) if scope_paths(user, VIEW_UNIT) else {}
        ctx["unit_counts"] = [(k.label, by_kind[k.value]) for k in UnitKind if k.value in by_kind]
        ctx["resident_count"] = Resident.objects.for_user(user, VIEW_RESIDENT).count() if scope_paths(user, VIEW_RESIDENT) else None
        return ctx
