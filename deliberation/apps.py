from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "deliberation"
    verbose_name = "决议落实"

    def ready(self):
        from cases import hooks
        from deliberation.bridge import case_page_actions

        if case_page_actions not in hooks.CASE_PAGE:
            hooks.CASE_PAGE.append(case_page_actions)  # a case's page links the resolution's action that opened it
