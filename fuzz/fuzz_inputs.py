"""Coverage-guided fuzzing (atheris, libFuzzer) of everything that reads what people send.

Targets:

``links``     ``parse_link``: raises nothing but ``LinkError``; a link it accepts has a canonical
              URL that parses to itself.
``group``     ``parse_group_post``: raises nothing but ``GroupLinkError``.
``duration``  ``parse_duration``: raises nothing but ``DurationError``; a value it reads is within
              bounds and reads back from ``format_duration``.
``csv``       ``read_table`` on CSV bytes: never raises (problems are returned, not raised).
``xlsx``      ``read_table`` on XLSX bytes, either raw or as the sheet / shared strings / workbook
              part of a valid workbook (so the fuzzer spends its time in openpyxl's parsers, not
              on failing to be a zip file): never raises.

Run one target for a bounded time (see fuzz/README.md)::

    .venv/bin/python fuzz/fuzz_inputs.py links -max_total_time=180

Without a corpus folder on the command line, ``var/fuzz/<target>/`` is used, seeded on first
use from the hostile-link corpus of the tests and a few valid inputs. Not part of CI: a crash
leaves a ``crash-*`` file to replay with ``fuzz_inputs.py TARGET crash-file``.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import atheris

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "src"))

from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=True, LANGUAGE_CODE="vi", USE_TZ=True)

with atheris.instrument_imports(include=["clipcontest", "openpyxl", "csv"]):
    # The reader imports openpyxl only when it meets a workbook: import it here to instrument it.
    import openpyxl.reader.excel
    import openpyxl.worksheet._read_only  # noqa: F401

    from clipcontest.common.tabular import Column, read_table
    from clipcontest.entries.durations import (
        MAX_SECONDS,
        DurationError,
        format_duration,
        parse_duration,
    )
    from clipcontest.entries.group_links import Group, GroupLinkError, parse_group_post
    from clipcontest.entries.links import LinkError, parse_link

COLUMNS = [Column("code", ("mã",)), Column("name", ("tên",)), Column("note", required=False)]
GROUP = Group(id="304102323603847", url="https://www.facebook.com/groups/304102323603847")
HOSTILE_LINKS = REPOSITORY / "tests" / "security" / "data" / "hostile_links.txt"
XLSX_PARTS = ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml")


def _text(data: bytes) -> str:
    return atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))


def fuzz_links(data: bytes) -> None:
    try:
        link = parse_link(_text(data))
    except LinkError:
        return
    again = parse_link(link.canonical_url)
    assert again.canonical_url == link.canonical_url, (link, again)
    assert (again.platform, again.video_id) == (link.platform, link.video_id), (link, again)


def fuzz_group(data: bytes) -> None:
    try:
        post = parse_group_post(_text(data), GROUP)
    except GroupLinkError:
        return
    again = parse_group_post(post.canonical_url, GROUP)
    assert (again.canonical_url, again.post_id) == (post.canonical_url, post.post_id), post


def fuzz_duration(data: bytes) -> None:
    try:
        seconds = parse_duration(_text(data))
    except DurationError:
        return
    if seconds is not None:
        assert 0 <= seconds <= MAX_SECONDS, seconds
        assert parse_duration(format_duration(seconds)) == seconds, seconds


def fuzz_csv(data: bytes) -> None:
    read_table(data, "fuzz.csv", COLUMNS)


SHARED = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _template() -> dict[str, bytes]:
    """A valid workbook whose sheet reads its text from a shared-strings part, as Excel's do."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    strings = ["Mã", "Tên", "Ghi chú", "HG-TP", "Thành ủy Hà Giang", "=1+1"]
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="6" uniqueCount="6">'
        + "".join(f"<si><t>{text}</t></si>" for text in strings)
        + "</sst>"
    ).encode()
    cells = [
        "".join(
            f'<c r="{col}{row}" t="s"><v>{(row - 1) * 3 + i}</v></c>' for i, col in enumerate("ABC")
        )
        for row in (1, 2)
    ]
    parts["xl/worksheets/sheet1.xml"] = (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'
        + "".join(f'<row r="{n}">{c}</row>' for n, c in enumerate(cells, start=1))
        + "</sheetData></worksheet>"
    ).encode()
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED}"/></Types>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", override.encode()
    )
    rel = f'<Relationship Id="rIdShared" Type="{SHARED_REL}" Target="sharedStrings.xml"/>'
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    return parts


TEMPLATE = _template()


def _workbook_with(part: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**TEMPLATE, part: content}.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def fuzz_xlsx(data: bytes) -> None:
    if not data:
        return
    mode, rest = data[0] % 4, data[1:]
    content = rest if mode == 3 else _workbook_with(XLSX_PARTS[mode], rest)
    read_table(content, "fuzz.xlsx", COLUMNS)


TARGETS = {
    "links": fuzz_links,
    "group": fuzz_group,
    "duration": fuzz_duration,
    "csv": fuzz_csv,
    "xlsx": fuzz_xlsx,
}


def _seeds(target: str) -> list[bytes]:
    if target in ("links", "group"):
        lines = HOSTILE_LINKS.read_text(encoding="utf-8").splitlines()
        links = [line for line in lines if line and not line.startswith("#")]
        links += [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.tiktok.com/@bcd35/video/7081234567890123456",
            "https://www.facebook.com/groups/304102323603847/posts/1234567890/",
            "https://www.facebook.com/groups/304102323603847/?multi_permalinks=1234567890",
        ]
        return [link.encode() for link in links]
    if target == "duration":
        return [b"75", b"75,5", b"1:15", b"0:01:15.250", b"999999.999", b"10:00"]
    if target == "csv":
        return [
            "Mã,Tên,Ghi chú\r\nHG-TP,Thành ủy,x\r\n".encode(),
            '\ufeffmã;tên\nHG-DV;"Đồng Văn; Hà Giang"\n'.encode(),
            b"code\tname\nA\tB\n",
        ]
    return [bytes([mode]) + TEMPLATE[part] for mode, part in enumerate(XLSX_PARTS)]


def _corpus(target: str) -> Path:
    folder = REPOSITORY / "var" / "fuzz" / target
    if not folder.exists():
        folder.mkdir(parents=True)
        for number, seed in enumerate(_seeds(target)):
            (folder / f"seed-{number:04d}").write_bytes(seed)
    return folder


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options] [corpus]")
    target = sys.argv.pop(1)
    if not any(not arg.startswith("-") for arg in sys.argv[1:]):
        sys.argv.append(str(_corpus(target)))
    atheris.Setup(sys.argv, TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
