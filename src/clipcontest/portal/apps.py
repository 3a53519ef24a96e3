from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "clipcontest.portal"
    label = "portal"
