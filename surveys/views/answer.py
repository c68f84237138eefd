"""The resident's pages (phone first): the surveys sent to me, answering one on a single page, thanks.

A survey not sent to the person answers 404. A second submission is refused with a clear message and
changes nothing (409), however it arrives: a second tab, a double tap, the back button.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import ListView

from core.views import ScopedObjectView
from core.workflow import IllegalTransition
from surveys import services
from surveys.forms import AnswerForm
from surveys.models import Survey
from surveys.rules import survey_is_accepting
from surveys.selectors import survey_questions, surveys_for_respondent


class MineView(LoginRequiredMixin, ListView):
    template_name = "surveys/mine.html"
    context_object_name = "surveys"
    paginate_by = 20

    def get_queryset(self):
        return surveys_for_respondent(self.request.user)


class SentSurveyView(ScopedObjectView):
    """A survey sent to the signed-in person (`surveys_for_respondent`, and the rule `surveys.see_sent_survey`): else 404."""

    model = Survey

    def get_queryset(self):
        return surveys_for_respondent(self.request.user)

    def get_object(self, queryset=None):
        survey = super().get_object(queryset)
        if not self.request.user.has_perm("surveys.see_sent_survey", survey):
            raise Http404
        return survey


class AnswerView(SentSurveyView):
    template_name = "surveys/answer.html"

    def get(self, request, pk):
        survey = self.object
        return self.show(request, survey, AnswerForm(questions=survey_questions(survey)))

    def show(self, request, survey, form, status=200, refusal=""):
        ctx = {"survey": survey, "form": form, "accepting": survey_is_accepting(request.user, survey), "answered": survey.answered, "refusal": refusal}
        return render(request, self.template_name, ctx, status=status)

    def post(self, request, pk):
        survey = self.object
        form = AnswerForm(request.POST, questions=survey_questions(survey))
        if survey.answered:
            return self.show(request, survey, form, status=409, refusal=_("You have answered this survey already; each person answers once."))
        if not form.is_valid():
            return self.show(request, survey, form, status=400)
        try:
            services.survey_answer(survey=survey, user=request.user, answers=form.answers)
        except services.AlreadyAnswered as e:
            survey.answered = True
            return self.show(request, survey, form, status=409, refusal=e.messages[0])
        except IllegalTransition as e:
            return self.show(request, survey, form, status=409, refusal=e.message)
        except services.NotARecipient as e:
            raise Http404 from e
        except ValidationError as e:  # the same checks as the form's: only if the questions changed meanwhile
            for key, msgs in e.message_dict.items():
                for msg in msgs:
                    form.add_error(f"q{key}" if f"q{key}" in form.fields else None, msg)
            return self.show(request, survey, form, status=400)
        return redirect("surveys:thanks", survey.pk)


class ThanksView(SentSurveyView):
    def get(self, request, pk):
        survey = self.object
        if not survey.answered:
            return redirect("surveys:answer", survey.pk)
        return render(request, "surveys/thanks.html", {"survey": survey})
