"""The figures of the summary report (báo cáo tổng kết), read once and handed to every renderer.

:func:`summary` reads the contest as it stands (eligibility as of now, the counts frozen at the
close, the jury's sheets, the ranking and the prizes) in a fixed number of queries, whatever the
number of clips, and returns frozen dataclasses: the DOCX, the PDF, the charts and the web page
all print the same figures. Nothing is decided here; the rules live in ``eligibility`` and
``awards``.

Orders are fixed so two reports of the same data read the same: units by code (the eligibility
report's order), platforms, genres and themes in the rules file's order (anything else after
them, by key), results in rank order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from clipcontest.awards.results import ContestResults, contest_results
from clipcontest.contests.models import Contest
from clipcontest.eligibility.queries import contest_report, unit_compliance
from clipcontest.eligibility.rules import ContestReport, LetterStatus
from clipcontest.entries.links import Platform
from clipcontest.entries.models import EngagementSnapshot, Entry
from clipcontest.judging.queries import jury_progress
from clipcontest.judging.ranking import round_score

# A clip entered by its file alone has no platform yet.
NOT_POSTED = ("", "Chưa đăng", "Not posted yet")


@dataclass(frozen=True)
class UnitRow:
    """One participating unit against the plan: clips entered and eligible, its letter."""

    code: str
    name: str
    entries: int
    eligible: int
    letter: LetterStatus
    meets_minimum: bool

    @property
    def took_part(self) -> bool:
        return self.entries > 0


@dataclass(frozen=True)
class Totals:
    units: int  # every active unit, and any other that entered a clip
    units_took_part: int  # entered at least one clip
    units_meeting_minimum: int
    letters_on_time: int
    letters_late: int
    letters_missing: int
    entries: int  # not withdrawn
    eligible: int

    @property
    def ineligible(self) -> int:
        return self.entries - self.eligible


@dataclass(frozen=True)
class CountRow:
    """Clips of one platform, genre or theme; ``label`` in Vietnamese, ``label_en`` in English."""

    key: str
    label: str
    label_en: str
    entries: int
    eligible: int


@dataclass(frozen=True)
class EngagementRow:
    """The counts frozen at the close, summed over ``clips`` clips that have them.

    A count the platform did not show (None) adds nothing.
    """

    key: str
    label: str
    label_en: str
    clips: int
    views: int
    likes: int
    comments: int


@dataclass(frozen=True)
class Engagement:
    total: EngagementRow
    by_platform: tuple[EngagementRow, ...]
    without_record: int  # clips entered that have no counts frozen at the close


@dataclass(frozen=True)
class Jury:
    """How the jury worked; ``mean_disagreement`` is the mean, over the ranked clips, of the
    spread (standard deviation) of the judges' totals, 2 decimals; None before any is ranked."""

    members: int
    sheets_submitted: int
    sheets_assigned: int
    method: str  # Contest.Combine value
    mean_disagreement: Decimal | None
    clips_ranked: int
    clips_unranked: int
    scale: Decimal  # full marks of the rubric


@dataclass(frozen=True)
class ResultRow:
    """A ranked clip; ``prize`` is the tier key, None when it took no prize."""

    rank: int
    ref: str
    title: str
    unit_code: str
    unit_name: str
    score: Decimal  # 2 decimals, as shown
    prize: str | None
    prize_name: str
    prize_name_en: str
    amount: int


@dataclass(frozen=True)
class UnusedPrize:
    key: str
    name: str
    name_en: str
    count: int
    amount: int  # each


@dataclass(frozen=True)
class Summary:
    contest: Contest
    at: datetime  # eligibility is judged as of this moment
    minimum: int  # clips each unit must have eligible
    units: tuple[UnitRow, ...]
    totals: Totals
    by_platform: tuple[CountRow, ...]
    by_genre: tuple[CountRow, ...]
    by_theme: tuple[CountRow, ...]
    engagement: Engagement
    jury: Jury
    results: tuple[ResultRow, ...]
    unused_prizes: tuple[UnusedPrize, ...]
    prizes_total: int
    finalised: bool

    @property
    def winners(self) -> tuple[ResultRow, ...]:
        return tuple(row for row in self.results if row.prize is not None)

    @property
    def ranked_scores(self) -> tuple[Decimal, ...]:
        return tuple(row.score for row in self.results)


def summary(contest: Contest) -> Summary:
    """Every figure of the report, as of now, in a fixed number of queries."""
    report = contest_report(contest)
    compliance = unit_compliance(report)
    names = {row.unit.code: row.unit.name for row in compliance}
    units = tuple(
        UnitRow(
            code=row.verdict.code,
            name=row.unit.name,
            entries=row.verdict.entries,
            eligible=row.verdict.eligible_entries,
            letter=row.verdict.letter,
            meets_minimum=row.verdict.meets_minimum,
        )
        for row in compliance
    )
    judged = {verdict.entry.ref for verdict in report.entries}
    eligible = {verdict.entry.ref for verdict in report.entries if verdict.eligible}
    # The clips the eligibility report judged (not withdrawn, submitted by now).
    clips = [
        clip
        for clip in Entry.objects.filter(contest=contest, withdrawn_at__isnull=True).values_list(
            "ref", "platform", "genre", "theme"
        )
        if clip[0] in judged
    ]
    results = contest_results(contest, report=report)
    return Summary(
        contest=contest,
        at=report.at,
        minimum=contest.min_entries_per_unit,
        units=units,
        totals=_totals(units, report),
        by_platform=_counts(clips, 1, _platform_labels(contest), eligible),
        by_genre=_counts(clips, 2, _vocabulary_labels(contest.genres), eligible),
        by_theme=_counts(clips, 3, _vocabulary_labels(contest.themes), eligible),
        engagement=_engagement(contest, clips),
        jury=_jury(contest, results),
        results=_result_rows(results, names),
        unused_prizes=_unused(results),
        prizes_total=results.allocation.total,
        finalised=results.finalised,
    )


def _totals(units: tuple[UnitRow, ...], report: ContestReport) -> Totals:
    letters = Counter(unit.letter for unit in units)
    return Totals(
        units=len(units),
        units_took_part=sum(unit.took_part for unit in units),
        units_meeting_minimum=sum(unit.meets_minimum for unit in units),
        letters_on_time=letters[LetterStatus.RECEIVED],
        letters_late=letters[LetterStatus.LATE],
        letters_missing=letters[LetterStatus.MISSING],
        entries=len(report.entries),
        eligible=sum(verdict.eligible for verdict in report.entries),
    )


Labels = dict[str, tuple[str, str]]  # key -> (Vietnamese, English), in the contest's order


def _platform_labels(contest: Contest) -> Labels:
    labels = {key: (Platform(key).label, Platform(key).label) for key in contest.platforms}
    return {**labels, NOT_POSTED[0]: NOT_POSTED[1:]}


def _vocabulary_labels(items: list[dict]) -> Labels:
    """A genre or theme list of the rules file: always its Vietnamese ``name`` for the report."""
    return {
        item["key"]: (item.get("name") or item["key"], item.get("name_en") or item["key"])
        for item in items
    }


def _counts(
    clips: list[tuple[str, ...]], column: int, labels: Labels, eligible: set[str]
) -> tuple[CountRow, ...]:
    """Clips entered and eligible per value of ``column``: the contest's values first (even
    with no clip, so a table always lists every genre), then any other key found, by key."""
    entered = Counter(clip[column] for clip in clips)
    passed = Counter(clip[column] for clip in clips if clip[0] in eligible)
    keys = [key for key in labels if key or entered[key]]
    keys += sorted(set(entered) - set(labels))
    return tuple(
        CountRow(key, *labels.get(key, (key, key)), entries=entered[key], eligible=passed[key])
        for key in keys
    )


def _engagement(contest: Contest, clips: list[tuple[str, ...]]) -> Engagement:
    platform_of = {clip[0]: clip[1] for clip in clips}
    records = [
        (platform_of[ref], views or 0, likes or 0, comments or 0)
        for ref, views, likes, comments in EngagementSnapshot.objects.filter(
            entry__contest=contest, is_record=True
        ).values_list("entry__ref", "views", "likes", "comments")
        if ref in platform_of
    ]
    labels = _platform_labels(contest)
    keys = [key for key in labels if key] + sorted({r[0] for r in records} - set(labels))
    rows = tuple(
        _engagement_row(key, labels.get(key, (key, key)), (r for r in records if r[0] == key))
        for key in keys
    )
    return Engagement(
        total=_engagement_row("", ("Tổng cộng", "Total"), records),
        by_platform=rows,
        without_record=len(clips) - len(records),
    )


def _engagement_row(
    key: str, label: tuple[str, str], records: Iterable[tuple[str, int, int, int]]
) -> EngagementRow:
    records = list(records)
    return EngagementRow(
        key=key,
        label=label[0],
        label_en=label[1],
        clips=len(records),
        views=sum(r[1] for r in records),
        likes=sum(r[2] for r in records),
        comments=sum(r[3] for r in records),
    )


def _jury(contest: Contest, results: ContestResults) -> Jury:
    progress = jury_progress(contest)
    spreads = [
        clip.disagreement for clip in results.results.ranking if clip.disagreement is not None
    ]
    return Jury(
        members=len(progress),
        sheets_submitted=sum(submitted for _, submitted, _ in progress),
        sheets_assigned=sum(total for _, _, total in progress),
        method=results.results.method,
        mean_disagreement=round_score(sum(spreads) / len(spreads)) if spreads else None,
        clips_ranked=len(results.results.ranking),
        clips_unranked=len(results.results.unranked),
        scale=sum((criterion.max_points for criterion in results.criteria), Decimal(0)),
    )


def _result_rows(results: ContestResults, names: dict[str, str]) -> tuple[ResultRow, ...]:
    rows = []
    for award in results.allocation.awards:
        tier = results.tier(award.tier_key)
        rows.append(
            ResultRow(
                rank=award.rank,
                ref=award.ref,
                title=results.titles.get(award.ref, ""),
                unit_code=award.unit,
                unit_name=names.get(award.unit, award.unit),
                score=round_score(award.score),
                prize=award.tier_key,
                prize_name=tier.name if tier else "",
                prize_name_en=(tier.name_en or tier.name) if tier else "",
                amount=award.amount,
            )
        )
    return tuple(rows)


def _unused(results: ContestResults) -> tuple[UnusedPrize, ...]:
    unused = []
    for left in results.allocation.unused:
        tier = results.tier(left.tier_key)
        assert tier is not None  # the allocation only names the contest's own tiers
        unused.append(
            UnusedPrize(tier.key, tier.name, tier.name_en or tier.name, left.count, tier.amount)
        )
    return tuple(unused)
