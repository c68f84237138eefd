from django.contrib.auth import views as auth_views
from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("roles/", views.AssignmentListView.as_view(), name="assignment-list"),
    path("roles/<id:pk>/revoke/", views.AssignmentRevokeView.as_view(), name="assignment-revoke"),
]
