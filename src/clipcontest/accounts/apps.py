from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clipcontest.accounts"
    label = "accounts"
