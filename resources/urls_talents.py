"""/resources/talents/ (stub: filled in by its owner)."""

urlpatterns = []
