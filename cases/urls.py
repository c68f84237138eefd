"""一网统管 pages under /cases/: the resident's (report, follow, rate), the staff's (workbench, patrol) and the dashboard's."""

from . import urls_dashboard, urls_resident, urls_staff

app_name = "cases"
urlpatterns = [*urls_resident.urlpatterns, *urls_staff.urlpatterns, *urls_dashboard.urlpatterns]
