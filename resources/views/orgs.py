"""共建单位, 公益慈善企业库 and 公益服务项目清单 pages (S2.2, S2.3): the organisations by kind, one
organisation with its projects and spaces, a project, and their forms.

Anyone signed in sees active organisations and their active projects without contacts; staff with
resources.view_resource also see their units' inactive ones, with contacts; writes need
resources.change_resource at the organisation's unit (out of sight: 404; in sight without the right: 403)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.roles import CHANGE_RESOURCE, VIEW_RESOURCE
from accounts.scope import has_perm_anywhere
from core.views import ScopedObjectPage
from resources.filtersets.spaces import OrganisationFilterSet
from resources.forms.orgs import OrganisationForm, ProjectForm
from resources.models import Organisation, OrganisationKind, Project
from resources.selectors import spaces as sel
from resources.services import orgs as svc
from resources.services.orgs import ORG_UNIT_KINDS
from resources.views.spaces import LibraryFormView, StepView, VisibleListView


class OrganisationListView(VisibleListView):
    """/resources/organisations/?kind=enterprise: the 公益慈善企业库; ?kind=co_building: 共建单位."""

    filterset_class = OrganisationFilterSet
    template_name = "resources/orgs/list.html"

    def get_queryset(self):
        return sel.organisation_rows(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        ctx.update(kind=kind if kind in OrganisationKind.values else "", kinds=OrganisationKind.choices)
        return ctx


class OrganisationDetailView(ScopedObjectPage):
    """/resources/organisations/<id>/: the organisation, its 公益服务项目清单 and its spaces."""

    template_name = "resources/orgs/detail.html"
    model = Organisation

    def get_queryset(self):
        return sel.visible_organisations(self.request.user).select_related("unit").prefetch_related("districts")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        org = self.object
        can_edit = user.has_perm(CHANGE_RESOURCE, org)
        ctx.update(
            org=org,
            districts=list(org.districts.all()),
            projects=list(sel.project_rows(user, org)),
            spaces=list(sel.organisation_spaces(user, org)),
            is_staff=user.has_perm(VIEW_RESOURCE, org),
            can_edit=can_edit,
            can_add_space=has_perm_anywhere(user, CHANGE_RESOURCE),
        )
        return ctx


def _org_form_kwargs(view) -> dict:
    user = view.request.user
    return {"units": sel.change_units(user, ORG_UNIT_KINDS), "districts": sel.districts_for(user)}


class OrganisationCreateView(LibraryFormView):
    form_class = OrganisationForm
    title = gettext_lazy("New organisation")
    template_name = "resources/orgs/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **_org_form_kwargs(self)}

    def get_initial(self):
        kind = self.request.GET.get("kind", "")
        return {"kind": kind if kind in OrganisationKind.values else OrganisationKind.ENTERPRISE, "is_active": True}

    def save(self, form):
        v = form.values()
        return svc.organisation_create(kind=v.pop("kind"), name=v.pop("name"), unit=v.pop("unit"), by=self.request.user, **v)

    def success_url_for(self, org):
        return reverse("resources:organisation-detail", args=[org.pk])

    def back_url(self):
        return reverse("resources:organisation-list")


class OrganisationEditView(LibraryFormView):
    form_class = OrganisationForm
    title = gettext_lazy("Edit organisation")
    template_name = "resources/orgs/form.html"

    model = Organisation

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    @property
    def org(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **_org_form_kwargs(self)}

    def get_initial(self):
        return OrganisationForm.initial_from(self.org)

    def save(self, form):
        return svc.organisation_update(organisation=self.org, by=self.request.user, **form.values())

    def success_url_for(self, org):
        return reverse("resources:organisation-detail", args=[org.pk])

    def subtitle(self):
        return self.org.name

    def back_url(self):
        return reverse("resources:organisation-detail", args=[self.org.pk])


# --- projects (公益服务项目清单) --------------------------------------------------------------------


class ProjectDetailView(ScopedObjectPage):
    template_name = "resources/orgs/project.html"
    model = Project

    def get_queryset(self):
        return sel.visible_projects(self.request.user).select_related("organisation__unit").prefetch_related("types", "districts")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        project = self.object
        ctx.update(
            project=project,
            org=project.organisation,
            types=list(project.types.all()),
            districts=list(project.districts.all()),
            hours=sel.readable_week(project.availability or {}),
            is_staff=user.has_perm(VIEW_RESOURCE, project),
            can_edit=user.has_perm(CHANGE_RESOURCE, project),
        )
        return ctx


def _project_form_kwargs(view) -> dict:
    return {"types": sel.project_types(), "districts": sel.districts_for(view.request.user)}


class ProjectCreateView(LibraryFormView):
    """/resources/organisations/<id>/projects/new/: a line of the organisation's 公益服务项目清单."""

    form_class = ProjectForm
    title = gettext_lazy("New charity project")
    template_name = "resources/orgs/form.html"

    model = Organisation

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    @property
    def org(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **_project_form_kwargs(self), "hours": {}}

    def get_initial(self):
        return {"capacity": 30, "deliveries": 4, "budget": 0, "cost_to_requester": 0, "is_active": True}

    def save(self, form):
        v = form.values()
        return svc.project_create(organisation=self.org, name=v.pop("name"), types=v.pop("types"), by=self.request.user, **v)

    def success_url_for(self, project):
        return reverse("resources:project-detail", args=[project.pk])

    def subtitle(self):
        return self.org.name

    def back_url(self):
        return reverse("resources:organisation-detail", args=[self.org.pk])


class ProjectEditView(LibraryFormView):
    form_class = ProjectForm
    title = gettext_lazy("Edit charity project")
    template_name = "resources/orgs/form.html"

    model = Project

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")

    @property
    def project(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **_project_form_kwargs(self), "hours": self.project.availability}

    def get_initial(self):
        return ProjectForm.initial_from(self.project)

    def save(self, form):
        return svc.project_update(project=self.project, by=self.request.user, **form.values())

    def success_url_for(self, project):
        return reverse("resources:project-detail", args=[project.pk])

    def subtitle(self):
        return f"{self.project.organisation.name} · {self.project.name}"

    def back_url(self):
        return reverse("resources:project-detail", args=[self.project.pk])


class ProjectDeactivateView(StepView):
    model = Project
    done_message = gettext_lazy("The project is off the list; it is no longer matched.")

    def step(self, project, user):
        svc.project_deactivate(project=project, by=user)

    def next_url(self, project):
        return reverse("resources:project-detail", args=[project.pk])
