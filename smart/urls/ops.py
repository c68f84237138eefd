"""Pages under /smart/: the device registry and map, device pages, the live operations page, alarms,
vendors and maintainers (see smart/urls.py)."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from smart.views import alarms, device, ops, registry, vendors

urlpatterns = [
    path("devices/", registry.DeviceListView.as_view(), name="device-list"),
    path("devices/new/", registry.DeviceCreateView.as_view(), name="device-create"),
    path("devices/map/", registry.DeviceMapView.as_view(), name="device-map"),
    path("devices/map/devices.geojson", registry.device_geojson, name="device-geojson"),
    path("devices/<id:pk>/", device.DeviceDetailView.as_view(), name="device-detail"),
    path("devices/<id:pk>/edit/", registry.DeviceEditView.as_view(), name="device-edit"),
    path("devices/<id:pk>/credential/", registry.DeviceCredentialView.as_view(), name="device-credential"),
    path("devices/<id:pk>/series.json", device.device_series, name="device-series"),
    path("events/<id:pk>/snapshot/", device.event_snapshot, name="event-snapshot"),
    path("ops/", ops.OpsView.as_view(), name="ops"),
    path("ops/poll.json", ops.ops_poll, name="ops-poll"),
    path("ops/<slug:part>/", ops.ops_fragment, name="ops-fragment"),
    path("alarms/", alarms.AlarmListView.as_view(), name="alarm-list"),
    path("alarms/<id:pk>/<slug:action>/", alarms.AlarmActionView.as_view(), name="alarm-action"),
    path("vendors/", vendors.VendorListView.as_view(), name="vendor-list"),
    path("vendors/new/", vendors.VendorFormView.as_view(), name="vendor-create"),
    path("vendors/<id:pk>/", vendors.VendorFormView.as_view(), name="vendor-edit"),
    path("vendors/<id:pk>/key/", vendors.VendorKeyView.as_view(), name="vendor-key"),
    path("maintainers/", vendors.MaintainerListView.as_view(), name="maintainer-list"),
    path("maintainers/new/", vendors.MaintainerFormView.as_view(), name="maintainer-create"),
    path("maintainers/<id:pk>/", vendors.MaintainerFormView.as_view(), name="maintainer-edit"),
]
