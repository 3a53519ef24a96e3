"""The entries import takes an optional column with each clip's share into the provincial
group (the plan: post on the unit's own account, then share into the group)."""

from __future__ import annotations

import pytest

from clipcontest.common.tabular import ImportFailed
from clipcontest.entries.imports import import_entries, plan_entries
from clipcontest.entries.models import Entry
from entries.test_imports import DEFAULTS, HEADER, sheet, youtube

pytestmark = pytest.mark.django_db

SHARE = "https://www.facebook.com/groups/304102323603847/permalink/1234567890123456/"
CANONICAL = "https://www.facebook.com/groups/304102323603847/posts/1234567890123456/"
WITH_SHARE = [*HEADER, "link chia sẻ vào nhóm"]


def share_row(share: str, **values: str) -> list[str]:
    return [values.get(column, DEFAULTS[column]) for column in HEADER] + [share]


def test_a_share_link_in_the_file_is_stored_canonical(contest_2022, units):
    import_entries(sheet(share_row(SHARE), header=WITH_SHARE), "clips.csv", contest=contest_2022)

    entry = Entry.objects.get()
    assert (entry.group_post_url, entry.group_post_canonical) == (SHARE, CANONICAL)


def test_the_column_is_optional_and_an_empty_cell_keeps_the_stored_share(contest_2022, units):
    import_entries(
        sheet(share_row(SHARE, ref="HG-TP-1"), header=WITH_SHARE), "a.csv", contest=contest_2022
    )

    plan = plan_entries(
        sheet(share_row("", ref="HG-TP-1"), header=WITH_SHARE), "b.csv", contest_2022
    )

    assert plan.unchanged == 1 and not plan.updates
    assert Entry.objects.get().group_post_canonical == CANONICAL


def test_a_share_into_another_group_refuses_the_file_naming_the_row(contest_2022, units):
    other = "https://www.facebook.com/groups/999888777666/posts/1234567890123456/"
    content = sheet(share_row(SHARE), share_row(other, url=youtube(1)), header=WITH_SHARE)

    with pytest.raises(ImportFailed) as refused:
        import_entries(content, "clips.csv", contest=contest_2022)

    [problem] = refused.value.problems
    assert problem.row == 3 and "999888777666" in problem.message.vi
    assert not Entry.objects.exists()
