"""/services/stations/: public station pages and the map; duty rosters; the reception log."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from doorstep.views.stations import committees, duty, public, reception

urlpatterns = [
    path("", public.StationListView.as_view(), name="station-list"),
    path("map/", public.ServiceMapView.as_view(), name="station-map"),
    path("map.geojson", public.station_map_geojson, name="station-map-geojson"),
    path("<id:pk>/", public.StationDetailView.as_view(), name="station-detail"),
    path("<id:pk>/duty/", duty.RosterView.as_view(), name="duty-roster"),
    path("committees/", committees.CommitteeIndexView.as_view(), name="committee-index"),
    path("<id:pk>/committees/", committees.CommitteesView.as_view(), name="committees"),
    path("committee-members/<id:pk>/", committees.CommitteeMemberView.as_view(), name="committee-member"),
    path("<id:pk>/duty/copy/", duty.CopyWeekView.as_view(), name="duty-copy"),
    path("<id:pk>/duty/print/", duty.RosterPrintView.as_view(), name="duty-print"),
    path("duty/<id:pk>/delete/", duty.ShiftDeleteView.as_view(), name="duty-delete"),
    path("reception/", reception.ReceptionListView.as_view(), name="reception-list"),
    path("reception/new/", reception.ReceptionCreateView.as_view(), name="reception-create"),
    path("reception/residents/", reception.ResidentSearchView.as_view(), name="reception-residents"),
    path("reception/<id:pk>/", reception.ReceptionDetailView.as_view(), name="reception-detail"),
    path("reception/<id:pk>/case/", reception.ReceptionCaseView.as_view(), name="reception-case"),
    path("reception/<id:pk>/follow-up/", reception.FollowUpDoneView.as_view(), name="reception-follow-up"),
]
