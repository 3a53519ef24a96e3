"""The dependencies: every one pinned with its hashes; CI audits them (pip-audit) and the code
(bandit) before the tests, and a known vulnerability fails the run."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_audit_script():
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def requirements() -> list[str]:
    """requirements.lock, one requirement per entry (continuation lines joined)."""
    text = (ROOT / "requirements.lock").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] not in "# "]


def test_every_locked_dependency_is_pinned_to_one_version_with_its_hashes():
    entries = requirements()

    assert len(entries) > 50
    for entry in entries:
        assert re.match(r"^[A-Za-z0-9._\[\],-]+==[^\s;]+", entry), entry
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), entry


def test_make_test_runs_the_audit_first():
    makefile = (ROOT / "Makefile").read_text()
    test_target = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]

    assert "audit" in test_target.splitlines()[2]
    assert "bandit -r src -c bandit.yaml --severity-level medium" in makefile
    assert "scripts/audit_dependencies.py requirements.lock" in makefile


def test_a_known_vulnerability_fails_the_audit():
    judge = load_audit_script().judge
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}],
            },
            {"name": "segno", "version": "1.6.6", "vulns": []},
        ]
    }

    verdict = judge(report)

    assert verdict.exit_code == 1
    assert "django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in verdict.lines


def test_an_audit_that_could_read_no_advisory_says_skipped_and_does_not_fail():
    judge = load_audit_script().judge
    report = {
        "dependencies": [
            {"name": name, "version": "1", "skip_reason": "Dependency not found"}
            for name in ("django", "segno")
        ]
    }

    verdict = judge(report)

    assert verdict.exit_code == 0 and verdict.lines[0].startswith("pip-audit skipped")


def test_a_clean_audit_counts_what_it_audited():
    judge = load_audit_script().judge
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.19", "vulns": []},
            {"name": "private", "version": "1", "skip_reason": "not on the index"},
        ]
    }

    verdict = judge(report)

    assert verdict.exit_code == 0
    assert verdict.lines == [
        "pip-audit: no known vulnerability in 1 dependencies (1 could not be audited)."
    ]
