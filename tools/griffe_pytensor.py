"""A griffe extension that lets mkdocstrings render pytensor's docstrings as they are written.

pytensor's docstrings are plain text in PyTorch's manner, written to be read in an editor.
Three habits of that style trip a Markdown renderer, so this extension rewrites the docstring
text (for the docs site only; the source is untouched) before griffe parses it:

1. Bare doctest blocks (`>>> x = ...` and the output under it). Markdown reads `>>>` as three
   nested block quotes, so each block is wrapped in a ```pycon fence. `# doctest:` flags are
   dropped, since they mean nothing to a reader.
2. Laid-out paragraphs: a top-level paragraph with indented lines in it, such as an
   optimizer's update rule (`for t = 1 to ...:` and its indented body) or a description
   wrapped under its name (`params: ...` then an indented line). Markdown would run the lines
   together, and Google style would read `params:` as a Parameters section. Such a paragraph
   is wrapped in a ```text fence, so it shows exactly as the author laid it out.
3. Index formulas such as out[i][index[i][j]]. Markdown reads `[a][b]` as a reference link,
   which mkdocs-autorefs then fails to resolve, so outside code a `][` becomes `]\\[`.

Google-style sections (`Example:`, `Args:`, `Shape:`, ... alone on a line, with an indented
body) are left for griffe to parse. A text followed directly by a list gets the blank line
Markdown needs between them.

mkdocs.yml loads this file with `extensions: [tools/griffe_pytensor.py]`.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_DOCTEST_FLAG = re.compile(r"\s*#\s*doctest:.*$")
_SECTION_TITLE = re.compile(r"^[A-Za-z][\w -]*:\s*$")  # "Example:", "Args:", "Shape:"
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+\.)\s")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_prompt(line: str) -> bool:
    stripped = line.lstrip(" ")
    return stripped.startswith(">>> ") or stripped == ">>>"


def fence_doctests(text: str) -> str:
    """Wrap each run of `>>>` lines (and the output under them) in a ```pycon fence."""
    lines = text.split("\n")
    out: list[str] = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip(" ").startswith("```"):
            in_fence = not in_fence
        if in_fence or not _is_prompt(line):
            out.append(line)
            i += 1
            continue
        # One doctest block: from this prompt to the next blank line or dedent.
        pad = " " * _indent(line)
        block = []
        while i < len(lines) and lines[i].strip() and _indent(lines[i]) >= len(pad):
            block.append(_DOCTEST_FLAG.sub("", lines[i]))
            i += 1
        # Markdown needs a blank line before a fence that follows a paragraph line; a fence
        # that opens an indented section body ("Example:" above it) must not get one.
        if out and out[-1].strip() and _indent(out[-1]) >= len(pad):
            out.append("")
        out.extend([pad + "```pycon", *block, pad + "```"])
        if i < len(lines) and lines[i].strip():
            out.append("")
    return "\n".join(out)


def fence_laid_out_paragraphs(text: str) -> str:
    """Wrap each top-level paragraph that has indented lines in a ```text fence."""
    lines = text.split("\n")
    out: list[str] = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip(" ").startswith("```"):
            in_fence = not in_fence
        starts_paragraph = line.strip() and not line.startswith(" ") and not in_fence
        following = lines[i + 1] if i + 1 < len(lines) else ""
        opens_section = _SECTION_TITLE.match(line) and following.startswith(" ")
        if not starts_paragraph or opens_section:
            out.append(line)
            i += 1
            continue
        end = i
        while end < len(lines) and lines[end].strip():
            if end > i and lines[end].lstrip(" ").startswith("```"):
                break
            end += 1
        paragraph = lines[i:end]
        opens_section = any(_SECTION_TITLE.match(p) for p in paragraph[1:])
        if _is_laid_out(paragraph) and not opens_section:
            out.extend(["```text", *paragraph, "```"])
        else:
            out.extend(_separate_list(paragraph))
        i = end
    return "\n".join(out)


def _is_laid_out(paragraph: list[str]) -> bool:
    """True when an indented line is not simply the wrapped text of a list item."""
    in_item = False
    for line in paragraph:
        if _LIST_ITEM.match(line):
            in_item = True
        elif line.startswith(" "):
            if not in_item:
                return True
        else:
            in_item = False
    return False


def _separate_list(paragraph: list[str]) -> list[str]:
    """Put a blank line between a line of text and the list that follows it (Markdown needs
    one, or the items run on as part of the sentence)."""
    out: list[str] = []
    for k, line in enumerate(paragraph):
        if k > 0 and _LIST_ITEM.match(line) and not line.startswith(" "):
            previous = paragraph[k - 1]
            if not _LIST_ITEM.match(previous) and not previous.startswith(" "):
                out.append("")
        out.append(line)
    return out


def escape_reference_links(text: str) -> str:
    """`x[i][j]` outside code spans and fences becomes `x[i]\\[j]` (shown as written)."""
    lines = text.split("\n")
    in_fence = False
    for k, line in enumerate(lines):
        if line.lstrip(" ").startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or "][" not in line:
            continue
        pieces = line.split("`")  # even pieces are outside inline code
        lines[k] = "`".join(
            p.replace("][", "]\\[") if i % 2 == 0 else p for i, p in enumerate(pieces)
        )
    return "\n".join(lines)


class PytensorDocstrings(griffe.Extension):
    """Rewrite every docstring once, when the object tree is complete."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        docstring = obj.docstring
        if docstring is None or getattr(docstring, "_pytensor_done", False):
            return
        text = fence_laid_out_paragraphs(fence_doctests(docstring.value))
        docstring.value = escape_reference_links(text)
        docstring._pytensor_done = True  # type: ignore[attr-defined]
