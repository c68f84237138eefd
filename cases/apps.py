from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "一网统管"

    def ready(self):
        from cases import checks  # noqa: F401  checks registers the holiday calendar check
        from cases import signals as signals_stats
        from cases.selectors import element_page
        from org.selectors import ELEMENT_PAGE

        ELEMENT_PAGE.append(element_page)  # a shop's page lists its cases
        signals_stats.connect()  # the indicators rollup follows every saved case
