from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = "三级服务体系"
