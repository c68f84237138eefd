"""Open311 GeoReport v2 (DOMAIN-RULES §2): what the protocol needs beyond a case.

API keys (kept as digests), service definitions (attributes of a case category), the answers a
request gave to them, where a request came from (key, media URL) and the tokens handed out.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def key_digest(raw: str) -> str:
    """SHA-256 of a key. Keys are long random strings, so a plain digest is enough to find one and
    a database dump does not give them away."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(models.Model):
    """A client allowed to post requests. Only the digest of the key is stored; the key is shown once."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key begins with"), max_length=8, editable=False, help_text=_("The first characters of the key, to tell keys apart."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting user"),
        help_text=_("Recorded as who reported the cases this key posts; leave empty for an anonymous client."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class ServiceProfile(models.Model):
    """What GET services says of a category beyond its name: a description and keywords."""

    category = models.OneToOneField("cases.CaseCategory", models.CASCADE, related_name="open311_profile", verbose_name=_("category"))
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True, help_text=_("Comma separated."))

    class Meta:
        verbose_name = _("Open311 service description")
        verbose_name_plural = _("Open311 service descriptions")

    def __str__(self):
        return str(self.category)


class Datatype(models.TextChoices):
    STRING = "string", _("Text on one line")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Text on several lines")
    SINGLE = "singlevaluelist", _("One choice from a list")
    MULTI = "multivaluelist", _("Several choices from a list")


LIST_TYPES = (Datatype.SINGLE, Datatype.MULTI)


class ServiceAttribute(models.Model):
    """A question the service definition asks when a request of this category is posted."""

    category = models.ForeignKey("cases.CaseCategory", models.CASCADE, related_name="open311_attributes", verbose_name=_("category"))
    code = models.SlugField(_("code"), max_length=40)
    variable = models.BooleanField(_("needs an answer"), default=True, help_text=_("Untick for a line of information shown to the user only."))
    datatype = models.CharField(_("type of answer"), max_length=16, choices=Datatype.choices, default=Datatype.STRING)
    required = models.BooleanField(_("required"), default=False)
    datatype_description = models.CharField(_("how to answer"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=1)
    description = models.CharField(_("question"), max_length=400)
    values = models.JSONField(_("choices"), default=list, blank=True, help_text=_("For lists: a JSON list of objects with a key and a name."))
    min_value = models.DecimalField(
        _("smallest number"), max_digits=18, decimal_places=6, null=True, blank=True, help_text=_("For a number: the smallest answer accepted (empty: no bound of its own).")
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=18, decimal_places=6, null=True, blank=True, help_text=_("For a number: the largest answer accepted (empty: no bound of its own).")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("Open311 service attribute")
        verbose_name_plural = _("Open311 service attributes")
        ordering = ["category", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="open311_attribute_code_unique")]

    def __str__(self):
        return f"{self.category} · {self.code}"

    def keys(self) -> list[str]:
        return [str(v.get("key")) for v in self.values or [] if isinstance(v, dict)]

    def clean(self):
        values = self.values or []
        well_formed = isinstance(values, list) and all(isinstance(v, dict) and str(v.get("key", "")).strip() and str(v.get("name", "")).strip() for v in values)
        if not well_formed:
            raise ValidationError({"values": _('Write the choices as a list of {"key": …, "name": …}, each with a key and a name.')})
        if len(set(self.keys())) != len(values):
            raise ValidationError({"values": _("Two choices have the same key.")})
        if self.datatype in LIST_TYPES and not values:
            raise ValidationError({"values": _("A list needs at least one choice.")})
        if self.datatype not in LIST_TYPES and values:
            raise ValidationError({"values": _("Only a list has choices.")})
        bounded = self.min_value is not None or self.max_value is not None
        if bounded and self.datatype != Datatype.NUMBER:
            raise ValidationError({"min_value": _("Only a number has a smallest and a largest value.")})
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValidationError({"max_value": _("The largest number is smaller than the smallest.")})


class Submission(models.Model):
    """How a case came in through Open311: which key posted it and the media URL it named (kept, never fetched)."""

    case = models.OneToOneField("cases.Case", models.CASCADE, related_name="open311_submission", verbose_name=_("case"))
    api_key = models.ForeignKey(ApiKey, models.SET_NULL, null=True, blank=True, related_name="submissions", verbose_name=_("API key"))
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")


class RequestAttribute(models.Model):
    """A request's answer to one attribute: a string, or a list of keys for a multivaluelist."""

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="open311_attributes", verbose_name=_("case"))
    attribute = models.ForeignKey(ServiceAttribute, models.SET_NULL, null=True, related_name="answers", verbose_name=_("attribute"))
    code = models.CharField(_("code"), max_length=40)
    value = models.JSONField(_("answer"))

    class Meta:
        verbose_name = _("Open311 attribute answer")
        verbose_name_plural = _("Open311 attribute answers")
        ordering = ["case", "id"]


class RequestToken(models.Model):
    """A token handed out for a posted request; GET tokens/{token} turns it into the request id."""

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="open311_tokens", verbose_name=_("case"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 token")
        verbose_name_plural = _("Open311 tokens")
