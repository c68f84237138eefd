"""Pages of meetings: the list, scheduling (with a room picker limited to rooms that serve the body), a meeting's
page (usable on a phone: sign-in list, live quorum refreshed by htmx, the agenda and minutes parts), its steps
(open, close, cancel), reschedule, staff ticking members, the QR code shown at the door, the sign-in a member's
phone opens from it, the invitation's .ics, and "my meetings"."""

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from icalendar import Event

from accounts.roles import VIEW_BODY
from core.views import ScopedFormView, ScopedListView, ScopedObjectPage, ScopedObjectView, StepView, domain_error_response
from doorstep import ical
from doorstep.views.bookings.feeds import base_url, ics_response
from meetings.filtersets import MeetingFilterSet
from meetings.forms.bodies import MeetingForm
from meetings.models import Body, Meeting, Membership
from meetings.selectors import decisions as decision_selectors
from meetings.selectors.meetings import live_context, meeting_rows, meetings_visible_to, my_meetings
from meetings.services import meetings as svc
from meetings.views.bodies import BodyObjectMixin, _id
from meetings.workflow import MeetingState

M = MeetingState
# action -> (button, the named rule on the meeting, service)
STEPS = {
    "open": (gettext_lazy("Open the meeting"), "meetings.run_meeting", svc.meeting_open),
    "close": (gettext_lazy("Close the meeting"), "meetings.run_meeting", svc.meeting_close),
    "cancel": (gettext_lazy("Cancel the meeting"), "meetings.change_meeting", svc.meeting_cancel),
}


class MeetingListView(ScopedListView):
    model = Meeting
    view_perm = VIEW_BODY
    filterset_class = MeetingFilterSet
    template_name = "meetings/meeting_list.html"

    def get_queryset(self):
        return meeting_rows(meetings_visible_to(self.request.user)).order_by("-starts_at", "-id")


class MeetingScheduleView(BodyObjectMixin, ScopedFormView):
    change_perm = "meetings.change_body"
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"body": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"body": self.object}

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            meeting = svc.meeting_schedule(
                body=Body.objects.get(pk=self.object.pk),
                title=d["title"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                by=self.request.user,
                room=d["room"],
                location=d["location"],
            )
        except ValidationError as e:
            return domain_error_response(self.request, e, back=self.request.path, form=form, rerender=lambda: self.form_invalid(form))
        messages.success(self.request, _("Meeting scheduled; %(n)s members were invited.") % {"n": len(svc.member_user_ids(meeting.body))})
        return redirect(meeting)


class MeetingObjectMixin:
    model = Meeting
    view_perm = VIEW_BODY

    def get_queryset(self):
        return meetings_visible_to(self.request.user).select_related("body__kind", "body__unit", "room__place", "called_by")


class MeetingDetailView(MeetingObjectMixin, ScopedObjectPage):
    template_name = "meetings/meeting_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meeting, user = self.object, self.request.user
        ctx.update(meeting_context(meeting, user))
        ctx.update(decision_selectors.agenda_context(meeting, user))
        ctx["timeline"] = meeting.transitions.select_related("by").order_by("at", "id")
        ctx["has_agenda"], ctx["has_minutes"] = _exists("meetings/_agenda.html"), _exists("meetings/_minutes.html")
        return ctx


def _exists(name: str) -> bool:
    """Whether a part of the page is there (the agenda and minutes parts come with the voting part)."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def meeting_context(meeting: Meeting, user) -> dict:
    ctx = live_context(meeting)
    ctx.update(
        meeting=meeting,
        body=meeting.body,
        when=svc.when_label(meeting),
        where=svc.where_label(meeting),
        can_tick=user.has_perm("meetings.tick_attendance", meeting),
        can_sign_in=user.has_perm("meetings.sign_in", meeting),
        can_door=user.has_perm("meetings.show_door_code", meeting),
        can_change=user.has_perm("meetings.change_meeting", meeting),
        steps=[(a, label) for a, (label, perm, _fn) in STEPS.items() if _step_allowed(meeting, a) and user.has_perm(perm, meeting)],
    )
    ctx["me"] = next((m for m in ctx["members"] if m.user_id == user.pk), None)
    return ctx


def _step_allowed(meeting, action) -> bool:
    return any(s.action == action for s in meeting.workflow.steps_from(meeting.state))


class MeetingLiveView(MeetingObjectMixin, ScopedObjectPage):
    """The quorum and the sign-in list alone: what the meeting page polls (htmx) every few seconds."""

    template_name = "meetings/_live.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | meeting_context(self.object, self.request.user)


class MeetingStepView(MeetingObjectMixin, StepView):
    change_perm = "meetings.run_meeting"  # each step's own rule: has_change_right

    def has_change_right(self) -> bool:
        step = STEPS.get(self.kwargs.get("action"))
        return step is not None and self.request.user.has_perm(step[1], self.object)

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("action") not in STEPS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def run_step(self, form):
        STEPS[self.kwargs["action"]][2](meeting=self.object, by=self.request.user, note=(self.request.POST.get("note") or "")[:500])

    def success_message(self):
        return {
            "open": _("The meeting is open."),
            "close": _("The meeting is closed."),
            "cancel": _("The meeting is cancelled; its room bookings were cancelled."),
        }[self.kwargs["action"]]


class MeetingRescheduleView(MeetingObjectMixin, ScopedFormView):
    change_perm = "meetings.change_meeting"
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"body": self.object.body}

    def get_initial(self):
        m = self.object
        from django.utils import timezone

        return {
            "title": m.title,
            "starts_at": timezone.localtime(m.starts_at).replace(tzinfo=None),
            "ends_at": timezone.localtime(m.ends_at).replace(tzinfo=None),
            "room": m.room_id,
            "location": m.location,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"body": self.object.body, "meeting": self.object}

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            svc.meeting_reschedule(
                meeting=Meeting.objects.get(pk=self.object.pk),
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                by=self.request.user,
                room=d["room"],
                location=d["location"],
            )
        except ValidationError as e:
            return domain_error_response(self.request, e, back=self.request.path, form=form, rerender=lambda: self.form_invalid(form))
        except Exception as e:  # an illegal step (no longer planned)
            from core.exceptions import Conflict

            if not isinstance(e, Conflict):
                raise
            return domain_error_response(self.request, e, back=self.object.get_absolute_url())
        messages.success(self.request, _("Meeting moved; members were told."))
        return redirect(self.object)


class MeetingTickView(MeetingObjectMixin, StepView):
    """Staff tick (or untick) a member on the sign-in list. Answers the live part to htmx, else a redirect."""

    change_perm = "meetings.tick_attendance"
    extra_domain_errors = (Membership.DoesNotExist,)

    def run_step(self, form):
        post = self.request.POST
        membership = Membership.objects.get(pk=_id(post.get("membership")), body_id=self.object.body_id)
        if post.get("undo"):
            svc.meeting_untick(meeting=self.object, membership=membership, by=self.request.user)
        else:
            svc.meeting_tick(meeting=self.object, membership=membership, by=self.request.user)

    def domain_error(self, exc, form):
        if isinstance(exc, Membership.DoesNotExist):
            exc = ValidationError(_("That person is not a member of this body."))
        return super().domain_error(exc, form)

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if getattr(request, "htmx", False) and response.status_code == 302:
            self.object.refresh_from_db()
            return render(request, "meetings/_live.html", meeting_context(self.object, request.user))
        return response


class MeetingIcsView(MeetingObjectMixin, ScopedObjectView):
    """The invitation as a calendar file (the booking engine's iCalendar writer, doorstep.ical)."""

    http_method_names = ["get"]

    def get(self, request, pk):
        m = self.object
        e = Event()
        e.add("uid", f"{m.ical_uid}@jiayuan-meeting")
        e.add("dtstamp", ical._utc(m.updated_at))
        e.add("sequence", m.transitions.count())
        e.add("dtstart", ical._utc(m.starts_at))
        e.add("dtend", ical._utc(m.ends_at))
        e.add("summary", f"{m.body.name}：{m.title}")
        e.add("location", svc.where_label(m))
        e.add("status", "CANCELLED" if m.state == M.CANCELLED else "CONFIRMED")
        e.add("url", base_url(request) + m.get_absolute_url())
        return ics_response(ical.calendar(m.title, [e]), f"meeting-{m.pk}.ics", attachment=True, private=True)


class MeetingDoorView(MeetingObjectMixin, ScopedObjectPage):
    """The QR code shown at the door: the absolute sign-in address of the meeting (its secret token)."""

    template_name = "meetings/door.html"
    change_perm = "meetings.show_door_code"
    change_on_get = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        url = self.request.build_absolute_uri(reverse("meetings:meeting-sign-in", args=[self.object.sign_in_token]))
        qr = segno.make(url, error="m")
        ctx.update(meeting_context(self.object, self.request.user), sign_in_url=url, qr_svg=qr.svg_inline(scale=10, border=2, dark="#000", light="#fff"))
        return ctx


class SignInView(LoginRequiredMixin, View):
    """A member's phone opens the door's QR code: signed in at once (a second time: already signed in)."""

    def get(self, request, token):
        meeting = get_object_or_404(Meeting.objects.select_related("body"), sign_in_token=token)
        try:
            _attendance, created = svc.meeting_sign_in(meeting=meeting, user=request.user)
        except ValidationError as e:
            return render(request, "meetings/sign_in.html", {"meeting": meeting, "error": " ".join(e.messages)}, status=403)
        visible = meetings_visible_to(request.user).filter(pk=meeting.pk).exists()
        return render(request, "meetings/sign_in.html", {"meeting": meeting, "created": created, "meeting_url": meeting.get_absolute_url() if visible else ""})


class MyMeetingsView(LoginRequiredMixin, View):
    def get(self, request):
        upcoming, recent = my_meetings(request.user)
        if not upcoming and not recent and not request.user.has_perm(VIEW_BODY) and not Membership.objects.filter(user=request.user).exists():
            return render(request, "meetings/my_meetings.html", {"upcoming": [], "recent": [], "not_member": True})
        return render(request, "meetings/my_meetings.html", {"upcoming": upcoming, "recent": recent})
