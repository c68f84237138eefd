"""/smart/ingest/: the HTTP batch endpoint for devices and vendor platforms (smart.views.ingest)."""

from django.urls import path

from smart.views.ingest import IngestBatchView

urlpatterns = [path("", IngestBatchView.as_view(), name="ingest")]
