"""Hostile links: look-alike hosts, userinfo tricks, encodings, control characters, private
addresses, other schemes. Each is refused with a stable code and a message in both languages,
by the parser, by the group-share parser, by the unit's add-clip form and by the REST API, and
nothing is stored.

The cases live in ``data/hostile_links.txt``, grouped, with the refusal codes each group may
give; templates there play each trick on every platform host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from clipcontest.entries.group_links import Group, GroupLinkError, parse_group_post
from clipcontest.entries.links import MAX_LENGTH, LinkError, parse_link

from .hostile_helpers import db_state, record_figures

CORPUS = Path(__file__).parent / "data" / "hostile_links.txt"
# One real video path per platform host: a template's trick is played on each.
PLATFORM_LINKS = (
    ("www.youtube.com", "/watch?v=dQw4w9WgXcQ"),
    ("youtu.be", "/dQw4w9WgXcQ"),
    ("www.tiktok.com", "/@bcd35/video/7081234567890123456"),
    ("vm.tiktok.com", "/ZMabc123/"),
    ("www.facebook.com", "/watch/?v=1234567890123"),
    ("fb.watch", "/abcDEF123/"),
)
GROUP = Group(
    id="304102323603847",
    name="Miền Cực bắc",
    url="https://www.facebook.com/groups/304102323603847",
)
_ESCAPE = re.compile(r"\\(\\|t|n|r|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")
_SIMPLE_ESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_PAD = re.compile(r"\{pad:(\d+)\}")


@pytest.fixture(autouse=True)
def vietnamese_pages():
    """A request to /en/ leaves English active in the thread; each test starts in Vietnamese."""
    translation.activate("vi")
    yield
    translation.activate("vi")


@dataclass(frozen=True)
class Case:
    group: str
    codes: frozenset[str]
    link: str

    @property
    def id(self) -> str:
        return f"{self.group}: {self.link[:60]!r}"


def _unescape(line: str) -> str:
    def one(match: re.Match[str]) -> str:
        token = match.group(1)
        return _SIMPLE_ESCAPES.get(token) or chr(int(token[1:], 16))

    return _ESCAPE.sub(one, line)


def _expand(line: str) -> list[str]:
    line = _PAD.sub(lambda match: "a" * int(match.group(1)), line)
    if "{host}" not in line and "{path}" not in line:
        return [line]
    return [line.replace("{host}", host).replace("{path}", path) for host, path in PLATFORM_LINKS]


def load_corpus(path: Path = CORPUS) -> list[Case]:
    """Every case of the file, templates expanded, escapes decoded, duplicates dropped."""
    cases: dict[str, Case] = {}
    group, codes = "", frozenset[str]()
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("## "):
            name, _, expected = raw[3:].partition("|")
            group, codes = name.strip(), frozenset(expected.split())
        elif raw.strip() and not raw.startswith("#"):
            for link in _expand(_unescape(raw)):
                cases.setdefault(link, Case(group, codes, link))
    return list(cases.values())


CASES = load_corpus()


def _sendable(link: str) -> bool:
    """A browser cannot send a lone surrogate in a form; the API test still sends it (JSON)."""
    try:
        link.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _passes_field_cleaning(link: str) -> bool:
    """Django's own field checks answer first for NUL and over-long text (their own message)."""
    return "\x00" not in link and len(link.strip()) <= MAX_LENGTH


def test_the_corpus_has_at_least_300_distinct_links_in_14_groups_each_with_its_codes():
    groups = {case.group for case in CASES}
    assert len(CASES) >= 300
    assert len(groups) >= 14
    assert all(case.codes for case in CASES)
    record_figures(links_tried=len(CASES), link_groups=len(groups))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_parse_link_refuses_the_hostile_link_with_a_code_and_both_messages(case):
    with pytest.raises(LinkError) as refused:
        parse_link(case.link)
    error = refused.value
    assert error.code in case.codes, (case.link, error.code)
    assert error.message.vi and error.message.en and error.message.vi != error.message.en
    assert error.as_dict()["messages"] == {"vi": error.message.vi, "en": error.message.en}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_parse_group_post_refuses_the_hostile_link_with_a_code_and_both_messages(case):
    with pytest.raises(GroupLinkError) as refused:
        parse_group_post(case.link, GROUP)
    error = refused.value
    assert error.code
    assert error.message.vi and error.message.en and error.message.vi != error.message.en


def _clip_form(link: str) -> dict[str, str]:
    return {
        "url": link,
        "group_post_url": link,
        "title": "Tin giả về giá điện",
        "genre": "comedy",
        "theme": "refute_false_information",
        "duration": "",
        "rights_confirmed": "on",
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-0-name": "Nguyễn Thị Lan",
        "authors-0-category": "",
    }


def _expected(link: str, language: str) -> tuple[str, str]:
    """The messages the form must show for ``link`` in ``language`` (post, then share)."""
    with translation.override(language):
        try:
            parse_link(link)
        except LinkError as error:
            post = str(error.message)
        try:
            parse_group_post(link, GROUP)
        except GroupLinkError as error:
            share = str(error.message)
    return post, share


def _refused_for_nul(response, link: str) -> bool:
    """A NUL never reaches a view: the request is refused whole, in both languages."""
    if "\x00" not in link:
        return False
    assert response.status_code == 400, link
    text = response.content.decode()
    assert "NUL" in text and "không được chấp nhận" in text and "not accepted" in text
    return True


@pytest.mark.django_db
def test_the_add_clip_form_refuses_every_hostile_link_in_its_language_storing_nothing(
    open_contest, rep_a: Client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    before = db_state()
    add = reverse("portal:unit-entry-add")
    tried = 0
    for number, case in enumerate(filter(lambda case: _sendable(case.link), CASES)):
        # Every case in Vietnamese, the default; every fourth also in English.
        languages = (("vi", ""), ("en", "/en")) if number % 4 == 0 else (("vi", ""),)
        for language, prefix in languages:
            response = rep_a.post(prefix + add, _clip_form(case.link))
            tried += 1
            if _refused_for_nul(response, case.link):
                continue
            assert response.status_code == 200, case.link
            errors = response.context["form"].errors
            assert errors.get("url") and errors.get("group_post_url"), (case.link, errors)
            if _passes_field_cleaning(case.link):
                post, share = _expected(case.link, language)
                assert errors["url"] == [post], (case.link, language)
                assert errors["group_post_url"] == [share], (case.link, language)
                html = response.content.decode()
                assert escape(post) in html and escape(share) in html
    assert db_state() == before
    assert tried >= 300 + 75


@pytest.mark.django_db
def test_the_link_check_fragment_shows_each_refusal_escaped(open_contest, rep_a: Client):
    check = reverse("portal:unit-link-check")
    for case in filter(lambda case: _sendable(case.link), CASES):
        response = rep_a.get(check, {"url": case.link})
        if _refused_for_nul(response, case.link):
            continue
        assert response.status_code == 200, case.link
        html = response.content.decode()
        assert "link-check--bad" in html, case.link
        assert "<script>" not in html and "onerror=" not in html


@pytest.mark.django_db
def test_the_api_refuses_every_hostile_link_with_a_422_in_both_languages_storing_nothing(
    open_contest, rep_a: Client
):
    before = db_state()
    for case in CASES:
        body = {
            "title": "Tin giả về giá điện",
            "url": case.link,
            "group_post_url": case.link,
            "genre": "comedy",
            "theme": "refute_false_information",
            "authors": [{"name": "Nguyễn Thị Lan"}],
            "rights_confirmed": True,
        }
        response = rep_a.post("/api/entries", body, content_type="application/json")
        assert response.status_code == 422, (case.link, response.content)
        problems = response.json()["problems"]
        for field in ("url", "group_post_url"):
            message = problems[field]
            assert message["vi"] and message["en"] and message["vi"] != message["en"]
        if _passes_field_cleaning(case.link) and _sendable(case.link):
            with pytest.raises(LinkError) as refused:
                parse_link(case.link)
            assert problems["url"] == refused.value.message.as_dict()
    assert db_state() == before
