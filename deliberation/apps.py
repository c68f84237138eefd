from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "deliberation"
    verbose_name = "决议落实"

    def ready(self):
        from cases import hooks
        from deliberation.bridge import case_page_actions, decision_page_actions
        from meetings import hooks as meeting_hooks

        if case_page_actions not in hooks.CASE_PAGE:
            hooks.CASE_PAGE.append(case_page_actions)  # a case's page links the resolution's action that opened it
        if decision_page_actions not in meeting_hooks.DECISION_PAGE:
            meeting_hooks.DECISION_PAGE.append(decision_page_actions)  # a decision's page: its actions, and assigning one
