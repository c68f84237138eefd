from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from org import views
from org.views import elements as views_elements
from org.views import maps as views_maps

app_name = "org"
urlpatterns = [
    path("", views.UnitTreeView.as_view(), name="unit-tree"),
    path("units/<id:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
    path("units/<id:pk>/edit/", views.UnitEditView.as_view(), name="unit-edit"),
    path("units/<id:pk>/boundary/", views.BoundaryEditView.as_view(), name="boundary-edit"),
    path("units/<id:pk>/boundary/context.geojson", views.boundary_context, name="boundary-context"),
    path("units/<id:pk>/boundaries/import/", views.BoundaryImportView.as_view(), name="boundary-import"),
    path("units/<id:unit_pk>/responsibles/add/", views.ResponsibleAddView.as_view(), name="responsible-add"),
    path("units/<id:unit_pk>/responsibles/<id:pk>/", views.ResponsibleEditView.as_view(), name="responsible-edit"),
    path("units/<id:unit_pk>/responsibles/<id:pk>/delete/", views.ResponsibleDeleteView.as_view(), name="responsible-delete"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("elements/", views_elements.ElementListView.as_view(), name="element-list"),
    path("elements/<id:pk>/", views_elements.ElementDetailView.as_view(), name="element-detail"),
    path("elements/<id:pk>/edit/", views_elements.ElementEditView.as_view(), name="element-edit"),
    path("units/<id:grid_pk>/elements/add/", views_elements.ElementAddView.as_view(), name="element-add"),
    path("map/", views.GridMapView.as_view(), name="grid-map"),
    path("map/grids.geojson", views.grid_geojson, name="grid-geojson"),
    path("map/base.geojson", views_maps.base_geojson, name="map-base"),
    path("map/search.json", views_maps.place_search, name="map-search"),
]
