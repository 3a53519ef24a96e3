"""The address of a clip's embedded player on its platform, for the jury's pages."""

from __future__ import annotations

from urllib.parse import quote

from django import template

from clipcontest.entries.links import Platform

register = template.Library()


def embed_url(platform: str, video_id: str, canonical_url: str) -> str:
    """The player's address, or "" when the platform cannot be embedded without an id.

    YouTube's privacy-enhanced domain sets no cookies until the video plays; Facebook's plugin
    takes the post's address rather than an id.
    """
    if platform == Platform.YOUTUBE and video_id:
        return f"https://www.youtube-nocookie.com/embed/{quote(video_id, safe='')}"
    if platform == Platform.TIKTOK and video_id:
        return f"https://www.tiktok.com/embed/v2/{quote(video_id, safe='')}"
    if platform == Platform.FACEBOOK and canonical_url:
        return f"https://www.facebook.com/plugins/video.php?href={quote(canonical_url, safe='')}"
    return ""


@register.filter
def player_url(entry) -> str:
    """``{{ entry|player_url }}``: the embedded player of the clip, or ""."""
    return embed_url(entry.platform, entry.video_id, entry.canonical_url)
