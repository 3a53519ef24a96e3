"""The plan: each unit shares its clip into the provincial Facebook group; the share's link is
recognised in every shape Facebook hands out and must point into *that* group."""

from __future__ import annotations

import pytest

from clipcontest.entries.group_links import Group, GroupLinkError, parse_group_post

GROUP = Group(
    id="304102323603847",
    name="Miền Cực bắc",
    url="https://www.facebook.com/groups/304102323603847",
)
VANITY = Group(id="304102323603847", name="Miền Cực bắc", url="https://facebook.com/groups/mcb.hg/")
CANONICAL = "https://www.facebook.com/groups/304102323603847/posts/1234567890123456/"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/groups/304102323603847/posts/1234567890123456/",
        "https://www.facebook.com/groups/304102323603847/posts/1234567890123456",
        "facebook.com/groups/304102323603847/permalink/1234567890123456/",
        "https://m.facebook.com/groups/304102323603847/permalink/1234567890123456/?ref=share",
        "https://www.facebook.com/groups/304102323603847/?multi_permalinks=1234567890123456",
        "https://web.facebook.com/groups/304102323603847/?multi_permalinks=1234567890123456"
        "&hoisted_section_header_type=recently_seen",
        "  https://mbasic.facebook.com/groups/304102323603847/posts/1234567890123456/  ",
        "https://www.facebook.com/groups/304102323603847/posts/1234567890123456/?comment_id=9",
    ],
)
def test_every_shape_of_a_share_into_the_group_gives_one_canonical_link(url):
    assert parse_group_post(url, GROUP).canonical_url == CANONICAL


def test_a_vanity_group_name_from_the_rules_file_link_is_the_same_group():
    post = parse_group_post(
        "https://www.facebook.com/groups/mcb.hg/posts/1234567890123456/", VANITY
    )

    assert post.canonical_url == CANONICAL


def test_opaque_pfbid_post_ids_are_accepted():
    url = "https://www.facebook.com/groups/304102323603847/posts/pfbid02Xyz9AbCdEfGhIjKlMn/"

    assert parse_group_post(url, GROUP).post_id == "pfbid02Xyz9AbCdEfGhIjKlMn"


def test_a_share_into_another_group_is_refused_naming_both_groups():
    with pytest.raises(GroupLinkError) as refused:
        parse_group_post(
            "https://www.facebook.com/groups/999888777666/posts/1234567890123456/", GROUP
        )

    assert refused.value.code == "other_group"
    assert "999888777666" in refused.value.message.vi and "Miền Cực bắc" in refused.value.message.vi
    assert "another group" in refused.value.message.en


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("", "empty"),
        ("https://www.youtube.com/watch?v=Q1w2E3r4T5y", "not_facebook"),
        ("https://www.facebook.com/bcd35dongvan/videos/512345678901234/", "not_a_group_post"),
        ("https://www.facebook.com/groups/304102323603847/", "not_a_group_post"),
        ("https://www.facebook.com/groups/304102323603847/members/", "not_a_group_post"),
        ("https://www.facebook.com/groups/304102323603847/posts/abc/", "not_a_group_post"),
        (
            "https://www.facebook.com/groups/304102323603847/?multi_permalinks=111111,222222",
            "not_a_group_post",
        ),
        ("https://www.facebook.com/share/p/1AbCdEfGh/", "short_share_link"),
        (
            "https://facebook.com@evil.example/groups/304102323603847/posts/123456/",
            "lookalike_host",
        ),
        (
            "https://facebook.com.evil.example/groups/304102323603847/posts/123456/",
            "lookalike_host",
        ),
        ("https://www.facebook.com:8443/groups/304102323603847/posts/123456/", "lookalike_host"),
        ("javascript:alert(1)", "scheme_not_allowed"),
        ("https://www.facebook.com/groups/304102323603847/posts/12345\x00/", "not_a_url"),
    ],
)
def test_what_cannot_be_a_share_in_the_group_is_refused_with_a_reason(url, code):
    with pytest.raises(GroupLinkError) as refused:
        parse_group_post(url, GROUP)

    assert refused.value.code == code
    assert refused.value.message.vi and refused.value.message.en
