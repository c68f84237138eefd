"""/resources/export/: the three libraries as .xlsx in the import's columns (resources.exports)."""

from django.urls import path

from resources.imports.spec import ORGANISATIONS, SPACES, TALENTS

from .exports import ExportView

urlpatterns = [
    path("talents.xlsx", ExportView.as_view(name=TALENTS), name="export-talents"),
    path("spaces.xlsx", ExportView.as_view(name=SPACES), name="export-spaces"),
    path("organisations.xlsx", ExportView.as_view(name=ORGANISATIONS), name="export-organisations"),
]
