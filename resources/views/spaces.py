"""社区共享空间 pages (S2.2): the list (filters, cards that read well on a phone), one space with its
week from the booking engine and a 预约 button into services' booking pages, create and edit.

Anyone signed in sees the spaces on offer (no contacts); staff with resources.view_resource also see
those of their units that are not on offer, and this week's occupancy; writes need
resources.change_resource at the space's 居民区 (out of sight: 404; in sight without the right: 403)."""

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_filters.views import FilterView

from accounts.roles import CHANGE_RESOURCE, VIEW_RESOURCE
from accounts.scope import has_perm_anywhere
from core.views import ScopedObjectPage
from core.views import StepView as CoreStepView
from doorstep.selectors.bookings import week_start
from doorstep.views.bookings.staff_places import StaffFormView
from org.models import UnitKind
from resources.filtersets.spaces import SharedSpaceFilterSet
from resources.forms.spaces import SpaceForm
from resources.models import Organisation, SharedSpace
from resources.selectors import spaces as sel
from resources.services import spaces as svc

# --- shared by the library's pages (views_orgs too) -------------------------------------------------


class VisibleListView(LoginRequiredMixin, FilterView):
    """A list of what the user may see (public rows, and their units' rows for staff) with the model's
    FilterSet; filters in the FilterSet's `page_fields` are shown, the rest travel as hidden inputs."""

    paginate_by = 20

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["filter"].form
        shown = getattr(self.filterset_class, "page_fields", None) or list(form.fields)
        user = self.request.user
        ctx.update(
            filter_shown=[form[f] for f in form.fields if f in shown],
            filter_hidden=[form[f] for f in form.fields if f not in shown and form[f].value() not in (None, "")],
            is_staff=has_perm_anywhere(user, VIEW_RESOURCE),
            can_create=has_perm_anywhere(user, CHANGE_RESOURCE),
        )
        return ctx


class LibraryFormView(StaffFormView):
    """A form page for a write that needs resources.change_resource at the object's unit."""

    template_name = "resources/spaces/form.html"
    view_perm, change_perm = VIEW_RESOURCE, CHANGE_RESOURCE

    def error_field(self, form, field: str) -> str | None:
        if field in ("opening_hours", "availability") and "hours_0" in form.fields:
            return "hours_0"
        return super().error_field(form, field)

    def back_url(self) -> str:
        return reverse("resources:space-list")


class StepView(CoreStepView):
    """POST one step (deactivate) on an object in the user's scope that needs change_resource there."""

    view_perm, change_perm = VIEW_RESOURCE, CHANGE_RESOURCE
    done_message = ""

    def run_step(self, form):
        self.step(self.object, self.request.user)

    def success_message(self):
        return self.done_message

    def success_url(self):
        return self.next_url(self.object)


# --- spaces -----------------------------------------------------------------------------------------


class SpaceListView(VisibleListView):
    """/resources/spaces/: 社区共享空间 by type, 居民区, offering unit, capacity and equipment."""

    filterset_class = SharedSpaceFilterSet
    template_name = "resources/spaces/list.html"

    def get_queryset(self):
        return sel.space_rows(self.request.user)


class SpaceDetailView(ScopedObjectPage):
    """/resources/spaces/<id>/?week=YYYY-MM-DD: equipment, opening hours, rules, offering unit, the week's
    slots from the booking engine, and the 预约 button."""

    template_name = "resources/spaces/detail.html"
    model = SharedSpace

    def get_queryset(self):
        return sel.spaces_for(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        space = self.object
        today = timezone.localdate()
        try:
            day = datetime.date.fromisoformat(self.request.GET.get("week", ""))
        except ValueError:
            day = today
        monday = week_start(day)
        week = sel.space_week(space, monday, user=user)
        is_staff = user.has_perm(VIEW_RESOURCE, space)
        room = space.room
        ctx.update(
            space=space,
            room=room,
            types=list(space.types.all()),
            hours=sel.readable_week(room.opening_hours or {}),
            week=week,
            counts=sel.week_counts(week),
            occupancy=sel.space_occupancy(space, monday) if is_staff else None,
            this_week=week_start(today),
            prev_week=monday - datetime.timedelta(days=7),
            next_week=monday + datetime.timedelta(days=7),
            bookable=space.is_active and room.is_active and room.bookable,
            is_staff=is_staff,
            can_edit=user.has_perm(CHANGE_RESOURCE, space),
        )
        return ctx


def _space_form_kwargs(view, current: Organisation | None = None) -> dict:
    return {
        "units": sel.change_units(view.request.user, [UnitKind.DISTRICT]),
        "organisations": sel.offering_organisations(current),
        "types": sel.space_types(),
    }


class SpaceCreateView(LibraryFormView):
    form_class = SpaceForm
    title = gettext_lazy("New shared space")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **_space_form_kwargs(self), "hours": {}}

    def get_initial(self):
        initial = {"bookable": True, "slot_minutes": 60, "fee": 0, "uses_per_period": 8}
        org = self.request.GET.get("organisation", "")
        if org.isdigit() and len(org) < 19:
            initial["organisation"] = int(org)
        return initial

    def save(self, form):
        v = form.values()
        return svc.space_create(unit=v.pop("unit"), name=v.pop("name"), capacity=v.pop("capacity"), types=v.pop("types"), by=self.request.user, **v)

    def success_url_for(self, space):
        return reverse("resources:space-detail", args=[space.pk])


class SpaceEditView(LibraryFormView):
    form_class = SpaceForm
    title = gettext_lazy("Edit shared space")

    model = SharedSpace

    def get_queryset(self):
        return super().get_queryset().select_related("room__unit", "organisation")

    @property
    def space(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **_space_form_kwargs(self, self.space.organisation), "hours": self.space.room.opening_hours, "editing": True}

    def get_initial(self):
        return SpaceForm.initial_from(self.space)

    def save(self, form):
        return svc.space_update(space=self.space, by=self.request.user, **form.values())

    def success_url_for(self, space):
        return reverse("resources:space-detail", args=[space.pk])

    def subtitle(self):
        return f"{self.space.room.unit.name} · {self.space.room.name}"

    def back_url(self):
        return reverse("resources:space-detail", args=[self.space.pk])


class SpaceDeactivateView(StepView):
    model = SharedSpace
    done_message = gettext_lazy("The space is no longer offered; booked slots stay.")

    def step(self, space, user):
        svc.space_deactivate(space=space, by=user)

    def next_url(self, space):
        return reverse("resources:space-detail", args=[space.pk])
