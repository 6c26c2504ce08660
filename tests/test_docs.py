"""Every code block in the docs runs: docs/**/*.md and README.md.

A page's ```python blocks run in order in one namespace, and its ```pycon blocks run as
doctests, whose printed output must match the page. See tools/docs_blocks.py for the rules.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from docs_blocks import blocks, run_page  # noqa: E402

ALL_PAGES = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]
# Pages without code (the API pages are mkdocstrings directives) have nothing to run.
PAGES = [p for p in ALL_PAGES if any(b.runs for b in blocks(p))]


def has_graphviz() -> bool:
    return importlib.util.find_spec("graphviz") is not None and shutil.which("dot") is not None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_code_runs(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runnable = [b for b in blocks(page) if b.runs]
    if any(".render(" in b.code for b in runnable) and not has_graphviz():
        # Graphviz is part of the set-up (README): a page that draws fails without it.
        pytest.fail("this page draws graphs: sh tools/install_system_packages.sh, and the graphviz "
                    "package (the dev or docs extra)")  # fmt: skip
    monkeypatch.chdir(tmp_path)  # blocks that save files write them here
    run_page(page)


def test_block_finder(tmp_path: Path) -> None:
    """Indented fences (inside list items), other languages and no-run blocks."""
    page = tmp_path / "sample.md"
    page.write_text(
        "Text.\n\n```python\nx = 1\n```\n\n1. item\n\n   ```python\n   y = x + 1\n   ```\n\n"
        "```text\nnot code\n```\n\n```{.python .no-run}\nraise SystemExit\n```\n\n"
        "```pycon\n>>> print(y)\n2\n```\n"
    )
    found = blocks(page)
    assert [(b.language, b.runs, b.line) for b in found] == [
        ("python", True, 4),
        ("python", True, 10),
        ("text", False, 14),
        ("python", False, 18),
        ("pycon", True, 22),
    ]
    assert found[1].code == "y = x + 1\n"
    assert run_page(page)["y"] == 2


def test_wrong_doctest_output_fails(tmp_path: Path) -> None:
    page = tmp_path / "wrong.md"
    page.write_text("```pycon\n>>> 1 + 1\n3\n```\n")
    with pytest.raises(AssertionError, match="Expected:"):
        run_page(page)


def test_docstring_rewrites_for_the_api_pages() -> None:
    """tools/griffe_pytensor.py: how plain-text docstrings are made into Markdown."""
    pytest.importorskip("griffe")
    from griffe_pytensor import (
        escape_reference_links,
        fence_doctests,
        fence_laid_out_paragraphs,
    )

    assert fence_doctests("Text.\n>>> 1 + 1  # doctest: +SKIP\n2\n") == (
        "Text.\n\n```pycon\n>>> 1 + 1\n2\n```\n"
    )
    # A doctest that opens an indented section keeps no blank line above it.
    assert (
        fence_doctests("Example:\n    >>> f()\n")
        == "Example:\n    ```pycon\n    >>> f()\n    ```\n"
    )
    rule = "for t = 1 to ...:\n    g <- grad\n    p <- p - lr * g"
    assert fence_laid_out_paragraphs(rule) == f"```text\n{rule}\n```"
    listed = "Two rules:\n- one\n  wrapped\n- two"
    assert fence_laid_out_paragraphs(listed) == "Two rules:\n\n- one\n  wrapped\n- two"
    assert fence_laid_out_paragraphs("Args:\n    x: a tensor.") == "Args:\n    x: a tensor."
    assert escape_reference_links("out[i][j] and `x[i][j]`") == "out[i]\\[j] and `x[i][j]`"
