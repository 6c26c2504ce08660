"""The subprocess side of the corpus harness: run one file as a learner would.

    python tests/corpus_runner.py run --backend torch|pytensor FILE

`tests/corpus_harness.py` starts this twice per corpus file, in a fresh temporary folder each
time. With `--backend pytensor`, `import torch` gives pytensor's modules. Before the file runs,
Python, NumPy and torch are seeded and sockets refuse to connect. A `.py` file runs as
`__main__`; a `.ipynb` notebook runs cell by cell as Jupyter would.

Only the standard library is imported at the top: in pytensor mode nothing may import the real
torch before the alias is in place.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import re
import sys
from pathlib import Path
from typing import Any


class _MissingTorchSubmodules:
    """A meta-path finder that answers `import torch.X` for what pytensor lacks.

    Without it, Python would look for `X` on pytensor's `__path__` and load a second copy of
    some private pytensor module under the name `torch.X`.
    """

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname.startswith("torch.") and fullname not in sys.modules:
            raise ModuleNotFoundError(f"No module named '{fullname}'", name=fullname)
        return None


def install_torch_alias() -> None:
    """Make `import torch` (and `torch.nn`, `torch.utils.data`, ...) give pytensor's modules.

    Every importable submodule `pytensor.a.b` becomes `torch.a.b` in `sys.modules` (the same
    module object), so `import torch.nn.functional as F` and `from torch.utils.data import
    DataLoader` find what pytensor has, and `import torch.X` for anything else raises
    ModuleNotFoundError "No module named 'torch.X'" as PyTorch would for a missing module.
    """
    import importlib
    import pkgutil

    import pytensor

    for info in pkgutil.walk_packages(pytensor.__path__, "pytensor."):
        try:
            importlib.import_module(info.name)
        except ImportError:
            pass
    for name, module in list(sys.modules.items()):
        if name == "pytensor" or name.startswith("pytensor."):
            sys.modules["torch" + name[len("pytensor") :]] = module
    sys.meta_path.insert(0, _MissingTorchSubmodules())


def _block_network() -> None:
    """A download fails at once, and the same way under both backends (CI may have network)."""
    import socket

    def refuse(self: socket.socket, *args: Any) -> None:
        raise OSError("network access is disabled by the corpus harness")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign, assignment]


def _seed() -> None:
    import random

    import numpy
    import torch

    random.seed(0)
    numpy.random.seed(0)
    torch.manual_seed(0)


def _exception_line(exc: BaseException) -> str:
    return f"!! {type(exc).__name__}: {exc}"


def _run_script(path: Path) -> int:
    source = path.read_text(encoding="utf-8")
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "__file__": str(path),
        "__builtins__": builtins,
    }
    try:
        exec(compile(source, str(path), "exec"), namespace)
    except Exception as exc:  # noqa: BLE001 - the exception is the output being compared
        import traceback

        traceback.print_exc()
        sys.stdout.flush()
        print(_exception_line(exc))
        return 1
    return 0


_CELL_MAGICS_RUN_BODY = {"time"}  # `%%time` runs the cell; its timing line goes to nobody


def _translate_cell(source: str) -> str | None:
    """IPython's syntax, as the harness treats it (the MAGIC_RULES).

    - a cell starting with `%%time`: the rest of the cell runs (IPython runs it too; the
      timing line it would print is not reproduced, so the comparison never sees it);
    - a cell starting with any other `%%magic`: not run (returns None), as no harness could
      run `%%writefile`, `%%bash` and the like identically;
    - a line whose first non-blank character is `!` (shell) or `%` (line magic): replaced by
      `pass` at the same indentation, so `!pip install x` inside an `except:` keeps the block
      valid. Shell commands and magics do not run under either backend.
    """
    lines = source.split("\n")
    if lines and lines[0].startswith("%%"):
        magic = lines[0][2:].split()[0] if lines[0][2:].split() else ""
        if magic not in _CELL_MAGICS_RUN_BODY:
            return None
        lines = lines[1:]
    out = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(("!", "%")):
            out.append(line[: len(line) - len(stripped)] + "pass")
        else:
            out.append(line)
    return "\n".join(out)


def _run_cell(source: str, namespace: dict[str, Any], name: str) -> None:
    """Run one cell as Jupyter does: the value of a last bare expression is displayed.

    The display is `repr(value)` when the value is not None and the cell does not end in `;`
    (IPython itself pretty-prints with IPython.lib.pretty, not installed here; the same
    function is used under both backends, so the comparison is fair).
    """
    tree = ast.parse(source, filename=name)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not source.rstrip().endswith(";"):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, name, "exec"), namespace)
    if last is not None:
        value = eval(compile(last, name, "eval"), namespace)
        if value is not None:
            namespace["_"] = value
            print(repr(value))


CELL_MARKER = "### corpus cell "


def _run_notebook(path: Path) -> int:
    """Run every code cell in one namespace, like Jupyter's "Run all" that goes on after errors.

    A cell that raises prints one line, `!! ExceptionType: message`, and the next cell runs
    (Jupyter would stop at the first error; going on shows every later difference too). Each
    cell's output starts with a line `### corpus cell N` (N counts code cells from 0).
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
    failures = 0
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for index, cell in enumerate(code_cells):
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        translated = _translate_cell(source)
        name = f"<cell {index}>"
        # A marker line, the same under both backends, so a difference is reported by cell.
        print(f"{CELL_MARKER}{index}")
        if translated is None:
            print(f"!! cell {index} not run: cell magic {source.splitlines()[0]}")
            continue
        try:
            _run_cell(translated, namespace, name)
        except BaseException as exc:  # noqa: BLE001 - the exception is the output being compared
            import traceback

            sys.stdout.flush()
            print(f"--- {name}", file=sys.stderr)
            traceback.print_exc()
            print(_exception_line(exc))
            failures += 1
        sys.stdout.flush()
    return 1 if failures else 0


def _child_main(backend: str, path: Path) -> int:
    """The subprocess: alias torch if asked, seed, then run `path` (cwd is its own temp dir)."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.path[0] = str(path.parent)
    sys.argv = [str(path)]
    if backend == "pytensor":
        install_torch_alias()
    _block_network()
    _seed()
    import torch

    version = str(torch.__version__)
    # The version rule: whatever prints torch.__version__ prints a placeholder instead, the
    # same under both backends. The rewrite happens on the way out, in _VersionMask.
    sys.stdout = _VersionMask(sys.stdout, version)
    if path.suffix == ".ipynb":
        return _run_notebook(path)
    return _run_script(path)


class _VersionMask:
    """A stdout wrapper that writes `<torch.__version__>` in place of the version string.

    Only the whole version token is replaced (`2.13.0+cpu`, `0.1.0`), not a number that
    merely contains it (`10.1.05`).
    """

    def __init__(self, stream: Any, version: str) -> None:
        self._stream = stream
        self._pattern = re.compile(r"(?<![\w.+])" + re.escape(version) + r"(?![\w.+])")

    def write(self, text: str) -> int:
        return self._stream.write(self._pattern.sub("<torch.__version__>", text))

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "run" and argv[1] == "--backend":
        return _child_main(argv[2], Path(argv[3]).resolve())
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
