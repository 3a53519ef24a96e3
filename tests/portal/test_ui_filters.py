"""The money and count filters of ``clipcontest_ui``, and the style guide on base.html (no db)."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from clipcontest.portal.templatetags.clipcontest_ui import intdot, vnd


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3_000_000, "3.000.000 đ"),
        (17_500_000, "17.500.000 đ"),
        (500_000, "500.000 đ"),
        (1000, "1.000 đ"),
        (999, "999 đ"),
        (0, "0 đ"),
        (-2_000_000, "-2.000.000 đ"),
        (Decimal("1000000.00"), "1.000.000 đ"),
        (Decimal("1499.5"), "1.500 đ"),
        (2_500_000.0, "2.500.000 đ"),
        ("3000000", "3.000.000 đ"),
        (" 42 ", "42 đ"),
    ],
)
def test_vnd(value, expected):
    assert vnd(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234, "1.234"),
        (1_234_567, "1.234.567"),
        (12, "12"),
        (0, "0"),
        (-1234, "-1.234"),
        (Decimal("1234.4"), "1.234"),
        ("98765", "98.765"),
    ],
)
def test_intdot(value, expected):
    assert intdot(value) == expected


@pytest.mark.parametrize("func", [vnd, intdot])
def test_empty_values_give_empty_string(func):
    assert func(None) == ""
    assert func("") == ""


@pytest.mark.parametrize("func", [vnd, intdot])
@pytest.mark.parametrize("value", ["abc", "1,5", True, "nan", "inf", object])
def test_non_numbers_pass_through(func, value):
    assert func(value) is value


def test_space_before_dong_is_a_plain_space():
    assert vnd(3_000_000)[-2] == " "


def test_filters_in_a_template():
    engine = Engine(libraries={"clipcontest_ui": "clipcontest.portal.templatetags.clipcontest_ui"})
    template = engine.from_string("{% load clipcontest_ui %}{{ a|vnd }} / {{ b|intdot }}")
    assert template.render(Context({"a": 3_000_000, "b": 1234})) == "3.000.000 đ / 1.234"


@pytest.mark.parametrize(("language", "path"), [("vi", "/"), ("en", "/en/")])
def test_styleguide_renders_on_base(language, path):
    """The style guide (and so base.html) renders for an anonymous visitor, without a db."""
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    with translation.override(language):
        request.resolver_match = resolve(path)
        html = render_to_string("portal/_styleguide.html", request=request)
    assert f'<html lang="{language}"' in html
    # The switch links to this same page in each language; the current one is marked.
    assert re.search(r'<a href="/" lang="vi"', html)
    assert re.search(r'<a href="/en/" lang="en"', html)
    assert re.search(rf'lang="{language}"[^>]*aria-current="true"', html)
    assert "17.500.000 đ" in html
    # No inline scripts, handlers or styles: every <script> has a src.
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert not re.search(r"\son[a-z]+=", html)
    assert "style=" not in html
