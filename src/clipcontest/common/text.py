"""Messages that exist in Vietnamese and English at the same time.

Domain errors and eligibility findings are shown in the reader's language on a page, but the
command line and the JSON output carry both, so a message is a pair rather than a gettext id.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Text:
    """A message in both of the product's languages; ``str()`` gives the active one."""

    vi: str
    en: str

    def __str__(self) -> str:
        language = (get_language() or "vi").split("-")[0]
        return self.en if language == "en" else self.vi

    def format(self, **values: object) -> Text:
        """Fill ``{name}`` placeholders in both languages at once."""
        return Text(vi=self.vi.format(**values), en=self.en.format(**values))

    def as_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}

    def both(self) -> str:
        """One line for a terminal and for logs.

        English comes first so that a message keeps the same searchable prefix whatever the
        translation says (``prizes[2].count: must be a positive integer / phải là ...``).
        """
        return f"{self.en} / {self.vi}"


def lower_first(text: str) -> str:
    """``Cuộc thi xây dựng …`` -> ``cuộc thi xây dựng …``, to run on inside a sentence."""
    return text[:1].lower() + text[1:]


def ascii_fold(text: str) -> str:
    """Vietnamese without its accents, for file names and codes (``Đồng Văn`` -> ``Dong Van``).

    NFKD takes the accents off every letter but đ/Đ, which is a letter of its own.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def ascii_slug(text: str) -> str:
    """``Giải Nhất`` -> ``Giai-Nhat``: letters and digits joined by single dashes."""
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_fold(text)).strip("-")
