"""Reading a clip's post with yt-dlp: placeholder until the fetcher lands (issue 3)."""

from __future__ import annotations


def refresh_entry(entry_id: int) -> None:
    raise NotImplementedError
