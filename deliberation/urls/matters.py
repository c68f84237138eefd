"""Pages: the 三重一大 register, spendings, large-sum thresholds, and the register's Excel export."""

from django.urls import path

from deliberation.exports import ExportView
from deliberation.views import matters as v

urlpatterns = [
    path("matters/", v.MatterListView.as_view(), name="matter-list"),
    path("matters/new/", v.MatterCreateView.as_view(), name="matter-create"),
    path("matters/export.xlsx", ExportView.as_view(name="matters"), name="export-matters"),
    path("matters/<id:pk>/", v.MatterDetailView.as_view(), name="matter-detail"),
    path("matters/<id:pk>/<slug:step>/", v.MatterStepView.as_view(), name="matter-step"),
    path("spendings/", v.SpendingListView.as_view(), name="spending-list"),
    path("spendings/new/", v.SpendingCreateView.as_view(), name="spending-create"),
    path("spendings/<id:pk>/", v.SpendingDetailView.as_view(), name="spending-detail"),
    path("spendings/<id:pk>/<slug:step>/", v.SpendingStepView.as_view(), name="spending-step"),
    path("thresholds/", v.ThresholdListView.as_view(), name="threshold-list"),
    path("thresholds/<id:pk>/", v.ThresholdEditView.as_view(), name="threshold-edit"),
]
