from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "clipcontest.units"
    label = "units"
