import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]")


class CharacterClassValidator:
    """等保 2.0 password complexity: characters from at least N of lower, upper, digits, symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if sum(bool(re.search(c, password)) for c in CLASSES) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_classes")

    def get_help_text(self):
        return _("Your password must mix at least %(n)d of: lower-case letters, capital letters, digits, symbols.") % {"n": self.min_classes}
