"""Form and serializer fields shared by every app. A mobile number is typed as people write it
(`+86 138 0013 8000`) and comes out normalised (`13800138000`) by `core.validators.clean_mobile`,
so what is validated is what is stored, searched and compared."""

from django import forms
from rest_framework import serializers

from core.validators import normalize_mobile, validate_mobile

# as typed: "+86 138-0013-8000" is 17 characters; the normalised number has 11
MOBILE_INPUT_LENGTH = 20


class MobileField(forms.CharField):
    """A mobile number on a form: up to 20 characters typed, cleaned to 11 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MOBILE_INPUT_LENGTH)
        super().__init__(**kwargs)
        if validate_mobile not in self.validators:
            self.validators.append(validate_mobile)

    def to_python(self, value):
        return normalize_mobile(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.TextInput):
            attrs.setdefault("inputmode", "tel")
        return attrs


class MobileSerializerField(serializers.CharField):
    """A mobile number in the API: accepted as typed, given to the service normalised. With `check=False`
    the service validates it (so that it reports every problem of the request at once)."""

    def __init__(self, check: bool = True, **kwargs):
        kwargs.setdefault("max_length", MOBILE_INPUT_LENGTH)
        validators = list(kwargs.pop("validators", []))
        if check and validate_mobile not in validators:
            validators.append(validate_mobile)
        super().__init__(validators=validators, **kwargs)

    def to_internal_value(self, data):
        return normalize_mobile(super().to_internal_value(data))
