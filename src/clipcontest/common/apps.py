from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "clipcontest.common"
    label = "common"
