"""The organisers' jury page: who sits on the jury, their conflicts, who scores what, progress.

Every change goes through one service of ``clipcontest.judging`` (which checks the rules,
locks the contest and writes the audit row); these views parse the form, call it, and say
what happened or why not in the active language.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMessage
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clipcontest.accounts.invitations import invitation_link
from clipcontest.accounts.permissions import staff_required
from clipcontest.common.tabular import ImportFailed
from clipcontest.contests.models import Contest
from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.models import Entry
from clipcontest.judging.assignment import AssignmentInfeasible
from clipcontest.judging.members import add_jury_member, remove_jury_member, withdraw_conflict
from clipcontest.judging.models import Assignment, Conflict, JuryMember, ScoreSheet
from clipcontest.judging.queries import jury_progress, progress, results_locked
from clipcontest.judging.services import JudgingRefused, assign_jury, declare_conflict
from clipcontest.units.models import Unit

from .organiser_views import back_to, organiser_contest

logger = logging.getLogger(__name__)


@staff_required
@require_http_methods(["GET", "POST"])
def organiser_jury(request: HttpRequest) -> HttpResponse:
    """The jury page; a POST with ``member`` e-mails that member a reminder."""
    contest = organiser_contest(request)
    if request.method == "POST":
        _send_reminder(request, contest)
        return redirect(back_to("portal:organiser-jury", contest))
    last_activity = dict(
        ScoreSheet.objects.filter(assignment__member__contest=contest)
        .values("assignment__member")
        .annotate(last=Max("updated_at"))
        .values_list("assignment__member", "last")
    )
    rows = [
        {
            "member": member,
            "submitted": submitted,
            "total": total,
            "unfinished": submitted < total,
            "last": last_activity.get(member.pk),
        }
        for member, submitted, total in jury_progress(contest)
    ]
    conflicts = (
        Conflict.objects.filter(member__contest=contest)
        .select_related("member__user", "unit", "entry")
        .order_by("member__user__username", "pk")
    )
    eligible = sum(1 for verdict in contest_report(contest).entries if verdict.eligible)
    scored = Assignment.objects.filter(member__contest=contest).aggregate(
        assigned=Count("pk"), submitted=Count("pk", filter=Q(sheet__status="submitted"))
    )
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "rows": rows,
        "conflicts": conflicts,
        "units": Unit.objects.filter(active=True).order_by("code"),
        "eligible": eligible,
        "assigned": scored["assigned"],
        "locked": results_locked(contest),
        "form": request.session.pop("jury_form", {}),
    }
    return render(request, "portal/organiser/jury.html", context)


@staff_required
@require_POST
def organiser_jury_add(request: HttpRequest) -> HttpResponse:
    contest = organiser_contest(request)
    values = {
        key: request.POST.get(key, "").strip() for key in ("username", "name", "email", "unit")
    }
    try:
        member = add_jury_member(
            contest=contest,
            username=values["username"],
            name=values["name"],
            email=values["email"],
            unit_code=values["unit"],
            by=request.user,
        )
    except ImportFailed as failed:
        # Keep what was typed so the organiser corrects it instead of typing it again.
        request.session["jury_form"] = {
            **values,
            "errors": {p.column or "all": str(p.message) for p in failed.problems},
        }
        messages.error(request, _("The jury member was not added: see the form."))
    else:
        messages.success(
            request,
            _("%(name)s is on the jury. Send them an invitation to set a password.")
            % {"name": member},
        )
    return redirect(back_to("portal:organiser-jury", contest) + "#add-member")


@staff_required
@require_POST
def organiser_jury_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organiser_contest(request)
    member = get_object_or_404(JuryMember.objects.select_related("user"), pk=pk, contest=contest)
    try:
        remove_jury_member(member=member, by=request.user, reason=request.POST.get("reason", ""))
    except JudgingRefused as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("%(name)s is no longer on the jury.") % {"name": member})
    return redirect(back_to("portal:organiser-jury", contest))


@staff_required
@require_POST
def organiser_conflict_add(request: HttpRequest) -> HttpResponse:
    contest = organiser_contest(request)
    member = get_object_or_404(
        JuryMember.objects.select_related("user"),
        pk=_int(request.POST.get("member")),
        contest=contest,
    )
    unit = entry = None
    target = request.POST.get("target", "").strip()
    if target.startswith("unit:"):
        unit = Unit.objects.filter(code=target.removeprefix("unit:")).first()
    elif target:
        entry = Entry.objects.filter(contest=contest, ref__iexact=target).first()
        if entry is None:
            messages.error(
                request, _("No clip of this contest has the code %(ref)s.") % {"ref": target}
            )
            return redirect(back_to("portal:organiser-jury", contest) + "#conflicts")
    try:
        declare_conflict(
            member=member,
            unit=unit,
            entry=entry,
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except JudgingRefused as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(
            request,
            _("The conflict is recorded; %(name)s will not score those clips.") % {"name": member},
        )
    return redirect(back_to("portal:organiser-jury", contest) + "#conflicts")


@staff_required
@require_POST
def organiser_conflict_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organiser_contest(request)
    conflict = get_object_or_404(
        Conflict.objects.select_related("member__user", "member__contest", "unit", "entry"),
        pk=pk,
        member__contest=contest,
    )
    try:
        withdraw_conflict(conflict=conflict, by=request.user, reason=request.POST.get("reason", ""))
    except JudgingRefused as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("The conflict is withdrawn."))
    return redirect(back_to("portal:organiser-jury", contest) + "#conflicts")


@staff_required
@require_POST
def organiser_jury_assign(request: HttpRequest) -> HttpResponse:
    contest = organiser_contest(request)
    raw = request.POST.get("per_entry", "").strip()
    per_entry = None
    if raw:
        per_entry = _int(raw, default=0)
    try:
        result = assign_jury(contest=contest, per_entry=per_entry, by=request.user)
    except AssignmentInfeasible as infeasible:
        for reason in infeasible.reasons:
            messages.error(request, str(reason))
    except JudgingRefused as refused:
        messages.error(request, str(refused.message))
    else:
        loads = result.loads.values()
        messages.success(
            request,
            _(
                "Assigned: %(clips)s clips to %(members)s jury members, "
                "%(low)s to %(high)s clips each."
            )
            % {
                "clips": len(result.by_entry),
                "members": len(result.by_judge),
                "low": min(loads, default=0),
                "high": max(loads, default=0),
            },
        )
    return redirect(back_to("portal:organiser-jury", contest) + "#assignment")


def _int(value: str | None, *, default: int | None = None) -> int:
    try:
        return int(value or "")
    except ValueError:
        if default is not None:
            return default
        raise Http404 from None


def _send_reminder(request: HttpRequest, contest: Contest) -> None:
    try:
        member_id = int(request.POST.get("member", ""))
    except ValueError:
        raise Http404 from None
    member = get_object_or_404(
        JuryMember.objects.select_related("user"), pk=member_id, contest=contest
    )
    submitted, total = progress(member)
    name = str(member)
    if submitted >= total:
        messages.info(request, _("%(name)s has no unfinished scores.") % {"name": name})
        return
    if not member.user.email:
        messages.error(request, _("%(name)s has no e-mail address.") % {"name": name})
        return
    link = request.build_absolute_uri(reverse("portal:jury-home"))
    message = EmailMessage(
        _reminder_subject(contest),
        _reminder_body(name, submitted, total, link, contest),
        settings.DEFAULT_FROM_EMAIL,
        [member.user.email],
    )
    try:
        message.send()
    except OSError:
        # The address is left out of the log on purpose; the member's id is enough to follow up.
        logger.exception("Jury reminder to member %s was not sent", member.pk)
        messages.error(request, _("The reminder to %(name)s could not be sent.") % {"name": name})
        return
    logger.info("Jury reminder sent to member %s", member.pk)
    messages.success(request, _("A reminder was sent to %(name)s.") % {"name": name})


def _reminder_subject(contest: Contest) -> str:
    return f"Nhắc chấm điểm / Scoring reminder – {contest.name}"


def _reminder_body(name: str, submitted: int, total: int, link: str, contest: Contest) -> str:
    """Both languages in one e-mail: the member may read either, and we do not know which."""
    left = total - submitted
    return (
        f"Kính gửi {name},\n\n"
        f"Ban Tổ chức {contest.name} xin nhắc: bạn đã gửi điểm {submitted}/{total} clip, "
        f"còn {left} clip chưa chấm xong. Mời bạn chấm tiếp tại:\n{link}\n\n"
        "Trân trọng,\nBan Tổ chức\n\n"
        "----\n\n"
        f"Dear {name},\n\n"
        f"A reminder from the organisers of {contest.name_en or contest.name}: you have "
        f"submitted scores for {submitted} of {total} clips; {left} still need your scores. "
        f"Please continue at:\n{link}\n\n"
        "Kind regards,\nThe organisers\n"
    )


@staff_required
@require_POST
def organiser_jury_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """E-mail a member the link where they choose their password (a new account has none)."""
    contest = organiser_contest(request)
    member = get_object_or_404(JuryMember.objects.select_related("user"), pk=pk, contest=contest)
    user, name = member.user, str(member)
    if user.has_usable_password():
        messages.info(request, _("%(name)s has already chosen a password.") % {"name": name})
    elif not user.email:
        messages.error(request, _("%(name)s has no e-mail address.") % {"name": name})
    else:
        link = invitation_link(user, base_url=request.build_absolute_uri("/"))
        body = (
            f"Kính gửi {name},\n\nBạn là thành viên Ban Giám khảo {contest.name}. Tên đăng "
            f"nhập: {user.get_username()}. Mời bạn đặt mật khẩu tại:\n{link}\n\n----\n\n"
            f"Dear {name},\n\nYou are on the jury of {contest.name_en or contest.name}. Your "
            f"username: {user.get_username()}. Please choose your password at:\n{link}\n"
        )
        subject = f"Ban Giám khảo / Jury – {contest.name}"
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
        except OSError:
            logger.exception("Jury invitation to member %s was not sent", member.pk)
            messages.error(
                request, _("The invitation to %(name)s could not be sent.") % {"name": name}
            )
        else:
            messages.success(request, _("An invitation was sent to %(name)s.") % {"name": name})
    return redirect(back_to("portal:organiser-jury", contest))
