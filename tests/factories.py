"""Test data: factory_boy factories for the models, and spreadsheets built from plain rows.

The contest always comes from the shipped rules file, so tests run against the 2022 plan's
real figures rather than against numbers invented for the test.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import factory
from openpyxl import Workbook

from clipcontest.contests.models import Contest
from clipcontest.contests.rules_file import load_rules_file
from clipcontest.contests.services import load_contest
from clipcontest.entries.models import Entry, OfficialLetter, Platform
from clipcontest.entries.services import AuthorDraft, EntryDraft
from clipcontest.units.models import Person, Unit

REPOSITORY = Path(__file__).resolve().parents[1]
RULES_2022 = REPOSITORY / "contests" / "sc35-2022.toml"
DEMO = REPOSITORY / "contests" / "demo"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")

Cell = object
# The YouTube video of :func:`a_draft`: a clip entered through the entry services.
VIDEO = "https://www.youtube.com/watch?v=Q1w2E3r4T5y"


def a_draft(**changes) -> EntryDraft:
    """A valid clip as a unit enters it (the entry services' draft), with ``changes``."""
    values = {
        "title": "Clip của Mèo Vạc",
        "url": VIDEO,
        "genre": "comedy",
        "theme": "refute_false_information",
        "authors": (AuthorDraft("Vàng Thị Dính"),),
        "duration_seconds": Decimal("59.5"),
        "rights_confirmed": True,
    }
    return EntryDraft(**(values | changes))


# --- spreadsheets ------------------------------------------------------------------------------


def csv_bytes(
    rows: Iterable[Sequence[Cell]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    """A CSV file as a spreadsheet program saves it (``bom`` for Excel's "CSV UTF-8")."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(
        ["" if cell is None else cell for cell in row] for row in rows
    )
    data = buffer.getvalue().encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def xlsx_bytes(rows: Iterable[Sequence[Cell]]) -> bytes:
    """An Excel workbook whose first sheet holds ``rows``; cells keep their Python types."""
    workbook = Workbook()
    sheet = workbook.active
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None and value != "":
                sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- models ------------------------------------------------------------------------------------


class ContestFactory(factory.Factory):
    """The 2022 contest, loaded from its rules file the way ``clipcontest contest load`` does."""

    class Meta:
        model = Contest

    path = RULES_2022

    @classmethod
    def _create(cls, model_class, path: Path = RULES_2022, **kwargs) -> Contest:
        return load_contest(load_rules_file(path)).contest

    @classmethod
    def _build(cls, model_class, *args, **kwargs):  # pragma: no cover - always stored
        raise NotImplementedError("a contest only exists once its rules file is loaded")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.LazyAttribute(lambda u: f"Ban Chỉ đạo 35 {u.code}")
    kind = Unit.Kind.DISTRICT
    email = factory.LazyAttribute(lambda u: f"{u.code.lower()}@example.vn")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Tác giả {n}")


class EntryFactory(factory.django.DjangoModelFactory):
    """An eligible YouTube clip of the 2022 contest unless told otherwise."""

    class Meta:
        model = Entry

    contest = factory.SubFactory(ContestFactory)
    unit = factory.SubFactory(UnitFactory)
    ref = factory.Sequence(lambda n: f"E-{n}")
    title = factory.Sequence(lambda n: f"Clip số {n}")
    video_id = factory.Sequence(lambda n: f"v{n:010d}")
    url = factory.LazyAttribute(lambda e: f"https://youtu.be/{e.video_id}")
    platform = Platform.YOUTUBE
    canonical_url = factory.LazyAttribute(lambda e: f"https://www.youtube.com/watch?v={e.video_id}")
    genre = "comedy"
    theme = "refute_false_information"
    duration_seconds = 120
    duration_source = "imported"
    posted_at = datetime(2022, 4, 1, 9, 0, tzinfo=HCM)
    submitted_at = datetime(2022, 4, 2, 9, 0, tzinfo=HCM)


class OfficialLetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialLetter
        skip_postgeneration_save = True

    contest = factory.SubFactory(ContestFactory)
    unit = factory.SubFactory(UnitFactory)
    number = factory.Sequence(lambda n: f"{n}-CV/BCĐ35")
    date = date(2022, 6, 1)
    received_at = datetime(2022, 6, 3, 9, 0, tzinfo=HCM)

    @factory.post_generation
    def entries(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.entries.set(extracted)
