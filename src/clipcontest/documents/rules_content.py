"""The pieces of the contest rules (Thể lệ): blocks of text, how figures are written, and the
articles that only restate the rules file.

Every figure comes from the ``Contest`` and its ``PrizeTier`` / ``Criterion`` rows (and the
units taking part); only the wording around the figures is written here, in the plan's words.
Each piece is a ``Text`` pair: the document prints the Vietnamese (the text that binds), the
page the reader's language. ``rules_document.rules_sections`` puts the articles in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from clipcontest.common.text import Text, lower_first
from clipcontest.contests.models import Contest, Criterion
from clipcontest.entries.links import Platform
from clipcontest.units.models import ParticipantCategory, Unit


@dataclass(frozen=True)
class RulesTable:
    """A table of the rules; ``widths`` are relative, ``numeric`` columns align right."""

    headings: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]
    footer: tuple[Text, ...] = ()
    widths: tuple[int, ...] = ()
    numeric: tuple[bool, ...] = ()

    def aligned(self, cells: tuple[Text, ...]) -> list[tuple[Text, bool]]:
        """Each cell with whether it aligns right, for a template that cannot zip."""
        flags = self.numeric or (False,) * len(cells)
        return list(zip(cells, flags, strict=True))

    @property
    def aligned_headings(self) -> list[tuple[Text, bool]]:
        return self.aligned(self.headings)

    @property
    def aligned_rows(self) -> list[list[tuple[Text, bool]]]:
        return [self.aligned(row) for row in self.rows]

    @property
    def aligned_footer(self) -> list[tuple[Text, bool]]:
        return self.aligned(self.footer) if self.footer else []


@dataclass(frozen=True)
class Block:
    """A paragraph, a list of items, or a table, in the order they are read."""

    kind: Literal["paragraph", "items", "table"]
    text: Text | None = None
    items: tuple[Text, ...] = ()
    table: RulesTable | None = None


@dataclass(frozen=True)
class Section:
    """An article of the rules (``title`` None for the opening words)."""

    key: str
    title: Text | None
    blocks: tuple[Block, ...]


def paragraph(text: Text) -> Block:
    return Block(kind="paragraph", text=text)


def items(*texts: Text) -> Block:
    return Block(kind="items", items=tuple(texts))


# --- how figures are written -------------------------------------------------------------------


def same(text: str) -> Text:
    """A figure or a name that reads the same in both languages."""
    return Text(vi=text, en=text)


def count_vi(n: int) -> str:
    """``02``: counts below ten take a zero in Vietnamese official writing ("02 clip")."""
    return f"{n:02d}"


def day(value: date) -> str:
    """``01/03/2022``: day, month and year, as every date of the rules is written."""
    return value.strftime("%d/%m/%Y")


def month_year(value: str) -> Text:
    """``2022-07`` -> "tháng 7/2022" / "July 2022"."""
    year, month = (int(part) for part in value.split("-"))
    return Text(vi=f"tháng {month}/{year}", en=date(year, month, 1).strftime("%B %Y"))


def decimal_text(value: Decimal) -> Text:
    """``40.0`` is "40"; ``7.5`` is "7,5" in Vietnamese and "7.5" in English."""
    text = format(Decimal(value).normalize(), "f")
    return Text(vi=text.replace(".", ","), en=text)


def duration_words(seconds: Decimal) -> Text:
    """A duration limit as the plan says it: 5 -> "5 giây", 600 -> "10 phút", 90 -> "1 phút
    30 giây"; a fraction of a second keeps its decimals ("5,5 giây")."""
    whole = int(seconds)
    if seconds != whole:
        figure = decimal_text(seconds)
        return Text(vi=f"{figure.vi} giây", en=f"{figure.en} seconds")
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts_vi, parts_en = [], []
    units = ((hours, "giờ", "hour"), (minutes, "phút", "minute"), (secs, "giây", "second"))
    for amount, vi, en in units:
        if amount:
            parts_vi.append(f"{amount} {vi}")
            parts_en.append(f"{amount} {en}{'' if amount == 1 else 's'}")
    return Text(vi=" ".join(parts_vi) or "0 giây", en=" ".join(parts_en) or "0 seconds")


def joined(names: list[str], *, last: str) -> str:
    """``a, b và c``: the last two joined by ``last`` ("và", "and")."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


def vocabulary(entries: list[dict]) -> list[Text]:
    """A contest's genres or themes, each named in both languages."""
    return [
        Text(vi=e.get("name") or e["key"], en=e.get("name_en") or e.get("name") or e["key"])
        for e in entries
    ]


def platform_names(contest: Contest) -> str:
    labels = {platform.value: platform.label for platform in Platform}
    return ", ".join(labels.get(key, key) for key in contest.platforms)


def points_total(criteria: list[Criterion]) -> Decimal:
    return sum((criterion.max_points for criterion in criteria), Decimal(0))


# --- the articles ---------------------------------------------------------------------------------


def preamble(contest: Contest) -> Text:
    return Text(
        vi=f"Thực hiện Kế hoạch của {contest.organiser} về tổ chức "
        f"{lower_first(contest.name)}, Ban Tổ chức cuộc thi ban hành Thể lệ cuộc thi như sau:",
        en=f"Under the plan of the {contest.organiser_en or contest.organiser} for the "
        f"{contest.name_en or contest.name}, the organising committee sets these rules. "
        "The Vietnamese text is the one that binds; this is a translation.",
    )


def purpose_blocks(contest: Contest) -> list[Block]:
    themes = vocabulary(contest.themes)
    return [
        paragraph(
            Text(
                vi="Tiếp tục đổi mới phương pháp đấu tranh, phản bác các thông tin xấu độc, sai "
                "sự thật trên internet và mạng xã hội; khuyến khích đông đảo cán bộ, đảng viên, "
                "công chức, viên chức, người lao động và quần chúng nhân dân xây dựng video clip "
                f"về các nội dung: {'; '.join(lower_first(t.vi) for t in themes)}; góp phần xây "
                "dựng môi trường mạng lành mạnh.",
                en="To keep renewing the ways of refuting harmful and false information on the "
                "internet and social media, and to encourage cadres, party members, civil "
                "servants, public employees, workers and citizens to make video clips on: "
                f"{'; '.join(lower_first(t.en) for t in themes)}; for a healthy online "
                "environment.",
            )
        ),
        paragraph(
            Text(
                vi="Cuộc thi được tổ chức thiết thực, tiết kiệm, hiệu quả, huy động sự tham gia "
                "của đông đảo lực lượng cộng tác viên 35 các cấp.",
                en="The contest is run in a practical, economical and effective way, with the "
                "broad participation of the collaborators 35 at every level.",
            )
        ),
    ]


KIND_NAMES = {  # in the plan's order: "các huyện ủy, thành ủy, đảng ủy trực thuộc"
    Unit.Kind.DISTRICT: ("huyện ủy", "district"),
    Unit.Kind.CITY: ("thành ủy", "city"),
    Unit.Kind.AFFILIATED: ("đảng ủy trực thuộc", "affiliated Party committees"),
}
CATEGORY_NAMES = {  # the plan's section II.1.1, in its words
    ParticipantCategory.EXPERT_GROUP_35: ("nhóm chuyên gia 35", "expert groups 35"),
    ParticipantCategory.COLLABORATOR_35: ("cộng tác viên 35", "collaborators 35"),
    ParticipantCategory.COMMITTEE_35_MEMBER: (
        "thành viên Ban Chỉ đạo 35 các cấp",
        "members of the Steering Committees 35",
    ),
    ParticipantCategory.CADRE: ("cán bộ", "cadres"),
    ParticipantCategory.PARTY_MEMBER: ("đảng viên", "party members"),
    ParticipantCategory.CIVIL_SERVANT: ("công chức", "civil servants"),
    ParticipantCategory.PUBLIC_EMPLOYEE: ("viên chức", "public employees"),
    ParticipantCategory.WORKER: ("người lao động", "workers"),
    ParticipantCategory.CITIZEN: ("quần chúng nhân dân", "citizens"),
}


def participants_blocks(units: list[Unit]) -> list[Block]:
    present = {unit.kind for unit in units} or set(KIND_NAMES)
    kinds = [names for kind, names in KIND_NAMES.items() if kind in present]
    kinds_vi = ", ".join(vi for vi, _ in kinds)
    kinds_en = joined([en for _, en in kinds], last="and")
    counted = (
        Text(vi=f", gồm {count_vi(len(units))} đơn vị:", en=f", {len(units)} units:")
        if units
        else Text(vi=".", en=".")
    )
    categories = [CATEGORY_NAMES.get(c, (c.label, c.label)) for c in ParticipantCategory]
    blocks = [
        paragraph(
            Text(
                vi=f"1. Đơn vị dự thi: Ban Chỉ đạo 35 các {kinds_vi}{counted.vi}",
                en=f"1. Participating units: the Steering Committees 35 of the {kinds_en}"
                f"{counted.en}",
            )
        )
    ]
    if units:
        blocks.append(items(*(same(unit.name) for unit in units)))
    blocks.append(
        paragraph(
            Text(
                vi="2. Tác giả clip: "
                f"{joined([vi for vi, _ in categories], last='và')}; tham gia thông qua đơn "
                "vị dự thi của mình.",
                en=f"2. Authors: {joined([en for _, en in categories], last='and')}; they take "
                "part through their unit.",
            )
        )
    )
    return blocks


def quota_blocks(contest: Contest) -> list[Block]:
    minimum = contest.min_entries_per_unit
    shortest, longest = duration_words(contest.min_seconds), duration_words(contest.max_seconds)
    return [
        items(
            Text(
                vi=f"Mỗi đơn vị tham dự ít nhất {count_vi(minimum)} clip hợp lệ (clip bị loại "
                "không được tính).",
                en=f"Each unit enters at least {minimum} eligible clip{'s' * (minimum != 1)} "
                "(a disqualified clip does not count).",
            ),
            Text(
                vi=f"Thời lượng mỗi clip từ {shortest.vi} đến {longest.vi} (tính cả hai mốc: "
                f"clip dài đúng {shortest.vi} hoặc đúng {longest.vi} vẫn hợp lệ).",
                en=f"Each clip lasts from {shortest.en} to {longest.en}, both included.",
            ),
        )
    ]


def themes_blocks(contest: Contest) -> list[Block]:
    return [
        paragraph(
            Text(
                vi="Clip dự thi có nội dung thuộc một trong các chủ đề sau:",
                en="Each clip is about one of these themes:",
            )
        ),
        items(*vocabulary(contest.themes)),
    ]


def form_blocks(contest: Contest) -> list[Block]:
    genres = vocabulary(contest.genres)
    platforms = platform_names(contest)
    return [
        items(
            Text(
                vi=f"Cuộc thi được tổ chức trực tuyến trên mạng xã hội: {platforms}.",
                en=f"The contest is held online, on {platforms}.",
            ),
            Text(
                vi="Thể loại: clip ngắn, dưới hình thức "
                f"{joined([lower_first(g.vi) for g in genres], last='hoặc')}.",
                en=f"Genres: short clips, as {joined([g.en.lower() for g in genres], last='or')}.",
            ),
        )
    ]


def timeline_blocks(contest: Contest) -> list[Block]:
    awards = month_year(contest.awards_month)
    opens, closes = day(contest.opens_on), day(contest.closes_on)
    letters = day(contest.letter_deadline)
    return [
        items(
            Text(
                vi=f"Thời gian nhận bài dự thi: từ ngày {opens} đến hết ngày {closes}.",
                en=f"Clips are entered from {opens} to the end of {closes}.",
            ),
            Text(
                vi=f"Hạn gửi công văn danh sách clip dự thi: chậm nhất trong ngày {letters}.",
                en=f"Official letters listing the clips are due by the end of {letters}.",
            ),
            Text(
                vi=f"Tổng kết và trao giải: {awards.vi}.",
                en=f"Review and award ceremony: {awards.en}.",
            ),
        )
    ]


def rubric_blocks(criteria: list[Criterion]) -> list[Block]:
    total = decimal_text(points_total(criteria))
    rows = tuple(
        (
            same(str(number)),
            Text(
                vi=criterion.name + (f": {criterion.description}" if criterion.description else ""),
                en=criterion.name_en or criterion.name,
            ),
            decimal_text(criterion.max_points),
        )
        for number, criterion in enumerate(criteria, start=1)
    )
    return [
        paragraph(
            Text(
                vi=f"Ban Giám khảo chấm mỗi clip theo thang điểm {total.vi}, gồm các tiêu chí:",
                en=f"The jury scores each clip out of {total.en}, on these criteria:",
            )
        ),
        Block(
            kind="table",
            table=RulesTable(
                headings=(
                    Text("STT", "No."),
                    Text("Tiêu chí", "Criterion"),
                    Text("Điểm tối đa", "Points"),
                ),
                rows=rows,
                footer=(Text("Tổng cộng", "Total"), same(""), total),
                widths=(12, 118, 35),
                numeric=(False, False, True),
            ),
        ),
    ]


def contact_blocks(contest: Contest) -> list[Block]:
    return [
        paragraph(
            Text(
                vi="Trong quá trình triển khai, nếu có vướng mắc, đề nghị các đơn vị liên hệ Ban "
                f"Tổ chức cuộc thi (Tổ thư ký cuộc thi, {contest.organiser}) để được hướng dẫn.",
                en="Units with a question contact the organising committee (the contest's "
                f"secretariat, {contest.organiser_en or contest.organiser}).",
            )
        )
    ]
