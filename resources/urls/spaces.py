"""/resources/spaces/, /resources/organisations/, /resources/projects/: 社区共享空间, 共建单位 and
公益慈善企业 with their 公益服务项目清单 (S2.2, S2.3)."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from resources.views import orgs as views_orgs
from resources.views import spaces as views_spaces

urlpatterns = [
    # 社区共享空间: public list and page (booked through services' pages), staff forms
    path("spaces/", views_spaces.SpaceListView.as_view(), name="space-list"),
    path("spaces/new/", views_spaces.SpaceCreateView.as_view(), name="space-create"),
    path("spaces/<id:pk>/", views_spaces.SpaceDetailView.as_view(), name="space-detail"),
    path("spaces/<id:pk>/edit/", views_spaces.SpaceEditView.as_view(), name="space-edit"),
    path("spaces/<id:pk>/deactivate/", views_spaces.SpaceDeactivateView.as_view(), name="space-deactivate"),
    # 共建单位, 公益慈善企业库 (?kind=enterprise), social organisations
    path("organisations/", views_orgs.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", views_orgs.OrganisationCreateView.as_view(), name="organisation-create"),
    path("organisations/<id:pk>/", views_orgs.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("organisations/<id:pk>/edit/", views_orgs.OrganisationEditView.as_view(), name="organisation-edit"),
    path("organisations/<id:pk>/projects/new/", views_orgs.ProjectCreateView.as_view(), name="project-create"),
    # 公益服务项目清单: one project
    path("projects/<id:pk>/", views_orgs.ProjectDetailView.as_view(), name="project-detail"),
    path("projects/<id:pk>/edit/", views_orgs.ProjectEditView.as_view(), name="project-edit"),
    path("projects/<id:pk>/deactivate/", views_orgs.ProjectDeactivateView.as_view(), name="project-deactivate"),
]
