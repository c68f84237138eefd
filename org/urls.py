from django.urls import path

import core.converters  # noqa: F401  registers <id:...>

from . import views

app_name = "org"
urlpatterns = [
    path("", views.UnitTreeView.as_view(), name="unit-tree"),
    path("units/<id:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
    path("units/<id:pk>/edit/", views.UnitEditView.as_view(), name="unit-edit"),
    path("map/", views.GridMapView.as_view(), name="grid-map"),
    path("map/grids.geojson", views.grid_geojson, name="grid-geojson"),
]
