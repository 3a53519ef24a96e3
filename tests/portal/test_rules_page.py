"""The public rules page (Thể lệ): open to everyone, and word for word the rules document."""

from __future__ import annotations

from html import unescape
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from clipcontest.contests.models import Contest, Letterhead
from clipcontest.documents.rules_document import rules_docx, rules_sections

pytestmark = pytest.mark.django_db


def rules_url(contest: Contest) -> str:
    return reverse("portal:contest-rules", args=[contest.slug])


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def every_vietnamese_line(contest: Contest) -> list[str]:
    lines = []
    for section in rules_sections(contest):
        if section.title is not None:
            lines.append(section.title.vi)
        for block in section.blocks:
            if block.text is not None:
                lines.append(block.text.vi)
            lines += [item.vi for item in block.items]
            if block.table is not None:
                lines += [cell.vi for row in block.table.rows for cell in row]
    return lines


@pytest.mark.parametrize("visitor", ["client", "rep_a", "organiser", "secretary", "jury"])
def test_the_rules_page_opens_for_everyone(request, contest_2022, visitor):
    client = request.getfixturevalue(visitor)
    assert client.get(rules_url(contest_2022)).status_code == 200


def test_the_page_says_word_for_word_what_the_document_says(client, contest_2022, units):
    html = page_text(client, rules_url(contest_2022))
    document = Document(BytesIO(rules_docx(contest_2022)))
    docx_text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )

    lines = every_vietnamese_line(contest_2022)
    assert len(lines) > 40
    for line in lines:
        assert line in html, line
        assert line in docx_text, line


def test_the_page_states_the_figures_of_the_rules_file(client, contest_2022):
    html = page_text(client, rules_url(contest_2022))

    for expected in (
        "Mỗi đơn vị tham dự ít nhất 02 clip hợp lệ",
        "từ 5 giây đến 10 phút",
        "3.000.000 đ (Ba triệu đồng)",
        "17.500.000 đ (Mười bảy triệu năm trăm nghìn đồng)",
        "chậm nhất trong ngày 15/06/2022",
        "https://www.facebook.com/groups/304102323603847",
    ):
        assert expected in html, expected


def test_in_english_the_page_gives_the_translation_and_says_which_text_binds(client, contest_2022):
    html = page_text(client, "/en" + rules_url(contest_2022))

    assert "Article 3. Number and length of clips" in html
    assert "Each unit enters at least 2 eligible clips" in html
    assert "The Vietnamese text is the one that binds" in html


def test_the_contest_page_links_to_the_rules(client, contest_2022):
    html = page_text(client, reverse("portal:contest", args=[contest_2022.slug]))
    assert rules_url(contest_2022) in html


def test_an_unknown_contest_has_no_rules_page(client, db):
    assert client.get(reverse("portal:contest-rules", args=["khong-co"])).status_code == 404


def test_the_page_does_not_write_a_letterhead(client, contest_2022):
    """A public page must not create rows: the letterhead is made by the organisers' pages."""
    page_text(client, rules_url(contest_2022))
    assert not Letterhead.objects.exists()
