"""Reading spreadsheets as units keep them: CSV or XLSX, English or Vietnamese headings.

Every problem names the row a person sees in their spreadsheet program (the header is row 1)
or, for the file as a whole, no row at all.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import date, datetime, time, timedelta

from factories import HCM, csv_bytes, xlsx_bytes

from clipcontest.common.dates import parse_date, parse_datetime
from clipcontest.common.tabular import (
    DUPLICATE_COLUMN,
    EMPTY_FILE,
    MISSING_COLUMN,
    NO_ROWS,
    NOT_UTF8,
    NOT_XLSX,
    Column,
    Problem,
    fold,
    read_table,
)
from clipcontest.entries.durations import parse_duration
from clipcontest.units.imports import COLUMNS as UNIT_COLUMNS

HEADER = ["code", "name", "kind", "email"]
ROW = ["HG-DV", "Ban Chỉ đạo 35 Huyện ủy Đồng Văn", "district", "dv@example.vn"]
EXPECTED = {
    "code": "HG-DV",
    "name": "Ban Chỉ đạo 35 Huyện ủy Đồng Văn",
    "kind": "district",
    "email": "dv@example.vn",
}


def read(content: bytes, filename: str = "units.csv", columns=UNIT_COLUMNS):
    return read_table(content, filename, columns)


def only_rows(content: bytes, filename: str = "units.csv", columns=UNIT_COLUMNS):
    rows, problems = read(content, filename, columns)
    assert problems == []
    return [(row.number, dict(row.values)) for row in rows]


def only_problems(content: bytes, filename: str = "units.csv") -> list[Problem]:
    rows, problems = read(content, filename)
    assert rows == []
    assert problems
    return problems


# --- CSV ---------------------------------------------------------------------------------------


def test_plain_utf8_csv_gives_rows_keyed_by_column_name_starting_at_row_2():
    assert only_rows(csv_bytes([HEADER, ROW])) == [(2, EXPECTED)]


def test_csv_saved_by_excel_with_a_byte_order_mark_reads_the_first_heading_cleanly():
    content = csv_bytes([HEADER, ROW], bom=True)
    assert content.startswith(b"\xef\xbb\xbf")
    assert only_rows(content) == [(2, EXPECTED)]


def test_semicolon_separated_csv_is_recognised():
    content = csv_bytes([HEADER, [*ROW[:1], "Ban Chỉ đạo 35, Đồng Văn", *ROW[2:]]], delimiter=";")
    assert only_rows(content) == [(2, {**EXPECTED, "name": "Ban Chỉ đạo 35, Đồng Văn"})]


def test_tab_separated_csv_is_recognised():
    assert only_rows(csv_bytes([HEADER, ROW], delimiter="\t")) == [(2, EXPECTED)]


def test_comma_csv_keeps_semicolon_separated_authors_in_one_cell():
    columns = [Column("ref"), Column("title"), Column("authors")]
    content = csv_bytes(
        [
            ["ref", "title", "authors"],
            ["A-1", "Sống ảo, hệ lụy thật", "Nguyễn Thị Lan;Trần Văn Hùng"],
            ["A-2", "Chuyện tổ dân phố", "Phạm Thu Hà;Vũ Quốc Khánh"],
        ]
    )
    assert only_rows(content, columns=columns) == [
        (
            2,
            {
                "ref": "A-1",
                "title": "Sống ảo, hệ lụy thật",
                "authors": "Nguyễn Thị Lan;Trần Văn Hùng",
            },
        ),
        (3, {"ref": "A-2", "title": "Chuyện tổ dân phố", "authors": "Phạm Thu Hà;Vũ Quốc Khánh"}),
    ]


def test_vietnamese_headings_with_diacritics_are_accepted():
    content = csv_bytes([["Mã đơn vị", "TÊN ĐƠN VỊ", "Loại", "Thư điện tử"], ROW])
    assert only_rows(content) == [(2, EXPECTED)]


def test_vietnamese_headings_without_diacritics_or_with_odd_case_and_spaces_are_accepted():
    content = csv_bytes([["ma don vi", "  Ten   Don  Vi ", "LOAI", "E-mail"], ROW])
    assert only_rows(content) == [(2, EXPECTED)]


def test_fold_treats_both_spellings_of_uy_and_the_letter_d_stroke_alike():
    assert fold("Huyện uỷ") == fold("huyện ủy") == "huyen uy"
    assert fold("Mã_đơn-vị") == fold("MA DON VI") == "ma don vi"


def test_extra_columns_are_ignored():
    content = csv_bytes([["STT", *HEADER, "Ghi chú"], ["1", *ROW, "đã xác nhận"]])
    assert only_rows(content) == [(2, EXPECTED)]


def test_optional_column_may_be_absent_and_reads_as_empty():
    content = csv_bytes([HEADER[:3], ROW[:3]])
    assert only_rows(content) == [(2, {"code": "HG-DV", "name": ROW[1], "kind": "district"})]
    rows, _ = read(content)
    assert rows[0].get("email") == ""


def test_short_rows_read_missing_cells_as_empty():
    content = b"code,name,kind,email\r\nHG-DV,Dong Van,district\r\n"
    assert only_rows(content) == [
        (2, {"code": "HG-DV", "name": "Dong Van", "kind": "district", "email": ""})
    ]


def test_cells_are_stripped_of_surrounding_spaces():
    content = csv_bytes([HEADER, ["  HG-DV ", " Đồng Văn  ", " district", " dv@example.vn "]])
    assert only_rows(content) == [(2, {**EXPECTED, "name": "Đồng Văn"})]


def test_missing_required_column_is_a_problem_at_row_1_naming_the_column():
    problems = only_problems(csv_bytes([["code", "name", "email"], ["HG-DV", "Đồng Văn", ""]]))
    assert problems == [Problem(1, "kind", MISSING_COLUMN.format(column="kind"))]
    assert str(problems[0]).startswith('row 1: kind: the required column "kind" is missing')


def test_every_missing_required_column_is_reported():
    problems = only_problems(csv_bytes([["email"], ["dv@example.vn"]]))
    assert [(p.row, p.column) for p in problems] == [(1, "code"), (1, "name"), (1, "kind")]


def test_a_column_given_twice_under_two_headings_is_a_problem_at_row_1():
    problems = only_problems(
        csv_bytes([["code", "Mã đơn vị", "name", "kind"], ["A", "A", "B", "C"]])
    )
    assert problems == [Problem(1, "code", DUPLICATE_COLUMN.format(column="Mã đơn vị"))]


def test_empty_file_says_there_is_no_header_row():
    assert only_problems(b"") == [Problem(1, None, EMPTY_FILE)]


def test_header_only_file_says_there_are_no_data_rows():
    assert only_problems(csv_bytes([HEADER])) == [Problem(None, None, NO_ROWS)]


def test_header_followed_by_blank_rows_only_says_there_are_no_data_rows():
    assert only_problems(csv_bytes([HEADER, ["", "", "", ""], []])) == [
        Problem(None, None, NO_ROWS)
    ]


def cp1258(text: str) -> bytes:
    """Vietnamese as Windows' legacy code page writes it: a base letter, then the tone mark."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:  # fold the one mark cp1258 has a letter for (â, ê, ô, ơ, ư, ă)
            if len(unicodedata.normalize("NFC", base + mark)) == 1:
                try:
                    unicodedata.normalize("NFC", base + mark).encode("cp1258")
                except UnicodeEncodeError:
                    continue
                base = unicodedata.normalize("NFC", base + mark)
                marks.remove(mark)
                break
        out += (base + "".join(marks)).encode("cp1258")
    return out


def test_cp1258_csv_is_refused_with_advice_to_save_as_utf8():
    content = cp1258("code,name,kind\r\nHG-DV,Ban Chỉ đạo 35 Huyện ủy Đồng Văn,district\r\n")
    assert unicodedata.normalize("NFC", content.decode("cp1258")).endswith("Đồng Văn,district\r\n")
    problems = only_problems(content)
    assert problems == [Problem(None, None, NOT_UTF8)]
    assert "CSV UTF-8" in str(problems[0])


def test_latin1_csv_is_refused_with_advice_to_save_as_utf8():
    content = "code,name,kind\nHG-DV,Café Lạc,district\n".encode("latin-1", errors="replace")
    content = content.replace(b"?", b"\xe9")  # a lone latin-1 byte, invalid in UTF-8
    assert only_problems(content) == [Problem(None, None, NOT_UTF8)]


def test_a_text_file_is_refused_as_an_unknown_format_naming_the_file():
    problems = only_problems(csv_bytes([HEADER, ROW]), "units.txt")
    assert len(problems) == 1 and problems[0].row is None
    assert "units.txt" in problems[0].message.en and ".csv or .xlsx" in problems[0].message.en


def test_file_extension_is_matched_without_regard_to_case():
    assert only_rows(csv_bytes([HEADER, ROW]), "DON-VI.CSV") == [(2, EXPECTED)]


def test_blank_csv_rows_are_skipped_but_row_numbers_stay_the_spreadsheets():
    content = csv_bytes([HEADER, ROW, ["", " ", "", ""], [], ["HG-MV", "Mèo Vạc", "district", ""]])
    assert [number for number, _ in only_rows(content)] == [2, 5]


def test_quoted_cells_keep_commas_and_line_breaks():
    content = csv_bytes([HEADER, ["HG-DV", "Ban Chỉ đạo 35,\nĐồng Văn", "district", ""]])
    assert only_rows(content)[0][1]["name"] == "Ban Chỉ đạo 35,\nĐồng Văn"


# --- XLSX --------------------------------------------------------------------------------------


def test_xlsx_gives_the_same_rows_as_csv():
    rows = [HEADER, ROW, ["HG-MV", "Mèo Vạc", "district", ""]]
    assert only_rows(xlsx_bytes(rows), "units.xlsx") == only_rows(csv_bytes(rows))


def test_xlsx_blank_rows_are_skipped_but_row_numbers_stay_the_spreadsheets():
    content = xlsx_bytes([HEADER, ROW, [], [], ["HG-MV", "Mèo Vạc", "district", ""]])
    assert [number for number, _ in only_rows(content, "units.xlsx")] == [2, 5]


def test_xlsx_typed_cells_read_as_text_the_parsers_understand():
    columns = [Column(name) for name in ("date", "moment", "clock", "span", "number", "whole")]
    content = xlsx_bytes(
        [
            [c.name for c in columns],
            [
                date(2022, 6, 15),
                datetime(2022, 6, 30, 23, 59),
                time(0, 1, 15),
                timedelta(minutes=9, seconds=59),
                75.5,
                600,
            ],
            [datetime(2022, 6, 15), datetime(2022, 6, 30, 23, 59, 59), None, None, 5.0, None],
        ]
    )
    (_, first), (_, second) = only_rows(content, "entries.xlsx", columns)
    assert parse_date(first["date"]) == date(2022, 6, 15)
    assert parse_datetime(first["moment"], HCM) == datetime(2022, 6, 30, 23, 59, tzinfo=HCM)
    assert parse_duration(first["clock"]) == 75
    assert parse_duration(first["span"]) == 599
    assert parse_duration(first["number"]) == parse_duration("75.5")
    assert first["whole"] == "600"
    # A date typed as a date-time at midnight is still a plain date.
    assert second["date"] == "2022-06-15"
    assert parse_date(second["date"]) == date(2022, 6, 15)
    assert parse_datetime(second["moment"], HCM).second == 59
    assert second["number"] == "5"
    assert second["clock"] == ""


def test_xlsx_vietnamese_headings_are_accepted():
    content = xlsx_bytes([["Mã đơn vị", "TÊN ĐƠN VỊ", "loại đơn vị", "hộp thư"], ROW])
    assert only_rows(content, "units.xlsx") == [(2, EXPECTED)]


def test_xlsx_missing_required_column_is_a_problem_at_row_1():
    rows, problems = read(xlsx_bytes([["code", "kind"], ["HG-DV", "district"]]), "units.xlsx")
    assert rows == []
    assert [(p.row, p.column) for p in problems] == [(1, "name")]


def test_empty_xlsx_says_there_is_no_header_row():
    rows, problems = read(xlsx_bytes([]), "units.xlsx")
    assert (rows, problems) == ([], [Problem(1, None, EMPTY_FILE)])


def test_random_bytes_named_xlsx_are_a_damaged_file_problem():
    assert only_problems(b"PK\x03\x04 not really a zip", "units.xlsx") == [
        Problem(None, None, NOT_XLSX)
    ]


def test_a_csv_renamed_to_xlsx_is_a_damaged_file_problem():
    assert only_problems(csv_bytes([HEADER, ROW]), "units.xlsx") == [Problem(None, None, NOT_XLSX)]


def test_a_zip_that_is_not_a_workbook_is_a_damaged_file_problem():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert only_problems(buffer.getvalue(), "units.xlsx") == [Problem(None, None, NOT_XLSX)]


def test_a_truncated_workbook_is_a_damaged_file_problem():
    content = xlsx_bytes([HEADER, ROW])
    assert only_problems(content[: len(content) // 2], "units.xlsx") == [
        Problem(None, None, NOT_XLSX)
    ]
