from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "clipcontest.committees"
    label = "committees"
