from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "导入导出"

    def ready(self):
        """imports is a framework: the kinds of the apps above it come from each app's own `imports` module
        (`SPECS`: key → workbook format, `IMPORTERS`: key → importer), added here in INSTALLED_APPS order."""
        from core.discovery import app_modules
        from imports.kinds import IMPORTERS
        from imports.spec import KINDS, SPECS

        for module in app_modules("imports"):
            if module.__name__ == "imports.imports":
                continue
            for key, spec in module.SPECS.items():
                SPECS[key] = spec
                if key not in KINDS:
                    KINDS.append(key)
            IMPORTERS.update(module.IMPORTERS)
        from audit.sentences import register_kinds

        register_kinds({key: spec.label for key, spec in SPECS.items()})  # the audit log names a kind by its label
