"""The organisers' committees page: who sits on the organising committee, the jury and the
secretariat, and the numbers and dates of the decisions that found them.

Every change goes through one service of ``clipcontest.committees`` (which checks it, locks
the contest and writes the audit row); these views parse the form, call it, and say what
happened or why not in the page's language. The decisions themselves are made on the
documents page (or by ``clipcontest documents committees``), from the same lists shown here.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clipcontest.accounts.permissions import staff_required
from clipcontest.committees import plan
from clipcontest.committees.models import Committee, CommitteeMember, CommitteeRole
from clipcontest.committees.queries import committee_lists, founding_decisions
from clipcontest.committees.services import (
    BAD_PLACE,
    CommitteeRefused,
    add_committee_member,
    edit_committee_member,
    remove_committee_member,
    set_founding_decision,
)
from clipcontest.common.dates import DateParseError, parse_date
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import letterhead_of
from clipcontest.documents.models import DocumentBatch
from clipcontest.judging.models import JuryMember

from .organiser_views import back_to, organiser_contest

FIELDS = ("full_name", "position", "role")
SESSION_FORM = "committee_form"


@staff_required
@require_http_methods(["GET", "POST"])
def organiser_committees(request: HttpRequest) -> HttpResponse:
    """The three committees; a POST sets the number and date of one founding decision."""
    contest = organiser_contest(request)
    if request.method == "POST":
        committee = request.POST.get("committee", "")
        _set_decision(request, contest, committee)
        return redirect(back_to("portal:organiser-committees", contest) + f"#decision-{committee}")
    return _page(request, contest, form=request.session.pop(SESSION_FORM, {}))


@staff_required
@require_POST
def organiser_committee_add(request: HttpRequest) -> HttpResponse:
    contest = organiser_contest(request)
    committee = request.POST.get("committee", "")
    values = {key: request.POST.get(key, "").strip() for key in FIELDS}
    account = None
    if request.POST.get("jury_member"):
        account = get_object_or_404(
            JuryMember.objects.select_related("user"),
            pk=_int(request.POST["jury_member"]),
            contest=contest,
        )
    try:
        member = add_committee_member(
            contest=contest,
            committee=committee,
            full_name=values["full_name"],
            position=values["position"],
            role=values["role"],
            jury_member=account,
            by=request.user,
        )
    except CommitteeRefused as refused:
        # Keep what was typed, in its committee's form, so it is corrected, not typed again.
        request.session[SESSION_FORM] = {
            **values,
            "committee": committee,
            "account": account.pk if account else None,
            "errors": {field: str(message) for field, message in refused.problems.items()},
        }
        messages.error(request, _("The member was not added: see the form."))
    else:
        messages.success(
            request,
            _("%(name)s is on the %(committee)s.")
            % {"name": member.name, "committee": Committee(member.committee).label},
        )
    return redirect(back_to("portal:organiser-committees", contest) + f"#committee-{committee}")


@staff_required
@require_http_methods(["GET", "POST"])
def organiser_committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organiser_contest(request)
    member = get_object_or_404(
        CommitteeMember.objects.select_related("jury_member__user"), pk=pk, contest=contest
    )
    if request.method == "GET":
        form = {"full_name": member.full_name, "position": member.position, "role": member.role}
        return _page(request, contest, editing=member, edit_form=form)
    values = {key: request.POST.get(key, "").strip() for key in (*FIELDS, "place")}
    place = values["place"]
    try:
        if place and not place.isdigit():
            count = CommitteeMember.objects.filter(contest=contest, committee=member.committee)
            raise CommitteeRefused({"place": BAD_PLACE.format(count=count.count())})
        edit_committee_member(
            member=member,
            full_name=values["full_name"],
            position=values["position"],
            role=values["role"],
            place=int(place) if place else None,
            by=request.user,
        )
    except CommitteeRefused as refused:
        messages.error(request, _("The member was not changed: see the form."))
        errors = {field: str(message) for field, message in refused.problems.items()}
        return _page(request, contest, editing=member, edit_form={**values, "errors": errors})
    messages.success(request, _("%(name)s is updated.") % {"name": member.name})
    return redirect(
        back_to("portal:organiser-committees", contest) + f"#committee-{member.committee}"
    )


@staff_required
@require_POST
def organiser_committee_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organiser_contest(request)
    member = get_object_or_404(
        CommitteeMember.objects.select_related("jury_member__user"), pk=pk, contest=contest
    )
    name, committee = member.name, member.committee
    try:
        remove_committee_member(member=member, by=request.user)
    except CommitteeRefused as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(
            request,
            _("%(name)s is no longer on the %(committee)s.")
            % {"name": name, "committee": Committee(committee).label},
        )
    return redirect(back_to("portal:organiser-committees", contest) + f"#committee-{committee}")


# --- helpers -----------------------------------------------------------------------------------


def _page(
    request: HttpRequest,
    contest: Contest,
    *,
    form: dict | None = None,
    editing: CommitteeMember | None = None,
    edit_form: dict | None = None,
) -> HttpResponse:
    lists = committee_lists(contest)
    decisions = founding_decisions(contest)
    abbreviation = letterhead_of(contest).abbreviation
    form = form or {}
    sections = []
    for committee in plan.COMMITTEES:
        listed = lists[committee]
        sections.append(
            {
                "key": committee,
                "label": Committee(committee).label,
                "rows": [
                    {"listed": item, "role": _role_label(committee, item.seat.role)}
                    for item in listed
                ],
                "decision": decisions[committee],
                "register": plan.register_of(committee, abbreviation),
                "by_department": not plan.issued_by_organising_committee(committee),
                "has_head": any(item.seat.role == plan.HEAD for item in listed),
                "roles": [(role, _role_label(committee, role)) for role in plan.ROLES],
                "form": form if form.get("committee") == committee else {},
            }
        )
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "organiser": contest.organiser,
        "sections": sections,
        "editing": editing,
        "edit_form": edit_form or {},
        "edit_roles": (
            [(role, _role_label(editing.committee, role)) for role in plan.ROLES] if editing else []
        ),
        "edit_count": sum(1 for item in lists[editing.committee] if item.member) if editing else 0,
        "kind": DocumentBatch.Kind.COMMITTEES,
        "batch": DocumentBatch.objects.filter(
            contest=contest, kind=DocumentBatch.Kind.COMMITTEES
        ).first(),
    }
    return render(request, "portal/organiser/committees.html", context)


def _set_decision(request: HttpRequest, contest: Contest, committee: str) -> None:
    raw_day = request.POST.get("day", "").strip()
    try:
        day = parse_date(raw_day) if raw_day else None
    except DateParseError as error:
        messages.error(request, str(error.message))
        return
    try:
        decision = set_founding_decision(
            contest=contest,
            committee=committee,
            number=request.POST.get("number", ""),
            day=day,
            by=request.user,
        )
    except CommitteeRefused as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(
            request,
            _("The decision founding the %(committee)s is updated.")
            % {"committee": Committee(decision.committee).label},
        )


def _role_label(committee: str, role: str) -> str:
    """Vietnamese pages say the role as the decision does (Ủy viên, Tổ trưởng ...)."""
    if (get_language() or "vi").startswith("vi"):
        return plan.role_title(committee, role)
    return str(CommitteeRole(role).label)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404 from None
