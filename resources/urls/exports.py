"""/resources/export/: the three libraries as .xlsx in the import's columns (resources.exports)."""

from django.urls import path

from resources.exports import ExportView
from resources.imports.spec import ORGANISATIONS, SPACES, TALENTS

urlpatterns = [
    path("talents.xlsx", ExportView.as_view(name=TALENTS), name="export-talents"),
    path("spaces.xlsx", ExportView.as_view(name=SPACES), name="export-spaces"),
    path("organisations.xlsx", ExportView.as_view(name=ORGANISATIONS), name="export-organisations"),
]
