"""URLs of the resident pages (see cases/urls.py)."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from cases.views import photos, resident

urlpatterns = [
    path("report/", resident.ReportView.as_view(), name="report"),
    path("report/done/", resident.ReportDoneView.as_view(), name="report-done"),
    path("report/nearby/", resident.report_nearby, name="report-nearby"),
    path("report/grids.geojson", resident.report_grids, name="report-grids"),
    path("report/follow/<id:pk>/", resident.FollowView.as_view(), name="follow"),
    path("track/", resident.track, name="track"),
    path("mine/", resident.MineListView.as_view(), name="mine"),
    path("mine/<id:pk>/", resident.MineDetailView.as_view(), name="mine-detail"),
    path("mine/<id:pk>/verify/", resident.MineVerifyView.as_view(), name="mine-verify"),
    path("mine/<id:pk>/rate/", resident.MineRateView.as_view(), name="mine-rate"),
    path("mine/<id:pk>/reopen/", resident.MineReopenView.as_view(), name="mine-reopen"),
    path("photos/<id:pk>/", photos.photo, name="photo"),
    path("photos/<id:pk>/thumb/", photos.photo_thumb, name="photo-thumb"),
]
