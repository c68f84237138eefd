"""Pages: the agenda (propose, order, notes), decisions (open a vote or record a consensus, vote on a phone,
close), minutes (draft, approve, publish, print, Excel), attachments, and the residents' page of published
minutes and public decisions. The meeting page itself is `views.meetings` (its agenda part comes from
`meetings.selectors.decisions.agenda_context`).

Objects come through the selectors' querysets (staff holding VIEW_BODY in scope, and the body's members);
each step's right is its named rule (`meetings.rules.decisions`). A vote's right is the service's own check, so
that a refused vote (non-member, not signed in, twice, closed) is answered with its message and audited."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from audit.services import audit_record
from core.views import ScopedObjectPage, ScopedObjectView, StepView, domain_error_response
from meetings.export import minutes_workbook
from meetings.hooks import decision_page_links
from meetings.models import AgendaItem, Attachment, Decision, DecisionMode, MajorMatter, Meeting, Membership, Minutes, VoteChoice
from meetings.selectors import decisions as sel
from meetings.services import agenda as agenda_svc
from meetings.services import decisions as decision_svc
from meetings.services import minutes as minutes_svc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def meeting_url(meeting) -> str:
    """The meeting's page (#agenda), or its printable minutes where the meeting page is not installed."""
    try:
        return meeting.get_absolute_url() + "#agenda"
    except NoReverseMatch:
        return reverse("meetings:minutes-print", args=[meeting.pk])


# --- forms ------------------------------------------------------------------------------------------


class ItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    major = forms.ChoiceField(label=gettext_lazy("三重一大"), required=False, choices=[("", "—"), *MajorMatter.choices])


class NotesForm(forms.Form):
    notes = forms.CharField(label=gettext_lazy("Discussion notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    mode = forms.ChoiceField(label=gettext_lazy("How"), choices=DecisionMode.choices, initial=DecisionMode.VOTE)
    is_public = forms.BooleanField(label=gettext_lazy("Shown to residents"), required=False, initial=True)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=gettext_lazy("Vote"), choices=VoteChoice.choices)
    membership = forms.IntegerField(required=False, widget=forms.HiddenInput)  # staff recording a present member's vote


class MinutesForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Minutes"), widget=forms.Textarea(attrs={"rows": 14}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)


# --- the agenda -------------------------------------------------------------------------------------


class MeetingStep(StepView):
    model = Meeting

    def get_queryset(self):
        return sel.meetings_visible(self.request.user)

    def success_url(self):
        return meeting_url(self.object)


class ItemAddView(MeetingStep):
    """POST: a member (or MANAGE_BODY staff) proposes an item."""

    change_perm = "meetings.propose_item"
    form_class = ItemForm

    def get_form(self):
        return self.form_class(self.request.POST)

    def run_step(self, form):
        agenda_svc.agenda_item_add(meeting=self.object, by=self.request.user, **form.cleaned_data)

    def success_message(self):
        return _("The item is on the agenda.")


class ItemStep(StepView):
    model = AgendaItem

    def get_queryset(self):
        return sel.items_visible(self.request.user)

    def success_url(self):
        return meeting_url(self.object.meeting)


class ItemMoveView(ItemStep):
    change_perm = "meetings.order_agenda"

    def run_step(self, form):
        agenda_svc.agenda_item_move(item=self.object, up=self.kwargs["direction"] == "up", by=self.request.user)


class ItemNotesView(ItemStep):
    change_perm = "meetings.note_item"
    form_class = NotesForm

    def get_form(self):
        return self.form_class(self.request.POST)

    def run_step(self, form):
        agenda_svc.agenda_item_note(item=self.object, notes=form.cleaned_data["notes"], by=self.request.user)

    def success_message(self):
        return _("The notes are saved.")


class ItemDecideView(ItemStep):
    """POST: open a recorded vote on the item, or record a consensus (refused unless in session and quorate)."""

    change_perm = "meetings.open_vote"
    form_class = DecideForm

    def get_form(self):
        return self.form_class(self.request.POST)

    def run_step(self, form):
        self.decision = decision_svc.decision_open(item=self.object, by=self.request.user, **form.cleaned_data)

    def success_message(self):
        return _("The vote is open.") if self.decision.mode == DecisionMode.VOTE else _("The consensus is recorded.")


# --- decisions --------------------------------------------------------------------------------------


class DecisionMixin:
    model = Decision

    def get_queryset(self):
        return sel.decisions_visible(self.request.user)


class DecisionDetailView(DecisionMixin, ScopedObjectPage):
    """One decision on a phone: the resolution, the tally, the caller's vote and the buttons to vote; for staff,
    the present members whose vote they may record, and the close button."""

    template_name = "meetings/decision_detail.html"

    def get_context_data(self, **kwargs):
        decision, user = self.object, self.request.user
        membership = Membership.objects.current().filter(body_id=decision.meeting.body_id, user=user).first()
        votes = list(decision.votes.select_related("membership__seat").order_by("membership__seat__order", "id"))
        voted = {v.membership_id for v in votes}
        may_record = user.has_perm("meetings.record_vote", decision)
        present = list(decision.meeting.attendances.select_related("membership").order_by("membership__seat__order")) if may_record else []
        return super().get_context_data(**kwargs) | {
            "decision": decision,
            "meeting": decision.meeting,
            "votes": votes,
            "tally": {c: sum(1 for v in votes if v.choice == c) for c in VoteChoice.values},
            "membership": membership,
            "my_vote": next((v for v in votes if membership and v.membership_id == membership.pk), None),
            "may_vote": membership is not None and decision.state == "voting",
            "may_close": user.has_perm("meetings.close_vote", decision),
            "unvoted_present": [a.membership for a in present if a.membership_id not in voted],
            "choices": VoteChoice.choices,
            "back": meeting_url(decision.meeting),
            "linked": decision_page_links(user, decision),  # e.g. the resolution's actions (deliberation)
        }


class DecisionVoteView(DecisionMixin, StepView):
    """POST choice (and, for staff, membership): the service checks who may vote and audits a refusal."""

    form_class = VoteForm

    def get_form(self):
        return self.form_class(self.request.POST)

    def success_url(self):
        return reverse("meetings:decision-detail", args=[self.object.pk])

    def run_step(self, form):
        member = form.cleaned_data.get("membership")
        membership = Membership.objects.filter(pk=member, body_id=self.object.meeting.body_id).first() if member else None
        if member and membership is None:
            raise decision_svc.Refused(_("Only members of this body can vote."), self.object)
        decision_svc.vote_cast(decision=self.object, choice=form.cleaned_data["choice"], by=self.request.user, membership=membership)

    def success_message(self):
        return _("The vote is recorded.")


class DecisionCloseView(DecisionMixin, StepView):
    change_perm = "meetings.close_vote"

    def success_url(self):
        return reverse("meetings:decision-detail", args=[self.object.pk])

    def run_step(self, form):
        self.object = decision_svc.vote_close(decision=self.object, by=self.request.user)

    def success_message(self):
        return _("The vote is closed: %(outcome)s.") % {"outcome": self.object.get_state_display()}


# --- minutes and attachments ------------------------------------------------------------------------


class MinutesEditView(ScopedObjectPage):
    """The draft minutes of a meeting (GET the form, POST to save): the secretary, the chair or MANAGE_BODY staff."""

    model = Meeting
    change_perm = "meetings.draft_minutes"
    change_on_get = True
    template_name = "meetings/minutes_form.html"

    def get_queryset(self):
        return sel.meetings_visible(self.request.user)

    def get_context_data(self, form=None, **kwargs):
        minutes = Minutes.objects.filter(meeting=self.object).first()
        form = form or MinutesForm(initial={"text": minutes.text if minutes else ""})
        return super().get_context_data(**kwargs) | {"meeting": self.object, "minutes": minutes, "form": form, "back": meeting_url(self.object)}

    def post(self, request, *args, **kwargs):
        form = MinutesForm(request.POST)
        rerender = lambda: self.render_to_response(self.get_context_data(form=form), status=400)  # noqa: E731
        if not form.is_valid():
            return rerender()
        try:
            minutes_svc.minutes_draft(meeting=self.object, text=form.cleaned_data["text"], by=request.user)
        except (decision_svc.Refused, forms.ValidationError) as e:
            return domain_error_response(request, e, back=meeting_url(self.object), form=form, rerender=rerender)
        return redirect(meeting_url(self.object))


MINUTES_STEPS = {
    "approve": ("meetings.approve_minutes", minutes_svc.minutes_approve, gettext_lazy("The minutes are approved.")),
    "publish": ("meetings.publish_minutes", minutes_svc.minutes_publish, gettext_lazy("The minutes are published to the residents.")),
    "reopen": ("meetings.draft_minutes", minutes_svc.minutes_reopen, gettext_lazy("The minutes are a draft again.")),
}


class MinutesStepView(StepView):
    """POST approve | publish | reopen."""

    model = Minutes
    change_perm = "meetings.approve_minutes"  # the right is the action's own (has_change_right)

    def get_queryset(self):
        return sel.minutes_visible(self.request.user)

    def has_change_right(self) -> bool:
        step = MINUTES_STEPS.get(self.kwargs["action"])
        return step is not None and self.request.user.has_perm(step[0], self.object)

    def success_url(self):
        return meeting_url(self.object.meeting)

    def run_step(self, form):
        MINUTES_STEPS[self.kwargs["action"]][1](minutes=self.object, by=self.request.user)

    def success_message(self):
        return str(MINUTES_STEPS[self.kwargs["action"]][2])


class MinutesPrintView(ScopedObjectPage):
    """The printable minutes (print CSS): attendance, items, decisions with their counts and each member's vote."""

    model = Meeting
    template_name = "meetings/minutes_print.html"

    def get_queryset(self):
        return sel.meetings_visible(self.request.user).select_related("body", "room")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | sel.print_context(self.object) | {"printed_at": timezone.now()}


class MinutesExportView(ScopedObjectView):
    """GET: the minutes as .xlsx (audited as an export)."""

    model = Meeting

    def get_queryset(self):
        return sel.meetings_visible(self.request.user).select_related("body", "room")

    def get(self, request, *args, **kwargs):
        meeting = self.object
        content, rows = minutes_workbook(meeting)
        audit_record(action="export", user=request.user, obj=meeting, changes={"kind": "minutes", "rows": rows})
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}-{timezone.localdate():%Y%m%d}.xlsx"'
        return response


class AttachmentAddView(MeetingStep):
    change_perm = "meetings.attach_file"
    form_class = AttachmentForm

    def run_step(self, form):
        minutes_svc.attachment_add(meeting=self.object, file=form.cleaned_data["file"], name=form.cleaned_data["name"], by=self.request.user)

    def success_message(self):
        return _("The file is attached.")


class AttachmentView(ScopedObjectView):
    """GET: download an attachment of a meeting the caller may see."""

    model = Attachment

    def get_queryset(self):
        return sel.attachments_visible(self.request.user)

    def get(self, request, *args, **kwargs):
        try:
            handle = self.object.file.open("rb")
        except FileNotFoundError as e:  # the row outlived its file (a restore without the media folder)
            raise Http404 from e
        return FileResponse(handle, as_attachment=True, filename=self.object.name)


# --- residents --------------------------------------------------------------------------------------


class PublishedView(LoginRequiredMixin, TemplateView):
    """The residents' page: minutes published (公示) and public decisions of their own 居民区's bodies."""

    template_name = "meetings/minutes_published.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | sel.published_for_residents(self.request.user)
