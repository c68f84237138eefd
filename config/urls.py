from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token

from core import health

# Swagger UI writes <style> elements of its own: allow inline styles (never scripts) on that page only.
api_docs = csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/token/", obtain_auth_token, name="api-token"),
    path("", include("home.urls")),
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("org/", include("org.urls")),
    path("people/", include("people.urls")),
    path("imports/", include("imports.urls")),
    path("audit/", include("audit.urls")),
    path("cases/", include("cases.urls")),
    path("notices/", include("notices.urls")),
    path("smart/", include("smart.urls")),
    path("services/", include("doorstep.urls")),
    path("surveys/", include("surveys.urls")),
    path("resources/", include("resources.urls")),
    path("meetings/", include("meetings.urls")),
    path("deliberation/", include("deliberation.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("open311/v2/", include("open311.urls")),
    path("api/", include("config.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

handler404 = "home.errors.page_not_found"
handler500 = "home.errors.server_error"
