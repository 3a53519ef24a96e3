"""Importing the participating units from the organisers' spreadsheet, all or nothing."""

from __future__ import annotations

import pytest
from factories import UnitFactory, csv_bytes, xlsx_bytes

from clipcontest.common.tabular import Imported, ImportFailed, Problem
from clipcontest.units.imports import import_units
from clipcontest.units.models import Unit

pytestmark = pytest.mark.django_db

HEADER = ["code", "name", "kind", "email"]
TP = ["HG-TP", "Ban Chỉ đạo 35 Thành ủy Hà Giang", "city", "bcd35.thanhuy@example.vn"]
DV = ["HG-DV", "Ban Chỉ đạo 35 Huyện ủy Đồng Văn", "district", "bcd35.dongvan@example.vn"]
KCQ = ["HG-KCQ", "Ban Chỉ đạo 35 Đảng ủy Khối các cơ quan tỉnh", "affiliated", ""]


def sheet(*rows: list[str], header: list[str] = HEADER) -> bytes:
    return csv_bytes([header, *rows])


def stored() -> list[tuple[str, str, str, str]]:
    return list(Unit.objects.order_by("code").values_list("code", "name", "kind", "email"))


def refusal(content: bytes, filename: str = "units.csv") -> list[Problem]:
    before = stored()
    with pytest.raises(ImportFailed) as caught:
        import_units(content, filename)
    assert stored() == before
    return caught.value.problems


def where(problems: list[Problem]) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in problems]


def test_units_import_creates_every_unit_of_the_sheet():
    assert import_units(sheet(TP, DV, KCQ), "units.csv") == Imported(created=3, updated=0)
    assert stored() == sorted([tuple(TP), tuple(DV), tuple(KCQ)])


def test_units_reimport_updates_by_code_and_counts_created_and_updated():
    import_units(sheet(TP, DV), "units.csv")
    renamed = [DV[0], "Ban Chỉ đạo 35 huyện Đồng Văn (mới)", DV[2], DV[3]]

    result = import_units(sheet(TP, renamed, KCQ), "units.csv")

    assert result == Imported(created=1, updated=1)  # TP is unchanged, so not counted
    assert Unit.objects.get(code="HG-DV").name == "Ban Chỉ đạo 35 huyện Đồng Văn (mới)"
    assert Unit.objects.count() == 3


def test_units_reimport_keeps_the_unit_row_so_its_entries_stay_attached():
    import_units(sheet(DV), "units.csv")
    pk = Unit.objects.get(code="HG-DV").pk
    import_units(sheet([DV[0], "Tên mới", "district", ""]), "units.csv")
    unit = Unit.objects.get(code="HG-DV")
    assert (unit.pk, unit.name, unit.email) == (pk, "Tên mới", "")


def test_unit_code_is_stored_in_upper_case_and_matches_existing_codes_so():
    UnitFactory(code="HG-DV", name="Tên cũ")
    result = import_units(
        sheet(["hg-dv", "Tên mới", "district", ""], ["hg-mv", "Mèo Vạc", "district", ""]), "u.csv"
    )
    assert result == Imported(created=1, updated=1)
    assert [code for code, *_ in stored()] == ["HG-DV", "HG-MV"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("district", Unit.Kind.DISTRICT),
        ("huyện ủy", Unit.Kind.DISTRICT),
        ("Huyện uỷ", Unit.Kind.DISTRICT),
        ("HUYEN UY", Unit.Kind.DISTRICT),
        ("city", Unit.Kind.CITY),
        ("thành ủy", Unit.Kind.CITY),
        ("Thành uỷ", Unit.Kind.CITY),
        ("affiliated", Unit.Kind.AFFILIATED),
        ("đảng ủy trực thuộc", Unit.Kind.AFFILIATED),
        ("Đảng uỷ trực thuộc", Unit.Kind.AFFILIATED),
    ],
)
def test_unit_kind_is_accepted_in_english_or_vietnamese_in_either_spelling(kind, expected):
    import_units(sheet(["HG-X", "Đơn vị", kind, ""]), "units.csv")
    assert Unit.objects.get().kind == expected


def test_unknown_kind_is_refused_quoting_the_cell():
    problems = refusal(sheet(TP, ["HG-X", "Đơn vị", "xã ủy", ""]))
    assert where(problems) == [(3, "kind")]
    assert "'xã ủy'" in problems[0].message.en
    assert "district, city or affiliated" in problems[0].message.en


def test_bad_email_is_refused_quoting_the_cell():
    problems = refusal(sheet(TP, ["HG-X", "Đơn vị", "city", "bcd35@@example"]))
    assert where(problems) == [(3, "email")]
    assert "bcd35@@example" in problems[0].message.en


def test_empty_email_is_allowed():
    import_units(sheet(KCQ), "units.csv")
    assert Unit.objects.get().email == ""


def test_same_code_twice_in_the_file_names_both_rows():
    problems = refusal(sheet(TP, DV, ["hg-tp", "Trùng mã", "city", ""]))
    assert where(problems) == [(4, "code")]
    assert str(problems[0]).startswith("row 4: code: the code 'HG-TP' is already on row 2")


def test_units_import_with_one_bad_row_among_good_ones_stores_nothing():
    UnitFactory(code="HG-QB", name="Quản Bạ")
    count = Unit.objects.count()

    refusal(sheet(TP, DV, ["HG-QB", "Quản Bạ (mới)", "district", "không phải email"], KCQ))

    assert Unit.objects.count() == count
    assert Unit.objects.get(code="HG-QB").name == "Quản Bạ"


def test_every_bad_row_is_named_with_its_number_and_reason():
    problems = refusal(
        sheet(
            TP,
            ["", "Không mã", "city", ""],
            ["HG X", "Mã có dấu cách", "district", ""],
            ["HG-Y", "", "", ""],
            DV,
            ["HG-Z", "Đơn vị Z", "tỉnh ủy", "z@"],
        )
    )
    assert where(problems) == [
        (3, "code"),
        (4, "code"),
        (5, "name"),
        (5, "kind"),
        (7, "kind"),
        (7, "email"),
    ]
    assert problems[0].message.en == "must not be empty"
    assert "'HG X'" in problems[1].message.en


def test_too_long_name_is_a_problem_not_a_database_error():
    assert where(refusal(sheet(["HG-X", "N" * 301, "city", ""]))) == [(2, "name")]


def test_email_longer_than_the_column_holds_is_a_problem_not_a_database_error():
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "vn"  # 311 characters, well-formed
    problems = refusal(sheet(["HG-X", "Đơn vị", "city", email]))
    assert where(problems) == [(2, "email")]
    assert "longer than 254 characters" in problems[0].message.en


def test_missing_column_refuses_the_file_at_row_1():
    assert where(refusal(sheet(["HG-X", "Đơn vị"], header=["code", "name"]))) == [(1, "kind")]


def test_units_import_reads_vietnamese_headings():
    header = ["Mã đơn vị", "TÊN ĐƠN VỊ", "Loại đơn vị", "Thư điện tử"]
    assert import_units(sheet(TP, header=header), "don-vi.csv") == Imported(1, 0)
    assert stored() == [tuple(TP)]


def test_units_import_from_xlsx_gives_the_same_result_as_csv():
    rows = [HEADER, TP, DV, [], KCQ]
    assert import_units(xlsx_bytes(rows), "units.xlsx") == Imported(created=3, updated=0)
    from_xlsx = stored()
    Unit.objects.all().delete()
    assert import_units(csv_bytes(rows), "units.csv") == Imported(created=3, updated=0)
    assert stored() == from_xlsx


def test_units_import_from_xlsx_names_the_same_bad_rows_as_csv():
    rows = [HEADER, TP, [], ["HG-X", "Đơn vị", "xã", ""]]
    assert where(refusal(xlsx_bytes(rows), "units.xlsx")) == where(refusal(csv_bytes(rows)))
    assert where(refusal(csv_bytes(rows))) == [(4, "kind")]
