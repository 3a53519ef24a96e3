from django.apps import AppConfig


class EntriesConfig(AppConfig):
    name = "clipcontest.entries"
    label = "entries"
