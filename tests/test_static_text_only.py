"""Every static script inserts names as text, never as HTML (issue 13 item 15): Leaflet tooltips and popups get
`JMap.content(...)` (static/core/maps.js: a DOM node, or the value as text), no script writes HTML through
innerHTML (other than clearing it), insertAdjacentHTML, outerHTML or document.write, an ECharts tooltip formatted
by a function is rendered as rich text (`JChart.tooltip`, static/core/charts.js), and every page that loads a script
using JMap loads static/core/maps.js (or templates/components/map_scripts.html) before it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted(p for p in (ROOT / "static").rglob("*.js") if "vendor" not in p.parts and p.parts[-2:] not in (("core", "maps.js"), ("core", "charts.js")))
LEAFLET_CONTENT = re.compile(r"\.(bindTooltip|bindPopup|setTooltipContent|setPopupContent|setContent)\(\s*")
RAW_HTML = re.compile(r"""insertAdjacentHTML|\.outerHTML\s*=|document\.write|\.innerHTML\s*\+?=(?!\s*(""|'')\s*;)""")
HTML_TOOLTIP = re.compile(r"tooltip:\s*\{[^{}]*formatter:\s*function")


def problems(path: Path, text: str) -> list[str]:
    found = []
    for m in LEAFLET_CONTENT.finditer(text):
        if not text.startswith("JMap.content(", m.end()):
            found.append(f"{path.name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(1)} without JMap.content(...)")
    for m in RAW_HTML.finditer(text):
        found.append(f"{path.name}:{text.count(chr(10), 0, m.start()) + 1}: writes HTML ({m.group(0).strip()})")
    for m in HTML_TOOLTIP.finditer(text):
        found.append(f"{path.name}:{text.count(chr(10), 0, m.start()) + 1}: an HTML tooltip formatter (use JChart.tooltip)")
    return found


def test_the_check_catches_the_patterns_it_is_for():
    bad = 'l.bindTooltip(p.name); l.bindPopup( "<b>" + p.name ); el.innerHTML = p.name; x.insertAdjacentHTML("beforeend", s);\ntooltip: { formatter: function (p) { return p.name; } }'
    assert len(problems(Path("bad.js"), bad)) == 5
    good = 'l.bindTooltip(JMap.content(p.name)); l.bindPopup(JMap.content(popup(p))); list.innerHTML = "";\ntooltip: JChart.tooltip({ formatter: function (p) { return p.name; } })'
    assert problems(Path("good.js"), good) == []


def test_no_static_script_passes_a_name_to_leaflet_or_the_dom_as_html():
    assert SCRIPTS, "no scripts found"
    found = [problem for path in SCRIPTS for problem in problems(path, path.read_text(encoding="utf-8"))]
    assert found == []


def test_every_page_that_uses_jmap_loads_the_maps_module_first():
    users = {p.relative_to(ROOT / "static").as_posix() for p in SCRIPTS if "JMap." in p.read_text(encoding="utf-8")}
    assert {"resources/map.js", "smart/device-map.js", "org/grid-map.js", "services/stations.js"} <= users
    missing = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for script in users:
            at = text.find(f"{{% static '{script}' %}}")
            if at >= 0:
                found = [i for i in (text.find("{% static 'core/maps.js' %}"), text.find('{% include "components/map_scripts.html"')) if i >= 0]
                core = min(found) if found else -1
                if core < 0 or core > at:
                    missing.append(f"{template.relative_to(ROOT)} loads {script} without core/maps.js before it")
    assert missing == []
