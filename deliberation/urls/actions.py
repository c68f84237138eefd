"""Pages: actions."""

urlpatterns = []
