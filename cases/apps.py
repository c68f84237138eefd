from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "一网统管"

    def ready(self):
        from org.selectors import ELEMENT_PAGE

        from . import checks, signals_stats  # noqa: F401  checks registers the holiday calendar check
        from .selectors import element_page

        ELEMENT_PAGE.append(element_page)  # a shop's page lists its cases
        signals_stats.connect()  # the indicators rollup follows every saved case
