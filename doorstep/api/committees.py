"""API for the stations' committee members (/api/committee-members/): read with services.view_service,
kept with services.change_service at the station; 404 outside the scope, 403 without the right."""

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from accounts.models import User
from accounts.roles import CHANGE_SERVICE, VIEW_SERVICE
from core.api import ScopedModelViewSet
from core.filters import MAX_ID
from doorstep.filtersets import CommitteeMemberFilterSet
from doorstep.models import CommitteeKind, CommitteeMember, CommitteeRole, Place
from doorstep.services.committees import committee_get_or_create, committee_member_add, committee_member_remove, committee_member_update
from people.models import Resident


class CommitteeMemberSerializer(serializers.ModelSerializer):
    """A seat: `station` and `kind` name the committee (set on create only); `resident` (id) or `username` the person."""

    station = serializers.PrimaryKeyRelatedField(source="committee.place", queryset=Place.objects.all(), pk_field=serializers.IntegerField(min_value=1, max_value=MAX_ID))
    kind = serializers.ChoiceField(source="committee.kind", choices=CommitteeKind.choices)
    role = serializers.ChoiceField(choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all(), required=False, allow_null=True, pk_field=serializers.IntegerField(min_value=1, max_value=MAX_ID))
    username = serializers.SlugRelatedField(source="user", slug_field="username", queryset=User.objects.all(), required=False, allow_null=True)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True)

    class Meta:
        model = CommitteeMember
        fields = ["id", "station", "kind", "role", "name", "resident", "username", "since"]




class CommitteeMemberViewSet(mixins.DestroyModelMixin, ScopedModelViewSet):
    """社区党群、社区自治、社区服务、社区平安委员会: each station committee's members, linked to residents or accounts."""

    queryset = CommitteeMember.objects.select_related("committee__place", "user")
    serializer_class = CommitteeMemberSerializer
    filterset_class = CommitteeMemberFilterSet
    view_perm, change_perm = VIEW_SERVICE, CHANGE_SERVICE

    def create_service(self, data):
        committee_data = data.pop("committee")
        place = committee_data["place"]
        if not self.request.user.has_perm(CHANGE_SERVICE, place):
            raise PermissionDenied()
        with transaction.atomic():
            committee = committee_get_or_create(place=place, kind=committee_data["kind"])
            return committee_member_add(committee=committee, **data)

    def update_service(self, member, data):
        committee_data = data.pop("committee", {})
        if any(committee_data.get(k) not in (None, v) for k, v in (("place", member.committee.place), ("kind", member.committee.kind))):
            raise DRFValidationError({"kind": [_("A member moves to another committee by being removed and added.")]})
        return committee_member_update(member=member, **data)

    def destroy(self, request, *args, **kwargs):
        member = self.get_object()
        self.check_write(member)
        committee_member_remove(member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)
