"""Staff pages of places, rooms, menu items and operators: see them in the data scope
(services.view_service), edit them with services.change_service at their unit. Operators (commissioned
third parties) are shared by all places: seen with view_service anywhere, edited by holders of
change_service at a subdistrict."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView

from accounts.roles import CHANGE_SERVICE, VIEW_SERVICE
from accounts.scope import has_perm_anywhere
from core.views import CapabilityMixin, ScopedDetailView, ScopedFormView, ScopedListView
from doorstep.filtersets import PlaceFilterSet
from doorstep.forms.bookings import OperatorForm, PlaceCreateForm, PlaceForm, RoomForm, ServiceForm
from doorstep.models import Operator, Place, Room, Service
from doorstep.services import places as svc
from doorstep.views.bookings.menu import hours_rows
from org.models import Unit, UnitKind


class PlaceListView(ScopedListView):
    model = Place
    view_perm = VIEW_SERVICE
    filterset_class = PlaceFilterSet
    template_name = "services/bookings/places.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("unit", "operator")
            .annotate(n_rooms=Count("rooms", distinct=True), n_services=Count("services", filter=Q(services__is_active=True), distinct=True))
            .order_by("kind", "unit_path", "id")
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_create": has_perm_anywhere(self.request.user, CHANGE_SERVICE)}


class PlaceDetailView(ScopedDetailView):
    model = Place
    view_perm = VIEW_SERVICE
    template_name = "services/bookings/place.html"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "operator")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        place = self.object
        ctx.update(
            rooms=place.rooms.select_related("operator").order_by("floor", "name", "id"),
            services=place.services.select_related("room", "provider").order_by("group", "name", "id"),
            committees=place.committees.order_by("kind").prefetch_related("members"),
            hours=hours_rows(place.opening_hours),
            can_change=self.request.user.has_perm(CHANGE_SERVICE, place),
        )
        return ctx


class StaffFormView(ScopedFormView):
    """A form page for a write that needs `change_perm` (services.change_service) at the object's unit (the
    object from the view's scoped queryset; without an id, a page that creates one: the right somewhere); a
    ValidationError from the service goes back onto the form, field by field."""

    template_name = "services/bookings/form.html"
    title = ""
    view_perm, change_perm = VIEW_SERVICE, CHANGE_SERVICE

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            obj = self.save(form)
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for field, errs in e.message_dict.items():
                    form.add_error(self.error_field(form, field), errs)
            else:
                form.add_error(None, e.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.success_url_for(obj))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.title, "subtitle": self.subtitle(), "back": self.back_url()}

    def error_field(self, form, field: str) -> str | None:
        return field if field in form.fields else None

    def subtitle(self) -> str:
        return ""

    def back_url(self) -> str:
        return reverse("services:places")


# --- places ---------------------------------------------------------------------------------------


class PlaceCreateView(StaffFormView):
    form_class = PlaceCreateForm
    title = gettext_lazy("New service place")

    def units(self):
        return Unit.objects.for_user(self.request.user, CHANGE_SERVICE).filter(kind__in=[UnitKind.SUBDISTRICT, UnitKind.DISTRICT]).order_by("path")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": self.units()}

    def save(self, form):
        d = form.cleaned_data
        return svc.place_create(kind=d["kind"], unit=d["unit"], name=d["name"], by=self.request.user)

    def success_url_for(self, place):
        return reverse("services:place-edit", args=[place.pk])


class PlaceEditView(StaffFormView):
    form_class = PlaceForm
    title = gettext_lazy("Edit service place")

    model = Place

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    @property
    def place(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "hours": self.place.opening_hours}

    def get_initial(self):
        p = self.place
        keys = ("name", "address", "lat", "lng", "area_m2", "floors", "phone", "duties", "personalised")
        return {**{k: getattr(p, k) for k in keys}, "operator": p.operator_id}

    def save(self, form):
        return svc.place_update(place=self.place, by=self.request.user, **form.values())

    def success_url_for(self, place):
        return reverse("services:place", args=[place.pk])

    def subtitle(self):
        return self.place.name

    def back_url(self):
        return reverse("services:place", args=[self.place.pk])


# --- rooms ----------------------------------------------------------------------------------------


class RoomCreateView(PlaceEditView):
    form_class = RoomForm
    title = gettext_lazy("New room")

    def get_form_kwargs(self):
        return {**FormView.get_form_kwargs(self), "hours": {}}

    def get_initial(self):
        return {"bookable": True, "is_active": True, "slot_minutes": 60, "floor": 1}

    def save(self, form):
        v = form.values()
        return svc.room_create(place=self.place, kind=v.pop("kind"), name=v.pop("name"), capacity=v.pop("capacity"), by=self.request.user, **v)

    def success_url_for(self, room):
        return reverse("services:room-week", args=[room.pk])


class RoomEditView(StaffFormView):
    form_class = RoomForm
    title = gettext_lazy("Edit room")

    model = Room

    def get_queryset(self):
        # a shared space (no place) is edited in the resources library, which keeps its catalogue row in step
        return super().get_queryset().filter(place__isnull=False).select_related("place")

    @property
    def room(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "hours": self.room.opening_hours}

    def get_initial(self):
        r = self.room
        keys = ("kind", "name", "floor", "capacity", "area_m2", "bookable", "slot_minutes", "rules", "is_active")
        return {**{k: getattr(r, k) for k in keys}, "operator": r.operator_id, "equipment": ", ".join(r.equipment or [])}

    def save(self, form):
        return svc.room_update(room=self.room, by=self.request.user, **form.values())

    def success_url_for(self, room):
        return reverse("services:room-week", args=[room.pk])

    def subtitle(self):
        return f"{self.room.place.name if self.room.place else ''} · {self.room.name}"

    def back_url(self):
        return reverse("services:place", args=[self.room.place_id]) if self.room.place_id else reverse("services:places")


# --- the menu -------------------------------------------------------------------------------------


class ServiceCreateView(PlaceEditView):
    form_class = ServiceForm
    title = gettext_lazy("New menu item")

    def get_form_kwargs(self):
        return {**FormView.get_form_kwargs(self), "place": self.place}

    def get_initial(self):
        return {"capacity": 20, "is_active": True, "access": "book"}

    def save(self, form):
        v = form.values()
        return svc.service_create(place=self.place, group=v.pop("group"), name=v.pop("name"), by=self.request.user, **v)

    def success_url_for(self, service):
        return reverse("services:menu-service", args=[service.pk])


class ServiceEditView(StaffFormView):
    form_class = ServiceForm
    title = gettext_lazy("Edit menu item")

    model = Service

    def get_queryset(self):
        return super().get_queryset().select_related("place")

    @property
    def service(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "place": self.service.place}

    def get_initial(self):
        return ServiceForm.initial_from(self.service)

    def save(self, form):
        return svc.service_update(service=self.service, by=self.request.user, **form.values())

    def success_url_for(self, service):
        return reverse("services:menu-service", args=[service.pk])

    def subtitle(self):
        return f"{self.service.place.name} · {self.service.name}"

    def back_url(self):
        return reverse("services:place", args=[self.service.place_id])


# --- operators ------------------------------------------------------------------------------------


class OperatorListView(CapabilityMixin, ListView):
    template_name = "services/bookings/operators.html"
    paginate_by = 50
    required_perm = VIEW_SERVICE

    def get_queryset(self):
        return Operator.objects.annotate(n_places=Count("places", distinct=True), n_rooms=Count("rooms", distinct=True)).order_by("name")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_edit": self.request.user.has_perm("services.edit_operators")}


class OperatorEditView(StaffFormView):
    form_class = OperatorForm
    title = gettext_lazy("Operator")

    model = Operator  # not hung on a unit: the subdistrict's list, changed by whoever commissions

    def get_queryset(self):
        return Operator.objects.all()

    def has_change_right(self):
        return self.request.user.has_perm("services.edit_operators")

    @property
    def operator(self):
        return self.object

    def get_initial(self):
        o = self.operator
        return {k: getattr(o, k) for k in ("name", "credit_code", "phone", "contract_start", "contract_end")} if o else {}

    def save(self, form):
        return svc.operator_save(operator=self.operator, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, operator):
        return reverse("services:operators")

    def subtitle(self):
        return self.operator.name if self.operator else ""

    def back_url(self):
        return reverse("services:operators")
