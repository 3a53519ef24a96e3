"""The reminder e-mail: who it goes to and what it says (Vietnamese first, then English)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from clipcontest.accounts.models import Role
from clipcontest.contests.models import Contest
from clipcontest.units.models import Unit

from . import messages as m
from .due import Due

SUBJECT_LENGTH = 300


def recipients_by_unit(units: Iterable[Unit]) -> dict[int, list[str]]:
    """Each unit's own address and its active representatives' addresses, in one query.

    Both, because the unit's mailbox is often read once a week and the representative is the
    one who enters the clips. Addresses are compared without regard to case.
    """
    units = list(units)
    found: dict[int, list[str]] = {unit.pk: [] for unit in units}
    for unit in units:
        _add(found[unit.pk], unit.email)
    representatives = get_user_model().objects.filter(
        is_active=True,
        profile__role=Role.UNIT_REPRESENTATIVE,
        profile__unit__in=[unit.pk for unit in units],
    )
    for unit_id, email in representatives.order_by("pk").values_list("profile__unit", "email"):
        _add(found[unit_id], email)
    return found


def _add(addresses: list[str], email: str | None) -> None:
    email = (email or "").strip()
    if email and email.lower() not in {a.lower() for a in addresses}:
        addresses.append(email)


def portal_links() -> tuple[str, str]:
    """The unit portal's address in Vietnamese (no prefix) and in English (``/en/``)."""
    base = settings.CLIPCONTEST_SITE_URL.rstrip("/")
    links = []
    for language in ("vi", "en"):
        with translation.override(language):
            links.append(base + reverse("portal:unit-home"))
    return links[0], links[1]


def reminder_message(
    contest: Contest, unit: Unit, items: Sequence[Due], recipients: Sequence[str]
) -> EmailMultiAlternatives:
    """One e-mail for everything the unit lacks today, in plain text and simple HTML."""
    link_vi, link_en = portal_links()
    lines = [(m.what_is_missing(item), m.by_when(item)) for item in items]
    context = {
        "contest": contest,
        "contest_name_en": contest.name_en or contest.name,
        "organiser_en": contest.organiser_en or contest.organiser,
        "unit": unit,
        "vi": [{"missing": what.vi, "when": when.vi} for what, when in lines],
        "en": [{"missing": what.en, "when": when.en} for what, when in lines],
        "link_vi": link_vi,
        "link_en": link_en,
    }
    subject = reminder_subject(items)
    message = EmailMultiAlternatives(
        subject,
        render_to_string("reminders/email.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        list(recipients),
    )
    message.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return message


def reminder_subject(items: Sequence[Due]) -> str:
    text = m.subject(list(items))
    return f"{text.vi} / {text.en}"[:SUBJECT_LENGTH]
