"""{% load smart_text %}: {{ n|grouped }} (thousands separators), {{ seconds|duration }} ("30 分钟")."""

from django import template

from smart.text import duration_text
from smart.text import grouped as _grouped

register = template.Library()


@register.filter
def grouped(value):
    return _grouped(value)


@register.filter
def duration(value):
    return duration_text(value)
