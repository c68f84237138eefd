"""The map API (S2.4): figures, not a model, so PATHS rather than ROUTES.

GET /api/resource-map/    the resource-sharing map as an RFC 7946 GeoJSON FeatureCollection
GET /api/resource-graph/  which organisations and resources serve which 居民区: nodes and weighted edges
Both in the caller's scope (resources.view_resource); filters as on the pages (resources.views.map.MapFilterForm)."""

from django.urls import path
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import VIEW_RESOURCE
from accounts.scope import has_perm_anywhere
from resources.models import NeedState
from resources.selectors.map import LAYERS, RESOURCE_KINDS, map_features, resource_graph
from resources.views.map import MapFilterForm

FEATURE_COLLECTION = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection (RFC 7946): Points for talents (at their 居民区's centre unless the caller may see "
    "personal data there), spaces, projects and needs; LineStrings need → resource for agreements and services. Coordinates [lng, lat].",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "string"},
                    "geometry": {"type": "object", "additionalProperties": True},
                    "properties": {
                        "type": "object",
                        "additionalProperties": True,
                        "description": "layer, id, name, types, district, state, matches, records, url, ...",
                    },
                },
                "required": ["type", "geometry", "properties"],
            },
        },
    },
    "required": ["type", "features"],
}
GRAPH = {
    "type": "object",
    "description": "Nodes (居民区, organisations, talents, spaces, projects) and edges: organisation → what it offers (offers), "
    "resource → 居民区 served through agreements and services (serves; weight = agreements, records = service records), resource → 居民区 where it is (located).",
    "properties": {
        "categories": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}, "name": {"type": "string"}}}},
        "nodes": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        "edges": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        "totals": {"type": "object", "properties": {"matches": {"type": "integer"}, "records": {"type": "integer"}}},
    },
    "required": ["categories", "nodes", "edges", "totals"],
}


def parameters(kinds, graph=False):
    params = [
        OpenApiParameter(
            "kind", {"type": "array", "items": {"type": "string", "enum": list(kinds)}}, explode=True, description="layers to include (default: all)"
        ),
        OpenApiParameter("type", OpenApiTypes.INT, description="a resource type id: resources offering it, needs asking for it"),
        OpenApiParameter("district", OpenApiTypes.INT, description="a 居民区 id in the caller's scope"),
        OpenApiParameter("from", OpenApiTypes.DATE, description="first day, YYYY-MM-DD: agreements made or services given from then"),
        OpenApiParameter("to", OpenApiTypes.DATE, description="last day, YYYY-MM-DD"),
    ]
    if graph:
        params.append(OpenApiParameter("show", str, enum=["all"], description="all: every resource, not only those with agreements"))
    else:
        params.append(OpenApiParameter("state", str, enum=[s.value for s in NeedState], description="needs in this state (default: open, agreed, served)"))
    return params


class OneObjectSchema(AutoSchema):
    """One object, never an array."""

    def _is_list_view(self, serializer=None):
        return False


class MapAPIView(APIView):
    schema = OneObjectSchema()
    graph = False

    def query(self, request):
        if not has_perm_anywhere(request.user, VIEW_RESOURCE):
            raise PermissionDenied()
        form = MapFilterForm(request.query_params, user=request.user, graph=self.graph)
        if not form.is_valid():
            raise ValidationError(form.errors_json())
        return form.query()


class ResourceMapView(MapAPIView):
    @extend_schema(
        operation_id="resource_map", summary="The resource-sharing map as GeoJSON", parameters=parameters(LAYERS), responses={200: FEATURE_COLLECTION}
    )
    def get(self, request):
        return Response(map_features(request.user, self.query(request)))


class ResourceGraphView(MapAPIView):
    graph = True

    @extend_schema(
        operation_id="resource_graph",
        summary="Which units and resources serve which residential district",
        parameters=parameters(RESOURCE_KINDS, graph=True),
        responses={200: GRAPH},
    )
    def get(self, request):
        return Response(resource_graph(request.user, self.query(request)))


ROUTES = []  # [(prefix, viewset, basename)]
PATHS = [
    path("resource-map/", ResourceMapView.as_view(), name="resource-map"),
    path("resource-graph/", ResourceGraphView.as_view(), name="resource-graph"),
]
