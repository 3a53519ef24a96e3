from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "clipcontest.api"
    label = "api"
