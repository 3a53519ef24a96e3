from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "clipcontest.contests"
    label = "contests"
