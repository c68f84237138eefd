"""全要素: a grid's shops, public places and street segments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.views import ScopedDetailView, ScopedFormView, ScopedListView
from org import services
from org.filtersets import GridElementFilterSet
from org.forms import GridElementForm
from org.models import CHANGE_ELEMENT, VIEW_UNIT, GridElement, Unit, UnitKind
from org.selectors import ELEMENT_PAGE, contributed


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


class ElementAddView(ScopedFormView):
    """Add an element to a grid (`grid_pk`: a grid in view scope, else 404; org.change_gridelement there, else 403)."""

    form_class = GridElementForm
    template_name = "org/element_form.html"
    model, view_perm, change_perm = Unit, VIEW_UNIT, CHANGE_ELEMENT
    pk_url_kwarg = "grid_pk"
    element = None

    def get_queryset(self):
        return super().get_queryset().filter(kind=UnitKind.GRID)

    @property
    def grid(self):
        return self.object

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


class ElementEditView(ElementAddView):
    """Change an element (`pk`: in view scope, else 404; org.change_gridelement on its grid, else 403)."""

    model = GridElement
    pk_url_kwarg = "pk"

    def get_queryset(self):
        return GridElement.objects.for_user(self.request.user, self.view_perm).select_related("grid")

    def change_target(self):
        return self.object.grid

    @property
    def grid(self):
        return self.object.grid

    @property
    def element(self):
        return self.object
