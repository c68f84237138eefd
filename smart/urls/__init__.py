"""/smart/: the device registry, the live operations page, alarm rules, and the HTTP ingestion endpoint."""

from django.urls import include, path

app_name = "smart"

urlpatterns = [
    path("", include("smart.urls.ops")),  # registry, device pages, live operations, alarms (pages)
    path("rules/", include("smart.urls.rules")),  # alarm rules editor
    path("ingest/", include("smart.urls.ingest")),  # HTTP batch ingestion for devices and vendor platforms
]
