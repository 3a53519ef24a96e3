"""Small template helpers shared by every page: ``{% load clipcontest_ui %}``.

- ``{{ 3000000|vnd }}`` -> ``3.000.000 đ`` (Vietnamese money: dot thousands, a plain space, đ).
- ``{{ 1234|intdot }}`` -> ``1.234`` (a count with dot thousands, no currency).

Both accept ints, Decimals, floats and numeric strings, round to a whole number (the đồng has no
minor unit; halves round away from zero) and return the value unchanged when it is not a
number, as Django's own ``intcomma`` does. ``None`` and ``""`` give ``""``. The output does not
depend on the active language: the secretariat's figures read the same in both.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats
from django.utils.translation import ngettext

from clipcontest.common.money import format_number, format_vnd
from clipcontest.entries.links import Platform

register = template.Library()


def _to_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@register.filter(is_safe=True)
def intdot(value):
    """Format a whole number with dots between thousands: 1234 -> "1.234"."""
    if value is None or value == "":
        return ""
    number = _to_int(value)
    if number is None:
        return value
    return format_number(number)


@register.filter(is_safe=True)
def vnd(value):
    """Format an amount in đồng: 3000000 -> "3.000.000 đ" (a normal space before đ)."""
    if value is None or value == "":
        return ""
    number = _to_int(value)
    if number is None:
        return value
    return format_vnd(number)


@register.filter
def seconds_phrase(value) -> str:
    """A duration limit the way the plan says it: 5 -> "5 giây", 600 -> "10 phút"."""
    seconds = _to_int(value)
    if seconds is None:
        return value
    if seconds and seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    return ngettext("%(n)s second", "%(n)s seconds", seconds) % {"n": seconds}


@register.filter
def duration(value) -> str:
    """Decimal seconds as a clip length: 225 -> "3:45"."""
    if value in (None, ""):
        return ""
    from clipcontest.entries.durations import format_duration

    return format_duration(Decimal(value))


@register.filter
def vocabulary(key: str, items: list[dict]) -> str:
    """A genre or theme key -> its name in the active language (``contest.genres`` items)."""
    from clipcontest.contests.models import vocabulary_name

    return vocabulary_name(items or [], key)


@register.filter
def month_year(value: str) -> str:
    """``2022-07`` -> "tháng 7/2022" (Vietnamese) or "July 2022" (English)."""
    try:
        year, month = (int(part) for part in str(value).split("-"))
        return formats.date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")
    except ValueError:
        return value


@register.filter
def platform_names(keys) -> str:
    """``["facebook", "tiktok"]`` -> "Facebook, TikTok", in the contest's order."""
    labels = {platform.value: platform.label for platform in Platform}
    return ", ".join(labels.get(key, key) for key in keys)


@register.filter
def action_name(code: str) -> str:
    """An audit action code as people read it, in the page's language."""
    from clipcontest.audit.actions import action_label

    return action_label(code)


@register.simple_tag
def site_languages() -> list[tuple[str, str]]:
    """The languages, each named in its own tongue (``get_available_languages`` translates them)."""
    return list(settings.LANGUAGES)


@register.simple_tag(takes_context=True)
def translated_path(context, language: str) -> str:
    """This page's address in ``language``.

    The address decides the language (Vietnamese without a prefix, ``/en/`` for English), so
    switching language is a link to the same page under the other prefix.
    """
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language)


@register.simple_tag(takes_context=True)
def nav_role(context) -> str:
    """Which navigation the signed-in person gets: "unit", "staff", "jury" or ""."""
    from clipcontest.accounts.models import Role
    from clipcontest.accounts.permissions import is_staff_member, role_of

    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if is_staff_member(user):
        return "staff"
    return {Role.UNIT_REPRESENTATIVE: "unit", Role.JURY_MEMBER: "jury"}.get(role_of(user), "")
