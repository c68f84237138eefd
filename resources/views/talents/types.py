"""Resource types as data: every type of the three libraries (talent skills, shared spaces, charity
projects), with how many talents, needs and catalogue rows use each; staff holding change_resource at
the subdistrict add one, rename, regroup, reorder or take one out of use."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import VIEW_RESOURCE
from core.views import CapabilityMixin, CapabilityView
from resources.forms.talents import ResourceTypeCreateForm, ResourceTypeForm
from resources.models import ResourceKind, ResourceType
from resources.services.talents import resource_type_create, resource_type_update


def render_types(request, create_form=None, bound=None, status=200):
    can_edit = request.user.has_perm("resources.edit_resource_types")
    types = list(
        ResourceType.objects.annotate(n_talents=Count("talent_skills", distinct=True), n_resources=Count("resources", distinct=True)).order_by(
            "kind", "sort", "code"
        )
    )
    groups = []
    for kind, label in ResourceKind.choices:
        rows = []
        for t in types:
            if t.kind != kind:
                continue
            form = None
            if can_edit:
                form = (
                    bound[1]
                    if bound and bound[0] == t.pk
                    else ResourceTypeForm(initial={k: getattr(t, k) for k in ("name", "name_en", "group", "sort", "is_active")}, auto_id=f"id_t{t.pk}_%s")
                )
            rows.append((t, form))
        groups.append((kind, label, rows))
    ctx = {
        "groups": groups,
        "can_edit": can_edit,
        "create_form": (create_form or ResourceTypeCreateForm(auto_id="id_new_%s")) if can_edit else None,
        "here": "types",
    }
    return render(request, "resources/talents/types.html", ctx, status=status)


class TypeListView(CapabilityMixin, View):
    required_perm = VIEW_RESOURCE

    def get(self, request):
        return render_types(request)

    def post(self, request):
        if not request.user.has_perm("resources.edit_resource_types"):
            raise PermissionDenied
        form = ResourceTypeCreateForm(request.POST, auto_id="id_new_%s")
        if form.is_valid():
            try:
                rtype = resource_type_create(by=request.user, **form.cleaned_data)
            except ValidationError as e:
                for field, errs in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The type “%(name)s” is added.") % {"name": rtype.name})
                return redirect("resources:type-list")
        return render_types(request, create_form=form, status=400)


class TypeEditView(CapabilityView):
    """POST: change one resource type (the platform's one catalogue, hung on no unit: `resources.edit_resource_types`)."""

    required_perm = VIEW_RESOURCE

    def post(self, request, pk):
        if not request.user.has_perm("resources.edit_resource_types"):
            raise PermissionDenied
        rtype = get_object_or_404(ResourceType, pk=pk)
        form = ResourceTypeForm(request.POST, auto_id=f"id_t{rtype.pk}_%s")
        if form.is_valid():
            try:
                resource_type_update(rtype=rtype, by=request.user, **form.cleaned_data)
            except ValidationError as e:
                for field, errs in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The type “%(name)s” is saved.") % {"name": form.cleaned_data["name"]})
                return redirect("resources:type-list")
        return render_types(request, bound=(rtype.pk, form), status=400)
