"""Entering and editing a talent (resources.change_resource): details, skills as rows, the week as day
checkboxes with times, and an optional link to a resident found by name (then name and home are theirs)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import CHANGE_RESOURCE
from core.views import CapabilityMixin, CapabilityView
from doorstep.forms.stations import find_residents
from people.filtersets import exact_search_refusal
from resources.forms.talents import TalentForm, skill_formset
from resources.services.talents import talent_create, talent_update
from resources.views.talents.library import TalentObjectView

SPECIAL_ERRORS = ("skills", "availability", "resident")  # shown beside their part of the form


def render_form(request, form, skills, talent=None, extra_errors=None, status=200):
    resident = form.cleaned_data.get("resident") if hasattr(form, "cleaned_data") and form.cleaned_data else None
    if resident is None and talent is not None and not form.is_bound:
        resident = talent.resident
    ctx = {"form": form, "skills": skills, "talent": talent, "chosen": resident, "extra_errors": extra_errors or {}, "here": "edit" if talent else "create"}
    return render(request, "resources/talents/form.html", ctx, status=status)


def apply_errors(form, e: ValidationError) -> dict:
    """Put the service's errors on the form's fields; those of the skills, the week and the resident apart."""
    extra = {}
    for field, errs in e.message_dict.items():
        if field in SPECIAL_ERRORS:
            extra.setdefault(field, []).extend(errs)
        else:
            form.add_error(field if field in form.fields else None, errs)
    return extra


class TalentCreateView(CapabilityMixin, View):
    required_perm = CHANGE_RESOURCE

    def get(self, request):
        return render_form(request, TalentForm(user=request.user), skill_formset())

    def post(self, request):
        form = TalentForm(request.POST, user=request.user)
        skills = skill_formset(request.POST)
        if form.is_valid() and skills.is_valid():
            try:
                talent = talent_create(by=request.user, skills=skills.skills(), **form.values())
            except ValidationError as e:
                return render_form(request, form, skills, extra_errors=apply_errors(form, e), status=400)
            messages.success(request, _("%(name)s is in the talent library.") % {"name": talent.name})
            return redirect("resources:talent-detail", pk=talent.pk)
        return render_form(request, form, skills, status=400)


class TalentEditView(TalentObjectView):
    change_perm, change_on_get = CHANGE_RESOURCE, True

    def get_talent(self, request, pk):
        return self.object

    def initial(self, talent) -> dict:
        keys = ("name", "lat", "lng", "bio", "reach_m", "group_size", "sessions_per_period", "public_consent")
        return {**{k: getattr(talent, k) for k in keys}, "unit": talent.unit_id, "resident": talent.resident_id}

    def get(self, request, pk):
        talent = self.get_talent(request, pk)
        form = TalentForm(user=request.user, initial=self.initial(talent), availability=talent.availability, editing=True, current_unit=talent.unit)
        return render_form(request, form, skill_formset(talent=talent, extra=2), talent=talent)

    def post(self, request, pk):
        talent = self.get_talent(request, pk)
        form = TalentForm(request.POST, user=request.user, editing=True, current_unit=talent.unit)
        skills = skill_formset(request.POST, talent=talent, extra=2)
        if form.is_valid() and skills.is_valid():
            values = form.values()
            if values.get("resident") is None and talent.resident_id is None:
                values.pop("resident")
            try:
                talent_update(talent=talent, by=request.user, skills=skills.skills(), **values)
            except ValidationError as e:
                return render_form(request, form, skills, talent=talent, extra_errors=apply_errors(form, e), status=400)
            messages.success(request, _("The talent's details are saved."))
            return redirect("resources:talent-detail", pk=talent.pk)
        return render_form(request, form, skills, talent=talent, status=400)


class ResidentSearchView(CapabilityView):
    """htmx: residents matching ?q= (name, pinyin initials or a full mobile number) where the user looks after, masked."""

    required_perm = CHANGE_RESOURCE

    def get(self, request):
        q = request.GET.get("q", "")
        return render(request, "resources/talents/_resident_results.html", {"residents": find_residents(request.user, q), "q": q, "refusal": exact_search_refusal(request.user, q)})
