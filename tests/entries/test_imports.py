"""Importing a contest's entries and official letters from spreadsheets, all or nothing.

Each refusal test counts what is stored before and after: one bad row must store nothing, and
every bad row must be named with the row number the secretary sees (the header is row 1).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from factories import (
    HCM,
    RULES_2022,
    EntryFactory,
    OfficialLetterFactory,
    csv_bytes,
    xlsx_bytes,
)

from clipcontest.common.tabular import Imported, ImportFailed, Problem
from clipcontest.contests.rules_file import load_rules_file
from clipcontest.contests.services import load_contest
from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.imports import import_entries
from clipcontest.entries.letter_imports import import_letters
from clipcontest.entries.links import LinkError, parse_link
from clipcontest.entries.models import DurationSource, Entry, EntryAuthor, OfficialLetter
from clipcontest.units.models import Person

pytestmark = pytest.mark.django_db

HEADER = [
    "ref",
    "unit",
    "title",
    "url",
    "genre",
    "theme",
    "authors",
    "duration",
    "posted_at",
    "submitted_at",
]
DEFAULTS = {
    "ref": "",
    "unit": "HG-TP",
    "title": "Tin giả về giá điện: sự thật là gì?",
    "url": "https://www.youtube.com/watch?v=Q1w2E3r4T5y",
    "genre": "adapted_article",
    "theme": "refute_false_information",
    "authors": "Nguyễn Thị Lan;Trần Văn Hùng",
    "duration": "3:45",
    "posted_at": "2022-03-12",
    "submitted_at": "2022-03-14T09:30:00+07:00",
}
CRITICIZE_VI = (
    "Phê phán thói quen xấu, sự căm giận vô căn cứ, lối sống ảo của người dùng mạng xã hội"
)
VIDEOS = ["Q1w2E3r4T5y", "aB3dE5fG7hI", "Zx9Yw8Vu7Ts", "Mn8Bv7Cx6Zq", "Lk4Jh3Gf2Ds", "Pq7Rs6Tu5Vw"]


def row(**values: str) -> list[str]:
    unknown = set(values) - set(DEFAULTS)
    assert not unknown, unknown
    return [values.get(column, DEFAULTS[column]) for column in HEADER]


def youtube(index: int) -> str:
    return f"https://www.youtube.com/watch?v={VIDEOS[index]}"


def sheet(*rows: list[str], header: list[str] = HEADER) -> bytes:
    return csv_bytes([header, *rows])


def import_sheet(contest, *rows: list[str], filename: str = "entries.csv") -> Imported:
    return import_entries(sheet(*rows), filename, contest=contest)


def refusal(contest, content: bytes, filename: str = "entries.csv") -> list[Problem]:
    """The problems of a refused import, after checking that nothing at all was stored."""
    before = stored_state()
    with pytest.raises(ImportFailed) as caught:
        import_entries(content, filename, contest=contest)
    assert stored_state() == before
    return caught.value.problems


def stored_state() -> tuple:
    return (
        sorted(Entry.objects.values_list("ref", "title", "canonical_url", "updated_at")),
        Person.objects.count(),
        EntryAuthor.objects.count(),
    )


def where(problems: list[Problem]) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in problems]


@pytest.fixture
def contest(contest_2022, units):
    return contest_2022


# --- what a good sheet stores -----------------------------------------------------------------


def test_entries_import_stores_every_column_the_issue_lists(contest):
    result = import_sheet(contest, row(ref="HG-TP-1"))

    assert result == Imported(created=1, updated=0)
    entry = Entry.objects.get(ref="HG-TP-1")
    assert entry.contest == contest
    assert entry.unit.code == "HG-TP"
    assert entry.title == "Tin giả về giá điện: sự thật là gì?"
    assert entry.url == "https://www.youtube.com/watch?v=Q1w2E3r4T5y"
    assert entry.platform == "youtube"
    assert entry.video_id == "Q1w2E3r4T5y"
    assert entry.canonical_url == "https://www.youtube.com/watch?v=Q1w2E3r4T5y"
    assert (entry.genre, entry.theme) == ("adapted_article", "refute_false_information")
    assert entry.author_names == ["Nguyễn Thị Lan", "Trần Văn Hùng"]
    assert entry.duration_seconds == Decimal(225)
    assert entry.duration_source == DurationSource.IMPORTED
    assert entry.posted_at == datetime(2022, 3, 12, tzinfo=HCM)
    assert entry.submitted_at == datetime(2022, 3, 14, 9, 30, tzinfo=HCM)


def test_entries_import_accepts_vietnamese_headings(contest):
    header = [
        "Mã clip",
        "Mã đơn vị",
        "Tên clip",
        "Đường link",
        "Thể loại",
        "Chủ đề",
        "Tác giả",
        "Thời lượng (giây)",
        "Ngày đăng",
        "Ngày gửi",
    ]
    import_entries(sheet(row(ref="HG-TP-1"), header=header), "clip.csv", contest=contest)
    assert Entry.objects.get().canonical_url == youtube(0)


def test_only_unit_title_url_genre_and_theme_columns_are_required(contest):
    header = ["unit", "title", "url", "genre", "theme"]
    content = csv_bytes(
        [header, ["HG-TP", "Một clip", youtube(1), "comedy", "criticize_online_habits"]]
    )
    before = timezone.now()
    assert import_entries(content, "entries.csv", contest=contest) == Imported(1, 0)
    entry = Entry.objects.get()
    assert entry.ref == "HG-TP-1"
    assert (entry.duration_seconds, entry.duration_source, entry.posted_at) == (None, "", None)
    assert entry.author_names == []
    assert before <= entry.submitted_at <= timezone.now()


def test_entry_without_ref_is_numbered_unitcode_n_after_the_units_existing_numbers(contest, units):
    EntryFactory(contest=contest, unit=units["HG-TP"], ref="HG-TP-1")
    EntryFactory(contest=contest, unit=units["HG-TP"], ref="HG-TP-3")
    import_sheet(
        contest,
        row(url=youtube(0)),
        row(url=youtube(1), unit="hg-dv"),
        row(url=youtube(2)),
    )
    assert sorted(Entry.objects.values_list("ref", flat=True)) == [
        "HG-DV-1",
        "HG-TP-1",
        "HG-TP-3",
        "HG-TP-4",
        "HG-TP-5",
    ]


def test_default_ref_never_takes_a_ref_written_later_in_the_same_file(contest):
    result = import_sheet(
        contest,
        row(url=youtube(0), title="Không ghi mã"),
        row(ref="HG-TP-1", url=youtube(1), title="Ghi mã HG-TP-1"),
    )

    assert result == Imported(created=2, updated=0)
    assert dict(Entry.objects.values_list("title", "ref")) == {
        "Ghi mã HG-TP-1": "HG-TP-1",
        "Không ghi mã": "HG-TP-2",
    }


def test_refs_are_read_in_upper_case(contest):
    import_sheet(contest, row(ref="hg-tp-7", unit="hg-tp"))
    assert Entry.objects.get().ref == "HG-TP-7"


def test_authors_are_stored_in_the_given_order_as_people_of_the_entrys_unit(contest, units):
    import_sheet(
        contest,
        row(ref="HG-TP-1", url=youtube(0), authors="Vũ Quốc Khánh; Phạm  Thu Hà ;Vũ Quốc Khánh;"),
        row(ref="HG-TP-2", url=youtube(1), authors="Phạm Thu Hà"),
        row(ref="HG-DV-1", unit="HG-DV", url=youtube(2), authors="Phạm Thu Hà"),
    )

    assert Entry.objects.get(ref="HG-TP-1").author_names == ["Vũ Quốc Khánh", "Phạm Thu Hà"]
    assert Entry.objects.get(ref="HG-TP-2").author_names == ["Phạm Thu Hà"]
    # One person per name and unit, shared by that unit's clips; another unit has its own.
    assert sorted(Person.objects.values_list("unit__code", "name")) == [
        ("HG-DV", "Phạm Thu Hà"),
        ("HG-TP", "Phạm Thu Hà"),
        ("HG-TP", "Vũ Quốc Khánh"),
    ]


@pytest.mark.parametrize(
    ("cell", "seconds"),
    [
        ("75", Decimal(75)),
        ("75.5", Decimal("75.5")),
        ("75,5", Decimal("75.5")),
        ("1:15", Decimal(75)),
        ("0:01:15", Decimal(75)),
        ("10:00", Decimal(600)),
    ],
)
def test_duration_cell_in_any_accepted_form_is_stored_in_seconds(contest, cell, seconds):
    import_sheet(contest, row(duration=cell))
    entry = Entry.objects.get()
    assert entry.duration_seconds == seconds
    assert entry.duration_source == DurationSource.IMPORTED


def test_empty_duration_means_unknown(contest):
    import_sheet(contest, row(duration=""))
    assert Entry.objects.get().duration_seconds is None


@pytest.mark.parametrize("cell", ["12/03/2022", "2022-03-12", "12/3/2022"])
def test_posted_at_date_is_the_start_of_that_local_day(contest, cell):
    import_sheet(contest, row(posted_at=cell))
    assert Entry.objects.get().posted_at == datetime(2022, 3, 12, tzinfo=HCM)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2022-06-30T23:59:59+07:00", datetime(2022, 6, 30, 16, 59, 59, tzinfo=UTC)),
        ("2022-06-30T16:59:59Z", datetime(2022, 6, 30, 16, 59, 59, tzinfo=UTC)),
        ("2022-07-01 00:00:01", datetime(2022, 6, 30, 17, 0, 1, tzinfo=UTC)),
        ("30/06/2022 23:59", datetime(2022, 6, 30, 16, 59, tzinfo=UTC)),
    ],
)
def test_submitted_at_with_offset_is_that_instant_and_naive_is_contest_local(
    contest, cell, expected
):
    import_sheet(contest, row(submitted_at=cell))
    assert Entry.objects.get().submitted_at == expected


def test_empty_submitted_at_means_now(contest):
    before = timezone.now()
    import_sheet(contest, row(submitted_at=""))
    assert before <= Entry.objects.get().submitted_at <= timezone.now()


def test_xlsx_sheet_stores_the_same_entries_as_csv(contest):
    rows = [
        row(ref="HG-TP-1", url=youtube(0), duration="75,5"),
        row(unit="HG-DV", url=youtube(1), posted_at="15/06/2022", submitted_at=""),
    ]
    import_entries(xlsx_bytes([HEADER, *rows]), "entries.xlsx", contest=contest)
    from_xlsx = list(
        Entry.objects.order_by("ref").values_list(
            "ref", "canonical_url", "duration_seconds", "posted_at"
        )
    )
    Entry.objects.all().delete()
    import_entries(sheet(*rows), "entries.csv", contest=contest)
    from_csv = list(
        Entry.objects.order_by("ref").values_list(
            "ref", "canonical_url", "duration_seconds", "posted_at"
        )
    )
    assert from_xlsx == from_csv
    assert [r for r, *_ in from_csv] == ["HG-DV-1", "HG-TP-1"]


def test_xlsx_typed_date_time_and_number_cells_are_stored(contest):
    content = xlsx_bytes(
        [
            HEADER,
            [
                "HG-TP-1",
                "HG-TP",
                "Clip",
                youtube(0),
                "comedy",
                "refute_false_information",
                "",
                75.5,
                datetime(2022, 3, 12),
                datetime(2022, 6, 30, 23, 59),
            ],
        ]
    )
    import_entries(content, "entries.xlsx", contest=contest)
    entry = Entry.objects.get()
    assert entry.duration_seconds == Decimal("75.5")
    assert entry.posted_at == datetime(2022, 3, 12, tzinfo=HCM)
    assert entry.submitted_at == datetime(2022, 6, 30, 23, 59, tzinfo=HCM)


# --- re-importing a corrected sheet -------------------------------------------------------------


def test_reimport_by_ref_updates_the_entry_and_reports_it_as_updated(contest):
    import_sheet(contest, row(ref="HG-TP-1"), row(ref="HG-TP-2", url=youtube(1)))
    result = import_sheet(
        contest,
        row(ref="HG-TP-1", title="Tên đã sửa", genre="comedy", authors="Lê Minh Đức"),
        row(ref="HG-TP-3", url=youtube(2)),
    )

    assert result == Imported(created=1, updated=1)
    assert Entry.objects.count() == 3
    entry = Entry.objects.get(ref="HG-TP-1")
    assert (entry.title, entry.genre) == ("Tên đã sửa", "comedy")
    assert entry.author_names == ["Lê Minh Đức"]


def test_reimport_with_empty_duration_keeps_a_fetched_duration(contest):
    import_sheet(contest, row(ref="HG-TP-1", duration=""))
    Entry.objects.filter(ref="HG-TP-1").update(
        duration_seconds=Decimal("224.5"), duration_source=DurationSource.FETCHED
    )

    import_sheet(contest, row(ref="HG-TP-1", duration="", title="Tên mới"))

    entry = Entry.objects.get(ref="HG-TP-1")
    assert entry.title == "Tên mới"
    assert (entry.duration_seconds, entry.duration_source) == (
        Decimal("224.5"),
        DurationSource.FETCHED,
    )


def test_reimport_with_a_duration_replaces_it_and_marks_it_imported(contest):
    import_sheet(contest, row(ref="HG-TP-1"))
    Entry.objects.update(duration_seconds=1, duration_source=DurationSource.FETCHED)
    import_sheet(contest, row(ref="HG-TP-1", duration="2:00"))
    entry = Entry.objects.get()
    assert (entry.duration_seconds, entry.duration_source) == (120, DurationSource.IMPORTED)


def test_reimport_with_empty_submitted_at_keeps_the_original_submission_time(contest):
    import_sheet(contest, row(ref="HG-TP-1", submitted_at="2022-03-14 09:30"))
    import_sheet(contest, row(ref="HG-TP-1", submitted_at="", posted_at=""))
    entry = Entry.objects.get()
    assert entry.submitted_at == datetime(2022, 3, 14, 9, 30, tzinfo=HCM)
    assert entry.posted_at == datetime(2022, 3, 12, tzinfo=HCM)


def test_reimport_with_a_submitted_at_replaces_it(contest):
    import_sheet(contest, row(ref="HG-TP-1"))
    import_sheet(contest, row(ref="HG-TP-1", submitted_at="2022-04-01 08:00"))
    assert Entry.objects.get().submitted_at == datetime(2022, 4, 1, 8, tzinfo=HCM)


def test_reimport_of_the_same_video_under_its_own_ref_is_an_update(contest):
    import_sheet(contest, row(ref="HG-TP-1"))
    assert import_sheet(contest, row(ref="HG-TP-1", url="https://youtu.be/Q1w2E3r4T5y")) == (
        Imported(created=0, updated=1)
    )
    assert Entry.objects.get().url == "https://youtu.be/Q1w2E3r4T5y"


# --- genres and themes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("genre", "key"),
    [
        ("comedy", "comedy"),
        ("Hài", "comedy"),
        ("hai", "comedy"),
        ("Comedy", "comedy"),
        ("Phim ngắn", "short_film"),
        ("short film", "short_film"),
        ("Bài viết chuyển thể", "adapted_article"),
        ("KỊCH", "drama"),
    ],
)
def test_genre_is_accepted_by_key_or_by_its_vietnamese_or_english_name(contest, genre, key):
    import_sheet(contest, row(genre=genre))
    assert Entry.objects.get().genre == key


def test_theme_is_accepted_by_its_vietnamese_name(contest):
    import_sheet(
        contest,
        row(theme=CRITICIZE_VI),
    )
    assert Entry.objects.get().theme == "criticize_online_habits"


def test_unknown_genre_and_theme_are_refused_listing_the_allowed_keys(contest):
    problems = refusal(contest, sheet(row(genre="Ca nhạc", theme="Du lịch")))
    assert where(problems) == [(2, "genre"), (2, "theme")]
    assert "'Ca nhạc'" in problems[0].message.en
    assert "adapted_article, comedy, drama, short_film" in problems[0].message.en
    assert "criticize_online_habits, refute_false_information" in problems[1].message.en


# --- refusals, each naming its row ----------------------------------------------------------


def test_entries_import_with_one_bad_row_stores_nothing_and_names_the_row(contest):
    problems = refusal(
        contest,
        sheet(
            row(ref="HG-TP-1", url=youtube(0)),
            row(ref="HG-TP-2", url=youtube(1)),
            row(ref="HG-TP-3", url=youtube(2), unit="HG-XX"),
            row(ref="HG-TP-4", url=youtube(3)),
        ),
    )
    assert Entry.objects.count() == 0
    assert where(problems) == [(4, "unit")]
    assert "HG-XX" in str(problems[0])
    assert str(problems[0]).startswith("row 4: unit: no unit has the code 'HG-XX'")


def test_every_bad_row_is_named_with_its_number_and_reason(contest):
    problems = refusal(
        contest,
        sheet(
            row(ref="HG-TP-1", url=youtube(0)),
            row(ref="HG-TP-2", url="https://www.youtube.com/@bcd35", duration="1:60"),
            row(ref="HG-TP-3", url=youtube(2), posted_at="31/02/2022", title=""),
            row(ref="HG-TP-4", url=youtube(3), submitted_at="hôm qua"),
        ),
    )
    assert where(problems) == [
        (3, "url"),
        (3, "duration"),
        (4, "title"),
        (4, "posted_at"),
        (5, "submitted_at"),
    ]
    assert "1:60" in problems[1].message.en
    assert "31/02/2022" in problems[3].message.en


def test_blank_rows_do_not_shift_the_row_numbers_of_problems(contest):
    content = csv_bytes([HEADER, row(url=youtube(0)), [""] * len(HEADER), row(unit="")])
    assert where(refusal(contest, content)) == [(4, "unit")]


def test_bad_url_is_refused_with_the_link_parsers_own_message(contest):
    bad = "https://www.youtube.com.evil.example/watch?v=Q1w2E3r4T5y"
    problems = refusal(contest, sheet(row(url=bad)))
    with pytest.raises(LinkError) as parser:
        parse_link(bad)
    assert problems == [Problem(2, "url", parser.value.message)]


def test_empty_url_and_title_are_required(contest):
    problems = refusal(contest, sheet(row(url="", title="")))
    assert where(problems) == [(2, "title"), (2, "url")]


def test_malformed_ref_is_refused(contest):
    assert where(refusal(contest, sheet(row(ref="HG TP/1")))) == [(2, "ref")]


def test_same_ref_twice_in_the_file_names_both_rows(contest):
    problems = refusal(
        contest, sheet(row(ref="HG-TP-1", url=youtube(0)), row(ref="hg-tp-1", url=youtube(1)))
    )
    assert where(problems) == [(3, "ref")]
    assert "already on row 2" in problems[0].message.en


def test_ref_already_belonging_to_another_unit_is_refused(contest, units):
    EntryFactory(contest=contest, unit=units["HG-DV"], ref="HG-DV-1")
    problems = refusal(contest, sheet(row(ref="HG-DV-1", unit="HG-TP")))
    assert where(problems) == [(2, "ref")]
    assert "HG-DV" in problems[0].message.en


def test_same_video_twice_for_one_unit_in_the_file_names_both_rows(contest):
    problems = refusal(
        contest,
        sheet(
            row(url=youtube(0)),
            row(url=youtube(1)),
            row(url="https://youtu.be/Q1w2E3r4T5y?si=share"),
        ),
    )
    assert where(problems) == [(4, "url")]
    assert "already on row 2" in problems[0].message.en


def test_same_video_already_stored_for_the_unit_under_another_ref_is_refused(contest, units):
    EntryFactory(
        contest=contest,
        unit=units["HG-TP"],
        ref="HG-TP-1",
        video_id="Q1w2E3r4T5y",
        canonical_url=youtube(0),
    )
    for ref in ("HG-TP-2", ""):
        problems = refusal(
            contest, sheet(row(ref=ref, url="https://m.youtube.com/shorts/Q1w2E3r4T5y"))
        )
        assert where(problems) == [(2, "url")]
        assert "entry HG-TP-1" in problems[0].message.en


def test_same_video_from_two_units_is_stored_and_flagged_as_duplicate_video(contest):
    result = import_sheet(
        contest,
        row(ref="HG-TP-1", unit="HG-TP", submitted_at="2022-03-14 09:30"),
        row(
            ref="HG-DV-1",
            unit="HG-DV",
            url="https://youtu.be/Q1w2E3r4T5y",
            submitted_at="2022-03-20 09:00",
        ),
    )
    assert result == Imported(created=2, updated=0)

    report = contest_report(contest, at=datetime(2022, 7, 1, tzinfo=HCM))
    verdicts = {v.entry.ref: v for v in report.entries}
    assert [f.code for f in verdicts["HG-TP-1"].findings if f.severity == "blocking"] == []
    assert "duplicate_video" in [f.code for f in verdicts["HG-DV-1"].findings]
    assert not verdicts["HG-DV-1"].eligible


def test_a_duration_longer_than_an_entry_can_hold_is_a_problem_not_a_crash(contest):
    problems = refusal(contest, sheet(row(duration="1000000")))
    assert where(problems) == [(2, "duration")]


def test_a_title_longer_than_an_entry_can_hold_is_a_problem_not_a_crash(contest):
    problems = refusal(contest, sheet(row(title="T" * 501)))
    assert where(problems) == [(2, "title")]
    assert "500" in problems[0].message.en


def test_an_author_name_longer_than_a_person_can_hold_is_a_problem_not_a_crash(contest):
    problems = refusal(contest, sheet(row(authors="Nguyễn Thị Lan;" + "A" * 201)))
    assert where(problems) == [(2, "authors")]


def test_file_level_problems_refuse_the_import(contest):
    assert where(refusal(contest, sheet(header=["unit", "title", "url", "genre"]))) == [
        (1, "theme")
    ]
    assert where(refusal(contest, b"", "entries.csv")) == [(1, None)]
    assert where(refusal(contest, sheet(row()), "entries.ods")) == [(None, None)]


def test_entries_of_another_contest_are_not_touched(contest, tmp_path):
    rules_2023 = tmp_path / "sc35-2023.toml"
    rules_2023.write_text(
        RULES_2022.read_text(encoding="utf-8").replace('slug = "sc35-2022"', 'slug = "sc35-2023"'),
        encoding="utf-8",
    )
    other = load_contest(load_rules_file(rules_2023)).contest
    import_sheet(other, row(ref="HG-TP-1", title="Năm 2023"))
    import_sheet(contest, row(ref="HG-TP-1", title="Năm 2022"))
    assert sorted(Entry.objects.values_list("contest__slug", "ref", "title")) == [
        ("sc35-2022", "HG-TP-1", "Năm 2022"),
        ("sc35-2023", "HG-TP-1", "Năm 2023"),
    ]


# --- the database itself guards the rule ---------------------------------------------------------


def test_database_refuses_one_unit_entering_the_same_canonical_video_twice(contest, units):
    EntryFactory(contest=contest, unit=units["HG-TP"], ref="HG-TP-1", canonical_url=youtube(0))
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        EntryFactory(contest=contest, unit=units["HG-TP"], ref="HG-TP-2", canonical_url=youtube(0))
    assert Entry.objects.count() == 1
    assert "entry_video_unique_per_unit" in str(caught.value) or "UNIQUE" in str(caught.value)
    assert "entry_video_unique_per_unit" in {c.name for c in Entry._meta.constraints}


def test_database_stores_the_same_canonical_video_for_two_units(contest, units):
    EntryFactory(contest=contest, unit=units["HG-TP"], ref="HG-TP-1", canonical_url=youtube(0))
    EntryFactory(contest=contest, unit=units["HG-DV"], ref="HG-DV-1", canonical_url=youtube(0))
    assert Entry.objects.filter(canonical_url=youtube(0)).count() == 2


# --- official letters --------------------------------------------------------------------------

LETTER_HEADER = ["unit", "number", "date", "received_at", "entries"]


def letters(*rows: list[str], header: list[str] = LETTER_HEADER) -> bytes:
    return csv_bytes([header, *rows])


def letters_state() -> list[tuple]:
    return sorted(
        (
            letter.unit.code,
            letter.number,
            letter.received_at,
            tuple(sorted(e.ref for e in letter.entries.all())),
        )
        for letter in OfficialLetter.objects.all()
    )


def letters_refusal(contest, content: bytes) -> list[Problem]:
    before = letters_state()
    with pytest.raises(ImportFailed) as caught:
        import_letters(content, "letters.csv", contest=contest)
    assert letters_state() == before
    return caught.value.problems


@pytest.fixture
def clips(contest, units):
    """Two clips of HG-TP and one of HG-DV."""
    return {
        ref: EntryFactory(contest=contest, unit=units[ref.rsplit("-", 1)[0]], ref=ref)
        for ref in ("HG-TP-1", "HG-TP-2", "HG-DV-1")
    }


def test_letters_import_creates_letters_listing_their_entries(contest, clips):
    result = import_letters(
        letters(
            ["HG-TP", "45-CV/BCĐ35", "01/06/2022", "2022-06-03 09:00", "HG-TP-1; hg-tp-2"],
            ["HG-DV", "12-CV/BCĐ35", "2022-06-12", "", "HG-DV-1"],
        ),
        "letters.csv",
        contest=contest,
    )

    assert result == Imported(created=2, updated=0)
    letter = OfficialLetter.objects.get(unit__code="HG-TP")
    assert letter.number == "45-CV/BCĐ35"
    assert letter.date.isoformat() == "2022-06-01"
    assert letter.received_at == datetime(2022, 6, 3, 9, tzinfo=HCM)
    assert sorted(letter.entries.values_list("ref", flat=True)) == ["HG-TP-1", "HG-TP-2"]


def test_letter_with_empty_received_at_is_not_received(contest, clips):
    import_letters(
        letters(["HG-DV", "12-CV/BCĐ35", "2022-06-12", "", "HG-DV-1"]), "l.csv", contest=contest
    )
    assert OfficialLetter.objects.get().received_at is None
    report = contest_report(contest, at=datetime(2022, 7, 1, tzinfo=HCM))
    assert {u.code: str(u.letter) for u in report.units}["HG-DV"] == "missing"
    verdict = next(v for v in report.entries if v.entry.ref == "HG-DV-1")
    assert "not_in_letter" in [f.code for f in verdict.findings]


def test_letters_reimport_updates_by_unit_and_number(contest, clips):
    import_letters(
        letters(["HG-TP", "45-CV/BCĐ35", "2022-06-01", "", "HG-TP-1"]), "l.csv", contest=contest
    )
    result = import_letters(
        letters(
            ["HG-TP", "45-CV/BCĐ35", "2022-06-01", "2022-06-03 09:00", "HG-TP-1;HG-TP-2"],
            ["HG-TP", "46-CV/BCĐ35", "2022-06-20", "", "HG-TP-2"],
        ),
        "l.csv",
        contest=contest,
    )
    assert result == Imported(created=1, updated=1)
    assert letters_state() == [
        ("HG-TP", "45-CV/BCĐ35", datetime(2022, 6, 3, 9, tzinfo=HCM), ("HG-TP-1", "HG-TP-2")),
        ("HG-TP", "46-CV/BCĐ35", None, ("HG-TP-2",)),
    ]


def test_letters_import_with_one_bad_row_stores_nothing_and_names_every_bad_row(contest, clips):
    OfficialLetterFactory(
        contest=contest, unit=clips["HG-TP-1"].unit, number="1-CV", entries=[clips["HG-TP-1"]]
    )
    problems = letters_refusal(
        contest,
        letters(
            ["HG-TP", "45-CV/BCĐ35", "2022-06-01", "", "HG-TP-1;HG-TP-2"],
            ["HG-DV", "12-CV/BCĐ35", "2022-06-12", "", "HG-DV-1;HG-DV-9"],
            ["HG-TP", "47-CV/BCĐ35", "2022-06-20", "", "HG-DV-1"],
            ["HG-XX", "1-CV", "31/02/2022", "", "HG-TP-1"],
            ["HG-TP", "45-CV/BCĐ35", "2022-06-01", "", ""],
        ),
    )
    assert where(problems) == [
        (3, "entries"),
        (4, "entries"),
        (5, "unit"),
        (5, "date"),
        (6, "entries"),
        (6, "number"),
    ]
    assert "HG-DV-9" in problems[0].message.en
    assert "belongs to unit HG-DV" in problems[1].message.en
    assert "already on row 2" in problems[5].message.en
    assert OfficialLetter.objects.count() == 1


def test_letter_number_longer_than_the_column_holds_is_a_problem_not_a_crash(contest, clips):
    problems = letters_refusal(
        contest, letters(["HG-TP", "CV-" + "9" * 60, "2022-06-01", "", "HG-TP-1"])
    )
    assert where(problems) == [(2, "number")]
