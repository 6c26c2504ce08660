"""The learner's path, measured with real pdb: how many `step` commands from `c = a + b` (and
`c = a @ b`) until a frame of pytensor holds the two numbers being combined.

The tool is /work/shared/tools/pdb_steps.py, which CI keeps at `<repo root>/../shared/tools/`.
The bars the issue sets are 60 steps for `add` and 80 for `matmul`. They are NOT reached yet:
the asserts below hold the numbers reached so far (119 and 136 on CPython 3.11), so the route can
only get shorter. Lower them as the route straightens, and set them to the bars once reached.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# PDB_STEPS_TOOL points elsewhere, for a checkout that is not beside shared/ (a git worktree).
TOOL = Path(os.environ.get("PDB_STEPS_TOOL", ROOT.parent / "shared" / "tools" / "pdb_steps.py"))

BARS = {"add": 60, "matmul": 80}  # what issue 16 asks for
REACHED = {"add": 119, "matmul": 136}  # what this checkout reaches (CPython 3.11)


def pdb_steps(case: str) -> int | None:
    if not TOOL.exists():
        pytest.fail(f"the learner's-path tool is missing: expected it at {TOOL} "
                    "(or set PDB_STEPS_TOOL)")  # fmt: skip
    result = subprocess.run([sys.executable, str(TOOL), "--project", str(ROOT), "--case", case],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = re.search(rf"pdb-steps {case}: (\d+)", result.stdout)
    return int(found.group(1)) if found else None


@pytest.mark.parametrize("case", ["add", "matmul"])
def test_a_debugger_reaches_the_numbers_being_combined(case: str) -> None:
    steps = pdb_steps(case)
    assert steps is not None, f"pdb never reached a frame holding both numbers of `{case}`"
    limit = BARS[case] if steps <= BARS[case] else REACHED[case]
    assert steps <= limit, f"{case}: {steps} pdb steps (bar {BARS[case]}, reached {limit} before)"
