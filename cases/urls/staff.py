"""URLs of the staff pages (see cases/urls.py)."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from cases.views import patrol, photos, staff, staff_detail, staff_hotline, staff_map

urlpatterns = [
    path("", staff.WorkbenchView.as_view(), name="workbench"),
    path("bulk-dispatch/", staff.BulkDispatchView.as_view(), name="bulk-dispatch"),
    path("<id:pk>/", staff_detail.CaseDetailView.as_view(), name="case-detail"),
    path("<id:pk>/contact/reveal/", staff_detail.CaseContactRevealView.as_view(), name="case-contact-reveal"),
    path("<id:pk>/steps/<slug:action>/", staff_detail.CaseStepView.as_view(), name="case-step"),
    path("map/", staff_map.CaseMapView.as_view(), name="map"),
    path("map/cases.geojson", staff_map.case_geojson, name="map-geojson"),
    path("hotline/", staff_hotline.HotlineView.as_view(), name="hotline"),
    path("patrol/", patrol.PatrolView.as_view(), name="patrol"),
    path("patrol/kept/<slug:token>.jpg", photos.pending_thumb, name="patrol-kept-photo"),
]
