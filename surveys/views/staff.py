"""Staff pages: the list of surveys in scope, writing a questionnaire (settings, questions, their order),
opening and closing it. Reads need `surveys.view_survey`, writes `surveys.change_survey` at the
survey's unit; a survey outside the scope answers 404, a write without the right 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import CHANGE_SURVEY, VIEW_SURVEY
from accounts.scope import scope_paths
from core.exceptions import Conflict
from core.views import CapabilityMixin, ScopedListView, ScopedObjectView, domain_error_response
from surveys import services
from surveys.filtersets import SurveyFilterSet
from surveys.forms import QuestionForm, SurveyForm
from surveys.models import Question, Response, Survey
from surveys.selectors import survey_timeline, surveys_for_user


class SurveyObjectView(ScopedObjectView):
    """A staff page of one survey (VIEW_SURVEY, else 404); changing it needs CHANGE_SURVEY on it (else 403)."""

    model, view_perm, change_perm = Survey, VIEW_SURVEY, CHANGE_SURVEY

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "created_by")

    def question(self, qid) -> Question:
        """One of the survey's questions (another survey's: 404)."""
        return get_object_or_404(Question, pk=qid, survey=self.object)


class SurveyListView(ScopedListView):
    model = Survey
    view_perm = VIEW_SURVEY
    filterset_class = SurveyFilterSet
    template_name = "surveys/survey_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and scope_paths(request.user, VIEW_SURVEY) is None:
            return redirect("surveys:mine")  # a resident: the surveys sent to them
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return surveys_for_user(self.request.user).order_by("-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = scope_paths(self.request.user, CHANGE_SURVEY) is not None
        return ctx


class SurveyCreateView(CapabilityMixin, View):
    template_name = "surveys/survey_form.html"
    required_perm = CHANGE_SURVEY

    def get(self, request):
        return render(request, self.template_name, {"form": SurveyForm(user=request.user)})

    def post(self, request):
        form = SurveyForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                survey = services.survey_create(
                    title=d["title"], intro=d["intro"], unit=d["unit"], by=request.user, audience=d["audience"],
                    recipients=d.get("recipients") or [], anonymous=d["anonymous"], purpose=d.get("purpose") or "", closes_at=d.get("closes_at"),
                )  # fmt: skip
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, _("The survey is saved as a draft. Now add its questions."))
                return redirect("surveys:detail", survey.pk)
        return render(request, self.template_name, {"form": form}, status=400)


def _form_errors(form, e: ValidationError) -> None:
    if hasattr(e, "error_dict"):
        for field, errs in e.message_dict.items():
            for msg in errs:
                form.add_error(field if field in form.fields else None, msg)
    else:
        for msg in e.messages:
            form.add_error(None, msg)


class SurveyDetailView(SurveyObjectView):
    """The survey's settings, its questions (editable until the first answer), open/close, links to results."""

    template_name = "surveys/survey_detail.html"

    def get(self, request, pk):
        return self.show(request, self.object)

    def show(self, request, survey, question_form=None, status=200):
        can_change = request.user.has_perm(CHANGE_SURVEY, survey)
        answered = Response.objects.filter(survey=survey).count()
        editable = request.user.has_perm("surveys.edit_questions", survey)
        ctx = {
            "survey": survey,
            "questions": list(survey.questions.order_by("position")),
            "can_change": can_change,
            "editable": editable,
            "answered": answered,
            "recipients": survey.recipients.count(),
            "question_form": question_form or (QuestionForm() if editable else None),
            "timeline": survey_timeline(survey),
        }
        return render(request, self.template_name, ctx, status=status)


class SurveyEditView(SurveyObjectView):
    template_name = "surveys/survey_form.html"
    change_on_get = True

    def get(self, request, pk):
        survey = self.object
        initial = {"title": survey.title, "intro": survey.intro, "anonymous": survey.anonymous, "closes_at": survey.closes_at}
        initial["recipients"] = "\n".join(survey.recipients.values_list("user__username", flat=True)) if survey.audience == "list" else ""
        return render(request, self.template_name, {"form": SurveyForm(initial=initial, user=request.user, survey=survey), "survey": survey})

    def post(self, request, pk):
        survey = self.object
        form = SurveyForm(request.POST, user=request.user, survey=survey)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.survey_update(
                    survey=survey, title=d["title"], intro=d["intro"], anonymous=d.get("anonymous") if "anonymous" in form.fields else None,
                    closes_at=d.get("closes_at"), recipients=d.get("recipients") if "recipients" in form.fields else None,
                )  # fmt: skip
            except (Conflict, ValidationError) as e:
                return domain_error_response(
                    request, e, back=reverse("surveys:detail", args=[survey.pk]), form=form,
                    rerender=lambda: render(request, self.template_name, {"form": form, "survey": survey}, status=400),
                )  # fmt: skip
            else:
                messages.success(request, _("Saved."))
                return redirect("surveys:detail", survey.pk)
        return render(request, self.template_name, {"form": form, "survey": survey}, status=400)


class QuestionAddView(SurveyObjectView):
    http_method_names = ["post"]

    def post(self, request, pk):
        survey = self.object
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_add(survey=survey, **form.values())
            except (Conflict, ValidationError) as e:
                return domain_error_response(
                    request, e, back=reverse("surveys:detail", args=[survey.pk]), form=form,
                    rerender=lambda: SurveyDetailView().show(request, survey, question_form=form, status=400),
                )  # fmt: skip
            else:
                messages.success(request, _("Question added."))
            return redirect("surveys:detail", survey.pk)
        return SurveyDetailView().show(request, survey, question_form=form, status=400)


class QuestionEditView(SurveyObjectView):
    template_name = "surveys/question_form.html"
    change_on_get = True

    def get(self, request, pk, qid):
        survey = self.object
        question = self.question(qid)
        return render(request, self.template_name, {"survey": survey, "question": question, "form": QuestionForm(initial=QuestionForm.initial_of(question))})

    def post(self, request, pk, qid):
        survey = self.object
        question = self.question(qid)
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_update(question=question, **form.values())
            except (Conflict, ValidationError) as e:
                return domain_error_response(
                    request, e, back=reverse("surveys:detail", args=[survey.pk]), form=form,
                    rerender=lambda: render(request, self.template_name, {"survey": survey, "question": question, "form": form}, status=400),
                )  # fmt: skip
            else:
                messages.success(request, _("Question saved."))
                return redirect("surveys:detail", survey.pk)
        return render(request, self.template_name, {"survey": survey, "question": question, "form": form}, status=400)


class QuestionStepView(SurveyObjectView):
    """POST: remove a question, or move it one place (direction=up|down)."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk, qid):
        survey = self.object
        question = self.question(qid)
        url = reverse("surveys:detail", args=[survey.pk])
        back = url if self.action == "delete" else f"{url}#q{question.pk}"
        try:
            if self.action == "delete":
                services.question_remove(question=question)
                messages.success(request, _("Question removed."))
            else:
                services.question_move(question=question, up=request.POST.get("direction") != "down")
        except (Conflict, ValidationError) as e:
            return domain_error_response(request, e, back=back)
        return redirect(back)


class SurveyStepView(SurveyObjectView):
    """POST: open (and notify the recipients) or close."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk):
        survey = self.object
        try:
            if self.action == "open":
                services.survey_open(survey=survey, by=request.user)
                n = survey.recipients.count()
                messages.success(request, _("The survey is open; %(n)s people were sent a notice with its link.") % {"n": n})
            else:
                services.survey_close(survey=survey, by=request.user)
                messages.success(request, _("The survey is closed."))
        except (Conflict, ValidationError) as e:
            return domain_error_response(request, e, back=reverse("surveys:detail", args=[survey.pk]))
        return redirect("surveys:detail", survey.pk)
