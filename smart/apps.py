from django.apps import AppConfig


class SmartConfig(AppConfig):
    name = "smart"
    verbose_name = "智慧社区"
