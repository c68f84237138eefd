from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "doorstep"
    label = "services"  # the app label, tables, permissions, templates and URL namespace stay "services"
    verbose_name = "三级服务体系"
