"""A clip's reference: ``UNITCODE-n``, the unit's code and the next number it has not used."""

from __future__ import annotations

from django.db.models import BigIntegerField, Max, Value
from django.db.models.functions import Cast, Reverse, Right, StrIndex

from clipcontest.contests.models import Contest
from clipcontest.units.models import Unit

from .models import Entry


def next_ref(contest: Contest, unit: Unit) -> str:
    """``UNITCODE-n`` with the next number this unit has not used in this contest.

    n is one more than the largest number after the last ``-`` of the contest's references
    that start with ``UNITCODE-`` (so an imported ``HN-A-7`` counts as 7), found by the
    database in one aggregate rather than by reading every reference. Two submissions at the
    same moment may compute the same n: the unique (contest, ref) constraint refuses the
    second, so no two entries ever share a reference.
    """
    after_last_dash = Right("ref", StrIndex(Reverse("ref"), Value("-")) - 1)
    last = (
        Entry.objects.filter(contest=contest, ref__startswith=f"{unit.code}-")
        # Digits after the last dash; at most 18, what a 64-bit integer holds.
        .filter(ref__regex=r"-[0-9]{1,18}$")
        .order_by()
        .aggregate(last=Max(Cast(after_last_dash, BigIntegerField())))["last"]
    )
    return f"{unit.code}-{(last or 0) + 1}"
