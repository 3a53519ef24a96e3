"""The audit log keeps who did what; nobody can edit it in the administration."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import UnitFactory

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent
from clipcontest.audit.services import record

pytestmark = pytest.mark.django_db


def test_a_change_is_recorded_with_who_what_before_after_and_why():
    organiser = ensure_account(username="bantochuc", password="x-y-z-123!", role=Role.ORGANISER)
    unit = UnitFactory(code="HG-MV")
    event = record(
        action="unit.rename",
        obj=unit,
        actor=organiser,
        before={"name": "A"},
        after={"name": "B"},
        reason="typo",
    )
    stored = AuditEvent.objects.get()
    assert stored == event
    assert (stored.actor, stored.object_type, stored.object_id) == (
        organiser,
        "units.unit",
        str(unit.pk),
    )
    assert (stored.before, stored.after, stored.reason) == ({"name": "A"}, {"name": "B"}, "typo")


def test_audit_log_cannot_be_added_changed_or_deleted_in_the_admin(client):
    organiser = ensure_account(username="bantochuc", password="x-y-z-123!", role=Role.ORGANISER)
    client.force_login(organiser)
    event = record(action="test", obj=UnitFactory(), actor=organiser)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    change = client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"reason": "x"})
    assert change.status_code in (403, 200)
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    event.refresh_from_db()
    assert event.reason == "" and AuditEvent.objects.count() == 1


def test_decimals_and_moments_are_stored_as_plain_json_and_read_back_the_same():
    from datetime import date, datetime
    from decimal import Decimal

    from factories import HCM

    unit = UnitFactory(code="HG-MV", name="Ban Chỉ đạo 35 Huyện ủy Mèo Vạc")
    event = record(
        action="test",
        obj=unit,
        after={
            "duration": Decimal("59.500"),
            "received_at": datetime(2022, 6, 10, 9, 30, tzinfo=HCM),
            "date": date(2022, 6, 9),
            "refs": {"HG-MV-2", "HG-MV-1"},
        },
    )
    expected = {
        "duration": "59.500",
        "received_at": "2022-06-10T09:30:00+07:00",
        "date": "2022-06-09",
        "refs": ["HG-MV-1", "HG-MV-2"],
    }
    assert event.after == expected
    event.refresh_from_db()
    assert event.after == expected
    assert event.object_repr == str(unit)
