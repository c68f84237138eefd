"""Discovery of the modules that apps contribute to a lower layer (`jobs`, `nav`, `imports`, ...).

A lower app never imports a higher one: it asks here for every installed app's module of a given name
(as Django's admin does with `admin.py`), in INSTALLED_APPS order.
"""

import importlib

from django.apps import apps


def app_modules(name: str) -> list:
    """The `<app>.<name>` module of every installed app that has one, in INSTALLED_APPS order. An import
    error inside such a module is raised, not mistaken for a missing module."""
    found = []
    for app in apps.get_app_configs():
        try:
            found.append(importlib.import_module(f"{app.name}.{name}"))
        except ModuleNotFoundError as e:
            if e.name != f"{app.name}.{name}":
                raise
    return found


def register(registry: list, fn):
    """Add `fn` to a lower app's registry (e.g. `org.selectors.UNIT_COUNTS`) once, from a higher app's
    AppConfig.ready; returns `fn`."""
    if fn not in registry:
        registry.append(fn)
    return fn
