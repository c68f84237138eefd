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
