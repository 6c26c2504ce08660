"""A user's type checker accepts pytensor's public names.

mypy --strict does not re-export an imported name unless the package says so (`__all__`, or
`import x as x`). Without that, a learner's `torch.zeros(...)` (with `import pytensor as torch`)
is an error in their own type-checked code, though it runs.
"""

from __future__ import annotations

import types
from pathlib import Path

from mypy import api

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


def test_learner_script_type_checks_strict(tmp_path: Path) -> None:
    cache = Path(__file__).parent.parent / ".mypy_cache"
    stdout, stderr, status = api.run(
        ["--strict", "--cache-dir", str(cache), "--no-error-summary", str(SCRIPT)]
    )
    assert status == 0, stdout + stderr
