"""The site's URLs plus the matches API routes (resources.api_matches), for the matches tests until
config/api.py registers them; /resources/needs/matches/ is put first so the pages resolve whatever the
state of resources/urls_needs.py. Used as pytest.mark.urls("resources.tests.matches_urls")."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from config.urls import handler404, handler500  # noqa: F401  (the handlers are read from here)
from config.urls import urlpatterns as site
from resources import api_matches
from resources import urls as resources_urls

router = SimpleRouter()
for prefix, viewset, basename in api_matches.ROUTES:
    router.register(prefix, viewset, basename=basename)

resources_patterns = ([path("needs/matches/", include("resources.urls_matches")), *resources_urls.urlpatterns], "resources")
urlpatterns = [path("api/", include([*router.urls, *api_matches.PATHS])), path("resources/", include(resources_patterns)), *site]
