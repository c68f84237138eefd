from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "一网统管"

    def ready(self):
        from . import checks, signals_stats  # noqa: F401  checks registers the holiday calendar check

        signals_stats.connect()  # the indicators rollup follows every saved case
