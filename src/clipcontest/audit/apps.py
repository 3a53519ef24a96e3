from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "clipcontest.audit"
    label = "audit"
