from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from people import views

app_name = "people"
urlpatterns = [
    path("", views.ResidentListView.as_view(), name="resident-list"),
    path("residents/new/", views.ResidentFormView.as_view(), name="resident-create"),
    path("residents/<id:pk>/", views.ResidentDetailView.as_view(), name="resident-detail"),
    path("residents/<id:pk>/edit/", views.ResidentEditView.as_view(), name="resident-edit"),
    path("residents/<id:pk>/reveal/<str:field>/", views.ResidentRevealView.as_view(), name="resident-reveal"),
    path("households/<id:pk>/", views.HouseholdDetailView.as_view(), name="household-detail"),
]
