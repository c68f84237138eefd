"""约请 pages: the inbox (received, sent, escalated to me, all in my area), sending one on a body, and one summons's
thread (the summons, the answer, the meeting and its decision, the timeline) with the steps the user may take.

Scoping: staff see summonses through meetings.view_body (outside: 404); members see those of the seats they hold.
Each step is a named rule (deliberation.answer_summons, ...): without it 403."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.roles import VIEW_BODY
from accounts.scope import scope_paths
from core.views import ScopedObjectView, StepView, domain_error_messages
from deliberation.forms.summons import AnswerForm, NoteForm, ScheduleForm, SummonsForm
from deliberation.models import Summons
from deliberation.selectors.summons import (
    BOXES,
    SUMMONS_RELATED,
    bodies_for_summons,
    default_box,
    seats_for_summons,
    summons_box,
    summons_thread,
    summons_timeline,
    summonses_visible,
)
from deliberation.services import summons as svc
from deliberation.workflow import SummonsState

# action -> (heading and button, the rule, the form, the service, the message when done)
STEPS = {
    "answer": (gettext_lazy("Answer with a date"), "deliberation.answer_summons", AnswerForm, gettext_lazy("The answer is sent.")),
    "schedule": (gettext_lazy("Schedule the meeting"), "deliberation.schedule_summons", ScheduleForm, gettext_lazy("The meeting is scheduled.")),
    "meet": (gettext_lazy("Mark as met"), "deliberation.meet_summons", NoteForm, gettext_lazy("The 约请 is marked as met.")),
    "withdraw": (gettext_lazy("Withdraw the 约请"), "deliberation.withdraw_summons", NoteForm, gettext_lazy("The 约请 is withdrawn.")),
}


def page_of(name: str, pk) -> str:
    """The URL of another helper's page when it exists (the meeting's page is the meetings app's)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def run_step(action: str, summons: Summons, user, d: dict):
    if action == "answer":
        return svc.summons_answer(summons=summons, by=user, proposed_at=d["proposed_at"], answer=d.get("answer", ""))
    if action == "schedule":
        return svc.summons_schedule(summons=summons, by=user, starts_at=d.get("starts_at"), ends_at=d.get("ends_at"), location=d.get("location", ""))
    if action == "meet":
        return svc.summons_meet(summons=summons, by=user, note=d.get("note", ""))
    return svc.summons_withdraw(summons=summons, by=user, note=d.get("note", ""))


class SummonsObjectView(ScopedObjectView):
    model = Summons

    def get_queryset(self):
        return summonses_visible(self.request.user).select_related(*SUMMONS_RELATED, "body__unit", "escalated_to", "answered_by", "item")


def render_summons(request, summons: Summons, bound=None, status=200):
    user = request.user
    steps = []
    for action, (label, rule, form_class, _done) in STEPS.items():
        if action == "meet" and (summons.meeting_id is None or summons.meeting.state != "closed"):
            continue
        if action == "schedule" and summons.meeting_id is not None:
            continue
        if user.has_perm(rule, summons):
            form = bound[1] if bound and bound[0] == action else form_class(prefix=action)
            steps.append({"action": action, "label": label, "form": form, "url": reverse("deliberation:summons-step", args=[summons.pk, action])})
    thread = summons_thread(summons)
    ctx = {
        "summons": summons,
        "steps": steps,
        "timeline": summons_timeline(summons),
        "meeting_url": page_of("meetings:meeting-detail", summons.meeting_id) if summons.meeting_id else "",
        "body_url": page_of("meetings:body-detail", summons.body_id),
        **thread,
    }
    return render(request, "deliberation/summons_detail.html", ctx, status=status)


class SummonsDetailView(SummonsObjectView):
    def get(self, request, pk):
        return render_summons(request, self.object)


class SummonsStepView(SummonsObjectView, StepView):
    """POST one step (answer, schedule, meet, withdraw): 404 outside, 403 without the step's rule, the form's errors
    (400), or the service's refusal as a message."""

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("action") not in STEPS:
            raise Http404
        self.action = kwargs["action"]
        return super().dispatch(request, *args, **kwargs)

    def has_change_right(self):
        return self.request.user.has_perm(STEPS[self.action][1], self.object)

    change_perm = "deliberation.view_summons"  # replaced by has_change_right: the step's own rule

    def get_form(self):
        return STEPS[self.action][2](self.request.POST, prefix=self.action)

    def form_invalid(self, form):
        return render_summons(self.request, self.object, bound=(self.action, form), status=400)

    def run_step(self, form):
        run_step(self.action, self.object, self.request.user, form.cleaned_data)

    def domain_error(self, exc, form):
        if isinstance(exc, ValidationError):
            if hasattr(exc, "error_dict"):
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.error(self.request, " ".join(domain_error_messages(exc)))
        return redirect(self.success_url())

    def success_message(self):
        return STEPS[self.action][3]


class SummonsListView(LoginRequiredMixin, View):
    """The 约请 inbox: one box at a time (?box=received|sent|escalated|all), 20 a page."""

    paginate_by = 20

    def get(self, request):
        user = request.user
        is_staff_user = scope_paths(user, VIEW_BODY) is not None
        boxes = [k for k in BOXES if k != "all" or is_staff_user]
        box = request.GET.get("box") or default_box(user)
        if box not in boxes:
            box = boxes[0]
        qs = summons_box(user, box)
        state = request.GET.get("state") or ""
        if state in SummonsState.values:
            qs = qs.filter(state=state)
        page = Paginator(qs, self.paginate_by).get_page(request.GET.get("page"))
        ctx = {
            "box": box,
            "here": box,
            "state": state,
            "boxes": [(k, BOXES[k]) for k in boxes],
            "page_obj": page,
            "summonses": page.object_list,
            "can_send": bodies_for_summons(user).exists(),
            "is_staff_user": is_staff_user,
        }
        return render(request, "deliberation/summons_list.html", ctx)


class SummonsCreateView(LoginRequiredMixin, View):
    """Send a 约请 on a body (?body=<id>): the bodies the user sits on or manages; without one, the list to choose."""

    def body(self, request):
        bodies = bodies_for_summons(request.user)
        raw = request.GET.get("body") or request.POST.get("body")
        if not raw:
            return bodies, None
        if not str(raw).isdigit():
            raise Http404
        body = bodies.filter(pk=int(raw)).first()
        if body is None:
            raise Http404
        return bodies, body

    def form(self, request, body, data=None):
        own, seats = seats_for_summons(request.user, body)
        if not own:
            raise PermissionDenied
        return SummonsForm(data, own_seats=own, seats=seats)

    def get(self, request):
        bodies, body = self.body(request)
        if body is None:
            if not bodies.exists():
                raise PermissionDenied
            return render(request, "deliberation/summons_form.html", {"bodies": bodies, "body": None})
        return render(request, "deliberation/summons_form.html", {"body": body, "form": self.form(request, body)})

    def post(self, request):
        _bodies, body = self.body(request)
        if body is None:
            raise Http404
        form = self.form(request, body, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            seats = {s.pk: s for s in body.seats.all()}
            try:
                summons = svc.summons_send(
                    body=body,
                    from_seat=seats[d["from_seat"]],
                    to_seat=seats.get(d["to_seat"]),
                    subject=d["subject"],
                    description=d["description"],
                    by=request.user,
                )
            except ValidationError as e:
                for field, errs in e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]:
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The 约请 is sent."))
                return redirect(summons.get_absolute_url())
        return render(request, "deliberation/summons_form.html", {"body": body, "form": form}, status=400)
