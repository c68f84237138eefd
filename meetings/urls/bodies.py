"""Pages: bodies."""

urlpatterns = []
