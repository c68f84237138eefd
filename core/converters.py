"""URL converters: `<id:pk>` matches ids a BIGINT can hold (at most 18 digits), so a longer number is a 404."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
