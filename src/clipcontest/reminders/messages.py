"""What a reminder says, in Vietnamese and English at once (a unit may read either)."""

from __future__ import annotations

from clipcontest.common.text import Text

from .choices import Deadline, Kind
from .due import Due

SUBJECT = Text(
    vi="Nhắc nhở của Ban Tổ chức: {what}",
    en="Reminder from the organisers: {what}",
)
SUBJECT_WHAT = {
    Kind.BELOW_MINIMUM: Text(vi="chưa đủ số clip hợp lệ", en="not enough eligible clips"),
    Kind.LETTER_MISSING: Text(vi="chưa nhận được công văn", en="official letter not received"),
}
LACKS = {
    Kind.BELOW_MINIMUM: Text(
        vi="Số clip hợp lệ của đơn vị: {eligible} trên mức tối thiểu {minimum} clip.",
        en="Your unit's eligible clips: {eligible} of the minimum {minimum}.",
    ),
    Kind.LETTER_MISSING: Text(
        vi="Ban Tổ chức chưa nhận được công văn của đơn vị gửi danh sách clip dự thi.",
        en="The organisers have not received your unit's official letter listing its clips.",
    ),
}
DEADLINE = {
    Deadline.LETTER: Text(
        vi="Hạn gửi công văn về Ban Tổ chức: ngày {date}",
        en="Official letters are due by {date}",
    ),
    Deadline.CLOSE: Text(
        vi="Hạn cuối nhận clip dự thi: ngày {date}",
        en="Submissions close on {date}",
    ),
}
DAYS_LEFT = Text(vi="còn {days} ngày", en="{days} days left")
ONE_DAY_LEFT = Text(vi="còn 1 ngày", en="1 day left")
LAST_DAY = Text(vi="hôm nay là ngày cuối", en="today is the last day")
PASSED = Text(vi="đã quá hạn", en="the deadline has passed")

# Why a unit was not reminded (services report these; pages and the CLI show them).
NO_ADDRESS = Text(
    vi="{unit}: không có địa chỉ e-mail (của đơn vị hay người đại diện); chưa nhắc được.",
    en="{unit}: no e-mail address (of the unit or a representative); not reminded.",
)
NOT_LACKING = {
    Kind.BELOW_MINIMUM: Text(
        vi="{unit}: đã đủ số clip hợp lệ tối thiểu; không cần nhắc.",
        en="{unit}: already has the minimum of eligible clips; not reminded.",
    ),
    Kind.LETTER_MISSING: Text(
        vi="{unit}: Ban Tổ chức đã nhận công văn; không cần nhắc.",
        en="{unit}: its letter has been received; not reminded.",
    ),
}
NOT_SENT = Text(
    vi="{unit}: gửi e-mail không thành công; sẽ thử lại ở lần nhắc sau.",
    en="{unit}: the e-mail could not be sent; it will be tried again at the next run.",
)
NOT_SENT_MANUAL = Text(
    vi="{unit}: gửi e-mail không thành công.",
    en="{unit}: the e-mail could not be sent.",
)


def what_is_missing(item: Due) -> Text:
    return LACKS[item.kind].format(eligible=item.eligible, minimum=item.minimum)


def by_when(item: Due) -> Text:
    """``Hạn gửi công văn: ngày 15/06/2022 (còn 3 ngày)``: the date as offices write it."""
    when = DEADLINE[item.deadline].format(date=item.deadline_on.strftime("%d/%m/%Y"))
    left = _days_left(item.days_left)
    return Text(vi=f"{when.vi} ({left.vi}).", en=f"{when.en} ({left.en}).")


def subject(items: list[Due]) -> Text:
    """Short enough for a phone's inbox; the body names the contest."""
    kinds = [kind for kind in Kind if any(item.kind is kind for item in items)]
    return Text(
        vi=SUBJECT.vi.format(what=", ".join(SUBJECT_WHAT[kind].vi for kind in kinds)),
        en=SUBJECT.en.format(what=", ".join(SUBJECT_WHAT[kind].en for kind in kinds)),
    )


def _days_left(days: int) -> Text:
    if days < 0:
        return PASSED
    if days == 0:
        return LAST_DAY
    if days == 1:
        return ONE_DAY_LEFT
    return DAYS_LEFT.format(days=days)
