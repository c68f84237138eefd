from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.ResidentListView.as_view(), name="resident-list"),
    path("residents/new/", views.ResidentFormView.as_view(), name="resident-create"),
    path("residents/<int:pk>/", views.ResidentDetailView.as_view(), name="resident-detail"),
    path("residents/<int:pk>/edit/", views.ResidentFormView.as_view(), name="resident-edit"),
    path("residents/<int:pk>/reveal/<str:field>/", views.ResidentRevealView.as_view(), name="resident-reveal"),
    path("households/<int:pk>/", views.HouseholdDetailView.as_view(), name="household-detail"),
]
