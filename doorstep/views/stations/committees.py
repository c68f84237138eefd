"""The stations' four committees (S1.2): members linked to residents or accounts, kept by staff with
services.change_service at the station; everyone reads the names and roles on the station's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import CHANGE_SERVICE, VIEW_SERVICE
from core.views import ScopedObjectView, ScopedPageView
from doorstep.forms.stations import CommitteeMemberForm
from doorstep.models import Committee, CommitteeKind, CommitteeMember, Place, PlaceKind
from doorstep.services.committees import committee_get_or_create, committee_member_add, committee_member_remove, committee_member_update


class CommitteeIndexView(ScopedPageView):
    """The stations in the user's scope with the number of members of each committee."""

    model = Place
    view_perm = VIEW_SERVICE
    template_name = "services/stations/committee_index.html"
    paginate_by = 50

    def get_queryset(self):
        counted = Committee.objects.annotate(n=Count("members")).order_by("kind")
        return super().get_queryset().filter(kind=PlaceKind.STATION).select_related("unit").prefetch_related(Prefetch("committees", queryset=counted)).order_by("unit_path", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = list(CommitteeKind)
        for place in ctx["object_list"]:
            counts = {c.kind: c.n for c in place.committees.all()}
            place.counts = [counts.get(k.value, 0) for k in CommitteeKind]
        return ctx


def committees_context(request, place, form=None):
    members = CommitteeMember.objects.filter(committee__place=place).select_related("committee", "resident", "user")
    by_kind = {}
    for m in members:
        by_kind.setdefault(m.committee.kind, []).append(m)
    can_change = request.user.has_perm(CHANGE_SERVICE, place)
    return {
        "place": place,
        "committees": [(k.value, k.label, by_kind.get(k.value, [])) for k in CommitteeKind],
        "can_change": can_change,
        "form": form if form is not None else (CommitteeMemberForm(place=place) if can_change else None),
    }


class CommitteesView(ScopedObjectView):
    """One station's committees; POST adds a member."""

    model, view_perm, change_perm = Place, VIEW_SERVICE, CHANGE_SERVICE

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def get(self, request, pk):
        place = self.object
        if place.kind != PlaceKind.STATION:
            raise PermissionDenied
        return render(request, "services/stations/committees.html", committees_context(request, place))

    def post(self, request, pk):
        place = self.object
        form = CommitteeMemberForm(request.POST, place=place)
        if form.is_valid():
            d = form.cleaned_data
            try:
                committee = committee_get_or_create(place=place, kind=d["kind"])
                committee_member_add(committee=committee, role=d["role"], name=d["name"], since=d["since"], **form.person_fields())
            except ValidationError as e:
                form.add_error(None, e.messages)
            else:
                messages.success(request, _("Member added."))
                return redirect("services:committees", pk=place.pk)
        return render(request, "services/stations/committees.html", committees_context(request, place, form), status=200)


class CommitteeMemberView(ScopedObjectView):
    """Change a member's role, published name or date, link a person; POST with `remove` removes the member.
    Only for staff who may change the station (GET included: the page is a form)."""

    model, view_perm, change_perm, change_on_get = CommitteeMember, VIEW_SERVICE, CHANGE_SERVICE, True

    def get_queryset(self):
        return super().get_queryset().select_related("committee__place", "resident", "user")

    def change_target(self):
        return self.place

    @property
    def member(self):
        return self.object

    @property
    def place(self):
        return self.object.committee.place

    def initial(self):
        m = self.member
        person = m.user.username if m.user else (f"#{m.resident.pk}" if m.resident else "")
        return {"kind": m.committee.kind, "role": m.role, "person": person, "name": m.name, "since": m.since}

    def render(self, form):
        return render(self.request, "services/stations/committee_member.html", {"member": self.member, "place": self.place, "form": form})

    def get(self, request, pk):
        form = CommitteeMemberForm(initial=self.initial(), place=self.place, require_person=False)
        form.fields["kind"].disabled = True
        return self.render(form)

    def post(self, request, pk):
        if "remove" in request.POST:
            committee_member_remove(member=self.member)
            messages.success(request, _("Member removed."))
            return redirect("services:committees", pk=self.place.pk)
        form = CommitteeMemberForm(request.POST, initial=self.initial(), place=self.place, require_person=False)
        form.fields["kind"].disabled = True
        if form.is_valid():
            d = form.cleaned_data
            try:
                committee_member_update(member=self.member, role=d["role"], name=d["name"], since=d["since"], **form.person_fields())
            except ValidationError as e:
                form.add_error(None, e.messages)
            else:
                messages.success(request, _("Saved."))
                return redirect("services:committees", pk=self.place.pk)
        return self.render(form)
