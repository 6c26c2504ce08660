"""Find and run the code blocks of a Markdown page, so that the docs cannot rot.

Two kinds of fenced block run; every other info string (```text, ```bash, ...) is only shown:

* ```python : run with `exec`.
* ```pycon  : a doctest (`>>>` prompts and the expected output); the output is checked.

A page's blocks run in order in one namespace, as a reader would type them into one session.
Write ```{.python .no-run} for a Python block that must not run (it is still highlighted); keep
such blocks rare.

Used by tests/test_docs.py (every page, in CI) and by tools/docs_hooks.py (which runs the
autograd page during `mkdocs build` to draw its graphs).
"""

from __future__ import annotations

import doctest
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
RUNNABLE = ("python", "pycon")


@dataclass
class Block:
    path: Path
    line: int  # 1-based line number of the block's first line of code
    language: str
    info: str
    code: str

    @property
    def runs(self) -> bool:
        return self.language in RUNNABLE and "no-run" not in self.info


def blocks(path: Path) -> list[Block]:
    """Every fenced block of a Markdown file, in order (code dedented to the fence)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"].strip()
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                break
            # Code inside a list item is indented like its fence.
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j])
            j += 1
        language = info.split()[0].lstrip("{.").rstrip("}") if info else ""
        found.append(Block(path, i + 2, language, info, "\n".join(body) + "\n"))
        i = j + 1
    return found


class DocsBlockError(AssertionError):
    """A block raised, or a doctest printed something else than the page says."""


def run_block(block: Block, namespace: dict[str, Any]) -> None:
    """Run one block in `namespace`; raise DocsBlockError with the page and line on failure."""
    where = f"{block.path}:{block.line}"
    if block.language == "python":
        # Pad with newlines so that a traceback names the line in the .md file.
        code = compile("\n" * (block.line - 1) + block.code, str(block.path), "exec")
        try:
            exec(code, namespace)
        except Exception as error:
            raise DocsBlockError(f"{where}: {type(error).__name__}: {error}") from error
        return
    test = doctest.DocTestParser().get_doctest(
        block.code, namespace, where, str(block.path), block.line - 1
    )
    report: list[str] = []
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    runner.run(test, out=report.append, clear_globs=False)
    namespace.update(test.globs)  # a DocTest works on a copy of the namespace
    if runner.failures:
        raise DocsBlockError("".join(report))


def run_page(path: Path, namespace: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run every runnable block of a page in order; return the namespace they filled."""
    namespace = {"__name__": "__docs__"} if namespace is None else namespace
    for block in blocks(path):
        if block.runs:
            run_block(block, namespace)
    return namespace
