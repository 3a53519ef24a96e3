from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "clipcontest.reminders"
    label = "reminders"
