"""/surveys/: questionnaires, answering, results."""

from django.urls import path  # noqa: F401

app_name = "surveys"

urlpatterns = []
