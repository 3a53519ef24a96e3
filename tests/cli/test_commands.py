"""The ``clipcontest`` subcommands: what they print, what they store, and how they refuse.

Commands run through ``call_command`` against the test database; one test runs the installed
console script itself, to check the exit status a shell script would see.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms.models import model_to_dict
from factories import DEMO, RULES_2022, csv_bytes

from clipcontest.contests.models import Contest, Criterion, PrizeTier
from clipcontest.entries.models import Entry, OfficialLetter
from clipcontest.units.models import Unit

CONSOLE_SCRIPT = Path(sys.executable).parent / "clipcontest"
SLUG = "sc35-2022"


def run(*args: str, **options) -> tuple[str, str]:
    """Run a subcommand; return what it printed on stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refused(*args: str, **options) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args, **options)
    return caught.value


def write(tmp_path: Path, name: str, content: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def rules_2022_with(old: str, new: str) -> str:
    text = RULES_2022.read_text(encoding="utf-8")
    assert text.count(old) == 1
    return text.replace(old, new)


def contest_snapshot() -> dict:
    contest = Contest.objects.get(slug=SLUG)
    return {
        "contest": {**model_to_dict(contest), "updated_at": contest.updated_at},
        "prizes": list(PrizeTier.objects.order_by("position").values()),
        "criteria": list(Criterion.objects.order_by("position").values()),
    }


def import_demo() -> None:
    run("contest", "load", str(RULES_2022))
    run("units", "import", str(DEMO / "units.csv"))
    run("entries", "import", str(DEMO / "entries.csv"), contest=SLUG)
    run("letters", "import", str(DEMO / "letters.csv"), contest=SLUG)


# --- contest load --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_contest_load_creates_the_2022_contest_then_updates_it():
    out, _ = run("contest", "load", str(RULES_2022))
    assert out.startswith(f"contest {SLUG} created")
    assert "21 prizes" in out and "17.500.000 đ" in out

    out, _ = run("contest", "load", str(RULES_2022))
    assert out.startswith(f"contest {SLUG} updated")

    contest = Contest.objects.get()
    assert contest.slug == SLUG
    assert PrizeTier.objects.filter(contest=contest).count() == 4
    assert sum(tier.total for tier in contest.prize_tiers.all()) == 17_500_000
    assert list(contest.prize_tiers.values_list("key", "count", "amount")) == [
        ("first", 1, 3_000_000),
        ("second", 2, 2_000_000),
        ("third", 3, 1_000_000),
        ("consolation", 15, 500_000),
    ]
    assert contest.rules_text == RULES_2022.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_contest_load_of_a_bad_file_names_every_problem_exits_2_and_changes_nothing(tmp_path):
    run("contest", "load", str(RULES_2022))
    before = contest_snapshot()
    bad = rules_2022_with(
        'key = "third"\nname = "Giải Ba"\nname_en = "Third prize"\ncount = 3',
        'key = "third"\nname = "Giải Ba"\nname_en = "Third prize"\ncount = 0',
    ).replace("min_per_unit = 2", "min_per_unit = 3")  # a good edit that must not be applied

    error = refused("contest", "load", write(tmp_path, "bad.toml", bad))

    assert error.returncode == 2
    assert "prizes[2].count: must be a positive integer" in str(error)
    assert "nothing was changed" in str(error)
    assert contest_snapshot() == before


@pytest.mark.django_db
def test_contest_load_of_a_file_with_several_problems_lists_each_with_its_key_path():
    data = Path(__file__).parents[1] / "contests" / "data" / "several-problems.toml"
    error = refused("contest", "load", str(data))
    assert error.returncode == 2
    for path in ("slug:", "time_zone:", "galery:", "window.closes_on:", "prizes[2].count:"):
        assert path in str(error)
    assert Contest.objects.count() == 0


@pytest.mark.django_db
def test_contest_load_of_a_missing_file_exits_2(tmp_path):
    error = refused("contest", "load", str(tmp_path / "nowhere.toml"))
    assert error.returncode == 2
    assert Contest.objects.count() == 0


# --- link parse ----------------------------------------------------------------------------------

GOOD = "https://youtu.be/dQw4w9WgXcQ?si=abc"
BAD = "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ"
SHORT = "https://vt.tiktok.com/ZSabc123/"


def test_link_parse_prints_one_json_object_per_url_in_order_and_exits_0():
    out, _ = run("link", "parse", GOOD, SHORT)
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines == [
        {
            "url": GOOD,
            "platform": "youtube",
            "video_id": "dQw4w9WgXcQ",
            "canonical_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        },
        {
            "url": SHORT,
            "platform": "tiktok",
            "video_id": None,
            "canonical_url": lines[1]["canonical_url"],
        },
    ]


def test_link_parse_with_a_rejected_url_still_prints_every_line_and_exits_1():
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("link", "parse", GOOD, BAD, "not a link", stdout=out)
    assert caught.value.returncode == 1
    good, bad, junk = (json.loads(line) for line in out.getvalue().splitlines())
    assert good["url"] == GOOD and "error" not in good
    assert set(bad) == {"url", "error"}
    assert bad["url"] == BAD
    assert {"code", "message"} <= set(bad["error"])
    assert bad["error"]["code"] == "lookalike_host"
    assert isinstance(bad["error"]["message"], str) and bad["error"]["message"]
    assert junk["error"]["code"] == "not_a_url"


def test_console_script_link_parse_exit_status_and_json_lines(tmp_path):
    assert CONSOLE_SCRIPT.exists(), "the clipcontest console script is not installed in .venv"
    env = {**os.environ, "CLIPCONTEST_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def console(*urls: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(CONSOLE_SCRIPT), "link", "parse", *urls],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=60,
            check=False,
        )

    ok = console(GOOD, "https://www.facebook.com/reel/734567890123456")
    assert ok.returncode == 0, ok.stderr
    assert [json.loads(line)["platform"] for line in ok.stdout.splitlines()] == [
        "youtube",
        "facebook",
    ]

    mixed = console(BAD, GOOD, "ftp://youtube.com/watch?v=dQw4w9WgXcQ")
    assert mixed.returncode == 1
    lines = [json.loads(line) for line in mixed.stdout.splitlines()]
    assert [line["url"] for line in lines] == [BAD, GOOD, "ftp://youtube.com/watch?v=dQw4w9WgXcQ"]
    assert [line.get("error", {}).get("code") for line in lines] == [
        "lookalike_host",
        None,
        "scheme_not_allowed",
    ]
    assert set(lines[1]) == {"url", "platform", "video_id", "canonical_url"}
    assert "2 link(s) rejected" in mixed.stderr


# --- imports -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_units_import_command_reports_created_and_updated():
    out, _ = run("units", "import", str(DEMO / "units.csv"))
    assert out.strip() == "units: 10 created, 0 updated / đơn vị: 10 thêm mới, 0 cập nhật"
    out, _ = run("units", "import", str(DEMO / "units.csv"))
    assert out.startswith("units: 0 created, 0 updated")
    assert Unit.objects.count() == 10


@pytest.mark.django_db
def test_units_import_command_refuses_a_bad_sheet_exits_2_names_rows_and_stores_nothing(tmp_path):
    content = csv_bytes(
        [
            ["code", "name", "kind", "email"],
            ["HG-TP", "Thành ủy", "city", ""],
            ["HG-DV", "Đồng Văn", "xã", ""],
            ["HG-MV", "Mèo Vạc", "district", "meovac@"],
        ]
    )
    error = refused("units", "import", write(tmp_path, "units.csv", content))
    assert error.returncode == 2
    message = str(error)
    assert message.startswith("2 problem(s); nothing was imported")
    assert "row 3: kind: invalid kind 'xã'" in message
    assert "row 4: email: invalid e-mail address: 'meovac@'" in message
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_import_command_of_a_missing_file_exits_2(tmp_path):
    error = refused("units", "import", str(tmp_path / "missing.csv"))
    assert error.returncode == 2
    assert "missing.csv" in str(error)


@pytest.mark.django_db
def test_entries_and_letters_import_commands_report_what_they_stored():
    run("contest", "load", str(RULES_2022))
    run("units", "import", str(DEMO / "units.csv"))
    out, _ = run("entries", "import", str(DEMO / "entries.csv"), contest=SLUG)
    assert out.strip() == "entries: 17 created, 0 updated / clip: 17 thêm mới, 0 cập nhật"
    out, _ = run("letters", "import", str(DEMO / "letters.csv"), contest=SLUG)
    assert out.strip() == "letters: 6 created, 0 updated / công văn: 6 thêm mới, 0 cập nhật"
    out, _ = run("entries", "import", str(DEMO / "entries.csv"), contest=SLUG)
    assert out.startswith("entries: 0 created, 0 updated")  # rows already as stored
    assert (Entry.objects.count(), OfficialLetter.objects.count()) == (17, 6)


@pytest.mark.django_db
def test_entries_import_command_refuses_a_bad_sheet_exits_2_names_rows_and_stores_nothing(
    tmp_path,
):
    run("contest", "load", str(RULES_2022))
    run("units", "import", str(DEMO / "units.csv"))
    lines = (DEMO / "entries.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",drama,", ",opera,")  # row 4
    lines[9] = lines[9].replace("https://www.youtube.com/watch?v=", "https://notyoutube.com/v/")
    error = refused(
        "entries", "import", write(tmp_path, "entries.csv", "\n".join(lines)), contest=SLUG
    )
    assert error.returncode == 2
    assert "row 4: genre: 'opera' is not in the contest's list" in str(error)
    assert "row 10: url:" in str(error)
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_letters_import_command_refuses_a_bad_sheet_exits_2_names_rows_and_stores_nothing(
    tmp_path,
):
    import_demo()
    OfficialLetter.objects.all().delete()
    content = csv_bytes(
        [
            ["unit", "number", "date", "received_at", "entries"],
            ["HG-TP", "45-CV/BCĐ35", "2022-06-01", "", "HG-TP-1"],
            ["HG-DV", "12-CV/BCĐ35", "2022-06-12", "", "HG-TP-2"],
        ]
    )
    error = refused("letters", "import", write(tmp_path, "l.csv", content), contest=SLUG)
    assert error.returncode == 2
    assert "row 3: entries: entry 'HG-TP-2' belongs to unit HG-TP" in str(error)
    assert OfficialLetter.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("noun", ["entries", "letters"])
def test_import_command_for_an_unknown_contest_exits_2_naming_the_known_ones(noun):
    run("contest", "load", str(RULES_2022))
    error = refused(noun, "import", str(DEMO / f"{noun}.csv"), contest="sc35-2099")
    assert error.returncode == 2
    assert "'sc35-2099'" in str(error) and "known: sc35-2022" in str(error)


# --- check ---------------------------------------------------------------------------------------

ISSUE_KEYS = {
    "report": {"contest", "entries", "units"},
    "entry": {"ref", "unit", "eligible", "findings"},
    "finding": {"code", "severity", "message"},
    "unit": {"code", "eligible_entries", "meets_minimum", "letter"},
}
# What the command prints beyond the issue's schema: the moment judged at, each unit's entry
# count and findings, and each message in both languages. Pinned so that a change is deliberate.
EXTRA_KEYS = {
    "report": {"at"},
    "entry": {"overridden"},  # findings an organiser overrode, each with its reason
    "finding": {"messages"},
    "unit": {"entries", "findings"},
}


def check_json(**options) -> dict:
    out, _ = run("check", contest=SLUG, json=True, **options)
    return json.loads(out)


def assert_keys(kind: str, obj: dict) -> None:
    assert ISSUE_KEYS[kind] <= set(obj), f"{kind} lacks {ISSUE_KEYS[kind] - set(obj)}"
    assert set(obj) == ISSUE_KEYS[kind] | EXTRA_KEYS[kind]


@pytest.mark.django_db
def test_check_json_after_the_demo_import_follows_the_schema_of_the_issue():
    import_demo()
    report = check_json()

    assert_keys("report", report)
    assert report["contest"] == SLUG
    for entry in report["entries"]:
        assert_keys("entry", entry)
        assert isinstance(entry["ref"], str) and isinstance(entry["unit"], str)
        assert isinstance(entry["eligible"], bool)
        for finding in entry["findings"]:
            assert_keys("finding", finding)
            assert finding["severity"] in {"blocking", "warning"}
            assert isinstance(finding["message"], str) and finding["message"]
    for unit in report["units"]:
        assert_keys("unit", unit)
        assert isinstance(unit["eligible_entries"], int)
        assert isinstance(unit["meets_minimum"], bool)
        assert unit["letter"] in {"received", "late", "missing"}


@pytest.mark.django_db
def test_check_json_gives_the_expected_demo_verdicts():
    import_demo()
    report = check_json()
    entries = {e["ref"]: e for e in report["entries"]}
    units = {u["code"]: u for u in report["units"]}

    def blocking(ref: str) -> set[str]:
        return {f["code"] for f in entries[ref]["findings"] if f["severity"] == "blocking"}

    assert len(entries) == 17
    assert sum(e["eligible"] for e in entries.values()) == 12
    assert {code for code, u in units.items() if u["meets_minimum"]} == {
        "HG-DV",
        "HG-KCQ",
        "HG-TP",
        "HG-VX",
    }
    assert {code: u["letter"] for code, u in units.items()} == {
        "HG-DV": "received",
        "HG-KCQ": "received",
        "HG-QB": "received",
        "HG-TP": "received",
        "HG-VX": "received",
        "HG-MV": "late",
        "HG-BQ": "missing",
        "HG-HSP": "missing",
        "HG-QS": "missing",
        "HG-YM": "missing",
    }
    assert blocking("HG-BQ-1") == {"duplicate_video"}
    assert "HG-TP-1" in next(
        f["message"] for f in entries["HG-BQ-1"]["findings"] if f["code"] == "duplicate_video"
    )
    assert entries["HG-TP-1"]["eligible"]
    assert blocking("HG-MV-1") == {"duration_too_long"}
    assert blocking("HG-QB-2") == {"duration_too_short"}
    assert blocking("HG-YM-1") == {"posted_before_window"}
    assert blocking("HG-KCQ-3") == {"posted_after_window", "submitted_after_deadline"}
    assert {ref for ref, e in entries.items() if not e["eligible"]} == {
        "HG-BQ-1",
        "HG-MV-1",
        "HG-QB-2",
        "HG-YM-1",
        "HG-KCQ-3",
    }
    assert {u["code"]: u["eligible_entries"] for u in report["units"]}["HG-KCQ"] == 2


@pytest.mark.django_db
def test_check_at_a_past_moment_leaves_out_later_entries_and_letters():
    import_demo()
    report = check_json(at="2022-05-01")

    assert report["at"].startswith("2022-05-01T00:00:00+07:00")
    assert sorted(e["ref"] for e in report["entries"]) == [
        "HG-BQ-1",
        "HG-DV-1",
        "HG-KCQ-1",
        "HG-KCQ-2",
        "HG-MV-1",
        "HG-QB-1",
        "HG-TP-1",
        "HG-TP-2",
        "HG-VX-1",
        "HG-YM-1",
    ]
    assert {u["letter"] for u in report["units"]} == {"missing"}


@pytest.mark.django_db
def test_check_prints_a_readable_table_by_default():
    import_demo()
    out, _ = run("check", contest=SLUG, at="2022-07-31 12:00")
    assert out.splitlines()[0].startswith(f"{SLUG} — 2022-07-31 12:00")
    assert "17 entries, 12 eligible; 4/10 units meet the minimum" in out
    assert any(
        line.split()[:3] == ["HG-MV-1", "HG-MV", "NO"] and "duration_too_long" in line
        for line in out.splitlines()
    )


@pytest.mark.django_db
def test_check_without_contest_is_still_djangos_system_check():
    out, _ = run("check")
    assert "System check identified no issues" in out


@pytest.mark.django_db
def test_check_json_without_contest_exits_2():
    assert refused("check", json=True).returncode == 2


@pytest.mark.django_db
def test_check_of_an_unknown_contest_exits_2():
    run("contest", "load", str(RULES_2022))
    error = refused("check", contest="no-such-contest")
    assert error.returncode == 2
    assert "'no-such-contest'" in str(error)


@pytest.mark.django_db
def test_check_with_a_malformed_at_exits_2():
    run("contest", "load", str(RULES_2022))
    error = refused("check", contest=SLUG, at="hôm qua")
    assert error.returncode == 2
    assert "hôm qua" in str(error)
