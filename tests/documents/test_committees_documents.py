"""The three decisions founding the committees: who issues and signs each, their numbers, the
grounds that cite the first, and the annex listing the members in order (the jury's from its
accounts). The DOCX is read back with python-docx, the PDFs with poppler's pdftotext."""

from __future__ import annotations

import subprocess
import zipfile
from datetime import date
from io import BytesIO

import pytest
from committees.conftest import organiser, seat_judge  # noqa: F401  (a fixture)
from django.utils import translation
from docx import Document
from factories import REPOSITORY

from clipcontest.committees.plan import Seat
from clipcontest.committees.services import add_committee_member, set_founding_decision
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import letterhead_of
from clipcontest.documents.batches import run_batch
from clipcontest.documents.committees import (
    Department,
    FoundingFacts,
    committee_decision_docx,
    decision_content,
)
from clipcontest.documents.models import DocumentBatch

pytestmark = pytest.mark.django_db

TODAY = date(2022, 2, 25)
CONTEST = (
    "cuộc thi xây dựng video clip đấu tranh, phản bác các thông tin xấu độc trên internet và "
    "mạng xã hội năm 2022"
)
DEPARTMENT = "Ban Tuyên giáo Tỉnh ủy"
HEADINGS = ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Nhiệm vụ"]
ORGANISING = [
    ["1", "Hoàng Minh Đức", "Phó Trưởng Ban Tuyên giáo Tỉnh ủy", "Trưởng ban"],
    ["2", "Lục Văn Quyết", "Phó Giám đốc Sở Thông tin và Truyền thông", "Phó Trưởng ban"],
    ["3", "Triệu Thị Lan", "Phó Tổng Biên tập Báo tỉnh", "Ủy viên"],
    ["4", "Nông Thanh Tùng", "Chuyên viên Ban Tuyên giáo Tỉnh ủy", "Thư ký"],
]
JURY = [
    ["1", "Lò Thị Yến", "Trưởng phòng Văn hóa – Văn nghệ", "Trưởng ban"],
    ["2", "Phạm Văn Ánh", "", "Thành viên"],  # a jury account with no row: a plain member
    ["3", "Giàng Thị Súa", "", "Thành viên"],
]
SECRETARIAT = [
    ["1", "Vương Thị Mai", "Phó Trưởng phòng Tuyên truyền – Báo chí", "Tổ trưởng"],
    ["2", "Sầm Thị Ngọc Ánh", "Chuyên viên Văn phòng Ban", "Thành viên"],
]
ROLE_KEYS = {"Trưởng ban": "head", "Tổ trưởng": "head", "Phó Trưởng ban": "deputy"}
ROLE_KEYS |= {"Thư ký": "secretary"}
OUTPUT = REPOSITORY / "var" / "test-output"


@pytest.fixture
def founded(contest_2022: Contest, organiser) -> Contest:  # noqa: F811
    """The 2022 contest with its letterhead, its three committees and two numbered decisions."""
    letterhead = letterhead_of(contest_2022)
    letterhead.superior_body = "Tỉnh ủy Hà Giang"
    letterhead.place = "Hà Giang"
    letterhead.signer_name = "Nguyễn Văn Thành"
    letterhead.save()
    yen = seat_judge(contest_2022, "gk.yen", "Lò Thị Yến")
    seat_judge(contest_2022, "gk.sua", "Giàng Thị Súa")
    seat_judge(contest_2022, "gk.anh", "Phạm Văn Ánh")
    for committee, rows in (("organising", ORGANISING), ("secretariat", SECRETARIAT)):
        for _, name, position, title in rows:
            add_committee_member(
                contest=contest_2022,
                committee=committee,
                full_name=name,
                position=position,
                role=ROLE_KEYS.get(title, "member"),
                by=organiser,
            )
    add_committee_member(
        contest=contest_2022,
        committee="jury",
        full_name="",
        position=JURY[0][2],
        role="head",
        jury_member=yen,
        by=organiser,
    )
    set_founding_decision(
        contest=contest_2022,
        committee="organising",
        number="125",
        day=date(2022, 2, 14),
        by=organiser,
    )
    set_founding_decision(
        contest=contest_2022, committee="jury", number="01", day=date(2022, 2, 21), by=organiser
    )
    return contest_2022


def docx_of(contest: Contest, committee: str):
    return Document(BytesIO(committee_decision_docx(contest, committee, today=TODAY)))


def lines(document) -> list[str]:
    """Every paragraph, in the body and in table cells."""
    found = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(paragraph.text for paragraph in cell.paragraphs)
    return found


def annex_rows(document) -> list[list[str]]:
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "STT"]
    return [[cell.text for cell in row.cells] for row in table.rows]


def signer(document) -> list[str]:
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận")]
    return [p.text for p in table.rows[0].cells[1].paragraphs if p.text]


def test_the_department_founds_the_organising_committee_on_its_letterhead(founded):
    document = docx_of(founded, "organising")
    text = lines(document)

    for expected in (
        "TỈNH ỦY HÀ GIANG",
        "BAN TUYÊN GIÁO TỈNH ỦY",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 125-QĐ/BTGTU",
        "Hà Giang, ngày 14 tháng 02 năm 2022",
        "QUYẾT ĐỊNH",
        f"về việc thành lập Ban Tổ chức {CONTEST}",
        f"- Căn cứ Kế hoạch của {DEPARTMENT} về tổ chức {CONTEST};",
        "- Xét yêu cầu nhiệm vụ,",
        f"Điều 1. Thành lập Ban Tổ chức {CONTEST} gồm các đồng chí có tên trong danh sách "
        "kèm theo.",
        "DANH SÁCH THÀNH VIÊN BAN TỔ CHỨC",
        f"(Kèm theo Quyết định số 125-QĐ/BTGTU ngày 14/02/2022 của {DEPARTMENT})",
    ):
        assert expected in text, expected
    assert signer(document) == ["TRƯỞNG BAN", "Nguyễn Văn Thành"]
    assert annex_rows(document) == [HEADINGS, *ORGANISING]


def test_the_organising_committee_founds_the_jury_and_its_head_signs(founded):
    document = docx_of(founded, "jury")
    text = lines(document)

    for expected in (
        "BAN TUYÊN GIÁO TỈNH ỦY",
        "BAN TỔ CHỨC CUỘC THI",
        "Số 01-QĐ/BTC",
        "Hà Giang, ngày 21 tháng 02 năm 2022",
        f"về việc thành lập Ban Giám khảo {CONTEST}",
        f"- Căn cứ Quyết định số 125-QĐ/BTGTU ngày 14/02/2022 của {DEPARTMENT} về việc thành "
        f"lập Ban Tổ chức {CONTEST};",
        "- Căn cứ Thể lệ cuộc thi;",
        "DANH SÁCH THÀNH VIÊN BAN GIÁM KHẢO",
        "(Kèm theo Quyết định số 01-QĐ/BTC ngày 21/02/2022 của Ban Tổ chức cuộc thi)",
    ):
        assert expected in text, expected
    assert "TỈNH ỦY HÀ GIANG" not in text
    assert signer(document) == ["TRƯỞNG BAN", "Hoàng Minh Đức"]


def test_the_jury_annex_lists_the_jury_accounts(founded):
    """The head from her row; the two accounts without one, by given name: Ánh before Súa."""
    assert annex_rows(docx_of(founded, "jury")) == [HEADINGS, *JURY]


def test_a_decision_without_a_number_leaves_room_and_is_dated_the_day_it_is_made(founded):
    document = docx_of(founded, "secretariat")
    text = lines(document)

    assert document.tables[0].rows[1].cells[0].text == "Số       -QĐ/BTC"
    assert "Hà Giang, ngày 25 tháng 02 năm 2022" in text
    assert "(Kèm theo Quyết định số       -QĐ/BTC ngày 25/02/2022 của Ban Tổ chức cuộc thi)" in text
    assert annex_rows(document) == [HEADINGS, *SECRETARIAT]


def test_the_decisions_are_in_vietnamese_whatever_the_language_of_the_page(founded):
    with translation.override("en"):
        rows = annex_rows(docx_of(founded, "secretariat"))
    assert rows[1][3] == "Tổ trưởng"


def test_the_wording_is_a_pure_function_of_the_facts():
    facts = FoundingFacts(
        contest_name="Cuộc thi thử",
        organiser="Ban Tuyên giáo Huyện ủy",
        department=Department(
            superior_body="Huyện ủy Đồng Văn",
            body="Ban Tuyên giáo Huyện ủy",
            abbreviation="BTGHU",
            place="Đồng Văn",
            authority=("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
            signer_name="Vàng Mí Lử",
        ),
        rosters={
            "organising": (Seat("Sùng Mí Chá", "Phó Trưởng Ban", "head"),),
            "secretariat": (Seat("Ly Thị Dế", "Chuyên viên", "secretary"),),
        },
        numbers={"organising": "7", "jury": "", "secretariat": "3"},
        days={c: date(2023, 3, 1) for c in ("organising", "jury", "secretariat")},
    )

    organising = decision_content(facts, "organising")
    secretariat = decision_content(facts, "secretariat")

    assert (organising.reference, organising.superior_body) == ("7-QĐ/BTGHU", "Huyện ủy Đồng Văn")
    assert (organising.authority, organising.signer_name) == (
        ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
        "Vàng Mí Lử",
    )
    assert organising.date_line == "Đồng Văn, ngày 01 tháng 3 năm 2023"
    assert secretariat.reference == "3-QĐ/BTC"
    assert (secretariat.authority, secretariat.signer_name) == (("TRƯỞNG BAN",), "Sùng Mí Chá")
    assert secretariat.articles[2] == (
        "Quyết định có hiệu lực kể từ ngày ký. Các thành viên Ban Tổ chức cuộc thi, Tổ Thư ký và "
        "các đồng chí có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
    )
    assert secretariat.annex_rows == (("1", "Ly Thị Dế", "Chuyên viên", "Thư ký"),)
    assert decision_content(facts, "jury").annex_rows == ()


def test_the_documents_page_makes_a_zip_of_the_three_decisions_as_docx_and_pdf(
    founded,
    organiser,  # noqa: F811
):
    batch = DocumentBatch.objects.create(
        contest=founded, kind=DocumentBatch.Kind.COMMITTEES, requested_by=organiser
    )

    batch = run_batch(batch.pk)

    assert batch.state == DocumentBatch.State.DONE, batch.error
    assert batch.filename == "sc35-2022-quyet-dinh-thanh-lap-cac-ban.zip"
    with zipfile.ZipFile(batch.file.open("rb")) as archive:
        names = sorted(archive.namelist())
        pdfs = {name: archive.read(name) for name in names if name.endswith(".pdf")}
    stems = ("ban-giam-khao", "ban-to-chuc", "to-thu-ky")
    assert names == sorted(
        f"sc35-2022-quyet-dinh-thanh-lap-{stem}.{ext}" for stem in stems for ext in ("docx", "pdf")
    )
    OUTPUT.mkdir(parents=True, exist_ok=True)
    expected = {
        "ban-to-chuc": ("Số 125-QĐ/BTGTU", "BAN TUYÊN GIÁO TỈNH ỦY", "Nguyễn Văn Thành",
                        "DANH SÁCH THÀNH VIÊN BAN TỔ CHỨC", "Ủy viên"),
        "ban-giam-khao": ("Số 01-QĐ/BTC", "BAN TỔ CHỨC CUỘC THI", "Căn cứ Thể lệ cuộc thi;",
                          "DANH SÁCH THÀNH VIÊN BAN GIÁM KHẢO"),
        "to-thu-ky": ("-QĐ/BTC", "DANH SÁCH THÀNH VIÊN TỔ THƯ KÝ", "Tổ trưởng"),
    }  # fmt: skip
    members = {"ban-to-chuc": ORGANISING, "ban-giam-khao": JURY, "to-thu-ky": SECRETARIAT}
    for stem, wanted in expected.items():
        path = OUTPUT / f"committee-{stem}.pdf"
        path.write_bytes(pdfs[f"sc35-2022-quyet-dinh-thanh-lap-{stem}.pdf"])
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
        for line in ("ĐẢNG CỘNG SẢN VIỆT NAM", "QUYẾT ĐỊNH", "Điều 3.", "Nơi nhận:", *wanted):
            assert line in text, (stem, line)
        # The annex follows the decision, its members in order (the jury's accounts too).
        annex = text[text.index("DANH SÁCH THÀNH VIÊN") :]
        places = [annex.index(row[1]) for row in members[stem]]
        assert places == sorted(places), stem
