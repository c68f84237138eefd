"""Base page classes: login required, scoping applied once, out-of-scope objects answer 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views import View
from django.views.generic import DetailView, FormView, ListView, RedirectView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from core.scoping import scope_paths


class ScopedMixin(LoginRequiredMixin):
    """The view's scoped queryset: `model.objects.for_user(user, view_perm)`. A view may narrow it, or name
    another scoped source (`cases_visible_to(user)`), in `get_queryset`; it never fetches objects by hand."""

    view_perm = ""
    model = None

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user, self.view_perm)


class CapabilityMixin(LoginRequiredMixin):
    """A page that needs a right somewhere in the tree (`required_perm`, default `view_perm`; a tuple: each of
    them): signed out it sends to sign-in, without the right anywhere it answers 403, checked once in dispatch."""

    required_perm: str | tuple[str, ...] = ""

    def get_required_perms(self) -> tuple[str, ...]:
        perm = self.required_perm or getattr(self, "view_perm", "")
        return tuple(p for p in ((perm,) if isinstance(perm, str) else perm) if p)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if any(scope_paths(request.user, perm) is None for perm in self.get_required_perms()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CapabilityView(CapabilityMixin, View):
    """A page with no object of its own (a form that creates one, a download, a dashboard) that needs a right
    somewhere: `required_perm`."""


class ScopedPageView(CapabilityMixin, ScopedMixin, ListView):
    """A page listing a scoped queryset without a FilterSet (`get_queryset()`, paginated as a ListView): 403 when
    the user holds `view_perm` nowhere."""


class ScopedListView(CapabilityMixin, ScopedMixin, FilterView):
    """A scoped list with the model's FilterSet (403 when the user holds `view_perm` nowhere). Filters named in
    the FilterSet's `page_fields` are shown; the others (ids used by links, e.g. ?under=) travel as hidden inputs
    when set."""

    paginate_by = 20

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["filter"].form  # FilterView passes the bound FilterSet as `filter`
        shown = getattr(self.filterset_class, "page_fields", None) or list(form.fields)
        ctx["filter_shown"] = [form[f] for f in form.fields if f in shown]
        ctx["filter_hidden"] = [form[f] for f in form.fields if f not in shown and form[f].value()]
        return ctx


class ScopedDetailView(ScopedMixin, DetailView):
    pass


class ScopedObjectView(ScopedMixin, SingleObjectMixin, View):
    """A page that shows or changes one object: `self.object` is fetched through the view's scoped queryset
    before any method runs (out of scope: 404). With `change_perm`, every method but GET (GET too with
    `change_on_get`, for a page that is only a form) needs that right on `change_target()` (the object, unless
    the view names another): 403 without it. Served without an object id (a page that creates one),
    `self.object` is None and the right is needed somewhere (`scope_paths`)."""

    change_perm = ""
    change_on_get = False

    def change_target(self):
        return self.object

    def has_change_right(self) -> bool:
        user = self.request.user
        if self.object is None:
            return scope_paths(user, self.change_perm) is not None
        return user.has_perm(self.change_perm, self.change_target())

    def object_wanted(self) -> bool:
        """Whether this request names an object (by default: the URL carries its id)."""
        return self.pk_url_kwarg in self.kwargs

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object() if self.object_wanted() else None
        if self.change_perm and (request.method != "GET" or self.change_on_get) and not self.has_change_right():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedFormView(ScopedObjectView, FormView):
    """A form page that changes one object (or creates one, served without an id): ScopedObjectView's fetch
    and right (GET included), FormView's form handling. The page's context keeps its own names (no `object`
    alias under the model's name)."""

    change_on_get = True

    def get_context_object_name(self, obj):
        return None


class ScopedObjectPage(ScopedObjectView, TemplateView):
    """A template page of one object (`self.object`, from the scoped queryset), its context built by the view
    under its own names."""

    def get_context_object_name(self, obj):
        return None


# Domain errors a service raises that the page turns into a message (see `domain_error_response`).
def _domain_errors():
    from core.exceptions import Conflict  # IllegalTransition is a Conflict

    return (Conflict, ValidationError)


def domain_error_messages(exc) -> list[str]:
    """The user-language messages of a domain error (IllegalTransition, ValidationError, a conflict)."""
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [getattr(exc, "message", None) or str(exc)]


def domain_error_response(request, exc, *, back, form=None, rerender=None):
    """The page's one answer to a domain error raised by a service:
    - a ValidationError with a form and `rerender` (a callable giving the 400 page): the errors go onto the
      form (per field when the error names the form's fields), and the page is drawn again;
    - otherwise (IllegalTransition, a conflict, a ValidationError without a form): the message, in the user's
      language, as a django message, and a redirect to `back`."""
    if isinstance(exc, ValidationError) and form is not None and rerender is not None:
        if hasattr(exc, "error_dict"):
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            form.add_error(None, exc.messages)
        return rerender()
    messages.error(request, " ".join(domain_error_messages(exc)))
    return redirect(back)


class StepView(ScopedObjectView):
    """One workflow step on a page (POST): the object from the scoped queryset (404 outside), `change_perm` on
    it (403), an optional form (`form_class`; invalid: `form_invalid`), then `run_step(form)` calls the
    service; its domain errors are answered by `domain_error_response`; on success `success_message()` and
    a redirect to `success_url()`."""

    http_method_names = ["post"]
    form_class = None
    extra_domain_errors: tuple = ()  # a step's own refusals (e.g. a conflict), answered like IllegalTransition

    def get_form(self):
        return self.form_class(self.request.POST, self.request.FILES) if self.form_class else None

    def run_step(self, form):
        raise NotImplementedError

    def success_url(self):
        return self.object.get_absolute_url()

    def success_message(self):
        return ""

    def form_invalid(self, form):
        messages.error(self.request, " ".join(str(m) for errs in form.errors.values() for m in errs))
        return redirect(self.success_url())

    def domain_error(self, exc, form):
        rerender = (lambda: self.form_invalid(form)) if form is not None else None
        return domain_error_response(self.request, exc, back=self.success_url(), form=form, rerender=rerender)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.form_invalid(form)
        try:
            self.run_step(form)
        except (*_domain_errors(), *self.extra_domain_errors) as e:
            return self.domain_error(e, form)
        if msg := self.success_message():
            messages.success(request, msg)
        return redirect(self.success_url())


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for whatever the page's <link rel="icon"> says: the site's icon, not a 404."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")
