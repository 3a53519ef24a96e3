from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "clipcontest.documents"
    label = "documents"
