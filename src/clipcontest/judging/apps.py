from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "clipcontest.judging"
    label = "judging"
