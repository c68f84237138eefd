"""/smart/: the device registry, the live operations page, alarm rules, and the HTTP ingestion endpoint."""

from django.urls import include, path

app_name = "smart"

urlpatterns = [
    path("", include("smart.urls_ops")),  # registry, device pages, live operations, alarms (pages)
    path("rules/", include("smart.urls_rules")),  # alarm rules editor
    path("ingest/", include("smart.urls_ingest")),  # HTTP batch ingestion for devices and vendor platforms
]
