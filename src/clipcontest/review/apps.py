from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "clipcontest.review"
    label = "review"
