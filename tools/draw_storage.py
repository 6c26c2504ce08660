"""Draw how a tensor, its transpose and a slice of it read one storage (for the tour's page 1).

Every number in the picture comes from pytensor: the storage's contents, and for each view
the storage index `offset + i * stride[0] + j * stride[1]` of each element. So the picture
cannot disagree with the code. The drawing is Graphviz DOT (HTML-like tables):

    python tools/draw_storage.py | dot -Tsvg > storage.svg

tools/docs_hooks.py renders it during `mkdocs build`.
"""

from __future__ import annotations

import pytensor as torch

STORAGE_FILL = "#f1f5f9"
FILLS = {"x": "#dbeafe", "t": "#dcfce7", "s": "#fed7aa"}


def _cell(value: float, index: int, fill: str) -> str:
    """One element: its value, and below it, small, its index in the storage."""
    return (
        f'<td bgcolor="{fill}" width="34" height="34">{value:g}<br/>'
        f'<font point-size="8" color="#64748b">[{index}]</font></td>'
    )


def _grid(key: str, name: str, view: torch.Tensor) -> str:
    """A view as a table: each cell shows its value and, small, the storage index it reads."""
    rows, cols = view.shape
    offset, (s0, s1) = view.storage_offset(), view.stride()
    values = view.tolist()
    title = f"<b>{name}</b><br/>shape ({rows}, {cols})  stride ({s0}, {s1})  offset {offset}"
    html = ['<table border="0" cellborder="1" cellspacing="0" cellpadding="2">']
    for i in range(rows):
        cells = "".join(
            _cell(values[i][j], offset + i * s0 + j * s1, FILLS[key]) for j in range(cols)
        )
        html.append(f"<tr>{cells}</tr>")
    html.append("</table>")
    return _titled(key, title, "".join(html))


def _titled(key: str, title: str, table: str) -> str:
    """A node for the table, in a borderless cluster whose label is the title (a title inside
    the table would stretch its cells)."""
    return (
        f"  subgraph cluster_{key} {{\n    label=<{title}>; peripheries=0\n"
        f"    {key} [label=<{table}>]\n  }}"
    )


def storage_dot() -> str:
    """The picture as DOT text."""
    x = torch.arange(12.0).reshape(3, 4)
    t = x.t()
    s = x[1:, 1:3]
    assert x.untyped_storage() is t.untyped_storage() is s.untyped_storage()
    buffer = x.untyped_storage().buffer
    sliced = {
        s.storage_offset() + i * s.stride(0) + j * s.stride(1)
        for i in range(s.shape[0])
        for j in range(s.shape[1])
    }
    cells = "".join(
        _cell(v, k, FILLS["s"] if k in sliced else STORAGE_FILL) for k, v in enumerate(buffer)
    )
    storage = _titled(
        "storage",
        f"<b>storage</b>: one flat array('f') of {len(buffer)} floats, shared by all three",
        f'<table border="0" cellborder="1" cellspacing="0" cellpadding="2"><tr>{cells}</tr>'
        "</table>",
    )
    lines = [
        "digraph storage {",
        '  graph [rankdir=TB, nodesep=0.5, ranksep=0.6, bgcolor="white", compound=true, '
        'fontname="monospace", fontsize=11]',
        '  node [shape=plaintext, fontname="monospace", fontsize=11]',
        '  edge [color="#64748b", fontname="monospace", fontsize=10, dir=back]',
        storage,
    ]
    for key, name, view in (
        ("x", "x = torch.arange(12.0).reshape(3, 4)", x),
        ("t", "t = x.t()", t),
        ("s", "s = x[1:, 1:3]", s),
    ):
        lines.append(_grid(key, name, view))
        lines.append(f'  storage -> {key} [label=" reads", lhead=cluster_{key}]')
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(storage_dot(), end="")
