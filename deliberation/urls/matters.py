"""Pages: matters."""

urlpatterns = []
