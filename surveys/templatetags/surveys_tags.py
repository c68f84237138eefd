"""`{{ survey.state|survey_state }}`: a survey's state in words of its own ("closed" is not a case's 结案);
`{{ survey.state|survey_tone }}`: the tone of its badge."""

from django import template

from surveys.labels import state_label, state_tone

register = template.Library()


@register.filter
def survey_state(state: str) -> str:
    return state_label(state)


@register.filter
def survey_tone(state: str) -> str:
    return state_tone(state)
