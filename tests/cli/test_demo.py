"""``clipcontest demo``: everything a newcomer needs to try each role, and safe to run again."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from clipcontest.contests.models import Contest
from clipcontest.entries.models import Entry
from clipcontest.judging.models import Assignment, JuryMember

pytestmark = pytest.mark.django_db


def test_demo_loads_2022_a_practice_run_and_seats_the_jury_and_can_run_twice():
    for _ in range(2):
        output = io.StringIO()
        call_command("demo", stdout=output)
    assert set(Contest.objects.values_list("slug", "practice")) == {
        ("sc35-2022", False),
        ("sc35-2022-practice", True),
    }
    assert Entry.objects.filter(contest__slug="sc35-2022").count() == 17
    member = JuryMember.objects.get(user__username="giamkhao")
    # The demo's juror scores every eligible 2022 clip (12 of the 17).
    assert Assignment.objects.filter(member=member).count() == 12
    for login in ("bantochuc", "donvi.dongvan", "giamkhao"):
        assert login in output.getvalue()
