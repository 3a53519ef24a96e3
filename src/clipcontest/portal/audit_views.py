"""The organisers' audit log: who changed what, when, from what to what, and why.

Read-only on purpose: the page has a filter form (GET) and a CSV download and nothing that
writes; the log itself refuses every change (``clipcontest.audit.models``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from clipcontest.accounts.permissions import staff_required
from clipcontest.audit.actions import action_label
from clipcontest.audit.models import AuditEvent
from clipcontest.audit.queries import (
    Change,
    changes,
    events,
    object_type_label,
    stored_actions,
    stored_object_types,
)
from clipcontest.contests.models import Contest

from .organiser_views import organiser_contest

PER_PAGE = 50


class AuditFilterForm(forms.Form):
    """The filters of the log; every one optional, an unusable one reported and ignored."""

    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    who = forms.CharField(label=gettext_lazy("Who (username)"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=gettext_lazy("Kind of object"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Object (code, number or id)"), required=False, max_length=200
    )
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, contest: Contest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        actions = sorted(stored_actions(contest), key=action_label)
        self.fields["action"].choices = [("", "—")] + [(a, action_label(a)) for a in actions]
        types = stored_object_types(contest)
        self.fields["object_type"].choices = [("", "—")] + [
            (t, object_type_label(t)) for t in types
        ]

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data


@dataclass(frozen=True)
class LogRow:
    """One event as the page and the CSV show it."""

    event: AuditEvent
    when: datetime
    who: str
    action: str
    kind: str
    changes: list[Change]

    @property
    def changes_text(self) -> str:
        return "; ".join(f"{c.label}: {c.before_text} → {c.after_text}" for c in self.changes)


@staff_required
@require_GET
def organiser_audit(request: HttpRequest) -> HttpResponse:
    """The log filtered by the GET parameters, 50 events a page; ``?format=csv`` downloads all."""
    contest = organiser_contest(request)
    form = AuditFilterForm(request.GET or None, contest=contest)
    form.is_valid()  # errors show on the form; the valid filters still apply
    filters = getattr(form, "cleaned_data", {})
    found = events(
        contest,
        action=filters.get("action") or None,
        actor=filters.get("who") or None,
        object_type=filters.get("object_type") or None,
        object_text=filters.get("text") or None,
        since=filters.get("since"),
        until=filters.get("until"),
    )
    if request.GET.get("format") == "csv":
        return _csv_response(contest, found)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    kept.pop("format", None)
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "form": form,
        "page": page,
        "rows": [_row(event, contest) for event in page.object_list],
        "filters": kept.urlencode(),
    }
    return render(request, "portal/organiser/audit.html", context)


def _row(event: AuditEvent, contest: Contest) -> LogRow:
    actor = event.actor
    return LogRow(
        event=event,
        when=timezone.localtime(event.at, contest.zone),
        who=actor.get_username() if actor is not None else "",
        action=action_label(event.action),
        kind=object_type_label(event.object_type),
        changes=changes(event.before, event.after),
    )


def _csv_response(contest: Contest, found) -> HttpResponse:
    # Imported here: the module loads openpyxl, 30 MB a web worker otherwise always carries.
    from clipcontest.documents.spreadsheet import csv_bytes

    stamp = timezone.localtime(timezone.now(), contest.zone).strftime("%Y%m%d-%H%M")
    response = HttpResponse(csv_bytes(_csv_rows(contest, found)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="audit-{contest.slug}-{stamp}.csv"'
    return response


def _csv_rows(contest: Contest, found) -> Iterator[list]:
    yield [
        _("When"),
        _("Who"),
        _("Action code"),
        _("Action"),
        _("Kind of object"),
        _("Object id"),
        _("Object"),
        _("What changed"),
        _("Why"),
        _("Before (JSON)"),
        _("After (JSON)"),
    ]
    for event in found.iterator(chunk_size=500):
        row = _row(event, contest)
        yield [
            row.when.strftime("%Y-%m-%d %H:%M:%S"),
            row.who,
            event.action,
            row.action,
            row.kind,
            event.object_id,
            event.object_repr,
            row.changes_text,
            event.reason,
            _json(event.before),
            _json(event.after),
        ]


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
