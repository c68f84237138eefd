from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("templates/<str:kind>.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("jobs/<id:pk>/", views.JobDetailView.as_view(), name="job-detail"),
    path("jobs/<id:pk>/progress/", views.JobProgressView.as_view(), name="job-progress"),
    path("export/", views.ExportView.as_view(), name="export"),
]
