from accounts.roles import VIEW_CASE
from core.api import ScopedReadOnlyViewSet

from .filtersets import CaseFilterSet
from .models import Case
from .serializers import CaseDetailSerializer, CaseSerializer


class CaseViewSet(ScopedReadOnlyViewSet):
    """一网统管 cases in the caller's data scope, read-only; the detail carries the timeline."""

    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    view_perm = VIEW_CASE

    def get_queryset(self):
        qs = super().get_queryset().select_related("category", "grid", "unit", "handling_unit")
        return qs.prefetch_related("transitions") if self.action == "retrieve" else qs

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer
