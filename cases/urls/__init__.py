"""一网统管 pages under /cases/: the resident's (report, follow, rate), the staff's (workbench, patrol) and the dashboard's."""

from cases.urls import dashboard, resident, staff

app_name = "cases"
urlpatterns = [*resident.urlpatterns, *staff.urlpatterns, *dashboard.urlpatterns]
