"""/resources/needs/ (stub: filled in by its owner)."""

urlpatterns = []
