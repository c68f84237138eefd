from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账户"

    def ready(self):
        from accounts import rules, selectors  # noqa: F401  rules registers the named permissions
        from core.discovery import register
        from org import coverage

        register(coverage.GRID_FIGURES, selectors.grid_figures)
