"""Resident-facing: apply to be a community talent (phone first, plain words, big choices; afterwards the
page says where the application stands), and the public listing of talents who agreed to be listed
(surname only, skills, 居民区: no phone, no address, no map position)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView

from people.models import Resident
from resources.filtersets.talents import PublicTalentFilterSet
from resources.forms.talents import TalentApplyForm
from resources.models import TalentState
from resources.selectors.talents import mask_name, my_talent, public_talents, week_summary
from resources.services.talents import talent_apply


class ApplyView(LoginRequiredMixin, View):
    template_name = "resources/talents/apply.html"

    def context(self, request, form=None):
        user = request.user
        mine = my_talent(user)
        resident = Resident.objects.filter(user=user).first()
        can_apply = mine is None or mine.state == TalentState.REJECTED
        if can_apply and form is None:
            form = TalentApplyForm(resident=resident)
        return {"mine": mine, "resident": resident, "form": form if can_apply else None, "week": week_summary(mine.availability) if mine else ""}

    def get(self, request):
        return render(request, self.template_name, self.context(request))

    def post(self, request):
        resident = Resident.objects.filter(user=request.user).first()
        form = TalentApplyForm(request.POST, resident=resident)
        if form.is_valid():
            try:
                talent_apply(user=request.user, **form.values())
            except ValidationError as e:
                for field, errs in e.message_dict.items():
                    target = {"unit": "district", "resident": None}.get(field, field)
                    form.add_error(target if target in form.fields else None, errs)
            else:
                messages.success(request, _("Thank you! Your application is sent. The residents' committee will look at it and tell you."))
                return redirect("resources:talent-apply")
        ctx = self.context(request, form)
        if ctx["form"] is None:  # applied meanwhile (another tab): show where it stands
            return redirect("resources:talent-apply")
        return render(request, self.template_name, ctx, status=400)


class PublicListView(LoginRequiredMixin, FilterView):
    """Everyone signed in: talents in the library who agreed to be listed."""

    filterset_class = PublicTalentFilterSet
    template_name = "resources/talents/public.html"
    paginate_by = 20

    def get_queryset(self):
        return public_talents()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = [  # only what may be shown: never the talent object itself
            {"id": t.pk, "name": mask_name(t.name), "skills": list(t.skills.all()), "district": t.district_name, "week": week_summary(t.availability)}
            for t in ctx["object_list"]
        ]
        ctx["found"] = ctx["paginator"].count if ctx.get("paginator") else len(ctx["rows"])
        return ctx
