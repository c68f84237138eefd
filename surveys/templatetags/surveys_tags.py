"""`{{ survey.state|survey_state }}`: a survey's state in words of its own ("closed" is not a case's 结案)."""

from django import template

from ..labels import state_label

register = template.Library()


@register.filter
def survey_state(state: str) -> str:
    return state_label(state)
