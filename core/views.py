"""Base page classes: login required, scoping applied once, out-of-scope objects answer 404."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.views import View
from django.views.generic import DetailView, RedirectView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from .scoping import scope_paths


class ScopedMixin(LoginRequiredMixin):
    view_perm = ""
    model = None

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user, self.view_perm)


class ScopedListView(ScopedMixin, FilterView):
    """A scoped list with the model's FilterSet. Filters named in the FilterSet's `page_fields` are shown;
    the others (ids used by links, e.g. ?under=) travel as hidden inputs when set."""

    paginate_by = 20

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["filter"].form  # FilterView passes the bound FilterSet as `filter`
        shown = getattr(self.filterset_class, "page_fields", None) or list(form.fields)
        ctx["filter_shown"] = [form[f] for f in form.fields if f in shown]
        ctx["filter_hidden"] = [form[f] for f in form.fields if f not in shown and form[f].value()]
        return ctx

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and scope_paths(request.user, self.view_perm) is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedDetailView(ScopedMixin, DetailView):
    pass


class ScopedObjectView(ScopedMixin, SingleObjectMixin, View):
    """A page that shows or changes one object: `self.object` is fetched through the view's scoped queryset
    before any method runs (out of scope: 404). With `change_perm`, every method but GET (GET too with
    `change_on_get`, for a page that is only a form) needs that right on `change_target()` (the object, unless
    the view names another): 403 without it."""

    change_perm = ""
    change_on_get = False

    def change_target(self):
        return self.object

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        if self.change_perm and (request.method != "GET" or self.change_on_get) and not request.user.has_perm(self.change_perm, self.change_target()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for whatever the page's <link rel="icon"> says: the site's icon, not a 404."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")
