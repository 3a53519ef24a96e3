"""What a reminder is about and which deadline it points to: plain choices, no database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    BELOW_MINIMUM = "below_minimum", _("below the minimum of eligible clips")
    LETTER_MISSING = "letter_missing", _("official letter not received")


class Deadline(models.TextChoices):
    LETTER = "letter", _("official letters due")
    CLOSE = "close", _("submissions close")
