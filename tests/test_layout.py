"""Every app has one shape (README, "Layout and conventions"): the same module names everywhere, a module grown
past ~400 lines becomes a package of the same name split by sub-domain (never `layer_subdomain.py` files),
FilterSets in `filtersets`, background work in `jobs`, templates under `templates/<app label>/`, static files
under `static/<app label>/` with shared pieces under `static/core/`."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {
    "models", "querysets", "workflow", "rules", "services", "selectors", "forms", "filtersets", "views", "api",
    "serializers", "urls", "jobs", "imports", "nav", "admin", "signals", "defaults",
}
OLD_JOB_NAMES = {"periodic_jobs", "tasks", "jobs_bookings"}


def project_apps():
    return [a for a in apps.get_app_configs() if Path(a.path).resolve().parent == ROOT]


def modules(app_dir: Path):
    for p in app_dir.rglob("*.py"):
        rel = p.relative_to(app_dir)
        if rel.parts[0] in {"migrations", "tests", "management", "templatetags"} or "__pycache__" in rel.parts:
            continue
        yield rel


def app_ids():
    return [a.label for a in project_apps()]


@pytest.mark.parametrize("label", app_ids())
def test_no_app_splits_a_layer_into_layer_subdomain_files(label):
    app_dir = Path(apps.get_app_config(label).path)
    wrong = []
    for p in app_dir.iterdir():
        m = re.fullmatch(r"([a-z]+)_\w+?(\.py)?", p.name)
        if m and m.group(1) in LAYERS and (p.suffix == ".py" or (p / "__init__.py").exists()):
            wrong.append(p.name)
    wrong += [p.name for p in app_dir.iterdir() if p.stem in OLD_JOB_NAMES and p.name not in wrong]
    assert not wrong, f"{label}: {wrong} — use a package of the layer's name: services/bookings.py, views/talents.py, jobs.py"


@pytest.mark.parametrize("label", app_ids())
def test_filtersets_live_in_the_filtersets_module(label):
    app_dir = Path(apps.get_app_config(label).path)
    misplaced = []
    for rel in modules(app_dir):
        if rel.parts[0] in {"filtersets", "filtersets.py"}:
            continue
        tree = ast.parse((app_dir / rel).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name.endswith("FilterSet"):
                misplaced.append(f"{rel}:{node.lineno} {node.name}")
    assert not misplaced, misplaced


def test_templates_live_under_the_app_label_or_components():
    labels = {a.label for a in project_apps()} | {"components", "registration", "rest_framework", "admin", "drf_spectacular"}
    top = ROOT / "templates"
    stray = [p.name for p in top.iterdir() if p.is_dir() and p.name not in labels]
    in_apps = [str(p.relative_to(ROOT)) for p in ROOT.glob("*/templates") if p.parent.name not in {"node_modules", ".venv"}]
    assert not stray, f"template folders not named for an app: {stray}"
    assert not in_apps, f"templates belong under templates/<app>/: {in_apps}"


def test_static_files_live_under_core_or_the_app_label():
    labels = {a.label for a in project_apps()}
    top = ROOT / "static"
    stray = [p.name for p in top.iterdir() if p.is_dir() and p.name not in labels | {"core"}]
    in_apps = [str(p.relative_to(ROOT)) for p in ROOT.glob("*/static") if p.parent.name not in {"node_modules", ".venv", "static"}]
    assert not stray, f"static folders not named for an app (shared pieces go in static/core/): {stray}"
    assert not in_apps, f"static files belong under static/<app>/: {in_apps}"


def test_no_test_module_is_without_tests():
    empty = []
    for p in ROOT.glob("*/tests/**/test_*.py"):
        if ".venv" in p.parts or "node_modules" in p.parts:
            continue
        tree = ast.parse(p.read_text())
        names = [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
        if not any(n.startswith(("test_", "Test")) for n in names):
            empty.append(str(p.relative_to(ROOT)))
    assert not empty, f"test modules without a test (builders go in tests/builders.py): {empty}"


MAX_LINES = 550  # DESIGN.md: split before a file grows past ~500 lines


def test_no_module_grows_past_the_size_where_it_becomes_a_package():
    big = []
    for app in project_apps():
        app_dir = Path(app.path)
        for rel in modules(app_dir):
            n = len((app_dir / rel).read_text().splitlines())
            if n > MAX_LINES:
                big.append(f"{app.label}/{rel}: {n} lines")
    assert not big, f"split these into a package of the same name, by sub-domain: {big}"
