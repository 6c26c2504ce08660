"""Run public teaching code under PyTorch and under pytensor, and compare what they print.

The corpus lives in `tests/corpus/` (see its README.md and SOURCES.md). Each file is run in a
fresh subprocess twice (`tests/corpus_runner.py`): once with the real `torch`, once with
`import torch` resolving to pytensor. The two stdouts are then compared line by line, numbers
to a tolerance.

    python tests/corpus_harness.py report          # every file, both backends, a table
    python tests/corpus_harness.py report --cells 30 learnpytorch/00_pytorch_fundamentals.ipynb
    python tests/corpus_runner.py run --backend pytensor tests/corpus/learnpytorch/01_pytorch_workflow.ipynb

Everything done to a file or to its output is listed in a few tables a reviewer can read in
one sitting:

- `REDUCTIONS` (here): the only edits made to a file (smaller step counts or sizes), applied
  to a temporary copy; `PYTENSOR_CORPUS_FULL=1` turns them all off.
- `_translate_cell` (in corpus_runner.py): what happens to IPython `!` and `%` lines.
- `_VersionMask` (in corpus_runner.py): `torch.__version__` prints as `<torch.__version__>`.
- `OUTPUT_RULES` and `UNINITIALIZED_LINES` (here): rewrites applied to both stdouts before
  comparing (memory addresses, uninitialised memory).
- the tolerance in `numbers_close` (here).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from corpus_runner import CELL_MARKER

TESTS_DIR = Path(__file__).resolve().parent
RUNNER = TESTS_DIR / "corpus_runner.py"
REPO_ROOT = TESTS_DIR.parent
CORPUS_DIR = TESTS_DIR / "corpus"

# Every file of the corpus that is run, relative to CORPUS_DIR, in reading order.
CORPUS_FILES = [
    "pytorch_tutorials/beginner_source/examples_tensor/polynomial_numpy.py",
    "pytorch_tutorials/beginner_source/examples_tensor/polynomial_tensor.py",
    "pytorch_tutorials/beginner_source/examples_autograd/polynomial_autograd.py",
    "pytorch_tutorials/beginner_source/examples_autograd/polynomial_custom_function.py",
    "pytorch_tutorials/beginner_source/examples_nn/polynomial_nn.py",
    "pytorch_tutorials/beginner_source/examples_nn/polynomial_optim.py",
    "pytorch_tutorials/beginner_source/examples_nn/polynomial_module.py",
    "pytorch_tutorials/beginner_source/examples_nn/dynamic_net.py",
    "pytorch_tutorials/beginner_source/blitz/tensor_tutorial.py",
    "pytorch_tutorials/beginner_source/blitz/neural_networks_tutorial.py",
    "pytorch_tutorials/beginner_source/basics/tensorqs_tutorial.py",
    "pytorch_tutorials/beginner_source/basics/autogradqs_tutorial.py",
    "pytorch_tutorials/beginner_source/basics/buildmodel_tutorial.py",
    "learnpytorch/00_pytorch_fundamentals.ipynb",
    "learnpytorch/01_pytorch_workflow.ipynb",
    "learnpytorch/02_pytorch_classification.ipynb",
]

FULL = os.environ.get("PYTENSOR_CORPUS_FULL") == "1"


# --------------------------------------------------------------------------------------------
# The reductions table: the only edits ever made to a corpus file.
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Reduction:
    file: str  # relative to CORPUS_DIR
    old: str  # exact text in the file (in a notebook: in a code cell's source)
    new: str
    count: int  # how many times `old` must occur; a stale row fails loudly
    reason: str


_POLY = "pytorch_tutorials/beginner_source/"
_STEPS_REASON = (
    "2000 steps on 2000 points: pure-Python loops make it minutes; 200 steps still prints twice"
)
_POLYNOMIALS = [
    "examples_tensor/polynomial_tensor.py",
    "examples_autograd/polynomial_autograd.py",
    "examples_autograd/polynomial_custom_function.py",
    "examples_nn/polynomial_nn.py",
    "examples_nn/polynomial_optim.py",
    "examples_nn/polynomial_module.py",
]
# fmt: off
REDUCTIONS = [
    *(Reduction(_POLY + f, "for t in range(2000):", "for t in range(200):", 1, _STEPS_REASON)
      for f in _POLYNOMIALS),
    Reduction(_POLY + "examples_nn/dynamic_net.py", "for t in range(30000):", "for t in range(2000):", 1,
              "30000 steps; 2000 still prints the first loss line (t = 1999) and the result"),
    Reduction(_POLY + "examples_nn/dynamic_net.py", "torch.linspace(-math.pi, math.pi, 2000)",
              "torch.linspace(-math.pi, math.pi, 200)", 1, "2000 points x 2000 steps is minutes in pure Python"),
    Reduction("learnpytorch/01_pytorch_workflow.ipynb", "epochs = 1000 ", "epochs = 200 ", 1,
              "1000 epochs of the second model; 200 still prints its loss lines every 100 epochs"),
    Reduction("learnpytorch/02_pytorch_classification.ipynb", "epochs = 1000", "epochs = 200", 3,
              "three 1000-epoch training loops; 200 still prints every 100 epochs"),
]
# fmt: on


def reductions_for(rel: str) -> list[Reduction]:
    if FULL:
        return []
    return [r for r in REDUCTIONS if r.file == rel]


def _reduce_text(rel: str, text: str) -> str:
    for r in reductions_for(rel):
        found = text.count(r.old)
        if found != r.count:
            raise AssertionError(
                f"REDUCTIONS row for {rel}: {r.old!r} occurs {found} times, not {r.count}"
            )
        text = text.replace(r.old, r.new)
    return text


def prepared_copy(rel: str, workdir: Path) -> Path:
    """Copy a corpus file into `workdir`, with its reductions (if any) applied."""
    src = CORPUS_DIR / rel
    dst = workdir / src.name
    if not reductions_for(rel):
        shutil.copyfile(src, dst)
        return dst
    if src.suffix == ".ipynb":
        nb = json.loads(src.read_text(encoding="utf-8"))
        code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        # The counts are checked over the whole notebook, then each cell is rewritten.
        _reduce_text(rel, "\n".join("".join(c["source"]) for c in code_cells))
        for cell in code_cells:
            source = "".join(cell["source"])
            for r in reductions_for(rel):
                source = source.replace(r.old, r.new)
            cell["source"] = source
        dst.write_text(json.dumps(nb), encoding="utf-8")
    else:
        dst.write_text(_reduce_text(rel, src.read_text(encoding="utf-8")), encoding="utf-8")
    return dst


# --------------------------------------------------------------------------------------------
# In the parent: start the runs, and compare their outputs.
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class RunResult:
    stdout: str
    stderr: str
    returncode: int
    seconds: float
    timed_out: bool


def start_run(rel: str, backend: str, workdir: Path) -> tuple[subprocess.Popen[str], Path]:
    copy = prepared_copy(rel, workdir)
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTENSOR_DEVICE", None)
    command = [
        sys.executable,
        str(RUNNER),
        "run",
        "--backend",
        backend,
        str(copy),
    ]
    process = subprocess.Popen(
        command,
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    return process, copy


def finish_run(process: subprocess.Popen[str], started: float, timeout: float) -> RunResult:
    try:
        out, err = process.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        timed_out = True
    return RunResult(out, err, process.returncode, time.monotonic() - started, timed_out)


def run_both(rel: str, timeout: float = 600.0) -> tuple[RunResult, RunResult]:
    """Run `rel` under torch and under pytensor at the same time, each in its own temp dir."""
    with tempfile.TemporaryDirectory() as torch_dir, tempfile.TemporaryDirectory() as pt_dir:
        started = time.monotonic()
        torch_proc, _ = start_run(rel, "torch", Path(torch_dir))
        pt_proc, _ = start_run(rel, "pytensor", Path(pt_dir))
        # Each process is waited on in its own thread, so that each gets its own time.
        with ThreadPoolExecutor(max_workers=2) as pool:
            torch_future = pool.submit(finish_run, torch_proc, started, timeout)
            pt_future = pool.submit(finish_run, pt_proc, started, timeout)
            return torch_future.result(), pt_future.result()


# The output rules: rewrites applied to both stdouts before they are compared. Each is a
# (file glob or "*", regex, replacement, reason). Nothing else is ever excluded.
OUTPUT_RULES = [
    ("*", r"\b0x[0-9a-fA-F]+\b", "0x?", "object addresses in reprs (`<... object at 0x7f...>`)"),
]

# Lines whose numbers are unspecified by PyTorch itself: (file, first line, last line) of the
# stdout, 0-based inclusive, whose numbers are not compared (the text around them still is,
# without its spaces: the column width follows the widest garbage number).
UNINITIALIZED_LINES = [
    (
        "pytorch_tutorials/beginner_source/blitz/tensor_tutorial.py",
        0,
        4,
        "print(torch.empty(5, 3)): uninitialised memory, different on every PyTorch run",
    ),
]

_NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w])|(?<![\w.])[-+]?(?:nan|inf)\b"
)


def normalise(rel: str, text: str) -> list[str]:
    lines = text.splitlines()
    for glob, pattern, replacement, _reason in OUTPUT_RULES:
        if glob == "*" or glob == rel:
            lines = [re.sub(pattern, replacement, line) for line in lines]
    for file, first, last, _reason in UNINITIALIZED_LINES:
        if file == rel:
            for i in range(first, min(last, len(lines) - 1) + 1):
                lines[i] = re.sub(r"\s+", "", _NUMBER.sub("<uninit>", lines[i]))
    return lines


def _last_place(token: str) -> float:
    """One unit in the last printed digit: `0.1235` -> 1e-4, `1.2346e-05` -> 1e-9, `12` -> 0."""
    mantissa, _, exponent = token.lower().partition("e")
    if "." not in mantissa:
        return 0.0
    decimals = len(mantissa.split(".")[1])
    return 10.0 ** (-decimals + (int(exponent) if exponent else 0))


RTOL = 1e-4
ATOL = 1e-5


def numbers_close(expected: str, actual: str) -> bool:
    """Integers (no decimal point) must be equal. Other numbers: within RTOL/ATOL, or one unit
    in the last printed digit (a value that rounds to 0.1234 in one run and 0.1235 in the other
    differs by less than 1e-5 before printing)."""
    if expected == actual:
        return True
    a, b = float(actual), float(expected)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if "." not in expected and "." not in actual and "e" not in expected.lower() + actual.lower():
        return a == b
    slack = max(ATOL + RTOL * abs(b), _last_place(expected), _last_place(actual))
    return abs(a - b) <= slack * (1 + 1e-9)


def lines_match(expected: str, actual: str) -> bool:
    e_numbers, a_numbers = _NUMBER.findall(expected), _NUMBER.findall(actual)
    if _NUMBER.split(expected) != _NUMBER.split(actual) or len(e_numbers) != len(a_numbers):
        return False
    return all(numbers_close(e, a) for e, a in zip(e_numbers, a_numbers))


def _split_cells(lines: list[str]) -> list[tuple[str, int, list[str]]]:
    """(label, first line number, lines) per notebook cell; one part for a script."""
    parts: list[tuple[str, int, list[str]]] = [("", 1, [])]
    for number, line in enumerate(lines, start=1):
        if line.startswith(CELL_MARKER):
            parts.append((f"cell {line[len(CELL_MARKER) :]}, ", number + 1, []))
        else:
            parts[-1][2].append(line)
    return parts


def _first_in(e_lines: list[str], a_lines: list[str]) -> tuple[int, str, str] | None:
    for i in range(max(len(e_lines), len(a_lines))):
        e = e_lines[i] if i < len(e_lines) else "<end of output>"
        a = a_lines[i] if i < len(a_lines) else "<end of output>"
        if not lines_match(e, a):
            return i, e, a
    return None


def differences(rel: str, expected: str, actual: str, limit: int = 1) -> list[str]:
    """The first differing line of the outputs, and in a notebook the first one of each later
    cell (up to `limit` in all); an empty list when they match."""
    e_parts = _split_cells(normalise(rel, expected))
    a_parts = _split_cells(normalise(rel, actual))
    if [label for label, _, _ in e_parts] != [label for label, _, _ in a_parts]:
        first = _first_in(normalise(rel, expected), normalise(rel, actual))
        assert first is not None
        i, e, a = first
        return [f"line {i + 1}:\n  torch:    {e}\n  pytensor: {a}"]
    found = []
    for (label, start, e_lines), (_, _, a_lines) in zip(e_parts, a_parts):
        first = _first_in(e_lines, a_lines)
        if first is not None:
            i, e, a = first
            found.append(f"{label}line {start + i}:\n  torch:    {e}\n  pytensor: {a}")
            if len(found) == limit:
                break
    return found


def first_difference(rel: str, expected: str, actual: str) -> str | None:
    """None when the outputs match; otherwise the first differing line, both versions."""
    found = differences(rel, expected, actual, limit=1)
    return found[0] if found else None


def compare(rel: str, timeout: float = 600.0) -> tuple[str | None, RunResult, RunResult]:
    torch_run, pt_run = run_both(rel, timeout)
    if torch_run.timed_out:
        return f"the PyTorch run timed out after {timeout:.0f} s", torch_run, pt_run
    if pt_run.timed_out:
        return f"the pytensor run timed out after {timeout:.0f} s", torch_run, pt_run
    return first_difference(rel, torch_run.stdout, pt_run.stdout), torch_run, pt_run


def _report(files: list[str], per_file: int) -> int:
    passed = 0
    for rel in files:
        difference, torch_run, pt_run = compare(rel)
        status = "match" if difference is None else "DIFFER"
        passed += difference is None
        print(
            f"{status:6}  torch {torch_run.seconds:6.1f}s  pytensor {pt_run.seconds:6.1f}s  {rel}"
        )
        if difference is not None:
            shown = [difference]
            if per_file > 1 and not (torch_run.timed_out or pt_run.timed_out):
                shown = differences(rel, torch_run.stdout, pt_run.stdout, per_file)
            for text in shown:
                print("        " + text.replace("\n", "\n        "))
        sys.stdout.flush()
    print(f"{passed}/{len(files)} files print what PyTorch prints")
    return 0


def main(argv: list[str]) -> int:
    if argv and argv[0] == "report":
        # `report --cells N`: in a notebook, show the first difference of up to N cells.
        per_file = 1
        if argv[1:2] == ["--cells"]:
            per_file = int(argv[2])
            argv = argv[2:]
        return _report(argv[1:] or CORPUS_FILES, per_file)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
