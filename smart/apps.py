from django.apps import AppConfig


class SmartConfig(AppConfig):
    name = "smart"
    verbose_name = "智慧社区"

    def ready(self):
        from . import bridge, engine  # noqa: F401  receivers: a closed case clears its alarms; a saved rule refreshes the engine's cache
