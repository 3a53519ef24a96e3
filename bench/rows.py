"""The rows of the issue's table, from what was measured: each with its target and verdict."""

from __future__ import annotations

from dataclasses import dataclass, field

from .measure import AssignmentFigures, CertificateFigures, Page, Timing
from .peer import PeerFigures
from .report import Row, faster, ms, secs, within


@dataclass
class Figures:
    sizes: list[int]
    page_n: int
    page_k: int
    big_n: int
    big_k: int
    criteria: int
    clip_list: dict[int, Page] = field(default_factory=dict)
    exports: dict[int, dict[str, Page]] = field(default_factory=dict)
    results_page: Page | None = None
    in_process: dict[str, Timing] = field(default_factory=dict)
    numpy: dict[str, Timing] = field(default_factory=dict)
    assignment: AssignmentFigures | None = None
    # "2022": the 2022 prizes of the page-size contest; "batch": a contest of that many prizes.
    certificates: dict[str, CertificateFigures] = field(default_factory=dict)
    certificate_batch: int = 1000
    memory: dict[str, float] = field(default_factory=dict)


def build_rows(f: Figures, peer: PeerFigures) -> list[Row]:
    rows: list[Row] = []
    for n in f.sizes:
        mine = f.clip_list[n]
        other = peer.row(n, "a")
        ratio, met = faster(mine.timing.ms, other.median_ms if other else None, 5)
        rows.append(
            Row(
                "organiser clip list, first page",
                f"{n:,} clips",
                ms(mine.timing.median),
                _peer_ms(other),
                ratio,
                "≥ 5× faster than pretalx's submissions list",
                met,
            )
        )
    rows.append(_queries_row("clip list: queries per request", f.clip_list, peer, "a"))
    if f.results_page is not None:
        other = peer.row(f.page_n, "b")
        ratio, met = faster(f.results_page.timing.ms, other.median_ms if other else None, 10)
        rows.append(
            Row(
                "jury results page",
                f"{f.page_n:,} clips × {f.page_k} judges",
                ms(f.results_page.timing.median),
                _peer_ms(other),
                ratio,
                "≥ 10× faster than pretalx's review dashboard",
                met,
                f"{f.results_page.queries} queries; pretalx's dashboard "
                f"{other.queries if other else '—'}",
            )
        )
    for n in f.sizes:
        for ext in ("xlsx", "csv"):
            mine = f.exports[n][ext]
            other = peer.row(n, "d")
            ratio, met = faster(mine.timing.ms, other.median_ms if other else None, 10)
            rows.append(
                Row(
                    f"full export, {ext.upper()}",
                    f"{n:,} clips",
                    ms(mine.timing.median),
                    _peer_ms(other),
                    ratio,
                    "≥ 10× faster than pretalx's submissions CSV export",
                    met,
                    f"{mine.size / 1e6:.2f} MB",
                )
            )
    for ext in ("xlsx", "csv"):
        pages = {n: f.exports[n][ext] for n in f.sizes}
        rows.append(_queries_row(f"full export {ext.upper()}: queries", pages, peer, "d"))
    results = f.in_process["results"]
    size = f"{f.big_n:,} clips × {f.big_k} judges × {f.criteria} criteria"
    rows.append(
        Row(
            "results in process (aggregate, tie-breaks, prizes)",
            size,
            secs(results.median),
            "—",
            "—",
            "≤ 0.5 s",
            results.median <= 0.5,
        )
    )
    floor, alone = f.numpy["with_read"], f.numpy["in_memory"]
    ratio, met = within(results.median, floor.median, 10)
    rows.append(
        Row(
            "results vs bare numpy",
            size,
            secs(results.median),
            f"numpy {ms(floor.median)}",
            ratio,
            "within 10× of numpy",
            met,
            f"floor = one SQL read of the submitted criterion scores + numpy aggregation + "
            f"lexsort; the in-memory part alone takes {ms(alone.median)} "
            f"({results.median / alone.median:,.0f}× ours)"
            if alone.median
            else "",
        )
    )
    a = f.assignment
    if a is not None:
        ratio, within_five = within(a.ours.median, a.raw.median, 5)
        rows.append(
            Row(
                "assignment (min-cost flow)",
                f"{a.clips:,} clips × {a.judges} judges × {a.per_entry} per clip, "
                f"{a.conflict_share:.0%} conflicts",
                secs(a.ours.median),
                f"OR-Tools raw {secs(a.raw.median)}",
                ratio,
                "optimal; within 5× of OR-Tools' raw solve",
                a.optimal and a.balanced and within_five,
                f"optimal: {'yes' if a.optimal else 'NO'}; {a.detail}; OR-Tools timed on the "
                "prepared arcs (building the network + solving)",
            )
        )
    eligibility = f.in_process["eligibility"]
    rows.append(
        Row(
            "eligibility (contest_report)",
            f"{f.big_n:,} clips",
            secs(eligibility.median),
            "—",
            "—",
            "≤ 1 s",
            eligibility.median <= 1,
        )
    )
    for kind, figures in f.certificates.items():
        rows.append(_certificate_row(kind, figures, f))
    if f.memory:
        theirs, source = peer.memory(5000)
        mine = f.memory["peak_mb"]
        rows.append(
            Row(
                "memory: worker peak RSS (results + eligibility)",
                f"{f.big_n:,} clips",
                f"{mine:,.0f} MB",
                f"pretalx {theirs:,.0f} MB at 5,000",
                f"{mine / theirs:.2f} of pretalx's",
                "≤ 1/3 of pretalx's at 5,000",
                mine <= theirs / 3,
                f"pretalx figure: {source}; the worker after loading the URLconf: "
                f"{f.memory['after_setup_mb']:,.0f} MB",
            )
        )
    return rows


def _peer_ms(row) -> str:
    return f"pretalx {row.median_ms:,.0f} ms" if row else "—"


def _queries_row(work: str, pages: dict[int, Page], peer: PeerFigures, key: str) -> Row:
    sizes = sorted(pages)
    ours = " / ".join(str(pages[n].queries) for n in sizes)
    theirs = [peer.row(n, key) for n in sizes]
    compared = (
        "pretalx " + " / ".join(str(r.queries) if r else "—" for r in theirs)
        if any(theirs)
        else "—"
    )
    same = len({pages[n].queries for n in sizes}) == 1
    met = same if len(sizes) > 1 else None
    note = "" if len(sizes) > 1 else "one size only: run two sizes to compare"
    return Row(
        work,
        " / ".join(f"{n:,}" for n in sizes),
        ours,
        compared,
        "—",
        "independent of N",
        met,
        note,
    )


def _certificate_row(kind: str, c: CertificateFigures, f: Figures) -> Row:
    if kind == "2022":
        limit, target = 5.0, "≤ 5 s"
        where = f"the 2022 prizes of the {f.page_n:,}-clip contest"
    else:
        limit = 60.0 * c.count / 1000
        target = "≤ 60 s" if c.count == 1000 else f"≤ {limit:.1f} s (60 s per 1,000)"
        where = "a contest with that many prizes"
    return Row(
        "certificates, as a task with progress",
        f"{c.count:,} certificates",
        secs(c.timing.median),
        "—",
        "—",
        target,
        c.timing.median <= limit,
        f"{where}; request_document + run_batch (issue, render, zip); {c.progress}; "
        f"median of {c.timing.reps}",
    )
