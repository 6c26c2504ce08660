"""The teaching corpus: every file prints under pytensor what it prints under PyTorch.

Each file of `tests/corpus/` runs twice in fresh subprocesses (real torch, then `torch` aliased
to pytensor) and the stdouts are compared line by line by `tests/corpus_harness.py`.

`KNOWN_FAILURES` records, for each file that does not match yet, the first cause. The test
holds both ways: a file not in the table must match PyTorch, and a file in the table must
still differ, so that whoever fixes a cause also removes its row here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_harness import (
    CORPUS_FILES,
    FULL,
    REPO_ROOT,
    compare,
    first_difference,
    lines_match,
    normalise,
)
from corpus_runner import _translate_cell

# file -> the cause of its first difference now (and the next causes, where known: found by
# running a copy with the earlier causes patched out, see tests/corpus/README.md).
# fmt: off
KNOWN_FAILURES: dict[str, str] = {
    # Empty: every file of the corpus prints what PyTorch prints.
}
# fmt: on

# A reduced run of one file takes well under this; a full run (PYTENSOR_CORPUS_FULL=1) of
# dynamic_net.py's 30000 steps takes much longer.
TIMEOUT_S = 3600.0 if FULL else 300.0


@pytest.mark.parametrize("rel", CORPUS_FILES)
def test_corpus_file_prints_what_pytorch_prints(rel: str) -> None:
    difference, torch_run, pt_run = compare(rel, TIMEOUT_S)
    if rel in KNOWN_FAILURES:
        assert difference is not None, (
            f"{rel} now prints what PyTorch prints: remove its KNOWN_FAILURES row "
            f"({KNOWN_FAILURES[rel]!r})"
        )
    else:
        assert difference is None, (
            f"{rel} differs from PyTorch at {difference}\n"
            f"--- pytensor stderr (tail):\n{pt_run.stderr[-3000:]}"
        )


def test_known_failures_name_corpus_files() -> None:
    assert set(KNOWN_FAILURES) <= set(CORPUS_FILES)


# The harness itself: the comparison must be able to fail.


def test_numbers_compare_to_a_tolerance_and_text_exactly() -> None:
    assert lines_match("tensor([0.1234, 2.0000])", "tensor([0.1235, 2.0000])")  # last digit
    assert not lines_match("tensor([0.1234, 2.0000])", "tensor([0.1240, 2.0000])")
    assert lines_match("99 3238.300537109375", "99 3238.3004")
    assert not lines_match("99 3238.300537109375", "98 3238.300537109375")  # integers: equal
    assert not lines_match("dtype=torch.float64", "dtype=pytensor.float64")
    assert not lines_match("!! TypeError: a", "!! ValueError: a")
    assert lines_match("conv1.bias", "conv1.bias") and not lines_match("conv1", "conv2")


def test_output_rules_and_first_difference() -> None:
    assert normalise("x.py", "<Foo object at 0x7f3a2b>") == ["<Foo object at 0x?>"]
    assert first_difference("x.py", "a\nb 1.0\n", "a\nb 1.0\n") is None
    assert (
        first_difference("x.py", "a\nb\n", "a\n")
        == "line 2:\n  torch:    b\n  pytensor: <end of output>"
    )


def test_ipython_lines_become_pass() -> None:
    cell = "try:\n    import x\nexcept ImportError:\n    !pip install x\n%matplotlib inline"
    assert _translate_cell(cell) == "try:\n    import x\nexcept ImportError:\n    pass\npass"
    assert _translate_cell("%%time\nprint(1)") == "print(1)"
    assert _translate_cell("%%writefile a.py\nprint(1)") is None


def test_torch_alias_gives_pytensor_modules_and_refuses_the_rest(tmp_path: Path) -> None:
    script = tmp_path / "alias.py"
    script.write_text(
        "import torch, torch.nn.functional as F\n"
        "from torch.utils.data import DataLoader\n"
        "print(torch.__name__, F.__name__, DataLoader.__module__)\n"
        "print('version', torch.__version__)\n"
        "import torch.no_such_module\n",
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    runner = str(Path(__file__).with_name("corpus_runner.py"))
    done = subprocess.run(
        [sys.executable, runner, "run", "--backend", "pytensor", str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.splitlines() == [
        "pytensor pytensor.nn.functional pytensor.utils.data.dataloader",
        "version <torch.__version__>",
        "!! ModuleNotFoundError: No module named 'torch.no_such_module'",
    ], done.stderr
