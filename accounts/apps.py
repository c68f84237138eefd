from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账户"

    def ready(self):
        from . import rules  # noqa: F401  registers the named permissions
