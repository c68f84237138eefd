from django.apps import AppConfig


class SmartConfig(AppConfig):
    name = "smart"
    verbose_name = "智慧社区"

    def ready(self):
        from cases.hooks import after_case_step
        from smart import bridge, engine  # noqa: F401  engine: a saved rule refreshes the engine's cache (a signal)

        after_case_step(bridge.case_step_taken)  # a closed case clears its alarms (called by cases.services.case_step)
