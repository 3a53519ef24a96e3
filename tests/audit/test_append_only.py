"""The audit log is append-only in the model itself, whichever code path tries to edit it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import UnitFactory

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent, AuditLogIsAppendOnly
from clipcontest.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return record(action="test.change", obj=UnitFactory(), before={"a": 1}, after={"a": 2})


def stored(event: AuditEvent) -> tuple:
    row = AuditEvent.objects.values_list("action", "reason", "before", "after").get(pk=event.pk)
    return row


def test_adding_an_event_is_allowed():
    record(action="test.change", obj=UnitFactory())
    AuditEvent.objects.create(at=AuditEvent.objects.get().at, action="x", object_type="t")
    assert AuditEvent.objects.count() == 2


def test_saving_a_stored_event_again_is_refused_and_changes_nothing(event):
    event.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly, match="append-only"):
        event.save()
    assert stored(event) == ("test.change", "", {"a": 1}, {"a": 2})


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly, match="append-only"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_updating_events_through_a_queryset_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update_or_create(pk=event.pk, defaults={"reason": "rewritten"})
    event.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["reason"])
    assert stored(event)[1] == ""


def test_deleting_events_through_a_queryset_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1


def test_the_admin_still_shows_the_log_read_only(client, event):
    organiser = ensure_account(username="bantochuc", password="x-y-z-123!", role=Role.ORGANISER)
    organiser.is_staff = organiser.is_superuser = True
    organiser.save()
    client.force_login(organiser)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"reason": "x"})
    delete = client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert stored(event) == ("test.change", "", {"a": 1}, {"a": 2})
