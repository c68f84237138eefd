"""Pages: summons."""

urlpatterns = []
