"""mkdocs hooks: the tour's pictures are drawn from the code during `mkdocs build`.

* `tour/storage.svg` (page 1): how a tensor, its transpose and a slice read one storage, drawn
  by tools/draw_storage.py from real tensors.
* The autograd graphs (page 3): a page whose code calls `.render(...)` is run (its blocks in
  order, as tests/test_docs.py runs them) in a temporary folder, and every SVG file the code
  writes there is published beside the page. So `dot.render("mul", format="svg")` in the page
  makes `mul.svg`, which the page shows with `![...](mul.svg)`.

Rendering needs the graphviz Python package and Graphviz's `dot` program (both are in CI).
mkdocs.yml loads this file with `hooks: [tools/docs_hooks.py]`.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docs_blocks import blocks, run_page  # noqa: E402
from draw_storage import storage_dot  # noqa: E402


def _draws_pictures(page: Path) -> bool:
    return any(block.runs and ".render(" in block.code for block in blocks(page))


def _run_in(folder: str, page: Path) -> None:
    previous = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # what the page prints is not news here
            run_page(page)
    finally:
        os.chdir(previous)


def on_files(files: Files, config: Any) -> Files:
    import graphviz  # only the build needs it, not the rest of the project

    storage = graphviz.Source(storage_dot()).pipe(format="svg")
    files.append(File.generated(config, "tour/storage.svg", content=storage))

    for page in list(files.documentation_pages()):
        source = Path(page.abs_src_path or "")
        if not source.is_file() or not _draws_pictures(source):
            continue
        with tempfile.TemporaryDirectory() as folder:
            _run_in(folder, source)
            for svg in sorted(Path(folder).glob("*.svg")):
                uri = posixpath.join(posixpath.dirname(page.src_uri), svg.name)
                files.append(File.generated(config, uri, content=svg.read_bytes()))
    return files
