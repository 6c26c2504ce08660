"""A user's type checker accepts pytensor's public names.

mypy --strict does not re-export an imported name unless the package says so (`__all__`, or
`import x as x`). Without that, a learner's `torch.zeros(...)` (with `import pytensor as torch`)
is an error in their own type-checked code, though it runs.
"""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytensor

SCRIPT = Path(__file__).parent / "typing_cases" / "learner_script.py"


def test_every_public_name_is_in_all() -> None:
    public = {
        name
        for name, value in vars(pytensor).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name not in {"annotations", "Any", "builtins"}
    }
    assert public - set(pytensor.__all__) == set()
    assert set(pytensor.__all__) - public == set()


def test_learner_script_type_checks_strict() -> None:
    # In a subprocess: mypy's in-process API raises the recursion limit for the whole process,
    # which would change what later tests see (the loader's "structure too deep" check).
    cache = Path(__file__).parent.parent / ".mypy_cache"
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache),
         "--no-error-summary", str(SCRIPT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
