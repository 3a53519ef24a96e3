"""How each unit and each clip stands against the plan, as export sheets (always Vietnamese).

One sheet per unit: clips entered, eligible, whether it meets the minimum, its letter and the
findings about it; one per clip: eligible or not, and the codes and messages of its findings.
Read from ``queries.contest_report`` plus two queries for the names, whatever the number of rows.
"""

from __future__ import annotations

from datetime import datetime

from clipcontest.common.transfer import Sheet
from clipcontest.contests.models import Contest
from clipcontest.entries.models import Entry

from .queries import contest_report, unit_compliance
from .rules import Finding, LetterStatus

UNIT_COLUMNS = (
    ("Mã đơn vị", 12),
    ("Tên đơn vị", 44),
    ("Số clip dự thi", 10),
    ("Số clip hợp lệ", 10),
    ("Đạt tối thiểu", 10),
    ("Công văn", 14),
    ("Mã lỗi/cảnh báo", 24),
    ("Lỗi/cảnh báo", 70),
)
ENTRY_COLUMNS = (
    ("Mã clip", 12),
    ("Mã đơn vị", 12),
    ("Tên clip", 44),
    ("Hợp lệ", 8),
    ("Mã lỗi/cảnh báo", 30),
    ("Lỗi/cảnh báo", 80),
)
LETTER_WORDS = {
    LetterStatus.RECEIVED: "Đã nhận",
    LetterStatus.LATE: "Nhận muộn",
    LetterStatus.MISSING: "Chưa nhận",
}
YES, NO = "Có", "Không"


def compliance_sheets(contest: Contest, *, at: datetime | None = None) -> tuple[Sheet, Sheet]:
    """The units sheet and the clips sheet of ``contest``, judged as of ``at`` (default now)."""
    report = contest_report(contest, at=at)
    units = tuple(
        (
            row.unit.code,
            row.unit.name,
            row.verdict.entries,
            row.verdict.eligible_entries,
            YES if row.verdict.meets_minimum else NO,
            LETTER_WORDS[row.verdict.letter],
            *_findings(row.verdict.findings),
        )
        for row in unit_compliance(report)
    )
    titles = dict(
        Entry.objects.filter(contest=contest, withdrawn_at__isnull=True).values_list("ref", "title")
    )
    entries = tuple(
        (
            verdict.entry.ref,
            verdict.entry.unit,
            titles.get(verdict.entry.ref, ""),
            YES if verdict.eligible else NO,
            *_findings(verdict.findings),
        )
        for verdict in report.entries
    )
    return _sheet("Đơn vị", UNIT_COLUMNS, units), _sheet("Clip", ENTRY_COLUMNS, entries)


def _findings(findings: tuple[Finding, ...]) -> tuple[str, str]:
    return (
        ", ".join(finding.code for finding in findings),
        "\n".join(finding.message.vi for finding in findings),
    )


def _sheet(title: str, columns: tuple[tuple[str, int], ...], rows: tuple) -> Sheet:
    return Sheet(
        title=title,
        headings=tuple(heading for heading, _ in columns),
        rows=rows,
        widths=tuple(width for _, width in columns),
    )
