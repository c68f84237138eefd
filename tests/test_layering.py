"""Imports point down only: a pure-Python AST guard over every app's modules (no database).

Every ``import``/``from ... import`` is collected, at module level and inside functions alike, together
with module paths given as strings to ``import_string``/``import_module``/``mock.patch`` and the
dependencies of migrations (a migration may depend on its own app and on lower apps only). Each reference
is mapped to the app it points at; a reference from a lower layer to a higher one fails the test, and so
does a cycle between apps of the same layer. ``tests/``, ``config/``, ``loadtest/`` and ``deploy/`` are
outside the layering and may import anything.

Run ``pytest tests/test_layering.py -q -rA -s`` to see the layer table and the figures.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. An app may import its own layer's apps (without a cycle) and every layer below it.
LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("org",),
    ("accounts", "audit"),
    ("people", "notices", "surveys", "imports"),
    ("cases",),
    ("open311",),
    ("smart", "doorstep"),
    ("resources",),
    ("meetings",),  # the meetings engine: bodies, seats, members, meetings, votes, minutes (reused by later bodies)
    ("deliberation",),  # resolutions' actions, 三重一大, 约请
    ("evaluation",),  # 民主监督评议 and 物业服务评价: plans, indicators, scores
    ("home",),
    ("demo", "bench"),
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}

# Known exceptions as (app, imported module), each with its reason; the list may only shrink, and an entry
# that matches no import any more fails test_every_allowed_exception_is_still_needed.
ALLOWED: set[tuple[str, str]] = set()  # (app, module) imports allowed upward for now: none

# Outside the layering like tests/: the shared test personas and tree, which every app's tests use.
OUTSIDE = {"core/testing.py"}

STRING_IMPORTERS = {"import_string", "import_module", "patch", "patch.object", "setattr"}  # setattr: monkeypatch.setattr("a.b.c", ...)


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        inner = _call_name(func.value)
        return f"{inner}.{func.attr}" if inner in {"mock", "patch"} else func.attr
    return ""


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def references(path: Path):
    """(line, dotted target) for every import and module path named by a string in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_of(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    is_migration = "migrations" in path.parts
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield node.lineno, target
        elif isinstance(node, ast.Call) and node.args:
            first = node.args[0]
            if _call_name(node.func) in STRING_IMPORTERS and isinstance(first, ast.Constant):
                if isinstance(first.value, str) and "." in first.value:
                    yield node.lineno, first.value
        elif is_migration and isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if names == ["dependencies"] and isinstance(node.value, ast.List):
                for item in node.value.elts:
                    if isinstance(item, ast.Tuple) and isinstance(item.elts[0], ast.Constant):
                        yield item.lineno, f"{item.elts[0].value}.migrations"


def app_modules():
    for app in LEVEL:
        folder = ROOT / app
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            if "node_modules" not in path.parts and str(path.relative_to(ROOT)) not in OUTSIDE:
                yield app, path


def collect():
    upward, edges, allowed = [], defaultdict(list), []
    for app, path in app_modules():
        for line, target in references(path):
            to = target.split(".")[0]
            if to not in LEVEL or to == app:
                continue
            where = f"{path.relative_to(ROOT)}:{line}"
            if (app, ".".join(target.split(".")[:2])) in ALLOWED:
                allowed.append((app, ".".join(target.split(".")[:2]), f"{where}  {app} -> {to}  ({target})"))
                continue
            if LEVEL[to] > LEVEL[app]:
                upward.append(f"{where}  {app} -> {to}  ({target})")
            elif LEVEL[to] == LEVEL[app]:
                edges[(app, to)].append(where)
    cycles = [
        f"{a} <-> {b}: {edges[(a, b)][0]} / {edges[(b, a)][0]}"
        for (a, b) in edges
        if a < b and (b, a) in edges
    ]
    return upward, cycles, edges, allowed


def layer_table() -> str:
    lines = ["layer  apps (lowest first; an app imports its own layer without cycles and the layers below)"]
    lines += [f"{level:>5}  {', '.join(apps)}" for level, apps in enumerate(LAYERS)]
    return "\n".join(lines)


def test_it_knows_every_installed_app():
    from django.conf import settings

    ours = {name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name.split(".")[0]).is_dir()}
    assert ours - set(LEVEL) == set(), "every project app needs a place in LAYERS"


def test_it_points_every_import_down():
    upward, cycles, edges, allowed = collect()
    print()
    print(layer_table())
    print("same-layer imports: " + (", ".join(f"{a} -> {b}" for a, b in sorted(edges)) or "none"))
    print(f"allowed for now ({len(allowed)}):", *(line for _app, _target, line in allowed), sep="\n  ")
    print(f"{len(upward)} upward imports, {len(cycles)} cycles")
    assert not upward and not cycles, "\n".join(["upward imports:", *upward, "cycles:", *cycles])


def test_every_allowed_exception_is_still_needed():
    """An entry of ALLOWED that no longer matches an import is removed, so the list only shrinks."""
    _, _, _, allowed = collect()
    assert ALLOWED - {(app, target) for app, target, _line in allowed} == set()


def test_it_catches_an_upward_import_inside_a_function():
    fake = ROOT / "org" / "_layering_probe.py"
    fake.write_text("def f():\n    from cases.models import Case\n    return Case\n", encoding="utf-8")
    try:
        upward, _, _, _ = collect()
    finally:
        fake.unlink()
    assert any("org/_layering_probe.py:2  org -> cases" in line for line in upward)
