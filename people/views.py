from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import CHANGE_RESIDENT, VIEW_HOUSEHOLD, VIEW_OWNERSHIP, VIEW_PII, VIEW_RESIDENT, VIEW_UNIT
from audit.context import client_ip
from core.views import ScopedDetailView, ScopedFormView, ScopedListView, ScopedObjectView
from org.models import Unit, UnitKind
from people import services
from people.filtersets import ResidentFilterSet
from people.forms import ResidentForm
from people.models import Household, Ownership, Resident


class ResidentListView(ScopedListView):
    """The people directory: search by name, pinyin initials, address or a full number."""

    model = Resident
    view_perm = VIEW_RESIDENT
    filterset_class = ResidentFilterSet
    template_name = "people/resident_list.html"

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_queryset(self):
        return super().get_queryset().select_related("household").only(
            "id", "name", "gender", "birth_date", "id_number_masked", "mobile_masked", "address", "relation", "household__number", "unit_path"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for error in ctx["filter"].errors.get("q", []):
            messages.warning(self.request, error)
        return ctx


class ResidentDetailView(ScopedDetailView):
    model = Resident
    view_perm = VIEW_RESIDENT
    template_name = "people/resident_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("household", "house")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, r = self.request.user, self.object
        ctx["can_reveal"] = user.has_perm(VIEW_PII, r)
        ctx["can_change"] = user.has_perm(CHANGE_RESIDENT, r)
        ctx["ownerships"] = r.ownerships.select_related("house") if user.has_perm(VIEW_OWNERSHIP, r) else []
        ctx["community_roles"] = r.community_roles.select_related("unit")
        ctx["housemates"] = r.household.members.exclude(pk=r.pk).only("id", "name", "relation") if r.household_id else []
        return ctx


class ResidentRevealView(ScopedObjectView):
    """POST: show one identifier in full (htmx fragment); needs the right, and is audited."""

    model, view_perm = Resident, VIEW_RESIDENT
    http_method_names = ["post"]

    def post(self, request, pk, field):
        resident = self.object
        if field not in ("id_number", "mobile") or not request.user.has_perm(VIEW_PII, resident):
            raise PermissionDenied
        value = services.resident_reveal(resident=resident, field=field, by=request.user, ip=client_ip(request))
        return render(request, "people/_revealed.html", {"value": value, "field": field})


class ResidentFormView(ScopedFormView):
    """Create a resident in a house (?house=<id>: a house in view scope, else 404; people.change_resident
    there, else 403)."""

    form_class = ResidentForm
    template_name = "people/resident_form.html"
    model, view_perm, change_perm = Unit, VIEW_UNIT, CHANGE_RESIDENT
    resident = None

    def get_queryset(self):
        return super().get_queryset().filter(kind=UnitKind.HOUSE)

    def object_wanted(self):
        return True

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.request.GET.get("house") or 0)

    @property
    def house(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "house": self.house, "creating": self.resident is None}

    def get_initial(self):
        r = self.resident
        return {"name": r.name, "relation": r.relation, "household": r.household_id} if r else {"relation": "head"}

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            if self.resident is None:
                resident = services.resident_create(house=self.house, name=d["name"], id_number=d["id_number"], mobile=d["mobile"], relation=d["relation"], household=d["household"])
            else:
                resident = services.resident_update(
                    resident=self.resident, name=d["name"], relation=d["relation"], household=d["household"],
                    id_number=d["id_number"] or None, mobile=d["mobile"] if d["mobile"] else None,
                )
        except ValidationError as e:
            for field, errs in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(resident)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "house": self.house, "resident": self.resident}


class ResidentEditView(ResidentFormView):
    """Edit a resident (pk: in view scope, else 404; people.change_resident at their house, else 403)."""

    model, view_perm = Resident, VIEW_RESIDENT

    def get_queryset(self):
        return Resident.objects.for_user(self.request.user, self.view_perm).select_related("house")

    def object_wanted(self):
        return True

    def get_object(self, queryset=None):
        return ScopedObjectView.get_object(self, queryset)

    def change_target(self):
        return self.object.house

    @property
    def house(self):
        return self.object.house

    @property
    def resident(self):
        return self.object


class HouseholdDetailView(ScopedDetailView):
    model = Household
    view_perm = VIEW_HOUSEHOLD
    template_name = "people/household_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["members"] = self.object.members.only("id", "name", "relation", "gender", "birth_date") if user.has_perm(VIEW_RESIDENT, self.object) else []
        ctx["ownerships"] = Ownership.objects.filter(house_id=self.object.house_id).select_related("owner") if user.has_perm(VIEW_OWNERSHIP, self.object) else []
        return ctx

