"""Importing clips in two steps: the plan (a preview of every change) and applying exactly it.

The plan lists the clips to create with the reference each will get, the clips the file
corrects with each field before and after, and the rows already as stored. Applying stores
that in one transaction with an audit row per clip, and refuses when the stored clips changed
after the preview.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from factories import HCM

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent
from clipcontest.common.tabular import Imported, ImportFailed
from clipcontest.common.transfer import ImportStale
from clipcontest.entries.import_plan import apply
from clipcontest.entries.imports import import_entries, plan_entries
from clipcontest.entries.models import DurationSource, Entry
from entries.test_imports import row, sheet, stored_state, youtube

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest(contest_2022, units):
    import_entries(
        sheet(row(ref="HG-TP-1"), row(ref="HG-TP-2", url=youtube(1), duration="")),
        "first.csv",
        contest=contest_2022,
    )
    return contest_2022


@pytest.fixture
def secretary(db):
    return ensure_account(username="thuky", password="mật-khẩu-thử-1", role=Role.SECRETARY)


def plan_of(contest, *rows, filename="corrections.csv"):
    return plan_entries(sheet(*rows), filename, contest)


def test_the_plan_sorts_rows_into_new_corrected_and_unchanged(contest):
    plan = plan_of(
        contest,
        row(ref="HG-TP-1"),
        row(ref="HG-TP-2", url=youtube(1), duration="", title="Tên đã sửa", genre="comedy"),
        row(url=youtube(2), title="Clip mới"),
    )

    assert plan.unchanged == 1
    [update] = plan.updates
    assert (update.row, update.key) == (3, "HG-TP-2")
    assert [(f.column, f.before, f.after) for f in update.fields] == [
        ("title", "Tin giả về giá điện: sự thật là gì?", "Tên đã sửa"),
        ("genre", "Bài viết chuyển thể", "Hài"),
    ]
    [create] = plan.creates
    assert (create.row, create.key, create.label) == (4, "HG-TP-3", "Clip mới")
    assert dict((f.column, f.after) for f in create.fields)["duration"] == "3:45"


def test_planning_stores_nothing(contest):
    before = stored_state()
    plan_of(contest, row(ref="HG-TP-1", title="Khác"), row(url=youtube(2)))
    assert stored_state() == before


def test_a_changed_link_duration_date_and_authors_show_before_and_after(contest):
    plan = plan_of(
        contest,
        row(
            ref="HG-TP-1",
            url=youtube(3),
            duration="4:00",
            posted_at="13/03/2022",
            submitted_at="",
            authors="Lê Minh Đức",
        ),
    )

    changes = {f.column: (f.before, f.after) for f in plan.updates[0].fields}
    assert changes == {
        "url": (youtube(0), youtube(3)),
        "duration": ("3:45", "4:00"),
        "posted_at": ("12/03/2022", "13/03/2022"),
        "authors": ("Nguyễn Thị Lan; Trần Văn Hùng", "Lê Minh Đức"),
    }


def test_empty_duration_and_date_cells_keep_what_is_stored_and_are_no_change(contest):
    plan = plan_of(contest, row(ref="HG-TP-1", duration="", posted_at="", submitted_at=""))
    assert plan.nothing_to_change and plan.unchanged == 1


def test_one_bad_row_refuses_the_plan_naming_the_row_and_stores_nothing(contest):
    before = stored_state()
    with pytest.raises(ImportFailed) as caught:
        plan_of(contest, row(ref="HG-TP-1", title="Sửa"), row(url=youtube(2), genre="ca nhạc"))
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "genre")]
    assert "ca nhạc" in caught.value.problems[0].message.vi
    assert stored_state() == before


def test_apply_stores_exactly_the_plan(contest, secretary):
    plan = plan_of(contest, row(ref="HG-TP-1", title="Tên đã sửa"), row(url=youtube(2)))

    assert apply(plan, secretary) == Imported(created=1, updated=1)

    assert Entry.objects.get(ref="HG-TP-1").title == "Tên đã sửa"
    assert Entry.objects.get(ref="HG-TP-3").url == youtube(2)
    assert Entry.objects.get(ref="HG-TP-2").title == "Tin giả về giá điện: sự thật là gì?"


def test_apply_writes_an_audit_row_per_clip_with_the_file_as_the_reason(contest, secretary):
    plan = plan_of(
        contest,
        row(ref="HG-TP-1", title="Tên đã sửa", duration="4:00"),
        row(url=youtube(2)),
        filename="sua-loi.csv",
    )
    apply(plan, secretary)

    updated = AuditEvent.objects.get(action="entry.import_updated")
    assert (updated.actor, updated.reason, updated.contest) == (secretary, "sua-loi.csv", contest)
    assert updated.object_id == str(Entry.objects.get(ref="HG-TP-1").pk)
    assert updated.before == {"title": "Tin giả về giá điện: sự thật là gì?", "duration": "225"}
    assert updated.after == {"title": "Tên đã sửa", "duration": "240"}
    created = AuditEvent.objects.get(action="entry.imported", reason="sua-loi.csv")
    assert created.object_id == str(Entry.objects.get(ref="HG-TP-3").pk)
    assert created.after["unit"] == "HG-TP" and created.after["url"] == youtube(2)


def test_unchanged_rows_are_not_saved_and_keep_a_verified_duration(contest):
    Entry.objects.filter(ref="HG-TP-1").update(duration_source=DurationSource.VERIFIED)
    before = Entry.objects.get(ref="HG-TP-1").updated_at

    result = import_entries(sheet(row(ref="HG-TP-1")), "again.csv", contest=contest)

    entry = Entry.objects.get(ref="HG-TP-1")
    assert result == Imported(created=0, updated=0)
    assert (entry.updated_at, entry.duration_source) == (before, DurationSource.VERIFIED)
    assert not AuditEvent.objects.filter(action__startswith="entry.import").exclude(
        reason="first.csv"
    )


def test_apply_refuses_a_preview_made_before_the_clip_changed(contest, secretary):
    plan = plan_of(contest, row(ref="HG-TP-1", title="Tên đã sửa"), row(url=youtube(2)))
    Entry.objects.filter(ref="HG-TP-1").update(duration_seconds=Decimal("230"))
    before = stored_state()

    with pytest.raises(ImportStale) as caught:
        apply(plan, secretary)

    assert stored_state() == before
    assert "xem trước lại" in caught.value.problems[0].message.vi
    assert "preview" in caught.value.problems[0].message.en


def test_apply_refuses_when_the_reference_it_would_give_was_taken_meanwhile(contest):
    plan = plan_of(contest, row(url=youtube(2)))
    import_entries(sheet(row(ref="HG-TP-3", url=youtube(3))), "other.csv", contest=contest)

    with pytest.raises(ImportStale):
        apply(plan)
    assert Entry.objects.get(ref="HG-TP-3").url == youtube(3)


def test_apply_refuses_a_plan_other_than_the_one_previewed(contest):
    previewed = plan_of(contest, row(ref="HG-TP-1", title="A"))
    other = plan_of(contest, row(ref="HG-TP-1", title="B"))

    with pytest.raises(ImportStale):
        apply(other, previewed=previewed.digest)
    assert Entry.objects.get(ref="HG-TP-1").title != "B"
    apply(previewed, previewed=previewed.digest)
    assert Entry.objects.get(ref="HG-TP-1").title == "A"


def test_a_change_to_another_clip_does_not_make_the_preview_stale(contest):
    plan = plan_of(contest, row(ref="HG-TP-1", title="Tên đã sửa"))
    Entry.objects.filter(ref="HG-TP-2").update(duration_seconds=Decimal("61"))

    apply(plan)
    assert Entry.objects.get(ref="HG-TP-1").title == "Tên đã sửa"


def test_a_submission_time_is_compared_to_the_second(contest):
    Entry.objects.filter(ref="HG-TP-1").update(
        submitted_at=datetime(2022, 3, 14, 9, 30, 0, 654321, tzinfo=HCM)
    )
    plan = plan_of(contest, row(ref="HG-TP-1", submitted_at="14/03/2022 09:30"))
    assert plan.nothing_to_change
