"""/smart/ingest/: the HTTP batch endpoint for devices and vendor platforms (smart.views_ingest)."""

from django.urls import path

from .views_ingest import IngestBatchView

urlpatterns = [path("", IngestBatchView.as_view(), name="ingest")]
