from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from notices import views

app_name = "notices"
urlpatterns = [
    path("", views.NoticeListView.as_view(), name="list"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("<id:pk>/", views.notice_open, name="open"),
]
