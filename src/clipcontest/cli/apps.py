from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "clipcontest.cli"
    label = "cli"
