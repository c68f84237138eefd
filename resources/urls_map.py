"""/resources/map/ (stub: filled in by its owner)."""

urlpatterns = []
