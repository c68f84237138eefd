"""Results for staff (`surveys.view_survey`): counts and percentages per question drawn as ECharts bars,
scale averages, text answers (never with names when anonymous), the response rate; the Excel export."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from surveys.export import survey_workbook
from surveys.models import QuestionKind
from surveys.selectors import survey_results
from surveys.views.staff import SurveyObjectView

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chart_data(results) -> dict:
    """What static/surveys/results.js draws: one bar chart per choice or scale question."""
    return {
        "labels": {"count": _("Number of people"), "percent": "%"},
        "charts": [
            {
                "id": f"chart-q{r.question.pk}",
                "names": [o.label for o in r.options],
                "counts": [o.count for o in r.options],
                "percents": [o.percent for o in r.options],
            }
            for r in results.questions
            if r.question.kind != QuestionKind.TEXT
        ],
    }


class ResultsView(SurveyObjectView):
    change_perm = ""

    def get(self, request, pk):
        survey = self.object
        results = survey_results(survey)
        ctx = {"survey": survey, "results": results, "rate": None if results.rate is None else round(results.rate * 100, 1), "chart": chart_data(results)}
        return render(request, "surveys/results.html", ctx)


class ExportView(SurveyObjectView):
    """POST (audited): the results as .xlsx; anonymised when the survey is anonymous."""

    change_perm = ""  # whoever sees the results may download them
    http_method_names = ["post"]

    def post(self, request, pk):
        survey = self.object
        content, rows = survey_workbook(survey)
        audit_record(action="export", user=request.user, obj=survey, changes={"kind": "survey", "rows": rows, "anonymous": survey.anonymous})
        response = HttpResponse(content, content_type=XLSX)
        name = f"survey-{survey.pk}-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
