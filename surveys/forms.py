"""Forms of the survey pages: a survey's settings and questions (staff), and the answering form (a
resident on a phone). Answers are checked by `surveys.answers`, the same rules as the API's."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import CHANGE_SURVEY
from core.forms import preselect_only_choice
from org.models import Unit, UnitKind
from surveys.answers import TEXT_MAX, answers_clean
from surveys.models import Audience, QuestionKind

PURPOSES = [("", _("General")), ("needs", _("Needs survey")), ("satisfaction", _("Satisfaction survey")), ("consultation", _("Consultation"))]
SURVEY_UNIT_KINDS = [UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID, UnitKind.BUILDING]
DATETIME_INPUT = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


def survey_units(user):
    """The units on which the user may put a survey (down to buildings)."""
    return Unit.objects.for_user(user, CHANGE_SURVEY).filter(kind__in=SURVEY_UNIT_KINDS).order_by("path")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * max(0, obj.depth - 1)}{obj.name}"


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100, error_messages={"required": _("Give the survey a title.")})
    intro = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Why you ask and what will be done with the answers.")
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), help_text=_("The survey belongs to this unit; staff above it see the results."))
    audience = forms.ChoiceField(label=_("Send to"), choices=Audience.choices, initial=Audience.UNIT, widget=forms.RadioSelect)
    recipients = forms.CharField(
        label=_("People (for a list)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("User names, one per line: people who live or work under the unit."),
    )
    anonymous = forms.BooleanField(label=_("Anonymous results"), required=False, initial=True, help_text=_("Results and exports never show who answered what."))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=PURPOSES, required=False)
    closes_at = forms.DateTimeField(label=_("Closes at"), required=False, widget=DATETIME_INPUT, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])

    def __init__(self, *args, user=None, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["unit"].queryset = survey_units(user)
        preselect_only_choice(self, "unit")
        if survey is not None:  # editing: the unit and the audience stay; a list may change while a draft
            del self.fields["unit"]
            del self.fields["audience"]
            del self.fields["purpose"]
            if survey.audience != Audience.LIST or survey.state != "draft":
                del self.fields["recipients"]
            if survey.state != "draft":
                del self.fields["anonymous"]

    def clean_closes_at(self):
        value = self.cleaned_data.get("closes_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("The closing time must be in the future."))
        return value

    def clean_recipients(self):
        names = [n.strip() for n in (self.cleaned_data.get("recipients") or "").replace(",", "\n").splitlines() if n.strip()]
        users = {u.username: u for u in User.objects.filter(username__in=names)}
        unknown = [n for n in names if n not in users]
        if unknown:
            raise forms.ValidationError(gettext("No such user: %(names)s.") % {"names": ", ".join(unknown[:10])})
        return [users[n] for n in dict.fromkeys(names)]

    def clean(self):
        data = super().clean()
        audience = data.get("audience") or (self.survey.audience if self.survey else Audience.UNIT)
        if "recipients" in self.fields and audience == Audience.LIST and not data.get("recipients") and "recipients" not in self.errors:
            self.add_error("recipients", _("Choose at least one person to send the survey to."))
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices, initial=QuestionKind.SINGLE, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Question"), max_length=300, error_messages={"required": _("Write the question.")})
    options = forms.CharField(
        label=_("Answers to choose from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line (for single and multiple choice)."),
    )
    scale_max = forms.IntegerField(label=_("Scale from 1 to"), min_value=2, max_value=10, initial=5, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "text": d["text"],
            "options": [line.strip() for line in (d.get("options") or "").splitlines() if line.strip()],
            "scale_max": d.get("scale_max") or 5,
            "required": d.get("required", False),
        }

    @classmethod
    def initial_of(cls, question) -> dict:
        return {
            "kind": question.kind,
            "text": question.text,
            "options": "\n".join(question.options),
            "scale_max": question.scale_max,
            "required": question.required,
        }


def field_name(question) -> str:
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """One field per question, named q<id>; `answers` after validation: {question id: value}."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        invalid = {"invalid_choice": _("This is not one of the answers offered."), "invalid_list": _("This is not one of the answers offered.")}
        for q in self.questions:
            label = q.text
            if q.kind == QuestionKind.SINGLE:
                f = forms.ChoiceField(label=label, choices=list(enumerate(q.options)), widget=forms.RadioSelect, required=False, error_messages=invalid)
            elif q.kind == QuestionKind.MULTIPLE:
                f = forms.MultipleChoiceField(
                    label=label, choices=list(enumerate(q.options)), widget=forms.CheckboxSelectMultiple, required=False, error_messages=invalid
                )
            elif q.kind == QuestionKind.SCALE:
                f = forms.ChoiceField(
                    label=label, choices=[(v, str(v)) for v in range(1, q.scale_max + 1)], widget=forms.RadioSelect, required=False, error_messages=invalid
                )
            else:
                f = forms.CharField(label=label, required=False, strip=True, widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}))
            f.question = q
            self.fields[field_name(q)] = f
        self.answers = {}

    def clean(self):
        data = super().clean()
        raw = {q.pk: data.get(field_name(q)) for q in self.questions if field_name(q) not in self.errors}
        cleaned, errors = answers_clean([q for q in self.questions if q.pk in raw], raw)
        for pk, message in errors.items():
            self.add_error(f"q{pk}", message)
        self.answers = cleaned
        return data

    def rows(self):
        """(question, bound field) in the survey's order, for the template."""
        return [(q, self[field_name(q)]) for q in self.questions]
