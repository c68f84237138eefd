"""/resources/map/: 资源共享导图 (S2.4): the map, the graph, and their GeoJSON and JSON."""

from django.urls import path

from resources.views import map as views_map

urlpatterns = [
    path("", views_map.MapView.as_view(), name="map"),
    path("graph/", views_map.GraphView.as_view(), name="map-graph"),
    path("features.geojson", views_map.map_geojson, name="map-geojson"),
    path("graph.json", views_map.graph_json, name="map-graph-json"),
]
