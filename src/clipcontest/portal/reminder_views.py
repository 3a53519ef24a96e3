"""The organisers' reminders page: who needs a reminder, sending one by hand, and the record.

The rules (who lacks what, which reminder is due when) live in ``clipcontest.reminders``; this
page reads them, sends through ``send_reminder`` and says what happened in the page's language.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clipcontest.accounts.permissions import staff_required
from clipcontest.contests.models import Contest
from clipcontest.eligibility.queries import contest_facts, contest_report, unit_compliance
from clipcontest.reminders.choices import Kind
from clipcontest.reminders.due import due_reminders, lacks, schedule
from clipcontest.reminders.mail import recipients_by_unit
from clipcontest.reminders.models import Reminder
from clipcontest.reminders.services import (
    automatic_keys,
    configured_days,
    contest_today,
    send_reminder,
)
from clipcontest.units.models import Unit

from .organiser_views import back_to, organiser_contest

HISTORY_PAGE_SIZE = 50


@staff_required
def organiser_reminders(request: HttpRequest) -> HttpResponse:
    contest = organiser_contest(request)
    today = contest_today(contest)
    days = configured_days()
    facts = contest_facts(contest)
    compliance = [c for c in unit_compliance(contest_report(contest)) if c.unit.active]
    due_today = {
        (item.unit, item.kind)
        for item in due_reminders(
            [c.verdict for c in compliance],
            facts,
            today=today,
            days=days,
            already_sent=automatic_keys(contest),
        )
    }
    needing = [c for c in compliance if any(lacks(c.verdict, kind) for kind in Kind)]
    addresses = recipients_by_unit(c.unit for c in needing)
    last_sent = {
        (unit_id, kind): at
        for unit_id, kind, at in Reminder.objects.filter(contest=contest, sent_at__isnull=False)
        .values("unit_id", "kind")
        .annotate(last=Max("sent_at"))
        .values_list("unit_id", "kind", "last")
    }

    def rows(kind: Kind) -> list[dict]:
        return [
            {
                "unit": c.unit,
                "verdict": c.verdict,
                "addresses": addresses[c.unit.pk],
                "last": last_sent.get((c.unit.pk, kind.value)),
                "due_today": (c.unit.code, kind) in due_today,
            }
            for c in needing
            if lacks(c.verdict, kind)
        ]

    history = Paginator(
        Reminder.objects.filter(contest=contest)
        .select_related("unit", "sent_by")
        .order_by("-claimed_at", "-pk"),
        HISTORY_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "today": today,
        "days": days,
        "schedule": [
            {
                "deadline": deadline,
                "on": on,
                "reminders": [
                    {"days": n, "on": day, "past": day < today, "today": day == today}
                    for n, day in dates
                ],
            }
            for deadline, on, dates in schedule(facts, days)
        ],
        "last_automatic": Reminder.objects.filter(
            contest=contest, manual=False, sent_at__isnull=False
        ).aggregate(last=Max("sent_at"))["last"],
        "sections": [
            {"kind": Kind.BELOW_MINIMUM, "rows": rows(Kind.BELOW_MINIMUM)},
            {"kind": Kind.LETTER_MISSING, "rows": rows(Kind.LETTER_MISSING)},
        ],
        "history": history,
    }
    return render(request, "portal/organiser/reminders.html", context)


@staff_required
@require_POST
def organiser_reminders_send(request: HttpRequest) -> HttpResponse:
    """Send a reminder by hand to the ticked units; always sent, recorded as the organiser's."""
    contest = organiser_contest(request)
    target = back_to("portal:organiser-reminders", contest)
    kind = request.POST.get("kind", "")
    if kind not in Kind.values:
        messages.error(request, _("Choose what the reminder is about."))
        return redirect(target)
    codes = {code.strip().upper() for code in request.POST.getlist("unit") if code.strip()}
    if not codes:
        messages.error(request, _("Tick at least one unit to remind."))
        return redirect(target)
    units = list(Unit.objects.filter(code__in=codes, active=True).order_by("code"))
    unknown = codes - {unit.code for unit in units}
    if unknown:
        messages.error(
            request,
            _("No participating unit has the code %(codes)s; nothing was sent.")
            % {"codes": ", ".join(sorted(unknown))},
        )
        return redirect(target)
    outcome = send_reminder(contest=contest, units=units, kind=Kind(kind), by=request.user)
    reminded = outcome.units_reminded
    if reminded:
        messages.success(
            request,
            _("A reminder was sent to %(units)s.")
            % {"units": ", ".join(unit.code for unit in reminded)},
        )
    for problem in outcome.problems(manual=True):
        messages.warning(request, str(problem))
    return redirect(target)
