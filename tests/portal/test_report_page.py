"""The organisers' summary report page: who may see it, what it shows, its charts and files.

The figures are those counted by hand in ``documents/test_report.py``.
"""

from __future__ import annotations

import pytest
from awards.test_results import score_demo_contest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import EntryFactory
from judging.conftest import fast_password_hashing  # noqa: F401 - the judges' accounts

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.units.models import Unit

pytestmark = pytest.mark.django_db

SLUG = "sc35-2022"
PAGE = reverse("portal:organiser-report") + f"?contest={SLUG}"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chart_url(kind: str) -> str:
    return reverse("portal:organiser-report-chart", args=[kind]) + f"?contest={SLUG}"


def file_url(fmt: str) -> str:
    return reverse("portal:organiser-report-file", args=[fmt]) + f"?contest={SLUG}"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def between(page: str, start: str, end: str) -> str:
    """The part of ``page`` from ``start`` to the next ``end``."""
    rest = page[page.index(start) :]
    return rest[: rest.index(end)]


def test_staff_see_the_figures_of_every_section(finalised, organiser, secretary):
    for client in (organiser, secretary):
        response = client.get(PAGE)
        assert response.status_code == 200
        page = response.content.decode()

        assert 'id="units-took-part">8/10<' in page
        assert 'id="clips-entered">17<' in page and 'id="clips-eligible">12<' in page
        assert 'id="letters">5 / 1 / 4<' in page
        for unit in Unit.objects.all():
            assert f'data-unit="{unit.code}"' in page and unit.name in page
        row = between(page, 'data-unit="HG-MV"', "</tr>")
        assert ">2<" in row and ">1<" in row  # entered 2, eligible 1
        assert "Bài viết chuyển thể" in between(page, 'id="genre-table"', "</table>")
        assert 'id="jury-sheets">18/20<' in page and 'id="jury-members">3<' in page
        assert page.index('data-ref="HG-MV-2"') < page.index('data-ref="HG-KCQ-2"')
        assert "Bình luận ác ý – cái giá phải trả" in page
        assert 'id="prizes-total">10.000.000 đ<' in page
        assert "Giải Khuyến khích: 15" in page
        assert "Có 08/10 đơn vị tham gia với 17 clip dự thi" in page
        for kind in ("participation", "platforms", "genres", "scores"):
            assert chart_url(kind) in page
        assert file_url("docx") in page and file_url("pdf") in page


def test_the_english_page_names_genres_in_english(finalised, organiser):
    page = organiser.get("/en" + PAGE).content.decode()

    assert "Article adapted to video" in page
    assert "Summary report" in page


def test_before_finalisation_the_page_says_so_and_shows_no_ranking(demo_contest, organiser):
    score_demo_contest(demo_contest)

    page = organiser.get(PAGE).content.decode()

    assert 'id="results-not-finalised"' in page
    assert 'id="results-table"' not in page and "chart/scores.png" not in page
    assert "Kết quả chưa được chốt." in page


def test_a_unit_representative_and_a_jury_member_are_refused(finalised, jury):
    rep = ensure_account(
        username="hg-vx",
        password="mật-khẩu-thử-1",
        role=Role.UNIT_REPRESENTATIVE,
        unit=Unit.objects.get(code="HG-VX"),
    )
    for url in (PAGE, chart_url("participation"), file_url("docx")):
        assert client_of(rep).get(url).status_code == 403
        assert jury.get(url).status_code == 403
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_each_chart_is_a_png(finalised, organiser):
    for kind in ("participation", "platforms", "genres", "scores"):
        response = organiser.get(chart_url(kind))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_an_unknown_chart_or_file_type_is_404(finalised, organiser):
    assert organiser.get(chart_url("pie")).status_code == 404
    assert organiser.get(file_url("odt")).status_code == 404


def test_the_downloads_have_their_content_types_and_filenames(finalised, organiser):
    docx = organiser.get(file_url("docx"))
    assert docx.status_code == 200
    assert docx["Content-Type"] == DOCX
    assert docx["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-sc35-2022.docx"'
    assert docx.content.startswith(b"PK")

    pdf = organiser.get(file_url("pdf"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-sc35-2022.pdf"'
    assert pdf.content.startswith(b"%PDF")


def test_without_libreoffice_the_pdf_link_explains_and_leads_back(
    finalised, organiser, monkeypatch, tmp_path
):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no soffice anywhere

    response = organiser.get(file_url("pdf"), follow=True)

    assert response.redirect_chain[-1][0] == PAGE
    assert "máy chủ chưa cài LibreOffice" in response.content.decode()


def test_the_page_reads_the_same_number_of_queries_however_many_clips(
    finalised, organiser, django_assert_num_queries
):
    organiser.get(PAGE)  # the session and the user are read the same way every time after
    with CaptureQueriesContext(connection) as first:
        organiser.get(PAGE)
    units = list(Unit.objects.order_by("code"))
    for number in range(12):
        EntryFactory(contest=finalised, unit=units[number % len(units)])

    with django_assert_num_queries(len(first.captured_queries)):
        page = organiser.get(PAGE).content.decode()

    assert 'id="clips-entered">29<' in page
