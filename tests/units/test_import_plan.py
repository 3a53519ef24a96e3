"""Importing units in two steps: a preview of every change, then applying exactly it."""

from __future__ import annotations

import pytest

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent
from clipcontest.common.tabular import Imported, ImportFailed
from clipcontest.common.transfer import ImportStale
from clipcontest.units.imports import apply, import_units, plan_units
from clipcontest.units.models import Unit
from units.test_imports import DV, KCQ, TP, sheet, stored

pytestmark = pytest.mark.django_db
RENAMED_DV = [DV[0], "Ban Chỉ đạo 35 huyện Đồng Văn (mới)", "district", ""]


@pytest.fixture
def organiser(db):
    return ensure_account(username="bantochuc", password="mật-khẩu-thử-1", role=Role.ORGANISER)


@pytest.fixture
def two_units(db):
    import_units(sheet(TP, DV), "first.csv")


def test_the_plan_lists_new_units_changed_fields_and_unchanged_rows(two_units):
    plan = plan_units(sheet(TP, RENAMED_DV, KCQ), "units.csv")

    assert plan.unchanged == 1
    [update] = plan.updates
    assert (update.row, update.key) == (3, "HG-DV")
    assert [(f.column, f.before, f.after) for f in update.fields] == [
        ("name", DV[1], RENAMED_DV[1]),
        ("email", DV[3], ""),
    ]
    [create] = plan.creates
    assert (create.row, create.key, create.label) == (4, "HG-KCQ", KCQ[1])
    assert {f.column: f.after for f in create.fields}["kind"] == "Đảng ủy trực thuộc"
    assert str(update.fields[0].label) == "Tên đơn vị"


def test_planning_stores_nothing(two_units):
    before = stored()
    plan_units(sheet(RENAMED_DV, KCQ), "units.csv")
    assert stored() == before


def test_the_same_file_twice_is_nothing_to_change(two_units):
    plan = plan_units(sheet(TP, DV), "units.csv")
    assert plan.nothing_to_change and plan.unchanged == 2


def test_one_bad_row_refuses_the_plan_and_names_the_row(two_units):
    before = stored()
    with pytest.raises(ImportFailed) as caught:
        plan_units(sheet(RENAMED_DV, ["HG-X", "Tên", "xã", ""]), "units.csv")
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "kind")]
    assert stored() == before


def test_apply_stores_the_plan_with_an_audit_row_per_unit(two_units, organiser):
    plan = plan_units(sheet(RENAMED_DV, KCQ), "don-vi.csv")

    assert apply(plan, organiser) == Imported(created=1, updated=1)

    assert Unit.objects.get(code="HG-DV").name == RENAMED_DV[1]
    updated = AuditEvent.objects.get(action="unit.import_updated")
    assert (updated.actor, updated.reason) == (organiser, "don-vi.csv")
    assert updated.before == {"name": DV[1], "email": DV[3]}
    assert updated.after == {"name": RENAMED_DV[1], "email": ""}
    created = AuditEvent.objects.get(action="unit.imported", reason="don-vi.csv")
    assert created.object_id == str(Unit.objects.get(code="HG-KCQ").pk)
    assert created.after["kind"] == "affiliated"


def test_apply_refuses_a_preview_made_before_a_unit_changed(two_units):
    plan = plan_units(sheet(RENAMED_DV, KCQ), "units.csv")
    Unit.objects.filter(code="HG-DV").update(email="moi@example.vn")
    before = stored()

    with pytest.raises(ImportStale):
        apply(plan)
    assert stored() == before


def test_apply_refuses_when_a_unit_it_would_create_now_exists(two_units):
    plan = plan_units(sheet(KCQ), "units.csv")
    import_units(sheet(KCQ), "other.csv")

    with pytest.raises(ImportStale):
        apply(plan)


def test_apply_refuses_a_plan_other_than_the_one_previewed(two_units):
    previewed = plan_units(sheet(RENAMED_DV), "units.csv")
    other = plan_units(sheet(KCQ), "units.csv")
    with pytest.raises(ImportStale):
        apply(other, previewed=previewed.digest)
    assert not Unit.objects.filter(code="HG-KCQ").exists()
