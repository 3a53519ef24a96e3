from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "clipcontest.awards"
    label = "awards"
