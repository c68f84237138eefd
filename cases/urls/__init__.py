"""一网统管 pages under /cases/: the resident's (report, follow, rate), the staff's (workbench, patrol) and the dashboard's."""

from cases.urls import dashboard as urls_dashboard
from cases.urls import resident as urls_resident
from cases.urls import staff as urls_staff

app_name = "cases"
urlpatterns = [*urls_resident.urlpatterns, *urls_staff.urlpatterns, *urls_dashboard.urlpatterns]
