"""Reading contests."""

from __future__ import annotations

from django.utils import timezone

from .models import Contest


def current_contest() -> Contest | None:
    """The contest whose window is open, else the one that opened most recently.

    Before any contest has opened, the next one to open.
    """
    today = timezone.localdate()
    contests = Contest.objects.order_by("-opens_on")
    running = contests.filter(opens_on__lte=today).first()
    return running or Contest.objects.order_by("opens_on").first()
