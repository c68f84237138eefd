"""Pages: decisions."""

urlpatterns = []
