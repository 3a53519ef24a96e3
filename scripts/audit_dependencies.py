"""Known vulnerabilities in the locked dependencies: pip-audit over requirements.lock.

pip-audit asks the package index for each pinned version's advisories, so it needs the
network. Where the advisories cannot be read (offline, or an index mirror that serves packages
but not their advisories), every dependency comes back "not audited": this script then says so
plainly and exits 0 instead of failing CI for want of a network. A vulnerability found in any
dependency that *was* audited always fails (exit 1).

    .venv/bin/python scripts/audit_dependencies.py [requirements.lock]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    lines: list[str]


def _fixes(vulnerability: dict) -> str:
    return ", ".join(vulnerability.get("fix_versions") or ["no fixed version yet"])


def judge(report: dict) -> Verdict:
    """What pip-audit's JSON report means for CI."""
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    if vulnerable:
        lines = [
            f"{d['name']} {d['version']}: {v['id']} (fixed in {_fixes(v)})"
            for d in vulnerable
            for v in d["vulns"]
        ]
        return Verdict(1, ["pip-audit: known vulnerabilities in the locked dependencies:", *lines])
    if dependencies and not audited:
        reason = dependencies[0].get("skip_reason", "")
        return Verdict(
            0,
            [
                f"pip-audit skipped: no advisory could be read for any of the {len(dependencies)} "
                "locked dependencies from this machine (the vulnerability service is not "
                f"reachable). First reason: {reason}",
                "Run `make audit` on a machine with full network access before a release.",
            ],
        )
    skipped = len(dependencies) - len(audited)
    note = f" ({skipped} could not be audited)" if skipped else ""
    return Verdict(0, [f"pip-audit: no known vulnerability in {len(audited)} dependencies{note}."])


def main(lock: str = "requirements.lock") -> int:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "audit.json"
        result = subprocess.run(
            [
                str(BIN / "pip-audit"),
                "--requirement",
                lock,
                "--require-hashes",
                "--disable-pip",
                "--vulnerability-service",
                "pypi",
                "--progress-spinner",
                "off",
                "--timeout",
                "20",
                "--format",
                "json",
                "--output",
                str(output),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if not output.exists() or not output.read_text().strip():
            # No report at all: pip-audit could not start its queries (no network, no DNS).
            tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"pip-audit skipped: the vulnerability service cannot be reached ({tail}).")
            return 0
        verdict = judge(json.loads(output.read_text()))
    print("\n".join(verdict.lines))
    return verdict.exit_code


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
