"""Properties that hold for every input, checked on generated ones (hypothesis).

- The link parsers raise nothing but their own refusal, whatever the text; a canonical URL
  parses to itself (so parsing is idempotent), with the same platform and video id.
- The duration parser reads back what ``format_duration`` writes, and raises nothing but
  ``DurationError``.
- The importers, given random rows, raise nothing but ``ImportFailed``, and a failed import
  stores nothing.

Each test is bounded (``max_examples``) to stay within a few seconds; the examples run are
counted into the security figures.
"""

from __future__ import annotations

import string
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from factories import csv_bytes, xlsx_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from clipcontest.common.tabular import Imported, ImportFailed
from clipcontest.entries.durations import DurationError, format_duration, parse_duration
from clipcontest.entries.group_links import Group, GroupLinkError, parse_group_post
from clipcontest.entries.links import LinkError, parse_link

from .hostile_helpers import db_state, record_figures
from .hostile_importers import IMPORTERS, full_state, staff_fixture  # noqa: F401 (fixture)

EXAMPLES: Counter[str] = Counter()
GROUP = Group(id="304102323603847", url="https://www.facebook.com/groups/304102323603847")
FAST = settings(max_examples=400, deadline=None)

# --- links -----------------------------------------------------------------------------------

HOSTS = [
    "www.youtube.com",
    "youtube.com",
    "m.youtube.com",
    "youtu.be",
    "www.tiktok.com",
    "vm.tiktok.com",
    "www.facebook.com",
    "m.facebook.com",
    "fb.watch",
    "fb.com",
    "evil.example",
    "127.0.0.1",
    "[::1]",
    "xn--yutube-wqf.com",
]
URL_CHARS = string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%\\ \t\x00\u202e\u0430"
url_like = st.builds(
    lambda scheme, userinfo, host, port, path: f"{scheme}{userinfo}{host}{port}{path}",
    st.sampled_from(["https://", "http://", "//", "", "javascript:", "HTTPS://", "ftp://"]),
    st.sampled_from(["", "user@", "www.youtube.com@", ":@"]),
    st.sampled_from(HOSTS) | st.text(URL_CHARS, max_size=20),
    st.sampled_from(["", ":443", ":80", ":8080", ":0", ":99999", ":x"]),
    st.text(URL_CHARS, max_size=60),
)
any_text = st.text(max_size=200) | url_like

youtube_id = st.text(string.ascii_letters + string.digits + "_-", min_size=11, max_size=11).filter(
    lambda video: video not in ("videoseries", "live_stream")
)
digits = st.text("0123456789", min_size=15, max_size=25)
facebook_id = st.text("0123456789", min_size=5, max_size=25)
code = st.text(string.ascii_letters + string.digits, min_size=1, max_size=12)
valid_link = st.one_of(
    st.builds("https://{}/watch?v={}".format, st.sampled_from(HOSTS[:3]), youtube_id),
    st.builds("youtu.be/{}".format, youtube_id),
    st.builds("https://www.youtube.com/shorts/{}/".format, youtube_id),
    st.builds("https://www.tiktok.com/@bcd35/video/{}".format, digits),
    st.builds("https://vm.tiktok.com/{}/".format, code),
    st.builds("https://www.facebook.com/watch/?v={}".format, facebook_id),
    st.builds("https://m.facebook.com/reel/{}".format, facebook_id),
    st.builds("https://fb.watch/{}/".format, code),
)


@FAST
@given(any_text)
def test_the_link_parsers_raise_nothing_but_their_refusal(text):
    EXAMPLES["links"] += 1
    try:
        parse_link(text)
    except LinkError as error:
        assert error.message.vi and error.message.en
    try:
        parse_group_post(text, GROUP)
    except GroupLinkError as error:
        assert error.message.vi and error.message.en


@FAST
@given(valid_link)
def test_a_canonical_url_parses_to_itself_so_parsing_is_idempotent(link):
    EXAMPLES["links"] += 1
    first = parse_link(link)
    again = parse_link(first.canonical_url)
    assert again.canonical_url == first.canonical_url
    assert (again.platform, again.video_id) == (first.platform, first.video_id)
    assert parse_link(again.canonical_url) == again


# --- durations -------------------------------------------------------------------------------

valid_seconds = st.decimals(min_value=0, max_value=Decimal("999999.999"), places=3)
duration_like = st.text("0123456789:.,-+ eE\u0661\uff11\t", max_size=16) | st.text(max_size=40)


@FAST
@given(valid_seconds)
def test_a_formatted_duration_reads_back_as_the_same_seconds(seconds):
    EXAMPLES["durations"] += 1
    assert parse_duration(format_duration(seconds)) == seconds


@FAST
@given(duration_like)
def test_the_duration_parser_raises_nothing_but_duration_error(text):
    EXAMPLES["durations"] += 1
    try:
        seconds = parse_duration(text)
    except DurationError as error:
        assert error.message.vi and error.message.en
    else:
        assert seconds is None or Decimal(0) <= seconds <= Decimal("999999.999")


# --- importers -------------------------------------------------------------------------------

CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "HG-TP",
            "hg-dv",
            "HG-TP-1",
            "gk.an",
            "Nguyễn Văn An",
            "district",
            "huyện ủy",
            "an@example.vn",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://vm.tiktok.com/ZMabc/",
            "comedy",
            "refute_false_information",
            "1:30",
            "10:00.5",
            "2022-05-01",
            "31/02/2022",
            "01/01/0001",
            "9999-12-31T23:59-12:00",
            "HG-TP-1;HG-TP-2",
            "40",
            "7,5",
            "-0",
            "NaN",
            "1e999999",
            "1e-99999999999",
            "=1+1",
            '\'=HYPERLINK("x")',
            "\u202eHG-TP",
        ]
    ),
    st.text(max_size=30),
)


def rows_for(importer):
    """The importer's headings (some dropped or repeated) and up to five rows of cells."""
    heads = st.lists(st.sampled_from([*importer.head, "ghi chú"]), min_size=1, max_size=12)
    return st.tuples(
        st.one_of(st.just(importer.head), heads),
        st.lists(st.lists(CELLS, max_size=12), max_size=5),
    )


def _xlsx(rows: list[list[str]]) -> bytes:
    """A workbook of ``rows``; the control characters a worksheet cannot hold are left out."""
    return xlsx_bytes([[ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row] for row in rows])


def import_stores_nothing_or_succeeds(importer, contest, by, head, rows, build, name) -> None:
    with transaction.atomic():  # each example starts from the same database
        before = full_state()
        try:
            result = importer.run(build([head, *rows]), name, contest, by)
        except ImportFailed as failed:
            assert failed.problems
            assert full_state() == before
        else:
            assert isinstance(result, Imported)
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda importer: importer.name)
def test_random_rows_raise_nothing_but_import_failed_and_a_failure_stores_nothing(
    demo_contest, staff, importer
):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows_for(importer), st.booleans())
    def check(table, as_xlsx):
        EXAMPLES["importers"] += 1
        head, rows = table
        build, name = (_xlsx, "f.xlsx") if as_xlsx else (csv_bytes, "f.csv")
        import_stores_nothing_or_succeeds(importer, demo_contest, staff, head, rows, build, name)

    before = db_state()
    check()
    assert db_state() == before


def test_the_figures_of_property_examples_are_written():
    assert sum(EXAMPLES.values()) > 0
    record_figures(
        property_examples=sum(EXAMPLES.values()),
        property_examples_links=EXAMPLES["links"],
        property_examples_durations=EXAMPLES["durations"],
        property_examples_importers=EXAMPLES["importers"],
    )
