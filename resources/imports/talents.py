"""Importing 社区达人 (S2.1) from a vetted list: each row becomes a talent in the library (state
"active", source "import"), with its skills, its first timeline step and its catalogue row.

A talent is the same person as one already in the library when the mobile number is the same
(compared by its keyed digest), or, without a number, the same name in the same 居民区. Problems
never quote a mobile number. A talent whose number belongs to a registered resident living in the
same 居民区 is linked to that resident.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext_noop

from core.protect import digest, mask_mobile, protect
from core.workflow import begin
from imports.kinds.base import DUPLICATE_IN_FILE, NOT_ALLOWED, chunks
from people.models import Resident
from resources.catalogue import sync
from resources.imports.base import TALENT_UNITS, ResourceImporter
from resources.imports.spec import LEVELS, RESOURCE_SPECS, TALENTS
from resources.models import ResourceKind, SkillLevel, Talent, TalentSkill, TalentSource, TalentState

MOBILE_TAKEN = gettext_noop("A talent with this mobile number is already in the library.")
MOBILE_TWICE = gettext_noop("This mobile number appears more than once in this file (first in row %(row)s).")
NAME_TAKEN = gettext_noop("%(value)s is already in the library in %(unit)s; give a mobile number if this is another person.")

LEVEL_OF = dict(LEVELS)
LEVEL_LABELS = "、".join(label for label, _v in LEVELS)
WITH_LEVEL = re.compile(r"^(.+?)\s*[（(]\s*(.+?)\s*[)）]$")
DEFAULT_LEVEL = SkillLevel.SKILLED.value


def skills_text(skills: list[tuple[str, int]]) -> tuple[str, str]:
    """(技能类型 cell, 等级 cell) of a talent's (type name, level) pairs, highest level first: the row's
    level is the most common one; a skill at another level says so in brackets."""
    if not skills:
        return "", ""
    levels = [lv for _n, lv in skills]
    row_level = max(set(levels), key=lambda lv: (levels.count(lv), lv))
    label = {v: k for k, v in LEVELS}
    cells = [name if lv == row_level else f"{name}（{label[lv]}）" for name, lv in skills]
    return "、".join(cells), label[row_level]


class TalentsImporter(ResourceImporter):
    spec = RESOURCE_SPECS[TALENTS]
    type_kind = ResourceKind.TALENT

    def clean(self, row):
        mobile = self.mobile(row, "mobile")
        return {
            "name": self.text(row, "name"),
            "mobile": mobile,
            "digest": digest(mobile) if mobile else "",
            "district": self.text(row, "district"),
            "skills": self.names(row, "skills"),
            "level": self.choice(row, "level", default=DEFAULT_LEVEL),
            "availability": self.weekly(row, "availability"),
            "reach_m": self.integer(row, "reach_m", default=3000, low=0, high=100_000),
            "group_size": self.integer(row, "group_size", default=20, high=100_000),
            "sessions": self.integer(row, "sessions", default=2),
            "consent": self.choice(row, "consent", default=False),
            "bio": self.text(row, "bio") or "",
        }

    def load(self, rows):
        data = [d for _r, d in rows]
        self.load_types()
        self.load_units(d["district"] for d in data)
        digests = {d["digest"] for d in data if d["digest"]}
        self.taken_digests = set()
        self.residents: dict[str, list] = {}
        for part in chunks(digests):
            self.taken_digests.update(Talent.objects.filter(phone_digest__in=part).values_list("phone_digest", flat=True))
            for key, pk, path in Resident.objects.filter(mobile_digest__in=part).values_list("mobile_digest", "pk", "unit_path"):
                self.residents.setdefault(key, []).append((pk, path))
        names = {d["name"] for d in data if d["name"] and not d["digest"]}
        self.taken_names = set()
        for part in chunks(names):
            self.taken_names.update(Talent.objects.filter(name__in=part).values_list("name", "unit_id"))
        self.seen_digests, self.seen_names = {}, {}

    def skills(self, row, names, level) -> list[tuple]:
        """[(ResourceType, level)] of the 技能类型 cell; a bracket after a name gives that skill's level."""
        out = {}
        for name in names:
            m = WITH_LEVEL.match(name)
            skill_level = level
            if m:
                name, label = m.group(1), m.group(2)
                skill_level = LEVEL_OF.get(label)
                if skill_level is None:
                    self.add(row, "skills", NOT_ALLOWED, value=label, allowed=LEVEL_LABELS)
            found = self.resource_type(row, "skills", name)
            if found is not None and skill_level is not None:
                out.setdefault(found, skill_level)
        return list(out.items())

    def relate(self, row, data):
        unit = self.unit(row, "district", data["district"], TALENT_UNITS)
        skills = self.skills(row, data["skills"], data["level"] or DEFAULT_LEVEL)
        key, name = data["digest"], data["name"]
        if key:
            first = self.seen_digests.setdefault(key, row.number)
            if key in self.taken_digests:
                self.add(row, "mobile", MOBILE_TAKEN)
            elif first != row.number:
                self.add(row, "mobile", MOBILE_TWICE, row=first)
        elif name and unit is not None:
            if (name, unit.pk) in self.taken_names:
                self.add(row, "name", NAME_TAKEN, value=name, unit=unit.name)
            else:
                first = self.seen_names.setdefault((name, unit.pk), row.number)
                if first != row.number:
                    self.add(row, "name", DUPLICATE_IN_FILE, value=name, row=first)
        resident = None
        if key and unit is not None:
            mine = [pk for pk, path in self.residents.get(key, []) if path.startswith(unit.path)]
            resident = mine[0] if len(mine) == 1 else None
        return {**data, "unit": unit, "skills": skills, "resident_id": resident}

    def write(self, item):
        unit, phone = item["unit"], item["mobile"]
        p = protect(phone, mask_mobile)
        talent = Talent.objects.create(
            name=item["name"], phone_enc=p.enc, phone_digest=p.digest, phone_masked=p.masked, unit=unit, unit_path=unit.path,
            resident_id=item["resident_id"], bio=item["bio"], availability=item["availability"], reach_m=item["reach_m"],
            group_size=item["group_size"], sessions_per_period=item["sessions"], public_consent=item["consent"],
            consent_at=timezone.now() if item["consent"] else None, state=TalentState.ACTIVE, source=TalentSource.IMPORT,
        )  # fmt: skip
        TalentSkill.objects.bulk_create([TalentSkill(talent=talent, type=t, level=level) for t, level in item["skills"]])
        begin(talent, by=self.user, action="import")
        sync(talent)
