from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "居民"
    schema_migrations = ("0004_ownership_shares_and_one_representative",)  # the ownerships' triggers (core.schema_objects)

    def ready(self):
        from core.discovery import register
        from org import coverage
        from org import selectors as org_selectors
        from people import selectors

        register(org_selectors.UNIT_COUNTS, selectors.unit_counts)
        register(org_selectors.UNIT_PAGE, selectors.unit_page)
        register(coverage.GRID_FIGURES, selectors.grid_figures)
