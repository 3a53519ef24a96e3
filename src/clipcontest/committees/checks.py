"""The rules a change to the committees must keep, and what to say when it does not.

Every problem is named by the form field it belongs to and said in both languages; the
services (``services.py``) raise them all at once in ``CommitteeRefused`` and store nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from clipcontest.accounts.permissions import is_staff_member
from clipcontest.common.names import clean_name
from clipcontest.common.text import Text
from clipcontest.contests.models import Contest
from clipcontest.judging.models import JuryMember

from . import plan
from .models import CommitteeMember, FoundingDecision

NAME_MAX, POSITION_MAX, NUMBER_MAX = 200, 300, 10
COMMITTEE_EN = {
    plan.ORGANISING: "organising committee",
    plan.JURY: "jury",
    plan.SECRETARIAT: "secretariat",
}

STAFF_ONLY = Text(
    vi="Chỉ Ban Tổ chức hoặc Thư ký mới được sửa thành phần các ban.",
    en="Only the organisers or the secretariat may change the committees.",
)
UNKNOWN_COMMITTEE = Text(vi="Không có ban “{value}”.", en="There is no committee “{value}”.")
UNKNOWN_ROLE = Text(
    vi="Nhiệm vụ “{value}” không hợp lệ.", en="“{value}” is not a role in a committee."
)
NAME_REQUIRED = Text(vi="Cần nhập họ và tên.", en="A full name is required.")
TOO_LONG = Text(vi="Dài quá {limit} ký tự.", en="Longer than {limit} characters.")
ONE_HEAD = Text(
    vi="{committee} đã có {title} là {name}: mỗi ban chỉ có một người đứng đầu. Hãy đổi "
    "nhiệm vụ của người đó trước.",
    en="The {committee_en} already has a head, {name}: a committee has one head. Change "
    "that person's role first.",
)
ACCOUNT_ONLY_FOR_JURY = Text(
    vi="Chỉ thành viên Ban Giám khảo mới gắn với tài khoản giám khảo.",
    en="Only a member of the jury is linked to a jury account.",
)
ACCOUNT_OF_ANOTHER_CONTEST = Text(
    vi="Tài khoản giám khảo này không thuộc cuộc thi.",
    en="This jury account is not on this contest's jury.",
)
ACCOUNT_ALREADY_LISTED = Text(
    vi="{name} đã có trong danh sách Ban Giám khảo.",
    en="{name} is already listed on the jury.",
)
BAD_PLACE = Text(
    vi="Thứ tự phải là một số từ 1 đến {count}.",
    en="The place must be a number from 1 to {count}.",
)
REORDER_MISMATCH = Text(
    vi="Thứ tự mới phải gồm đúng một lần mỗi thành viên hiện có của ban.",
    en="The new order must list each current member of the committee exactly once.",
)
BAD_NUMBER = Text(
    vi="Số quyết định chỉ gồm chữ số (ví dụ 15); phần “-QĐ/{register}” được thêm tự động.",
    en="The decision number is digits only (e.g. 15); “-QĐ/{register}” is added automatically.",
)
NUMBER_TAKEN = Text(
    vi="Số {number}-QĐ/{register} đã dùng cho quyết định thành lập {other}.",
    en="Number {number}-QĐ/{register} is already used by the decision founding the {other_en}.",
)
BEFORE_ORGANISING = Text(
    vi="Ban Tổ chức được thành lập ngày {day}: quyết định thành lập {name} không thể ghi ngày "
    "trước đó.",
    en="The organising committee was founded on {day}: the decision founding the {name_en} "
    "cannot be dated earlier.",
)
AFTER_FOUNDED = Text(
    vi="{name} được thành lập ngày {day}, trước ngày này: quyết định thành lập Ban Tổ chức phải "
    "có trước.",
    en="The {name_en} was founded on {day}, before this date: the organising committee must be "
    "founded first.",
)


class CommitteeRefused(ValueError):
    """A change the rules do not allow; ``problems`` says why, by form field."""

    def __init__(self, problems: dict[str, Text]) -> None:
        self.problems = problems
        self.message = Text(
            vi=" ".join(p.vi for p in problems.values()),
            en=" ".join(p.en for p in problems.values()),
        )
        super().__init__(self.message.en)


def clean_member(
    contest: Contest,
    committee: str,
    full_name: str,
    position: str,
    role: str,
    jury_member: JuryMember | None,
    *,
    editing: CommitteeMember | None = None,
) -> dict[str, Any]:
    """The member's values, cleaned; every problem at once in ``CommitteeRefused``."""
    problems: dict[str, Text] = {}
    committee = committee_key(committee)
    if role not in plan.ROLES:
        problems["role"] = UNKNOWN_ROLE.format(value=role)
    name, position = clean_name(full_name), " ".join(position.split())
    if jury_member is not None:
        name = ""  # the account's name is the one printed
        problems.update(_account_problems(contest, committee, jury_member, editing))
    elif not name:
        problems["full_name"] = NAME_REQUIRED
    if len(name) > NAME_MAX:
        problems["full_name"] = TOO_LONG.format(limit=NAME_MAX)
    if len(position) > POSITION_MAX:
        problems["position"] = TOO_LONG.format(limit=POSITION_MAX)
    if role == plan.HEAD:
        head = (
            CommitteeMember.objects.filter(contest=contest, committee=committee, role=plan.HEAD)
            .exclude(pk=getattr(editing, "pk", None))
            .select_related("jury_member__user")
            .first()
        )
        if head is not None:
            problems["role"] = ONE_HEAD.format(
                committee=plan.COMMITTEE_NAMES[committee],
                committee_en=COMMITTEE_EN[committee],
                title=plan.role_title(committee, plan.HEAD).lower(),
                name=head.name,
            )
    if problems:
        raise CommitteeRefused(problems)
    return {
        "committee": committee,
        "full_name": name,
        "position": position,
        "role": role,
        "jury_member": jury_member,
    }


def _account_problems(
    contest: Contest,
    committee: str,
    jury_member: JuryMember,
    editing: CommitteeMember | None,
) -> dict[str, Text]:
    if committee != plan.JURY:
        return {"jury_member": ACCOUNT_ONLY_FOR_JURY}
    if jury_member.contest_id != contest.pk:
        return {"jury_member": ACCOUNT_OF_ANOTHER_CONTEST}
    taken = CommitteeMember.objects.filter(jury_member=jury_member).exclude(
        pk=getattr(editing, "pk", None)
    )
    if taken.exists():
        return {"jury_member": ACCOUNT_ALREADY_LISTED.format(name=str(jury_member))}
    return {}


def committee_key(value: str) -> str:
    if value not in plan.COMMITTEES:
        raise CommitteeRefused({"committee": UNKNOWN_COMMITTEE.format(value=value)})
    return value


def _date_out_of_order(
    committee: str, day: date, decisions: dict[str, FoundingDecision]
) -> Text | None:
    """The organising committee is founded first; the two it founds, on that day or later."""
    name = plan.COMMITTEE_NAMES[committee]
    if committee != plan.ORGANISING:
        founded = getattr(decisions.get(plan.ORGANISING), "day", None)
        if founded is not None and day < founded:
            return BEFORE_ORGANISING.format(
                day=founded.strftime("%d/%m/%Y"), name=name, name_en=COMMITTEE_EN[committee]
            )
        return None
    for other in (plan.JURY, plan.SECRETARIAT):
        founded = getattr(decisions.get(other), "day", None)
        if founded is not None and founded < day:
            return AFTER_FOUNDED.format(
                name=plan.COMMITTEE_NAMES[other],
                name_en=COMMITTEE_EN[other],
                day=founded.strftime("%d/%m/%Y"),
            )
    return None


def _same_number(a: str, b: str) -> bool:
    """``05`` and ``5`` are one entry of the register."""
    return bool(a) and bool(b) and int(a) == int(b)


def require_staff(by: Any) -> None:
    if not is_staff_member(by):
        raise CommitteeRefused({"all": STAFF_ONLY})


def decision_problems(
    committee: str,
    number: str,
    day: date | None,
    decisions: dict[str, FoundingDecision],
    *,
    abbreviation: str,
) -> dict[str, Text]:
    """What is wrong with giving ``committee``'s decision this number and date.

    The number is digits only, and no other decision numbered in the same register has it
    (``05`` and ``5`` being one entry); the dates follow who founds whom.
    """
    register = plan.register_of(committee, abbreviation)
    problems: dict[str, Text] = {}
    if number and (not number.isdigit() or len(number) > NUMBER_MAX):
        problems["number"] = BAD_NUMBER.format(register=register)
    elif number:
        for other, decision in decisions.items():
            same_register = plan.register_of(other, abbreviation) == register
            if other != committee and same_register and _same_number(decision.number, number):
                problems["number"] = NUMBER_TAKEN.format(
                    number=number,
                    register=register,
                    other=plan.COMMITTEE_NAMES[other],
                    other_en=COMMITTEE_EN[other],
                )
    if day is not None:
        date_problem = _date_out_of_order(committee, day, decisions)
        if date_problem:
            problems["day"] = date_problem
    return problems
