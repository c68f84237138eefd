"""Pages are Chinese by default: every string of the catalogue is translated, none is left fuzzy."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n")[1:]:  # the first block is the header
        msgid = "".join(re.findall(r'^msgid "(.*)"$|^"(.*)"$', block, re.M)[0]) if "msgid" in block else ""
        yield re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), msgid), block  # the PO escapes


def test_every_string_is_translated_and_none_is_fuzzy():
    untranslated = []
    for _msgid, block in entries():
        if block.startswith("#~"):
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n?((?:".*"\n?)*)', block, re.M)
        if "#, fuzzy" in block or not strs or any(not (a or b.strip()) for a, b in strs):
            untranslated.append(block.splitlines()[-1][:80])
    assert not untranslated, untranslated


def test_the_compiled_catalogue_holds_every_translation_of_its_source():
    import gettext

    with PO.with_suffix(".mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    sources = {msgid for msgid, block in entries() if msgid and not block.startswith("#~")}
    msgids = {(k if isinstance(k, str) else k[0]).split("\x04")[-1] for k in compiled}  # "context\x04msgid" for pgettext
    assert len(sources) > 300 and sources <= msgids


TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1(?:\s+(?:as\s+\w+|noop|context\s+["'].*?["']))*\s*%\}""")
# said the same in both languages: names and formats
SAME_IN_BOTH = {"English", "Open311", "GeoJSON", "JSON", "Excel", "API", "ID"}


def test_every_string_a_template_translates_reads_chinese_in_zh_hans():
    """A `{% translate "…" %}` in a template whose msgid has no Chinese in the catalogue (the project's or
    Django's) shows English on a Chinese page."""
    from django.utils import translation

    left, seen = set(), 0
    with translation.override("zh-hans"):
        for path in TEMPLATES.rglob("*.html"):
            for _quote, msgid in TRANSLATE.findall(path.read_text(encoding="utf-8")):
                seen += 1
                if re.search(r"[A-Za-z]{2,}", msgid) and msgid not in SAME_IN_BOTH and translation.gettext(msgid) == msgid:
                    left.add(f"{path.relative_to(TEMPLATES)}: {msgid}")
    assert seen > 1000 and not left, sorted(left)


def test_a_list_of_days_uses_the_list_comma_of_the_language():
    from django.utils import translation

    from resources.selectors.talents import week_summary

    week = {"0": [["09:00", "11:30"]], "2": [["09:00", "11:30"]]}
    with translation.override("en"):
        assert week_summary(week) == "Monday, Wednesday 09:00-11:30"
    with translation.override("zh-hans"):
        assert "、" in week_summary(week) and ", " not in week_summary(week)
