"""The types of resources, as data: skills of 社区达人, kinds of 共享空间, fields of 公益服务项目 (S2.1-S2.3).

A need asks for types of any kind; a resource offering one of them fits exactly, one in the same
`group` (e.g. 书画 and a 文化教育 space, both "arts") fits partly (resources.matching.score)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    TALENT = "talent", _("Community talent")  # 社区达人
    SPACE = "space", _("Shared space")  # 社区共享空间
    PROJECT = "project", _("Charity project")  # 企业公益服务项目


class ResourceType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=40)  # Chinese, as the plan names it
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    group = models.SlugField(_("group"), max_length=40)  # types in one group fit a need partly
    sort = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("resource type")
        verbose_name_plural = _("resource types")
        ordering = ["kind", "sort", "code"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        lang = translation.get_language() or "zh-hans"
        return self.name_en if lang.startswith("en") and self.name_en else self.name
