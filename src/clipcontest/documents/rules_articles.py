"""The articles of the rules (Thể lệ) that say how the software decides: entering, scoring,
disqualifying, what the units answer for, and the prizes.

These restate, in words the units read, what ``eligibility.rules``, ``judging`` and ``awards``
enforce, with the figures of the contest's own rules file; a change to the file changes them.
"""

from __future__ import annotations

from decimal import Decimal

from clipcontest.common.money import amount_in_words, format_vnd
from clipcontest.common.text import Text
from clipcontest.contests.models import Contest, Criterion, PrizeTier
from clipcontest.judging.aggregation import TRIM_FROM

from .rules_content import (
    Block,
    count_vi,
    day,
    decimal_text,
    duration_words,
    items,
    joined,
    paragraph,
    platform_names,
    points_total,
)


def how_to_enter_blocks(contest: Contest) -> list[Block]:
    """Post on the unit's own account, share into the group, declare it, send the letter."""
    platforms = platform_names(contest)
    opens, closes = day(contest.opens_on), day(contest.closes_on)
    letters = day(contest.letter_deadline)
    steps = [
        Text(
            vi=f"Đơn vị đăng clip trên tài khoản mạng xã hội ({platforms}) của chính đơn vị, "
            f"trong thời gian từ ngày {opens} đến hết ngày {closes}.",
            en=f"The unit posts the clip on its own social media account ({platforms}) "
            f"between {opens} and the end of {closes}.",
        )
    ]
    if contest.facebook_group_url:
        group = contest.facebook_group_name or contest.facebook_group_url
        steps.append(
            Text(
                vi=f"Sau đó chia sẻ clip vào nhóm Facebook “{group}” của Ban Tổ chức theo "
                f"đường link: {contest.facebook_group_url}.",
                en=f"It then shares the clip into the organisers' Facebook group “{group}”: "
                f"{contest.facebook_group_url}.",
            )
        )
    steps += [
        Text(
            vi="Khai báo từng clip dự thi (tên clip, đường link bài đăng, thể loại, nội dung, "
            "tác giả) trên trang điện tử của cuộc thi.",
            en="It declares each clip (title, link of the post, genre, theme, authors) on the "
            "contest's website.",
        ),
        Text(
            vi="Đồng thời gửi công văn danh sách các clip dự thi về Ban Tổ chức cuộc thi chậm "
            f"nhất trong ngày {letters}.",
            en="It also sends the organising committee an official letter listing its clips, "
            f"received by the end of {letters}.",
        ),
    ]
    return [items(*steps)]


COMBINE = {
    Contest.Combine.MEAN: Text(
        vi="Điểm của clip là trung bình cộng tổng điểm của các giám khảo chấm clip đó.",
        en="A clip's score is the mean of the totals of the judges who scored it.",
    ),
    Contest.Combine.TRIMMED_MEAN: Text(
        vi="Điểm của clip là trung bình cộng tổng điểm của các giám khảo chấm clip đó; clip có "
        "từ {trim} giám khảo chấm trở lên thì bỏ một tổng điểm cao nhất và một tổng điểm thấp "
        "nhất trước khi tính trung bình.",
        en="A clip's score is the mean of the totals of the judges who scored it; when {trim} "
        "or more judges scored it, the highest and the lowest total are left out first.",
    ),
    Contest.Combine.ZSCORE: Text(
        vi="Tổng điểm của mỗi giám khảo được chuẩn hóa theo cách chấm của chính giám khảo đó "
        "(so với điểm trung bình và độ lệch chuẩn các clip giám khảo đó chấm), rồi quy về thang "
        "điểm {scale}; điểm của clip là trung bình các điểm đã quy đổi, để clip không bị thiệt "
        "khi được giám khảo chấm chặt tay hơn.",
        en="Each judge's totals are standardised against that judge's own marking (the mean "
        "and standard deviation of the clips the judge scored), then brought back to the "
        "{scale}-point scale; a clip's score is their mean, so that no clip loses by meeting a "
        "stricter judge.",
    ),
}


def scoring_blocks(contest: Contest, criteria: list[Criterion]) -> list[Block]:
    """The judge's total, how the totals combine, engagement, ties, and who may win."""
    scale = decimal_text(points_total(criteria))
    texts = [
        Text(
            vi="Điểm của một giám khảo cho một clip là tổng điểm các tiêu chí chấm điểm (tối "
            f"đa {scale.vi} điểm).",
            en=f"A judge's score for a clip is the sum of its points on the criteria (at most "
            f"{scale.en} points).",
        )
    ]
    if contest.blind_judging:
        texts.append(
            Text(
                vi="Ban Giám khảo chấm kín: giám khảo không được biết tên đơn vị, tác giả của "
                "clip.",
                en="Judging is blind: judges are not told the clip's unit or authors.",
            )
        )
    combine = COMBINE.get(contest.combine, COMBINE[Contest.Combine.MEAN])
    texts.append(
        Text(
            vi=combine.vi.format(trim=count_vi(TRIM_FROM), scale=scale.vi),
            en=combine.en.format(trim=TRIM_FROM, scale=scale.en),
        )
    )
    if contest.engagement_weight is not None:
        texts.append(_engagement(contest, scale))
    texts.append(_tie_break(contest, criteria))
    texts += _award_limits(contest)
    return [items(*texts)]


def _percent(weight: Decimal) -> str:
    return decimal_text(weight * 100).vi + "%"


def _engagement(contest: Contest, scale: Text) -> Text:
    kinds = (
        (contest.engagement_per_view, "lượt xem", "view"),
        (contest.engagement_per_like, "lượt thích", "like"),
        (contest.engagement_per_comment, "bình luận", "comment"),
        (contest.engagement_per_share, "lượt chia sẻ", "share"),
    )
    worth = [(decimal_text(w), vi, en) for w, vi, en in kinds if w]
    each_vi = joined([f"mỗi {vi} {points.vi} điểm" for points, vi, _ in worth], last="và")
    each_en = joined([f"a {en} {points.en}" for points, _, en in worth], last="and")
    jury, engagement = _percent(contest.engagement_jury_weight), _percent(contest.engagement_weight)
    return Text(
        vi=f"Điểm xếp hạng gồm {jury} điểm Ban Giám khảo và {engagement} điểm tương tác. Điểm "
        f"tương tác tính theo số liệu chốt khi hết hạn nhận bài dự thi ({each_vi}); clip hợp lệ "
        f"có điểm tương tác cao nhất được {scale.vi} điểm, các clip khác theo tỉ lệ.",
        en=f"The ranking score is {jury} the jury's score and {engagement} engagement. "
        f"Engagement counts are those frozen at the close of entries ({each_en}); the most "
        f"engaging eligible clip gets {scale.en} points, the others in proportion.",
    )


def _tie_break(contest: Contest, criteria: list[Criterion]) -> Text:
    by_key = {criterion.key: criterion for criterion in criteria}
    order = [by_key[key] for key in contest.tie_break if key in by_key] or criteria
    # Quoted: a criterion's name may hold commas ("Nội dung, tư tưởng, tính thuyết phục").
    names_vi = ", ".join(f"“{c.name}”" for c in order)
    names_en = ", ".join(f"“{c.name_en or c.name}”" for c in order)
    return Text(
        vi=f"Trường hợp bằng điểm, lần lượt so sánh điểm trung bình các tiêu chí: {names_vi}; "
        "nếu vẫn bằng nhau, clip gửi dự thi sớm hơn được xếp trên.",
        en=f"On a tie, the mean points of these criteria decide, in turn: {names_en}; if still "
        "tied, the clip entered first ranks higher.",
    )


def _award_limits(contest: Contest) -> list[Text]:
    texts = [
        Text(
            vi="Giải thưởng được trao lần lượt theo thứ hạng, từ giải cao nhất đến giải thấp "
            "nhất, cho các clip hợp lệ.",
            en="Prizes go down the ranking of eligible clips, from the highest prize to the "
            "lowest.",
        )
    ]
    if contest.prize_cap_per_unit:
        cap = contest.prize_cap_per_unit
        texts.append(
            Text(
                vi=f"Mỗi đơn vị nhận tối đa {count_vi(cap)} giải; giải tiếp theo chuyển cho clip "
                "xếp sau.",
                en=f"A unit takes at most {cap} prize{'s' * (cap != 1)}; the next prize goes to "
                "the clip ranked after.",
            )
        )
    if contest.prize_min_score is not None:
        floor = decimal_text(contest.prize_min_score)
        texts.append(
            Text(
                vi=f"Clip đạt dưới {floor.vi} điểm không được xét giải.",
                en=f"A clip scoring below {floor.en} takes no prize.",
            )
        )
    return texts


def disqualification_blocks(contest: Contest) -> list[Block]:
    """The grounds the eligibility rules and the organisers' decisions apply."""
    shortest, longest = duration_words(contest.min_seconds), duration_words(contest.max_seconds)
    opens, closes = day(contest.opens_on), day(contest.closes_on)
    platforms = platform_names(contest)
    return [
        paragraph(Text(vi="Clip bị loại khỏi cuộc thi khi:", en="A clip is disqualified when:")),
        items(
            Text(
                vi="Nội dung không phù hợp với chủ đề của cuộc thi;",
                en="it is off the contest's themes;",
            ),
            Text(
                vi="Vi phạm bản quyền, hoặc có khiếu nại về bản quyền được Ban Tổ chức xác minh;",
                en="it infringes copyright, or a copyright complaint is upheld by the organisers;",
            ),
            Text(
                vi="Bài đăng bị xóa hoặc không còn xem được công khai;",
                en="its post is deleted or no longer public;",
            ),
            Text(
                vi="Trùng lặp: cùng một video được gửi dự thi nhiều lần hoặc bởi nhiều đơn vị "
                "(chỉ bài gửi sớm nhất được tính);",
                en="it is a duplicate: the same video entered twice or by two units (only the "
                "first entry counts);",
            ),
            Text(
                vi=f"Thời lượng dưới {shortest.vi} hoặc trên {longest.vi};",
                en=f"it lasts less than {shortest.en} or more than {longest.en};",
            ),
            Text(
                vi=f"Không đăng trên {platforms}, hoặc đăng ngoài thời gian từ ngày {opens} đến "
                f"ngày {closes}, hoặc gửi dự thi sau ngày {closes}.",
                en=f"it is not posted on {platforms}, is posted outside {opens} – {closes}, or "
                f"is entered after {closes}.",
            ),
        ),
    ]


def responsibility_blocks(contest: Contest) -> list[Block]:
    """The plan makes each unit answer for its clips' content and copyright."""
    return [
        items(
            Text(
                vi="Các đơn vị dự thi tổ chức cho lực lượng giúp việc Ban Chỉ đạo 35, cộng tác "
                "viên 35 cấp mình xây dựng video clip dự thi, bảo đảm tiến độ.",
                en="Each unit has its Steering Committee 35 support forces and collaborators 35 "
                "make the clips, on schedule.",
            ),
            Text(
                vi="Các đơn vị dự thi chịu trách nhiệm về nội dung clip dự thi và bản quyền của "
                "clip khi đăng tải trên internet, mạng xã hội.",
                en="Each unit is responsible for its clips' content and for their copyright when "
                "they are posted online.",
            ),
            Text(
                vi="Giữ bài đăng công khai cho đến khi công bố kết quả cuộc thi.",
                en="The posts stay public until the results are published.",
            ),
        )
    ]


def prize_line(tier: PrizeTier, *, zero_tens: str = "linh") -> Text:
    """``02 Giải Nhì: mỗi giải Giấy chứng nhận và tiền mặt 2.000.000 đ (Hai triệu đồng); cộng
    4.000.000 đ.``, as the plan lists its prizes, with the amount in words too."""
    what_vi, what_en = [], []
    if tier.certificate:
        what_vi.append("Giấy chứng nhận")
        what_en.append("a certificate")
    if tier.amount:
        words = amount_in_words(tier.amount, zero_tens=zero_tens)
        what_vi.append(f"tiền mặt {format_vnd(tier.amount)} ({words})")
        what_en.append(f"{format_vnd(tier.amount)} in cash ({words})")
    award_vi, award_en = " và ".join(what_vi), " and ".join(what_en)
    if tier.count == 1 or not tier.amount:
        each_vi = f"mỗi giải {award_vi}" if tier.count > 1 else award_vi
        each_en = f"{award_en} each" if tier.count > 1 else award_en
        return Text(
            vi=f"{count_vi(tier.count)} {tier.name}: {each_vi}.",
            en=f"{tier.count} × {tier.name_en or tier.name}: {each_en}.",
        )
    total = format_vnd(tier.total)
    return Text(
        vi=f"{count_vi(tier.count)} {tier.name}: mỗi giải {award_vi}; cộng {total}.",
        en=f"{tier.count} × {tier.name_en or tier.name}: {award_en} each; {total} in all.",
    )


def prizes_blocks(prizes: list[PrizeTier], *, zero_tens: str = "linh") -> list[Block]:
    total = sum(tier.total for tier in prizes)
    count = sum(tier.count for tier in prizes)
    words = amount_in_words(total, zero_tens=zero_tens)
    return [
        items(*(prize_line(tier, zero_tens=zero_tens) for tier in prizes)),
        paragraph(
            Text(
                vi=f"Tổng cộng {count_vi(count)} giải, tổng giá trị giải thưởng "
                f"{format_vnd(total)} ({words}).",
                en=f"In all {count} prizes, worth {format_vnd(total)} ({words}).",
            )
        ),
    ]
