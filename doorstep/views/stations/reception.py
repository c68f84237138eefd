"""The reception log (接待群众; services.receive_visitor): the list with filters and open follow-ups, a new
record (find the resident by name or mobile, or write a visitor's name and phone), a record's page with
"open a case" in one step and "follow-up done"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import RECEIVE_VISITOR
from core.views import CapabilityMixin, CapabilityView, ScopedListView, ScopedObjectView
from doorstep.filtersets import ReceptionFilterSet
from doorstep.forms.stations import FollowUpForm, OpenCaseForm, ReceptionForm, find_residents, reception_places
from doorstep.models import ReceptionLog
from doorstep.services.reception import default_case_unit, reception_follow_up_done, reception_open_case, reception_record
from people.filtersets import exact_search_refusal


class ReceptionListView(ScopedListView):
    model = ReceptionLog
    view_perm = RECEIVE_VISITOR
    filterset_class = ReceptionFilterSet
    template_name = "services/stations/reception_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("place", "received_by", "case", "resident").order_by("-at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = timezone.localdate()
        ctx["places"] = list(reception_places(self.request.user).only("id", "name"))
        ctx["open_count"] = ReceptionLog.objects.for_user(self.request.user, RECEIVE_VISITOR).exclude(follow_up="").filter(follow_up_done=False).count()
        return ctx


class ReceptionLogView(ScopedObjectView):
    """A page of one reception record (scoped by RECEIVE_VISITOR, 404 outside)."""

    model, view_perm = ReceptionLog, RECEIVE_VISITOR

    def get_queryset(self):
        return super().get_queryset().select_related("place__unit", "received_by", "resident", "case")


class ReceptionCreateView(CapabilityMixin, View):
    required_perm = RECEIVE_VISITOR

    def get(self, request):
        initial = {"place": request.GET.get("place")} if request.GET.get("place") else None
        return self.show(request, ReceptionForm(user=request.user, initial=initial))

    def show(self, request, form, status=200, resident=None):
        return render(request, "services/stations/reception_form.html", {"form": form, "resident": resident}, status=status)

    def post(self, request):
        form = ReceptionForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                log = reception_record(
                    place=d["place"],
                    by=request.user,
                    topic=d["topic"],
                    resident=d["resident"],
                    visitor_name=d["visitor_name"],
                    visitor_phone=d["visitor_phone"],
                    action_taken=d["action_taken"],
                    follow_up=d["follow_up"],
                    follow_up_due=d["follow_up_due"],
                )
            except ValidationError as e:
                for field, errs in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The visit was recorded."))
                return redirect("services:reception-detail", pk=log.pk)
        resident = form.cleaned_data.get("resident") if hasattr(form, "cleaned_data") else None
        return self.show(request, form, status=400, resident=resident)


class ResidentSearchView(CapabilityView):
    """htmx: residents matching ?q= (name, pinyin initials or a full mobile number), masked."""

    required_perm = RECEIVE_VISITOR

    def get(self, request):
        q = request.GET.get("q", "")
        return render(request, "services/stations/_resident_results.html", {"residents": find_residents(request.user, q), "q": q, "refusal": exact_search_refusal(request.user, q)})


def render_log(request, log, case_form=None, status=200):
    if case_form is None and not log.case_id:
        case_form = OpenCaseForm(user=request.user, log=log, initial_unit=default_case_unit(log))
    ctx = {
        "log": log,
        "case_form": case_form if not log.case_id else None,
        "follow_form": FollowUpForm() if log.follow_up and not log.follow_up_done else None,
        "overdue": bool(log.follow_up and not log.follow_up_done and log.follow_up_due and log.follow_up_due < timezone.localdate()),
        "case_url": reverse("cases:case-detail", args=[log.case_id]) if log.case_id else "",
    }
    return render(request, "services/stations/reception_detail.html", ctx, status=status)


class ReceptionDetailView(ReceptionLogView):
    def get(self, request, pk):
        return render_log(request, self.object)


class ReceptionCaseView(ReceptionLogView):
    """POST: open a case from the record in one step (cases.services.case_report) and link it. Whoever may
    keep the reception log may do it: like a resident's own report, the case then waits to be registered."""

    def post(self, request, pk):
        log = self.object
        form = OpenCaseForm(request.POST, user=request.user, log=log)
        if not form.is_valid():
            return render_log(request, log, case_form=form, status=400)
        d = form.cleaned_data
        try:
            case = reception_open_case(
                log=log, by=request.user, category=d["category"], description=d["description"], unit=d["unit"], priority=d["priority"], address=d["address"]
            )
        except ValidationError as e:
            for field, errs in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
            return render_log(request, self.get_object(), case_form=form, status=400)
        messages.success(request, _("Case %(number)s was opened from this visit.") % {"number": case.number})
        return redirect("services:reception-detail", pk=log.pk)


class FollowUpDoneView(ReceptionLogView):
    def post(self, request, pk):
        log = self.object
        form = FollowUpForm(request.POST)
        form.is_valid()
        try:
            reception_follow_up_done(log=log, by=request.user, note=form.cleaned_data.get("note", ""))
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("The follow-up is marked done."))
        return redirect("services:reception-detail", pk=log.pk)
