r"""Draw the backward graph, in the spirit of torchviz's `make_dot`.

>>> import pytensor as torch
>>> from pytensor.viz import make_dot
>>> w = torch.randn(3, 2, requires_grad=True)
>>> x = torch.randn(4, 3)
>>> loss = (x @ w).relu().sum()
>>> dot = make_dot(loss, params={"w": w})
>>> print(dot.source)  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
digraph {
    graph [size="12,12"]
    node [style="filled" shape="box" ...]
    "0" [label="()" fillcolor="darkolivegreen1"]
    "1" [label="SumBackward0"]
    "2" [label="ReluBackward0"]
    "3" [label="MmBackward0"]
    "4" [label="AccumulateGrad"]
    "5" [label="w\n(3, 2)" fillcolor="lightblue"]
    "2" -> "1"
    "3" -> "2"
    "5" -> "4"
    "4" -> "3"
    "1" -> "0"
}

`dot.source` is Graphviz DOT text and needs no dependencies; `dot.render("graph",
format="svg")` then writes graph.svg (it needs graphviz, see below).

The picture reads from the leaves at the top to the output at the bottom:

* a grey box per grad_fn, named as in PyTorch (`MulBackward0`, `AccumulateGrad`, ...);
* a light blue box per leaf tensor (its shape, and its name when `params` names it), with an
  edge into its `AccumulateGrad`;
* a green box for the output tensor (darker green for the base of an output that is a view);
* with `show_saved=True`, an orange box per tensor a node saved for backward, joined to the
  node by an undirected edge.

Edges follow `next_functions`: an edge `u -> fn` means "the gradient computed by `fn` flows on
into `u`". The walk is iterative (an explicit stack), so a chain thousands of ops deep does not
reach Python's recursion limit. Boxes are numbered in the order the walk first meets them, so
the DOT text is the same on every run.

`.source` needs nothing. Rendering (`render`, `pipe`, and `_repr_svg_`, which draws the graph in
a Jupyter notebook) needs the `graphviz` Python package (`pip install graphviz`) and Graphviz's
`dot` program (for example `apt-get install graphviz` or `brew install graphviz`); both are
looked for only when you render.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .autograd.graph import AccumulateGrad, Node
from .tensor import Tensor

__all__ = ["Digraph", "GraphvizNotInstalledError", "make_dot"]

# The colours and box style torchviz uses.
LEAF_COLOR = "lightblue"
OUTPUT_COLOR = "darkolivegreen1"
VIEW_BASE_COLOR = "darkolivegreen3"
SAVED_COLOR = "orange"
NODE_ATTR = {
    "style": "filled",
    "shape": "box",
    "align": "left",
    "fontsize": "10",
    "ranksep": "0.1",
    "height": "0.2",
    "fontname": "monospace",
}

INSTALL_HINT = (
    "Rendering a graph needs the graphviz Python package and the Graphviz `dot` program. "
    "Install them with `pip install graphviz` and your system's package manager, for example "
    "`apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) or "
    "`conda install graphviz`; see https://graphviz.org/download/. "
    "`.source` (the DOT text) works without them."
)


class GraphvizNotInstalledError(RuntimeError):
    """Raised by `Digraph.render` (and `pipe`) when graphviz or `dot` is missing.

    The message says what is missing and how to install it. A RuntimeError, so code that
    catches that keeps working.

    Examples:
        >>> from pytensor.viz import GraphvizNotInstalledError
        >>> issubclass(GraphvizNotInstalledError, RuntimeError)
        True
    """


def quote(text: str) -> str:
    r"""A DOT double-quoted string. Newlines become DOT's `\n` line break; a backslash or a
    double quote in a name is escaped, so it shows as itself.

    Args:
        text: any text.

    Returns:
        The quoted string.

    Examples:
        >>> from pytensor.viz import quote
        >>> print(quote('say "hi"\nagain'))
        "say \"hi\"\nagain"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n") + '"'


def _attr_list(attrs: Mapping[str, str]) -> str:
    return " ".join(f"{key}={quote(value)}" for key, value in attrs.items())


class Digraph:
    """A directed graph that writes itself as Graphviz DOT text.

    A small stand-in for `graphviz.Digraph`: `node`, `edge`, `.source`, `render`, `pipe`,
    `save` and `_repr_svg_`. Only rendering needs the graphviz package and `dot`.

    Args:
        graph_attr: attributes of the whole graph (`size`, ...).
        node_attr: default attributes of every node (`shape`, `style`, ...).

    Examples:
        >>> from pytensor.viz import Digraph
        >>> g = Digraph(node_attr={"shape": "box"})
        >>> g.node("a", "x")
        >>> g.node("b", "MulBackward0")
        >>> g.edge("a", "b")
        >>> g
        <pytensor.viz.Digraph with 2 nodes, 1 edges>
        >>> print(g.source.expandtabs(4))
        digraph {
            node [shape="box"]
            "a" [label="x"]
            "b" [label="MulBackward0"]
            "a" -> "b"
        }
        <BLANKLINE>
    """

    def __init__(
        self,
        graph_attr: Mapping[str, str] | None = None,
        node_attr: Mapping[str, str] | None = None,
    ) -> None:
        self.graph_attr: dict[str, str] = dict(graph_attr or {})
        self.node_attr: dict[str, str] = dict(node_attr or {})
        # node id -> its attributes (label, fillcolor, ...), in the order nodes were added
        self.nodes: dict[str, dict[str, str]] = {}
        # (tail, head, attributes), one per edge, duplicates kept
        self.edges: list[tuple[str, str, dict[str, str]]] = []

    def node(self, name: str, label: str, **attrs: str) -> None:
        """Add node `name`, or update its label and attributes if it is already there.

        Args:
            name: the node's id.
            label: the text in the box.
            **attrs: DOT attributes (`fillcolor`, ...).
        """
        self.nodes.setdefault(name, {}).update(label=label, **attrs)

    def edge(self, tail: str, head: str, **attrs: str) -> None:
        """Add an edge from `tail` to `head` (duplicates are kept).

        Args:
            tail: the id of the node the edge starts at.
            head: the id of the node it points to.
            **attrs: DOT attributes of the edge (`style="dotted"`, ...).
        """
        self.edges.append((tail, head, dict(attrs)))

    @property
    def source(self) -> str:
        """The graph as DOT text: attributes, then every node, then every edge."""
        lines = ["digraph {"]
        if self.graph_attr:
            lines.append(f"\tgraph [{_attr_list(self.graph_attr)}]")
        if self.node_attr:
            lines.append(f"\tnode [{_attr_list(self.node_attr)}]")
        for name, attrs in self.nodes.items():
            lines.append(f"\t{quote(name)} [{_attr_list(attrs)}]")
        for tail, head, attrs in self.edges:
            extra = f" [{_attr_list(attrs)}]" if attrs else ""
            lines.append(f"\t{quote(tail)} -> {quote(head)}{extra}")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"<pytensor.viz.Digraph with {len(self.nodes)} nodes, {len(self.edges)} edges>"

    def save(self, filename: str) -> str:
        """Write the DOT text to `filename` (needs nothing installed); return the path.

        Args:
            filename: the path to write.

        Returns:
            `filename`.
        """
        with open(filename, "w", encoding="utf-8") as f:
            f.write(self.source)
        return filename

    def render(self, filename: str, format: str = "svg", cleanup: bool = True) -> str:
        """Draw the graph with Graphviz; return the path of the picture.

        As in the graphviz package, `filename` names the DOT file and the picture is written
        beside it with the format appended: `render("graph", "png")` writes `graph.png`. With
        `cleanup` (the default) the DOT file is removed afterwards.

        Args:
            filename: the path of the DOT file, without the format's extension.
            format: any format `dot` writes: `"svg"`, `"png"`, `"pdf"`, ...
            cleanup: remove the DOT file after rendering.

        Returns:
            The path of the picture.

        Raises:
            GraphvizNotInstalledError: if the graphviz package or the `dot` program is missing.
        """
        graphviz = _load_graphviz()
        path: str = str(
            graphviz.Source(self.source).render(filename=filename, format=format, cleanup=cleanup)
        )
        return path

    def pipe(self, format: str = "svg") -> bytes:
        """The rendered picture as bytes, without writing any file.

        Args:
            format: any format `dot` writes.

        Returns:
            The picture's bytes.

        Raises:
            GraphvizNotInstalledError: if the graphviz package or the `dot` program is missing.
        """
        graphviz = _load_graphviz()
        data: bytes = graphviz.Source(self.source).pipe(format=format)
        return data

    def _repr_svg_(self) -> str:
        """How Jupyter shows the graph: an inline SVG."""
        return self.pipe("svg").decode("utf-8")


def _load_graphviz() -> Any:
    """Import the graphviz package and check for `dot`, or explain what to install."""
    missing = []
    module: Any = None
    try:
        module = importlib.import_module("graphviz")
    except ImportError:
        missing.append("the graphviz Python package")
    if shutil.which("dot") is None:
        missing.append("the Graphviz `dot` program (not found on PATH)")
    if missing:
        raise GraphvizNotInstalledError(f"Missing {' and '.join(missing)}. {INSTALL_HINT}")
    return module


def size_to_str(shape: Sequence[int]) -> str:
    """A shape as torchviz writes it: (3, 4), (3) and () for a 0-dim tensor.

    Args:
        shape: the shape.

    Returns:
        The text.

    Examples:
        >>> from pytensor.viz import size_to_str
        >>> size_to_str((3, 4)), size_to_str((3,)), size_to_str(())
        ('(3, 4)', '(3)', '()')
    """
    return "(" + ", ".join(str(int(n)) for n in shape) + ")"


def _saved_tensors(fn: Node) -> list[tuple[str, Tensor]]:
    """The tensors `fn` saved for backward, named `result` (its own output) or `saved[i]`.

    They are gone after a backward without `retain_graph=True`.
    """
    return [
        ("result" if is_output else f"saved[{i}]", tensor)
        for i, (tensor, _version, is_output) in enumerate(fn._saved)
    ]


def get_fn_name(fn: Node, show_attrs: bool, max_attr_chars: int) -> str:
    """The label of a grad_fn box: its name and, with `show_attrs`, a small table of what it
    holds (saved tensors, several outputs, user metadata), values cut to `max_attr_chars`.

    Args:
        fn: the grad_fn node.
        show_attrs: add the table.
        max_attr_chars: the longest value shown (at least 3).

    Returns:
        The label, one or more lines.

    Examples:
        >>> import pytensor
        >>> from pytensor.viz import get_fn_name
        >>> w = pytensor.ones(2, requires_grad=True)
        >>> print(get_fn_name((w * w).grad_fn, show_attrs=True, max_attr_chars=50))
        MulBackward0
        ------------------------
        saved[0]: [saved tensor]
        saved[1]: [saved tensor]
    """
    name = type(fn).__name__  # as torchviz labels: "CopySlices", not name()'s qualified one
    if not show_attrs:
        return name
    attrs: dict[str, str] = {}
    for attr, _tensor in _saved_tensors(fn):
        attrs[attr] = "[saved tensor]"
    if fn.num_outputs != 1:
        attrs["num_outputs"] = str(fn.num_outputs)
    for key, value in fn.metadata.items():
        attrs[str(key)] = str(value)
    if not attrs:
        return name
    max_attr_chars = max(max_attr_chars, 3)
    col1 = max(len(key) for key in attrs)
    col2 = min(max(len(value) for value in attrs.values()), max_attr_chars)
    sep = "-" * max(col1 + col2 + 2, len(name))

    def truncate(value: str) -> str:
        return value[: col2 - 3] + "..." if len(value) > col2 else value

    rows = [f"{key:<{col1}}: {truncate(value):>{col2}}" for key, value in attrs.items()]
    return "\n".join([name, sep, *rows])


class _GraphBuilder:
    """Walks the graph once and fills a `Digraph`. Ids are given in the order boxes are met."""

    def __init__(
        self,
        params: Mapping[str, Tensor] | None,
        show_attrs: bool,
        show_saved: bool,
        max_attr_chars: int,
    ) -> None:
        self.param_map: dict[int, str] = {}
        for name, p in (params or {}).items():
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"make_dot: params must map names to Tensors, but {name!r} is "
                    f"{type(p).__name__}"
                )
            self.param_map[id(p)] = name
        self.show_attrs = show_attrs
        self.show_saved = show_saved
        self.max_attr_chars = max_attr_chars
        self.dot = Digraph(node_attr=NODE_ATTR, graph_attr={"size": "12,12"})
        self.ids: dict[int, str] = {}
        # Keep every object we gave an id to alive, so that no id() is reused during the walk.
        self._keep: list[object] = []
        # Tensor boxes get the colour of their strongest role: output > leaf (or view base) >
        # saved; between equals the first wins.
        self._tensor_rank: dict[int, int] = {}
        self._outputs_done: set[int] = set()

    def id_of(self, obj: object) -> str:
        key = id(obj)
        if key not in self.ids:
            self.ids[key] = str(len(self.ids))
            self._keep.append(obj)
        return self.ids[key]

    def seen(self, obj: object) -> bool:
        return id(obj) in self.ids

    def var_label(self, t: Tensor, name: str = "") -> str:
        name = self.param_map.get(id(t), name)
        shape = size_to_str(t.shape)
        return f"{name}\n{shape}" if name else shape

    def tensor_box(self, t: Tensor, color: str, rank: int, name: str = "") -> str:
        """Add (or strengthen) the box of tensor `t`; return its id."""
        node_id = self.id_of(t)
        if self._tensor_rank.get(id(t), -1) < rank:
            self._tensor_rank[id(t)] = rank
            self.dot.node(node_id, self.var_label(t, name), fillcolor=color)
        return node_id

    def add_fn(self, fn: Node) -> None:
        """The boxes of one grad_fn: itself, its leaf tensor, its saved tensors."""
        fn_id = self.id_of(fn)
        self.dot.node(fn_id, get_fn_name(fn, self.show_attrs, self.max_attr_chars))
        if isinstance(fn, AccumulateGrad):
            var_id = self.tensor_box(fn.variable, LEAF_COLOR, rank=1)
            self.dot.edge(var_id, fn_id)
        if self.show_saved:
            linked: set[str] = set()  # one line per tensor, though `x * x` saves x twice
            for attr, tensor in _saved_tensors(fn):
                saved_id = self.tensor_box(tensor, SAVED_COLOR, rank=0, name=attr)
                if saved_id not in linked:
                    linked.add(saved_id)
                    self.dot.edge(fn_id, saved_id, dir="none")

    def add_nodes(self, root: Node) -> None:
        """Depth first from `root` along next_functions, with a stack instead of recursion
        (the same order as torchviz's recursive walk)."""
        if self.seen(root):
            return
        self.add_fn(root)
        stack: list[tuple[Node, Iterator[tuple[Node | None, int]]]] = [
            (root, iter(root.next_functions))
        ]
        while stack:
            fn, pending = stack[-1]
            for next_fn, _output_nr in pending:
                if next_fn is None:
                    continue
                is_new = not self.seen(next_fn)
                if is_new:
                    self.add_fn(next_fn)
                self.dot.edge(self.id_of(next_fn), self.id_of(fn))
                if is_new:
                    stack.append((next_fn, iter(next_fn.next_functions)))
                    break
            else:
                stack.pop()

    def add_output(self, var: Tensor) -> None:
        """The output box, the graph behind it, and (dotted) the base of an output that is a
        view, with that base's graph in turn."""
        color = OUTPUT_COLOR
        current: Tensor | None = var
        while current is not None and id(current) not in self._outputs_done:
            self._outputs_done.add(id(current))
            # An output outranks a leaf; the base of a view does not.
            var_id = self.tensor_box(current, color, rank=2 if color == OUTPUT_COLOR else 1)
            grad_fn = current.grad_fn
            if grad_fn is not None:
                self.add_nodes(grad_fn)
                self.dot.edge(self.id_of(grad_fn), var_id)
            # pytensor's reductions return views of results made without grad: only a base
            # that is part of the graph is a view in autograd's sense (torch's `_is_view()`).
            base = current._base
            if base is not None and not base.requires_grad:
                base = None
            if base is not None:
                self.dot.edge(self.id_of(base), var_id, style="dotted")
            current, color = base, VIEW_BASE_COLOR


def make_dot(
    var: Tensor | Sequence[Tensor],
    params: Mapping[str, Tensor] | None = None,
    show_attrs: bool = False,
    show_saved: bool = False,
    max_attr_chars: int = 50,
) -> Digraph:
    r"""Draw the backward graph of `var` (a tensor, or a tuple of tensors for several outputs).

    `params` maps names to tensors, as `dict(model.named_parameters())` does, and labels their
    leaf boxes. `show_saved` adds the tensors each node saved for backward (before backward, or
    with `retain_graph=True`, since backward frees them). `show_attrs` lists what each node
    holds in its box, each value cut to `max_attr_chars` characters.

    Args:
        var: the output tensor, or a sequence of them.
        params: names for leaf tensors, usually `dict(model.named_parameters())`.
        show_attrs: list the saved tensors and metadata in each grad_fn box.
        show_saved: draw a box for each tensor saved for backward.
        max_attr_chars: the longest attribute value shown with `show_attrs`.

    Returns:
        The `Digraph`; its `.source` is the DOT text, and `render` draws it.

    Raises:
        TypeError: if `var` holds something other than tensors, or `params` maps a name to
            something other than a tensor.

    Note:
        torchviz's `make_dot` returns a `graphviz.Digraph`; this returns pytensor's own
        `Digraph`, which has the same `source`, `render`, `pipe` and notebook display but needs
        graphviz only for drawing.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> from pytensor.viz import make_dot
        >>> model = nn.Linear(3, 1)
        >>> loss = model(pytensor.randn(4, 3)).pow(2).mean()
        >>> dot = make_dot(loss, params=dict(model.named_parameters()))
        >>> [attrs["label"] for attrs in dot.nodes.values()]  # doctest: +NORMALIZE_WHITESPACE
        ['()', 'MeanBackward0', 'PowBackward0', 'AddmmBackward0', 'AccumulateGrad', 'bias\n(1)',
         'TBackward0', 'AccumulateGrad', 'weight\n(1, 3)']
    """
    builder = _GraphBuilder(params, show_attrs, show_saved, max_attr_chars)
    outputs = [var] if isinstance(var, Tensor) else list(var)
    for out in outputs:
        if not isinstance(out, Tensor):
            raise TypeError(f"make_dot expects a Tensor or a tuple of Tensors, not {type(out)}")
        builder.add_output(out)
    dot = builder.dot
    # Like torchviz's resize_graph: a larger drawing for a larger graph.
    size = max(12.0, 0.15 * (len(dot.nodes) + len(dot.edges)))
    dot.graph_attr["size"] = f"{size:g},{size:g}"
    return dot
