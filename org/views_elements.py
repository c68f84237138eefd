"""全要素: a grid's shops, public places and street segments."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.views import ScopedDetailView, ScopedListView

from . import services
from .filtersets import GridElementFilterSet
from .forms import GridElementForm
from .models import CHANGE_ELEMENT, VIEW_UNIT, GridElement, Unit, UnitKind
from .selectors import ELEMENT_PAGE, contributed


class ElementListView(ScopedListView):
    model = GridElement
    view_perm = VIEW_UNIT
    filterset_class = GridElementFilterSet
    template_name = "org/element_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("grid")


class ElementDetailView(ScopedDetailView):
    model = GridElement
    view_perm = VIEW_UNIT
    template_name = "org/element_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = self.request.user.has_perm(CHANGE_ELEMENT, self.object)
        ctx["cases"] = []
        ctx.update(contributed(ELEMENT_PAGE, self.request.user, self.object))  # cases: the shop's cases
        return ctx


class ElementFormView(LoginRequiredMixin, FormView):
    """Add an element to a grid (`grid_pk`) or change one (`pk`)."""

    form_class = GridElementForm
    template_name = "org/element_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.element = None
        if "pk" in kwargs:
            self.element = get_object_or_404(GridElement.objects.for_user(request.user, VIEW_UNIT).select_related("grid"), pk=kwargs["pk"])
            self.grid = self.element.grid
        else:
            self.grid = get_object_or_404(Unit.objects.for_user(request.user, VIEW_UNIT).filter(kind=UnitKind.GRID), pk=kwargs["grid_pk"])
        if not request.user.has_perm(CHANGE_ELEMENT, self.grid):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.element}

    def form_valid(self, form):
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            if self.element is None:
                element = services.element_create(grid=self.grid, **data)
            else:
                element = services.element_update(element=self.element, **data)
        except ValidationError as e:
            form.add_error(None, e.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(element)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "grid": self.grid, "element": self.element}
