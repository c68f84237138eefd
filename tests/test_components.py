"""The shared front-end pieces exist once (issue 14 item 7): no template outside templates/components/ writes a
state badge, a sub-menu, a week grid or the step forms by hand, no page loads Leaflet or ECharts except through
components/map_scripts.html and components/chart_scripts.html, and no static script sets up a map or a chart
except static/core/maps.js and static/core/charts.js. Static files follow one layout: static/core/ for shared
pieces, static/<app>/ for an app's own, nothing else."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(p for p in (ROOT / "templates").rglob("*.html") if "components" not in p.relative_to(ROOT / "templates").parts[:1])
HAND_MADE = {
    "a state badge": re.compile(r'\b(dstate|mstate|nstate|bstate|survey)-\{\{|class="(badge|state)[ "]'),
    "a sub-menu": re.compile(r'class="[^"]*\b(resident-nav|staff-nav|submenu)\b'),
    "a week navigation": re.compile(r'class="[^"]*\bweek-nav\b'),
    "a week grid": re.compile(r'class="[^"]*\bweek-grid\b'),
    "the step forms": re.compile(r'aria-labelledby="h-steps"'),
    "Leaflet or ECharts": re.compile(r"vendor/(leaflet/leaflet\.js|echarts/)"),
}
SETUP = re.compile(r"\bL\.map\(|\bL\.tileLayer\(|\becharts\.init\(|\.fitBounds\(")
APPS = {"core", "org", "people", "accounts", "audit", "notices", "surveys", "imports", "cases", "open311", "smart", "services", "resources", "meetings", "evaluation"}


def hand_made(text: str) -> list[str]:
    return [what for what, pattern in HAND_MADE.items() if pattern.search(text)]


def test_the_check_catches_what_it_is_for():
    assert hand_made('<span class="badge state-closed">x</span>') == ["a state badge"]
    assert hand_made('<span class="dstate dstate-{{ state }}">x</span>') == ["a state badge"]
    assert hand_made('<nav class="resident-nav" aria-label="x">') == ["a sub-menu"]
    assert hand_made('<table class="week-grid">') == ["a week grid"]
    assert hand_made("<script src=\"{% static 'vendor/echarts/echarts.min.js' %}\">") == ["Leaflet or ECharts"]
    assert hand_made('{% state_badge case %}{% include "components/week_grid.html" %}<span class="model-badge">') == []
    assert SETUP.search("var m = L.map(el)") and SETUP.search("echarts.init(el)") and not SETUP.search("JMap.map(el, 14)")


def test_no_template_outside_components_makes_a_shared_piece_by_hand():
    found = [f"{p.relative_to(ROOT)}: {what}" for p in TEMPLATES for what in hand_made(p.read_text(encoding="utf-8"))]
    assert found == []


def test_no_static_script_sets_up_a_map_or_a_chart_of_its_own():
    scripts = [p for p in (ROOT / "static").rglob("*.js") if p.parent.name != "core"]
    assert scripts
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in scripts for m in SETUP.finditer(p.read_text(encoding="utf-8"))]
    assert found == []


def test_static_files_live_under_core_or_their_app():
    top = {p.name for p in (ROOT / "static").iterdir() if p.is_dir()}
    assert top <= APPS, top - APPS
    assert not [p for p in ROOT.glob("*/static") if p.parent.name != "node_modules"], "app folders keep no static files"
    assert not [p for p in ROOT.glob("*/templates") if p.parent.name in APPS], "templates live under templates/<app>/"


@pytest.mark.django_db
def test_a_state_badge_shows_the_tone_its_workflow_declares():
    from cases.models import Case

    case = Case(state="closed")
    html = Template("{% load components %}{% state_badge case %}").render(Context({"case": case}))
    assert 'class="badge tone-success state-closed"' in html and 'data-state="closed"' in html and str(case.get_state_display()) in html
    html = Template('{% load components %}{% state_badge state="x" label="Y" tone="nonsense" id="s" %}').render(Context())
    assert html.strip() == '<span class="badge tone-neutral state-x" data-state="x" id="s">Y</span>'


def test_every_workflow_gives_every_state_a_tone():
    from cases.workflow import CASE_WORKFLOW
    from doorstep.workflow import BOOKING_WORKFLOW, POINT_WORKFLOW
    from resources.workflow import MATCH_WORKFLOW, NEED_WORKFLOW, TALENT_WORKFLOW

    for wf in (CASE_WORKFLOW, BOOKING_WORKFLOW, POINT_WORKFLOW, TALENT_WORKFLOW, NEED_WORKFLOW, MATCH_WORKFLOW):
        assert set(wf.tones) == {str(s) for s in wf.states.values}, wf.timeline


def test_a_submenu_marks_the_current_page():
    html = Template('{% load components %}{% submenu "Cases" "touch" %}{% subitem "cases:report" "Report" key="report" %}{% subitem "/x/" "X" id="x" %}{% endsubmenu %}').render(Context({"here": "report"}))
    assert html.startswith('<nav class="submenu touch" aria-label="Cases">')
    assert '<a href="/cases/report/" aria-current="page">Report</a>' in html and '<a href="/x/" id="x">X</a>' in html


CARD_TABLE = re.compile(r"<table[^>]*\bcards-on-phone\b.*?</table>", re.S)
INCLUDE = re.compile(r'{%\s*include\s+"([^"]+)"')
CELL = re.compile(r"<td\b(?:{%.*?%}|{{.*?}}|[^>])*>")


def unlabelled_cells(text: str) -> list[str]:
    """The <td> of a cards-on-phone table (its included row partials too) that lack the data-label a phone shows."""
    found = []
    for table in CARD_TABLE.findall(text):
        for name in INCLUDE.findall(table):
            table += (ROOT / "templates" / name).read_text(encoding="utf-8")
        found += [cell for cell in CELL.findall(table) if "data-label=" not in cell and "colspan=" not in cell]
    return found


def test_the_card_check_catches_an_unlabelled_cell():
    assert unlabelled_cells('<table class="x cards-on-phone"><tr><td data-label="A">1</td><td class="b">2</td></tr></table>') == ['<td class="b">']
    assert unlabelled_cells('<table class="cards-on-phone"><tr><td colspan="3">—</td></tr></table><table><td>x</td></table>') == []


def test_every_list_shown_as_cards_on_a_phone_labels_its_cells():
    """Lists become cards under 640 px (static/core/components.css, "responsive table cards"): each cell then shows
    its column's name from data-label, so a cell without one would be a bare value on the card."""
    tables = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in TEMPLATES}
    using = [name for name, text in tables.items() if CARD_TABLE.search(text)]
    assert {"templates/cases/staff/workbench.html", "templates/cases/staff/case_detail.html", "templates/services/bookings/staff_list.html"} <= set(using)
    assert {name: cells for name in using if (cells := unlabelled_cells(tables[name]))} == {}
    css = (ROOT / "static" / "core" / "components.css").read_text(encoding="utf-8")
    assert "/* responsive table cards */" in css and "td[data-label]::before" in css
